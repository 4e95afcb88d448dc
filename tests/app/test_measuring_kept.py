"""A measuring pane's finished run outlives the pane (measuring.KEPT): 4.4's numerical-vs-backprop step
(8 s of numerical gradients here) and 8.2's layer times and float16 were measured again, the learner
waiting, each time the lesson was left (Escape to the list, a step of another pane, the language
switched) and come back to. Tiny settings, found again by the job not being started."""
from __future__ import annotations

import pytest

from chapter3_fixtures import kept_network, settle, tiny_data  # noqa: F401 - fixtures

from workbench.app.app import make_app
from workbench.app.panes.float16 import Float16Pane
from workbench.app.panes.layer_times import LayerTimesPane
from workbench.app.panes.numerical_vs_backprop import NumericalVsBackpropPane
from kept_fixtures import make_steps_tiny
from screen_text import screen_text, until

SIZE = (80, 24)
CASES = [("training-loop", 5, NumericalVsBackpropPane, dict(hidden_size=2, batch_size=2), "run"),
         ("deep-learning-today", 2, LayerTimesPane, dict(batch=2, rounds=1), "times")]


@pytest.fixture
def tiny_steps(monkeypatch):
    """The measuring steps' settings tiny, as the lesson gives them on each visit."""
    tiny = {kind.PANE: changes for _, _, kind, changes, _ in CASES}
    make_steps_tiny(monkeypatch, tiny.get)


async def measured(pilot, kind, figure: str):
    await until(pilot, lambda: pilot.app.screen.query(kind))
    p = pilot.app.screen.query_one(kind)
    await until(pilot, lambda: getattr(p, figure) is not None and not p.running)
    await pilot.pause()
    return p


@pytest.mark.parametrize("lang", [None, "ko"])
@pytest.mark.parametrize("lesson, step, kind, changes, figure", CASES, ids=["numerical-vs-backprop", "layer-times"])
async def test_a_finished_measurement_is_there_again_when_the_lesson_is_back(tiny_steps, lang, lesson, step, kind,
                                                                             changes, figure):
    """Escape to the list and back, then a step of another pane and back: the figures at once, no job."""
    app = make_app(lesson_id=lesson, step=step, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await measured(pilot, kind, figure)
        figures = getattr(p, figure)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(kind))
        await app.open_lesson(lesson, step)
        await until(pilot, lambda: app.screen.query(kind))
        back = app.screen.query_one(kind)
        await until(pilot, lambda: getattr(back, figure) is figures)
        assert back is not p and not back.jobs
        await pilot.press("left")
        await until(pilot, lambda: not app.screen.query(kind))
        await pilot.press("right")
        await until(pilot, lambda: app.screen.query(kind))
        again = app.screen.query_one(kind)
        await until(pilot, lambda: getattr(again, figure) is figures)
        await pilot.pause()
        assert not again.jobs and "Traceback" not in screen_text(app)


async def test_the_float16_measurement_is_there_again_after_the_lesson_and_a_language_switch(kept_network):
    """8.2's float16 figures were never kept (no FIGURES), and were measured for id() of the network
    object: the same network found again is another object. Kept by the network's file and digest,
    they are back at once, after the network is found again and in Korean too."""
    app = make_app(lesson_id="deep-learning-today", step=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = await measured(pilot, Float16Pane, "report")
        report, first = p.report, p.found
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(Float16Pane))
        app.chapter3.start()                  # found again, from the same file: a new object
        await settle(app, pilot)
        await app.open_lesson("deep-learning-today", 3)
        back = await measured(pilot, Float16Pane, "report")
        assert back is not p and back.report is report and "measure" not in back.jobs
        assert back.found is not first and back.found.path == first.path
        await app.switch_language("ko")
        again = await measured(pilot, Float16Pane, "report")
        assert again is not back and again.report is report and "measure" not in again.jobs
        await until(pilot, lambda: "시험 이미지" in screen_text(app))
