"""Lesson 4.4's playground at 80×24 with the lesson text hidden and then the keys panel (F1) opened beside
it: the map narrows to the narrow pane's layout, and the figures beside it read whole ("epoch 0/100"), not
"epo" over "ch" beside a 40-column map (en, ko)."""
import pytest
from rich.cells import cell_len
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.playground import NARROW_NUMBERS, PlaygroundPane
from screen_text import until


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_keys_panel_opened_beside_the_wide_pane_narrows_its_map(lang):
    app = make_app(lesson_id="training-loop", step=0, lang=lang)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(PlaygroundPane)
        await pilot.press("t")
        await until(pilot, lambda: p._layout is not None and p._layout[2], seconds=10)    # wide, 40 columns
        await pilot.press("f1")
        await until(pilot, lambda: app.screen.query("KeysPanel") and p.size.width < 60, seconds=10)
        await until(pilot, lambda: not p._layout[2], seconds=10)
        cols = p._layout[0]
        assert cols <= p.size.width - NARROW_NUMBERS
        await pilot.pause()
        numbers = p.query_one("#pg-numbers", Static)
        lines = str(numbers.render()).split("\n")
        assert "0/100" in lines[0] and max(cell_len(line) for line in lines) <= numbers.size.width, lines
