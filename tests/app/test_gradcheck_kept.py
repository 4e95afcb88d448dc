"""A finished gradient check outlives its pane (gradcheck.KEPT): 7.5's DeepConvNet checks took 5 to 14 s
and were made again each time the learner came back (the lesson left and opened again, a step of another
pane and back, the step before). SimpleConvNet's check of 7.5 step 1 stands in for them here (half a
second), found by its job not being started again."""
from __future__ import annotations

import pytest

from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from screen_text import until, widget_text as text

SIZE = (80, 24)
LESSON = "cnn-gradient-check"


async def checked(pilot) -> GradcheckPane:
    """The gradcheck pane on screen once its check is done."""
    await until(pilot, lambda: pilot.app.screen.query(GradcheckPane))
    p = pilot.app.screen.query_one(GradcheckPane)
    await until(pilot, lambda: p.own.report is not None and not p.running)
    await pilot.pause()
    return p


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_finished_check_is_there_again_when_the_lesson_is_back(lang):
    """Escape to the list and back to 7.5 step 1: the same check, its table and status at once, no job."""
    app = make_app(lesson_id=LESSON, step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await checked(pilot)
        figures, status = p.own, text(app, "#gc-status")
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(GradcheckPane))
        await app.open_lesson(LESSON, 0)
        await until(pilot, lambda: app.screen.query(GradcheckPane))
        back = app.screen.query_one(GradcheckPane)
        await until(pilot, lambda: back.own is figures)
        await pilot.pause()
        assert back is not p and not back.jobs and text(app, "#gc-status") == status


async def test_the_step_before_shows_its_check_again():
    """Step 2 (DeepConvNet) while step 1's check is kept: back to step 1 shows it, without checking."""
    app = make_app(lesson_id=LESSON, step=0)
    async with app.run_test(size=SIZE) as pilot:
        p = await checked(pilot)
        figures = p.own
        await pilot.press("right")
        await until(pilot, lambda: p.settings.net == "deep" and p.own is not figures)
        started = p.jobs["check"]
        await pilot.press("left")
        await until(pilot, lambda: p.settings.net == "simple")
        await pilot.pause()
        assert p.own is figures and p.jobs["check"] is started and started.done
