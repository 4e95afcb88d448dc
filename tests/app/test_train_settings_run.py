"""The training pane shows the run of the settings in use, or their plan: a run of other settings (a
lesson's other step, the settings dialog, the palette's --set) is kept for when they are back, its job
going on out of sight (the status says x stops it), as the comparison panes do (run_controls)."""
from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.i18n import t
from workbench.models.catalog import pane
from screen_text import until, widget_text as text

SIZE = (80, 24)
TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=20)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


async def tiny_pane(pilot, **tiny) -> TrainPane:
    """The step's training pane, its settings made tiny (200 synthetic digits, and `tiny`)."""
    await pilot.pause()
    p = pilot.app.screen.query_one(TrainPane)
    p.settings = dataclasses.replace(p.settings, **TINY, **tiny)
    await pilot.pause()
    return p


def status(app) -> str:
    return text(app, "#train-status").replace("\u00a0", " ")


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_step_with_other_settings_shows_its_own_plan_and_the_run_is_back_with_its_settings(lang):
    """7.4: after the overfitting step's run, the step before it (other settings) showed that run's
    curves, accuracy and status. It shows its own plan, and the run is there again when its settings are."""
    app = make_app(lesson_id="simple-convnet", step=7, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await tiny_pane(pilot, epochs=2)
        ran = p.settings
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert [r.epoch for r in p.records] == [0, 1, 2] and p.view == "curves"
        await pilot.press("left")
        await until(pilot, lambda: p.settings.dataset != "synthetic-digits")
        await pilot.pause()
        assert p.state == "idle" and not p.records and not p.losses and p.run_settings is None
        assert status(app).splitlines()[0] == t("train.status.idle", net="SimpleConvNet")
        assert text(app, "#train-epoch-text") == t("train.curves.empty")
        await pilot.press("3")
        assert text(app, "#train-scrubber-results") == t("train.results.empty")
        p.settings = ran                                 # as the overfitting step sets them again
        await pilot.pause()
        assert p.state == "done" and [r.epoch for r in p.records] == [0, 1, 2] and p.run_settings == ran
        assert t("train.results.empty") not in text(app, "#train-scrubber-results")


async def test_a_run_goes_on_out_of_sight_while_another_steps_settings_are_shown():
    """A run still going when the lesson steps back keeps going for its own step: x stops it, the status
    says so, g waits for it; the step shows its own plan meanwhile, and the stopped run when it is back."""
    app = make_app(lesson_id="simple-convnet", step=7)
    async with app.run_test(size=SIZE) as pilot:
        p = await tiny_pane(pilot, epochs=1000)
        ran = p.settings
        await pilot.press("g")
        await until(pilot, lambda: len(p.records) >= 2)
        await pilot.press("left")
        await until(pilot, lambda: p.settings.dataset != "synthetic-digits")
        await pilot.pause()
        assert p.state == "idle" and not p.records and p.running()
        assert "x stops it" in status(app) and p.has_class("-elsewhere")     # its status box grows for it
        assert not status(app).startswith("Ready")      # g waits for that run: not "Ready: g starts training"
        assert not p.check_action("start", ()) and p.check_action("stop", ())
        await pilot.pause(0.5)
        assert not p.losses                              # its steps went to the run out of sight
        await pilot.press("x")
        await until(pilot, lambda: not p.running())
        await pilot.pause()
        assert p.state == "idle" and "x stops it" not in status(app) and p.check_action("start", ())
        assert not p.has_class("-elsewhere")
        p.settings = ran
        await pilot.pause()
        assert p.state == "done" and p.stop.reason == "stopped" and len(p.records) >= 2 and p.losses


async def test_the_settings_dialogs_change_shows_the_new_settings_plan_not_the_last_run():
    """On its own (the palette's `workbench open train --set …`), a change of settings after a run (the
    settings dialog, a field) leaves the run aside until the settings are the run's again."""
    app = make_app(pane=("train", pane("train").parse([])))
    async with app.run_test(size=SIZE) as pilot:
        p = await tiny_pane(pilot, epochs=2)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert status(app).startswith("Done: test accuracy")
        p.apply(epochs=3)
        await pilot.pause()
        assert p.state == "idle" and status(app).startswith("Ready: g starts training")
        assert text(app, "#train-epoch-text") == t("train.curves.empty")
        p.apply(epochs=2)
        await pilot.pause()
        assert p.state == "done" and status(app).startswith("Done: test accuracy") and len(p.records) == 3
