"""A row of a pane's views ("1 setup  2 curves …") that a click chooses from, as its number key does."""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static


class KeyClicked(Message):
    """A click on something on screen that names one of the pane's keys: the pane presses it."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class ViewTabs(Static):
    """Tabs drawn by `view_tabs` (each a styled piece starting with its key); a click on one posts
    `KeyClicked` with that key, so the pane switches view through the binding its key has."""

    DEFAULT_CSS = """
    ViewTabs {
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tabs = Text()

    def update(self, content="", **kwargs) -> None:
        self.tabs = content if isinstance(content, Text) else Text(str(content))
        super().update(content, **kwargs)

    def on_click(self, event: events.Click) -> None:
        key = tab_key_at(self.tabs, event.x, event.y)
        if key:
            event.stop()
            self.post_message(KeyClicked(key))


def tab_key_at(tabs: Text, x: int, y: int) -> str | None:
    """The key of the tab at cell (x, y) of `tabs`: the first word of the styled piece there."""
    lines = tabs.split("\n", include_separator=False)
    if not 0 <= y < len(lines):
        return None
    line = lines[y]
    for span in line.spans:
        start = cell_len(line.plain[:span.start])
        piece = line.plain[span.start:span.end]
        if start <= x < start + cell_len(piece) and piece.split():
            return piece.split()[0]
    return None
