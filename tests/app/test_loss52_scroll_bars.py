"""A pane's scrolling part (MarkedScroll) gets its scrollbar and its "more ↓" in the layout that gives it
its size (loss52): Textual chose the scrollbar after the layout, from the content laid out without it,
and laid the screen out again with it; "more ↓" shown after the next refresh was one layout more."""
import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from workbench.app.widgets.marked_scroll import MarkedScroll
from screen_text import until


class Part(App):
    CSS = "MarkedScroll { height: 10; overflow: auto auto; scrollbar-size: 1 1; } #wide { width: 1fr; }"

    def __init__(self, rows: int):
        super().__init__()
        self.rows = rows

    def compose(self):
        with MarkedScroll():
            yield Static("\n".join(f"row {n}" for n in range(self.rows)), id="wide")


@pytest.fixture
def layouts(monkeypatch) -> list:
    """The layouts a widget asked for from now on (not a Resize's, which Textual sends the same size
    more than once, nor a scroll's reflow)."""
    counted = []
    lay_out = Screen._refresh_layout

    def noted(screen, size=None, scroll=False):
        counted.extend([screen] if size is None and not (scroll and not screen._layout_widgets) else [])
        return lay_out(screen, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", noted)
    return counted


@pytest.mark.parametrize("rows, more", [(30, True), (5, False)])
async def test_a_scrolling_part_is_laid_out_once_with_its_scrollbar_and_its_mark(layouts, rows, more):
    app = Part(rows)
    async with app.run_test(size=(40, 20)) as pilot:
        part = app.query_one(MarkedScroll)
        await until(pilot, lambda: part.size.height == 10)
        for _ in range(5):
            await pilot.pause(0.02)
        mark = part.query_one(".more-mark")
        assert (part.show_vertical_scrollbar, mark.display) == (more, more)
        assert not part.show_horizontal_scrollbar               # the 1fr line fits beside the bar
        assert len(layouts) <= 1, len(layouts)                  # the one the first's sizes ask
