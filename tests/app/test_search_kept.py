"""A search's trials outlive its pane (run_controls.set_aside, take_up), as a comparison's do: 6.4's
scatter was empty again when the learner left the lesson (Escape to the list, another lesson, a step of
another pane, the language switched) and came back, minutes of trials gone. Tiny seeded searches of the
synthetic digits, the lesson's own settings made tiny so that coming back gives the pane the same ones."""
from __future__ import annotations

import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.panes.search import SearchPane
from workbench.i18n import t
from workbench.models.search import of_the_best
from kept_fixtures import make_steps_tiny, shown_pane
from screen_text import until, widget_text as text

SIZE = (80, 24)
TINY = dict(train_size=200, batch_size=40, trials=4, epochs=1, hidden=(10,))
STEP = 3
"""6.4 step 4 ("hyperparameters"): the search; step 3 is the dropout comparison, another pane."""


@pytest.fixture
def tiny_steps(monkeypatch):
    """The search step's settings tiny, as the lesson gives them on each visit."""
    make_steps_tiny(monkeypatch, lambda name: TINY if name == "search" else None)


async def pane_of(pilot) -> SearchPane:
    return await shown_pane(pilot, SearchPane)


def said(key: str) -> str:
    """A status's first words, before its figures ("Done:", "멈춤:")."""
    return t(key, done=0, trials=0, acc="").split(":")[0] + ":"


async def searched(pilot, p: SearchPane) -> list:
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done" and not p.running())
    return list(p.trials)


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_finished_search_is_there_again_when_the_lesson_is_back(tiny_steps, lang):
    """Escape to the list and back to 6.4 step 4, then a step of another pane and back: the trials, the
    status and the best five are there at once, in the view left."""
    app = make_app(lesson_id="regularization", step=STEP, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        trials = await searched(pilot, p)
        assert p.view == "scatter" and len(trials) == 4
        await pilot.press("3")
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(SearchPane))
        await app.open_lesson("regularization", STEP)
        back = await pane_of(pilot)
        await until(pilot, lambda: back.state == "done")
        assert back is not p and back.trials == trials and back.view == "best"
        await until(pilot, lambda: of_the_best("search.best.title", 4) in text(app, "#search-best"))
        assert text(app, "#search-status").startswith(said("search.status.done"))
        await pilot.press("left")                       # the dropout comparison: another pane
        await until(pilot, lambda: not app.screen.query(SearchPane))
        await pilot.press("right")
        again = await pane_of(pilot)
        await until(pilot, lambda: again.state == "done")
        assert again.trials == trials and again.data.x_train.nbytes == 0 and "160" in text(app, "#search-progress")


async def test_a_search_going_when_the_lesson_is_left_keeps_its_trials_as_x_does(tiny_steps):
    """A search still going as the learner leaves is stopped with its pane; the trials it finished are
    there, stopped, when the lesson is back, and g searches again."""
    app = make_app(lesson_id="regularization", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        p.settings = dataclasses.replace(p.settings, trials=200)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "training" and len(p.trials) >= 2)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(SearchPane))
        await app.open_lesson("regularization", STEP)
        back = await pane_of(pilot)
        back.settings = dataclasses.replace(back.settings, trials=200)
        await until(pilot, lambda: back.trials and back.state == "done")
        assert not back.running() and 2 <= len(back.trials) < 200
        assert text(app, "#search-status").startswith(said("search.status.stopped"))
        assert back.check_action("start", ()) is True


async def test_a_narrowed_search_is_shown_again_with_its_ranges(tiny_steps):
    """r narrows the step's ranges and searches again: coming back shows that search, its ranges in the
    settings, not the step's ranges with nothing searched."""
    app = make_app(lesson_id="regularization", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        await searched(pilot, p)
        await pilot.press("r")
        await until(pilot, lambda: p.state == "done" and not p.running() and p.message)
        narrowed, trials = p.settings, list(p.trials)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(SearchPane))
        await app.open_lesson("regularization", STEP)
        back = await pane_of(pilot)
        await until(pilot, lambda: back.state == "done")
        assert back.settings == narrowed and back.run_settings == narrowed and back.trials == trials
        assert back.view == "scatter"


async def test_a_finished_search_stays_through_a_language_switch():
    """The language switched (the pane built again) keeps the trials, said in Korean."""
    app = make_app(lesson_id="regularization", step=STEP, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        p.settings = dataclasses.replace(p.settings, dataset="synthetic-digits", **TINY)
        ran = p.settings
        trials = await searched(pilot, p)
        await app.switch_language("ko")
        back = await pane_of(pilot)
        back.settings = ran
        await until(pilot, lambda: back.state == "done")
        assert back is not p and back.trials == trials
        await until(pilot, lambda: text(app, "#search-status").startswith("끝:"))


async def test_a_search_of_other_settings_goes_on_out_of_sight_and_is_back_with_them(tiny_steps):
    """Settings changed while a search goes on show their own (none yet, the status says the other goes
    on); the search keeps its trials meanwhile and is shown again when its settings are back."""
    app = make_app(lesson_id="regularization", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        ran = p.settings = dataclasses.replace(p.settings, trials=200)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "training")
        p.settings = dataclasses.replace(ran, seed=5)
        await pilot.pause()
        assert p.trials == [] and p.run_settings is None
        assert p.status_text().plain == t("pane.run_elsewhere")          # not "Ready: g runs …"
        kept = p.job_run_kept()
        await until(pilot, lambda: len(kept.values["trials"]) >= 2)
        await pilot.press("x")
        await until(pilot, lambda: not p.running())
        assert p.trials == [] and p.state == "idle"
        p.settings = ran
        await pilot.pause()
        assert p.state == "done" and len(p.trials) >= 2 and p.run_settings == ran
