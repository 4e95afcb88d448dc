"""The footer while a dropdown's list is open (web52): the keys that act then, ↑ ↓ Enter Esc, with labels in
the interface language. It was blank: the open list's keys are Textual's, without labels of ours, and its
Escape shadows the dialog's (class52 saw it on the presenter's screen, 4.4's settings)."""
import re

import pytest
from textual.widgets import Select

from workbench.app.app import make_app
from workbench.app.settings_form import SettingsScreen
from screen_text import screen_lines, until

SIZE = (80, 24)


def footer(app) -> str:
    return str(app.screen.query_one("KeyBar").render()).strip()


@pytest.mark.parametrize("lang, listed, closed", [
    ("en", ["F1 Help", "↑ ↓ Move", "⏎ Choose", "esc Close"], "esc Close  F1 Help"),          # F1: the dialog's keys (nav53)
    ("ko", ["F1 도움말", "↑ ↓ 이동", "⏎ 선택", "esc 닫기"], "esc 닫기  F1 도움말")])
async def test_an_open_dropdown_lists_the_keys_that_act_on_it(lang, listed, closed):
    app = make_app(pane=("playground", None), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        dataset = app.screen.query_one(Select)
        dataset.focus()
        await pilot.pause()
        assert footer(app) == closed                     # the dialog's own Escape, before the list opens
        await pilot.press("enter")
        await until(pilot, lambda: dataset.expanded)
        await pilot.pause()
        assert re.split(r" {2,}", footer(app)) == listed, footer(app)
        assert screen_lines(app)[-1].strip() == footer(app)
        await pilot.press("escape")                      # as the bar says: the list closes, the dialog stays
        await until(pilot, lambda: not dataset.expanded)
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and footer(app) == closed
