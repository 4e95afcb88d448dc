"""The scrolling column of lesson text, with a mark on its last line while there is more below."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

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
