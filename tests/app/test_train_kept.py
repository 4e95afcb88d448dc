"""A training run outlives its pane (run_controls.set_aside, take_up), as a comparison's does: a network
trained for minutes in 4.4 or 7.4 was gone when the learner left the lesson (Escape to the list, another
lesson, a step of another pane) and came back, the pane saying "Ready" again. Tiny seeded runs of the
synthetic digits, the lesson's own settings made tiny so that coming back gives the pane the same ones."""
from __future__ import annotations

import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from kept_fixtures import make_steps_tiny, shown_pane
from screen_text import until

SIZE = (80, 24)
TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=20, epochs=2)
STEP = 2
"""4.4 step 3 ("four-steps"): the training pane; step 2 is the playground, another pane."""
LONG = 1000
"""Epochs (the most the pane allows) of a run still going when the lesson is left: with 50, a quiet
machine trained all of them before the test saw the run going, and it waited for that in vain."""


@pytest.fixture
def tiny_steps(monkeypatch):
    """Every training step's settings tiny, as the lesson gives them on each visit."""
    make_steps_tiny(monkeypatch, lambda name: TINY if name == "train" else None)


async def pane_of(pilot) -> TrainPane:
    return await shown_pane(pilot, TrainPane)


async def test_a_trained_network_is_there_again_when_the_lesson_is_back(tiny_steps):
    """Escape to the list and back to 4.4 step 3, then a step of another pane and back: the same
    network, its epochs and its results are there at once, in the view it was left in. In English
    alone: nothing here is said, and the Korean lesson's step is the Korean case of the kept-run line
    below (a second language ran the same keeping twice)."""
    app = make_app(lesson_id="training-loop", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        p.view = "results"
        network, records = p.training.network, list(p.records)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(TrainPane))
        await app.open_lesson("training-loop", STEP)
        back = await pane_of(pilot)
        await until(pilot, lambda: back.state == "done")
        assert back is not p and back.training.network is network and back.records == records
        assert back.view == "results"
        await pilot.press("left")                       # the playground: another pane
        await until(pilot, lambda: not app.screen.query(TrainPane))
        await pilot.press("right")
        again = await pane_of(pilot)
        await until(pilot, lambda: again.state == "done")
        assert again.training.network is network and again.records == records


async def test_a_run_going_when_the_lesson_is_left_is_kept_stopped_as_x_leaves_it(tiny_steps):
    """A run still going as the learner leaves is stopped with its pane, and the epochs it trained are
    there, stopped, when the lesson is back."""
    app = make_app(lesson_id="training-loop", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        p.settings = dataclasses.replace(p.settings, epochs=LONG)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "training" and p.records)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(TrainPane))
        await app.open_lesson("training-loop", STEP)
        back = await pane_of(pilot)
        back.settings = dataclasses.replace(back.settings, epochs=LONG)
        await until(pilot, lambda: back.records and back.state not in ("idle", "loading", "training", "paused"))
        assert not back.running() and 1 <= len(back.records) < LONG


@pytest.mark.parametrize("lang, said", [("en", "Your training run with epochs = 1 is kept: k shows it."),
                                        ("ko", "에폭 수 = 1로 한 학습이 남아 있습니다. k를 누르면 보입니다.")])
async def test_a_run_made_with_other_settings_is_said_to_be_kept(tiny_steps, lang, said):
    """A run the learner made with settings of their own, then a step of another pane and back: the step
    puts its own settings back, and the run, kept, was out of sight without a word (as compare's and
    the search's were). The status says which settings show it, until they are in use again."""
    app = make_app(lesson_id="training-loop", step=STEP, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        p.settings = dataclasses.replace(p.settings, epochs=1)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await pilot.press("left")                       # the playground: another pane
        await until(pilot, lambda: not app.screen.query(TrainPane))
        await pilot.press("right")
        back = await pane_of(pilot)
        await until(pilot, lambda: back.settings.epochs == 2 and back.state == "idle")
        status = lambda: str(back.status_text()).replace("\n", " ")        # noqa: E731
        await until(pilot, lambda: said in status())
        back.settings = dataclasses.replace(back.settings, epochs=1)
        await until(pilot, lambda: back.state == "done")
        assert said not in status()
