"""Every screen whole at 80×24 and 60×24, in both languages (issue 22): what a learner types, reads and
is told to press is on screen, measured in cells, never cut silently."""
import pytest
from textual.widgets import Input, Select

from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.app.panes.base import Pane


@pytest.mark.parametrize(("lesson_id", "selector"), [("computational-graph", "#input-apple"),
                                                     ("training-loop", "#field-lr"),
                                                     ("training-loop", "#field-net")])
async def test_escape_in_a_field_leaves_the_field_and_a_second_escape_the_lesson(lesson_id, selector):
    app = make_app(lesson_id=lesson_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one(selector)
        assert isinstance(field, (Input, Select))
        field.focus()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert isinstance(app.screen.focused, Pane)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LessonScreen)
