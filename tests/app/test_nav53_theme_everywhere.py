"""Ctrl+T switches the theme on every screen, the help, the dialogs and the palette included: they hide
the app's keys, and an instructor who opened the help on the projector could not turn it light there."""
import pytest

from workbench.app.app import make_app
from workbench.app.themes import DARK, LIGHT

OPENED_BY = {"help": "question_mark", "settings": "s", "go-to": "colon", "glossary": "G", "palette": "ctrl+p"}


@pytest.mark.parametrize("where", OPENED_BY)
async def test_ctrl_t_switches_the_theme_over_any_screen_and_leaves_it_open(where):
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(OPENED_BY[where])
        await pilot.pause()
        shown = app.screen
        assert app.theme == DARK and shown is not app.screen_stack[1]
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == LIGHT and app.screen is shown
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == DARK
