"""A lesson opens in three layouts (perf52; the third its pane's parts sized in the second): Textual laid
the whole lesson out again for each Resize of the size it already had (the one its first layout sends,
and the app's first size sent again as it goes idle): four layouts from the home screen, five opened
from the command line (4.1's second step, the loss pane)."""
import pytest
from textual.screen import Screen

from workbench.app.app import make_app
from workbench.app.home import HomeScreen
from workbench.app.lesson_screen import LessonScreen
from screen_text import until
from test_step_layouts import settled


@pytest.fixture
def lesson_layouts(monkeypatch) -> list:
    """Every layout of a lesson screen from now on (not a scroll's reflow)."""
    layouts = []
    layout = Screen._refresh_layout

    def counted(screen, size=None, scroll=False):
        if isinstance(screen, LessonScreen) and not (scroll and not screen._layout_widgets):
            layouts.append(screen)
        return layout(screen, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


async def until_settled(pilot, layouts) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen) and not pilot.app.screen.building)
    counts = {"layouts": len(layouts), "frames": 0}
    while True:
        await settled(pilot, counts)
        if counts["layouts"] == len(layouts):
            return
        counts["layouts"] = len(layouts)


async def test_a_lesson_opened_from_the_home_screen_is_laid_out_three_times(lesson_layouts):
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.open_lesson("loss-functions", 1)       # a step with its pane
        await until_settled(pilot, lesson_layouts)
        assert len(lesson_layouts) <= 3, len(lesson_layouts)


async def test_a_lesson_opened_from_the_command_line_is_laid_out_three_times(lesson_layouts):
    app = make_app(lesson_id="loss-functions", step=1, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, lesson_layouts)
        assert len(lesson_layouts) <= 3, len(lesson_layouts)


async def test_a_real_resize_still_lays_the_lesson_out_at_its_size(lesson_layouts):
    app = make_app(lesson_id="loss-functions", step=1, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, lesson_layouts)
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: app.screen.query_one("#lesson-body").size.width == 100)
        assert app.screen.has_class("-medium")
