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


async def test_a_step_with_other_settings_shows_its_own_plan_and_the_run_is_back_with_its_settings():
    """7.4: after the overfitting step's run, the step before it (other settings) showed that run's
    curves, accuracy and status. It shows its own plan, and the run is there again when its settings are.
    In Korean alone: the English lesson's steps are the next test's, and the plan's line is the catalog's
    in either language (English ran the same setting aside a second time)."""
    app = make_app(lesson_id="simple-convnet", step=7, lang="ko")
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
        steps = len(p.job_run_kept().values["losses"])
        await until(pilot, lambda: len(p.job_run_kept().values["losses"]) > steps)
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



async def run_with(pilot, p: TrainPane, **changes) -> None:
    """Apply `changes` to the pane's settings and train them to the end."""
    p.apply(**changes)
    await pilot.pause()
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done" and not p.running())
    await pilot.pause()


def said(app, key: str, **values) -> bool:
    """Whether the status says the catalog's `key` (its rows joined again)."""
    return t(key, **values) in " ".join(status(app).splitlines())


async def test_only_the_last_runs_of_other_settings_are_kept_and_a_run_let_go_is_said():
    """Ten settings tried kept ten runs, each with its data set and network (half a gigabyte for
    DeepConvNet on MNIST). The last KEEP_FINISHED are kept; coming back to settings whose run was let
    go shows their plan and a line saying so, and g trains them again."""
    from workbench.app.panes.run_controls import KEEP_FINISHED

    app = make_app(pane=("train", pane("train").parse([])))
    async with app.run_test(size=SIZE) as pilot:
        p = await tiny_pane(pilot, epochs=1, net="two-layer")
        for seed in (1, 2, 3, 4):
            await run_with(pilot, p, seed=seed)
        p.apply(seed=5)                                   # the run of seed 4 is set aside too
        await pilot.pause()
        assert KEEP_FINISHED == 2 and [k.settings.seed for k in p.kept_runs] == [3, 4]
        p.apply(seed=1)                                   # let go: its plan, and why
        await pilot.pause()
        assert p.state == "idle" and not p.records and p.run_settings is None
        assert said(app, "pane.run_let_go", keep=2)     # in place of "Ready: g starts training …"
        assert t("train.status.idle", net=p.result.network_name) not in status(app)
        p.apply(seed=3)                                   # kept: its run, and no such line
        await pilot.pause()
        assert p.state == "done" and p.run_settings.seed == 3 and len(p.records) == 2
        assert not said(app, "pane.run_let_go", keep=2)
        await run_with(pilot, p, seed=1)                  # trained again, it is kept again
        p.apply(seed=2)
        await pilot.pause()
        p.apply(seed=1)
        await pilot.pause()
        assert p.state == "done" and p.run_settings.seed == 1
        assert [k.settings.seed for k in p.kept_runs] == [3] and [s.seed for s in p.let_go] == [2, 4]


async def test_a_run_still_going_out_of_sight_is_never_let_go():
    """The run a job still feeds is kept however many finished runs were set aside after it: let go,
    its job's steps would have gone to the run shown."""
    app = make_app(pane=("train", pane("train").parse([])))
    async with app.run_test(size=SIZE) as pilot:
        p = await tiny_pane(pilot, epochs=1, net="two-layer")
        await run_with(pilot, p, seed=1)
        await run_with(pilot, p, seed=2)
        p.apply(seed=0, epochs=1000)                      # runs of seeds 1 and 2 kept
        await pilot.pause()
        await pilot.press("g")
        await until(pilot, lambda: len(p.records) >= 2)
        await pilot.press("space")                        # paused, so that it is still going below
        await until(pilot, lambda: p.state == "paused")
        for seed in (1, 2, 3):                            # seed 0 set aside first, then 1 and 2
            p.apply(seed=seed, epochs=1)
            await pilot.pause()
        assert [k.settings.seed for k in p.kept_runs] == [0, 1, 2] and p.running()
        assert p.job_run_kept() is p.kept_runs[0] and said(app, "pane.run_elsewhere")
        assert not p.losses and p.state == "idle"
        await pilot.press("x")
        await until(pilot, lambda: not p.running())
        await pilot.pause()
        assert [k.settings.seed for k in p.kept_runs] == [1, 2]   # stopped, it is the oldest finished
        p.apply(seed=0, epochs=1000)
        await pilot.pause()
        assert p.state == "idle" and said(app, "pane.run_let_go", keep=2)
