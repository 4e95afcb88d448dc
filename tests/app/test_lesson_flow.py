"""A lesson as a new user steps through it: folding the text, finishing, moving on (issue 13)."""
import pytest

from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.course.files import load_course
from screen_text import until

SIZE = (80, 24)
COURSE = load_course()
XOR = COURSE.lesson("xor")


def text_only_steps(lesson):
    return [i for i, step in enumerate(lesson.steps) if step.pane is None]


async def test_t_is_refused_on_a_step_without_a_pane_and_the_text_stays():
    last = len(XOR.steps) - 1
    assert text_only_steps(XOR) == [last], "the test needs XOR's last step to be text only"
    app = make_app(lesson_id=XOR.id, step=last)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert not screen.text_folded
        text = screen.query_one("#text")
        assert text.display and text.region.width > 40 and text.region.height > 10


async def test_a_folded_text_unfolds_on_a_step_without_a_pane_and_stays_unfolded_after():
    last = len(XOR.steps) - 1
    app = make_app(lesson_id=XOR.id, step=last - 1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.text_folded and not app.screen.query_one("#text").display
        await pilot.press("right")           # the text-only step
        await pilot.pause()
        assert not app.screen.text_folded and app.screen.query_one("#text").region.height > 10
        await pilot.press("right")           # the next lesson, whose first step has a pane
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.lesson != XOR
        assert screen.query_one("#text").region.width > 20, "the next lesson opens with its text"


async def test_opening_a_lesson_at_its_last_step_does_not_finish_it():
    """`workbench lesson xor --step 4` shows the last step; only stepping there finishes a lesson."""
    last = len(XOR.steps) - 1
    app = make_app(lesson_id=XOR.id, step=last)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert XOR.id not in app.progress.finished
        await pilot.press("left", "right")
        await pilot.pause()
        assert XOR.id in app.progress.finished


async def test_moving_between_steps_and_lessons_shows_no_notification():
    first = COURSE.lessons[0]
    app = make_app(lesson_id=first.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["right"] * (len(first.steps) + 2), "left")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson != first
        assert not app._notifications, [n.message for n in app._notifications]
        assert not app.screen.query("Toast")


@pytest.mark.parametrize("lesson_id, first", [("softmax-with-loss", 0), ("forward-pass", 3), ("loss-functions", 5)])
async def test_a_pane_kept_for_the_next_step_starts_at_its_top_as_the_text_does(lesson_id, first):
    """A pane scrolled in one step stayed scrolled in the next (3.4's second step opened with its first
    lines out of view); the text column already went back to its top."""
    lesson = COURSE.lesson(lesson_id)
    assert lesson.steps[first].pane == lesson.steps[first + 1].pane, "the test needs two steps of one pane"
    app = make_app(lesson_id=lesson.id, step=first)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.pane
        scrolled = [w for w in (pane, *pane.query("*")) if w.max_scroll_y > 0 and str(w.styles.overflow_y) != "hidden"]
        assert scrolled, "the test needs a pane that scrolls at 80×24"
        for widget in scrolled:
            widget.scroll_end(animate=False)
        await pilot.pause()
        assert any(w.scroll_offset.y > 0 for w in scrolled)
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.pane is pane                      # the same pane, given the next step's settings
        assert [w for w in (pane, *pane.query("*")) if w.scroll_offset != (0, 0)] == []


def footer_item(app, binding_id):
    """(enabled, labelled) of a key in the footer, or None when it is not listed."""
    from workbench.app.key_bar import KeyBar

    bar = app.screen.query_one(KeyBar)
    for binding, enabled, _key, labelled in bar.choose(bar.size.width):
        if binding.id == binding_id:
            return enabled, labelled
    return None


async def test_previous_at_the_courses_first_step_is_dim_and_does_nothing():
    first = COURSE.lessons[0]
    app = make_app(lesson_id=first.id, step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert footer_item(app, "lesson.previous") == (False, True), "← is listed, dim"
        await pilot.press("left", "p")
        await pilot.pause()
        assert app.screen.lesson == first and app.screen.index == 0
        await pilot.press("right")
        await pilot.pause()
        assert footer_item(app, "lesson.previous") == (True, True), "at step 2, ← is lit again"


async def test_previous_at_a_lessons_first_step_opens_the_lesson_before_at_its_last_step():
    """As → after a lesson's last step opens the next lesson at its first, ← before the first opens the
    lesson before at its last; → from there comes back."""
    before = COURSE.preceding(XOR)
    assert before is not None and COURSE.following(before) == XOR
    app = make_app(lesson_id=XOR.id, step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert footer_item(app, "lesson.previous") == (True, True)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.lesson == before)
        assert app.screen.index == len(before.steps) - 1
        await until(pilot, lambda: not app.screen.building)
        await pilot.press("right")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.lesson == XOR)
        assert app.screen.index == 0
