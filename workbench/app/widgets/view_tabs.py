"""A row of a pane's views ("1 setup  2 curves …") that a click chooses from, as its number key does;
and any text whose pieces name a pane's key in their style (a legend's lines), which a click presses."""
from __future__ import annotations

import re

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from workbench.app.styles import pane_css


class KeyClicked(Message):
    """A click on something on screen that names one of the pane's keys: the pane presses it."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


PRESSES = "presses-key"
"""The meta key of a piece of text that a click on presses a key of the pane (the key is its value)."""


def pressing(key: str, style: str | Style = "") -> Style:
    """`style` naming `key` in its meta, so that a click on the text drawn in it presses that key."""
    return (Style.parse(style) if isinstance(style, str) else style) + Style(meta={PRESSES: key})


def key_hint(hint: str, keys: dict[str, str], style: str = "") -> Text:
    """`hint` (", . epochs", its spaces ordinary or no-break) in `style`, each of its words that `keys`
    names (",": "comma") pressing that key when clicked (`pressing`)."""
    text = Text()
    for word in re.split(r"([ \u00a0])", hint):
        text.append(word, style=pressing(keys[word], style) if word in keys else style)
    return text


class KeyedStatic(Static):
    """A Static whose pieces may name a key of the pane (`pressing`): a click on one posts `KeyClicked`,
    so the pane does what the key does, through its binding."""

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get(PRESSES) if event.style is not None else None
        if key is not None:
            event.stop()
            self.post_message(KeyClicked(key))


class ViewTabs(Static):
    """Tabs drawn by `view_tabs` (each a styled piece starting with its key); a click on one posts
    `KeyClicked` with that key, so the pane switches view through the binding its key has."""

    DEFAULT_CSS = pane_css(__file__)

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
