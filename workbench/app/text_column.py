"""The scrolling column of lesson text, with a mark on its last line while there is more below, and
what ↑ ↓ PgUp PgDn scroll on a screen of text and pane."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t


class TextColumn(VerticalScroll, can_focus=False):
    """Text that may not fit: "more ↓" shows on the bottom line until the learner scrolls to the end.

    `hint` (set by the screen) is shown on the same line, always: how to reach what is hidden.
    """

    def __init__(self, *children, hint: str = "", **kwargs):
        super().__init__(*children, **kwargs)
        self._hint = hint

    def compose(self) -> ComposeResult:
        yield Static(id="text-mark")

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self.update_mark, init=False)
        self.watch(self, "virtual_size", self.update_mark, init=False)
        self.update_mark()

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_mark)

    @property
    def hint(self) -> str:
        return self._hint

    @hint.setter
    def hint(self, text: str) -> None:
        self._hint = text
        self.update_mark()

    @property
    def more_below(self) -> bool:
        return self.max_scroll_y - self.scroll_y >= 1

    def update_mark(self) -> None:
        marks = self.query("#text-mark")
        if not marks:                 # a resize's call after refresh can come once the column has gone
            return
        parts = [part for part in (self._hint, t("lesson.more") if self.more_below else "") if part]
        mark = marks.first(Static)
        mark.update("   ".join(parts) + " ")
        mark.display = bool(parts)


def scroll_text_or_pane(text: TextColumn, pane: Widget | None, lines: int) -> None:
    """Scroll the text while it is on screen and longer than its column; otherwise (folded away, or
    fitting) the first part of the pane that runs past the fold, so the keys always move something."""
    if text.region.area and text.max_scroll_y:
        text.scroll_relative(y=lines, animate=False)
        return
    for part in pane.query(MarkedScroll) if pane is not None else ():
        if part.display and part.is_attached and part.region.area and part.max_scroll_y:
            part.scroll_relative(y=lines, animate=False)
            return
