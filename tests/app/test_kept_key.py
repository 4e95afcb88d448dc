"""A run kept out of sight comes back with one key (kept_key.KeptKey): a lesson step put its own settings
back, the status said "s with those values shows it", and three changed settings had to be typed again.
k (or a click on the status's line) puts the kept run's settings in use, which shows it; the step's run,
if any, is kept in turn, and k goes back, so the learner switches between the two. k is in the footer
only while it does something. Tiny seeded runs of the synthetic digits, the steps' own settings made tiny."""
from __future__ import annotations

import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.key_bar import KeyBar
from workbench.app.panes.compare import ComparePane
from workbench.app.panes.kept_key import KEPT_LINE
from workbench.app.panes.search import SearchPane
from workbench.app.panes.train import TrainPane
from kept_fixtures import make_steps_tiny, shown_pane
from screen_text import meta_at, until, widget_text as text

SIZE = (80, 24)
SEARCH = dict(train_size=200, batch_size=40, trials=4, epochs=1, hidden=(10,))
TRAIN = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=20, epochs=2)
COMPARE = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50, epochs=1, hidden=(10,))


def footer_keys(app) -> dict[str, tuple[bool, str]]:
    """The footer's keys by id: (lit, label)."""
    return {b.id: (on, b.description) for b, on, _ in app.screen.query_one(KeyBar).items()}


def status(app, selector: str) -> str:
    return text(app, selector).replace("\n", " ")


async def ran_with(pilot, kind, **changes):
    """The step's pane once it has run with the learner's `changes` (as s would set them)."""
    p = await shown_pane(pilot, kind)
    p.settings = dataclasses.replace(p.settings, **changes)
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done" and not p.running())
    return p


async def away_and_back(pilot, kind, right_first: bool = True):
    """The next step (or the one before) and back: the step puts its own settings back."""
    here = pilot.app.screen.index
    await pilot.press("right" if right_first else "left")
    await until(pilot, lambda: pilot.app.screen.index != here)
    await shown_pane(pilot, kind) if kind is ComparePane else await until(pilot, lambda: not pilot.app.screen.query(kind))
    await pilot.press("left" if right_first else "right")
    await until(pilot, lambda: pilot.app.screen.index == here)
    return await shown_pane(pilot, kind)


@pytest.mark.parametrize("lang, kept, back, label", [
    ("en", "Your search with trials = 2 is kept: k shows it.", "k goes back to trials = 4.", "Kept search"),
    ("ko", "시행 수 = 2로 한 탐색이 남아 있습니다. k를 누르면 보입니다.", "k를 누르면 시행 수 = 4로 돌아갑니다.", "남은 탐색")])
async def test_k_brings_the_kept_search_with_its_settings_and_goes_back(monkeypatch, lang, kept, back, label):
    """6.4 step 4 searched with trials = 2, then step 5 and back: k shows that search with trials = 2,
    and says it goes back; k again: the step's 4 trials (no search yet), the search kept and said again.
    A click on the line does what k does. k is in the footer only while it does something."""
    make_steps_tiny(monkeypatch, lambda name: SEARCH if name == "search" else None)
    app = make_app(lesson_id="regularization", step=3, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await shown_pane(pilot, SearchPane)
        assert "search.kept" not in footer_keys(app)
        p = await ran_with(pilot, SearchPane, trials=2)
        trials = list(p.trials)
        back_pane = await away_and_back(pilot, SearchPane)
        await until(pilot, lambda: kept in status(app, "#search-status"))
        assert back_pane.settings.trials == 4 and back_pane.state == "idle"
        assert footer_keys(app)["search.kept"] == (True, label)
        await pilot.press("k")
        await until(pilot, lambda: back_pane.state == "done")
        assert back_pane.settings.trials == 2 and back_pane.trials == trials
        await until(pilot, lambda: back in status(app, "#search-status"))
        await pilot.press("k")                                            # back to the step's settings
        await until(pilot, lambda: back_pane.settings.trials == 4 and back_pane.state == "idle")
        await until(pilot, lambda: kept in status(app, "#search-status"))
        spot = meta_at(app, KEPT_LINE, True)
        assert spot is not None, "the kept line is not on screen"
        await pilot.click(offset=spot)                                   # a click does what k does
        await until(pilot, lambda: back_pane.settings.trials == 2 and back_pane.trials == trials)


async def test_k_switches_between_the_learners_run_and_the_steps_each_kept_in_turn(monkeypatch):
    """4.4 step 3 trained with epochs = 1, then the playground and back: k shows that run, k again the
    step's settings, where g trains the step's own; from then on k switches between the two runs, each
    kept while the other is shown, and the line names the other's settings."""
    make_steps_tiny(monkeypatch, lambda name: TRAIN if name == "train" else None)
    app = make_app(lesson_id="training-loop", step=2)
    async with app.run_test(size=SIZE) as pilot:
        p = await ran_with(pilot, TrainPane, epochs=1)
        mine = p.records
        back = await away_and_back(pilot, TrainPane, right_first=False)     # step 2 is the playground
        await until(pilot, lambda: "epochs = 1 is kept: k shows it" in status(app, "#train-status"))
        await pilot.press("k")
        await until(pilot, lambda: back.records is mine and back.settings.epochs == 1)
        await until(pilot, lambda: "k goes back to epochs = 2." in status(app, "#train-status"))
        await pilot.press("k")
        await until(pilot, lambda: back.settings.epochs == 2 and back.state == "idle")
        await pilot.press("g")                                            # the step's own run
        await until(pilot, lambda: back.state == "done" and not back.running() and back.records is not mine)
        steps = back.records
        await until(pilot, lambda: "epochs = 1 is kept: k shows it" in status(app, "#train-status"))
        assert footer_keys(app)["train.kept"] == (True, "Kept run")
        await pilot.press("k")
        await until(pilot, lambda: back.records is mine)
        await until(pilot, lambda: "epochs = 2 is kept: k shows it" in status(app, "#train-status"))
        await pilot.press("k")
        await until(pilot, lambda: back.records is steps and back.settings.epochs == 2)


async def test_k_brings_the_kept_comparison_and_a_click_on_its_line_too(monkeypatch):
    """6.4 step 1 trained with 2 epochs, then step 2 and back: k shows that comparison; k goes back."""
    make_steps_tiny(monkeypatch, lambda name: COMPARE if name.startswith("compare") else None)
    app = make_app(lesson_id="regularization", step=0)
    async with app.run_test(size=SIZE) as pilot:
        p = await ran_with(pilot, ComparePane, epochs=2)
        results = {i: r.final_test_acc for i, r in p.results.items()}
        back = await away_and_back(pilot, ComparePane)
        await until(pilot, lambda: "epochs = 2 is kept: k shows it" in status(app, "#compare-status"))
        spot = meta_at(app, KEPT_LINE, True)
        assert spot is not None, "the kept line is not on screen"
        await pilot.click(offset=spot)
        await until(pilot, lambda: back.settings.epochs == 2 and back.state == "done")
        assert {i: r.final_test_acc for i, r in back.results.items()} == results
        await until(pilot, lambda: "k goes back to epochs = 1." in status(app, "#compare-status"))
        await pilot.press("k")
        await until(pilot, lambda: back.settings.epochs == 1 and back.state == "idle")
