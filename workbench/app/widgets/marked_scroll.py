"""A scrolling part of a pane that says when there is more below: "more ↓" on its bottom line.

A pane at 80×24 has about 20 rows; filters and feature maps, or a graph's arrays, can run past them.
The mark shows that they do (Textual's thin scrollbar is easy to miss), and goes once the end is in
view. In a lesson with the text folded away, ↑ ↓ PgUp PgDn scroll the first such part that can.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.i18n import t


class MarkedScroll(VerticalScroll, can_focus=False):
    """A VerticalScroll with a "more ↓" mark docked on its bottom line while there is more below."""

    DEFAULT_CSS = """
    MarkedScroll > .more-mark {
        dock: bottom; width: 1fr !important; height: 1; text-align: right;
        background: $panel; color: $text-accent; text-style: bold; display: none;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="more-mark")

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self.update_mark, init=False)
        self.watch(self, "virtual_size", lambda: self.call_after_refresh(self.update_mark), init=False)
        self.call_after_refresh(self.update_mark)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_mark)

    @property
    def more_below(self) -> bool:
        """Whether content lies below the view. The mark, docked, takes the view's last row while
        shown, so the content overflows by one row more: that row is not "more" (else a pane that
        just fits would keep the mark, and the layout would depend on the mark's last state)."""
        marks = self.query_children(".more-mark")
        shown = bool(marks) and marks.first().display
        return self.max_scroll_y - self.scroll_y >= (2 if shown else 1)

    def update_mark(self) -> None:
        marks = self.query_children(".more-mark")
        if not marks:
            return
        mark = marks.first()
        mark.update(t("lesson.more") + " ")
        mark.display = self.more_below
