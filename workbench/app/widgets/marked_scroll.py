"""A scrolling part of a pane that says when there is more below: "more ↓" on its bottom line.

A pane at 80×24 has about 20 rows; filters and feature maps, or a graph's arrays, can run past them.
The mark shows that they do (Textual's thin scrollbar is easy to miss), and goes once the end is in
view. In a lesson with the text folded away, ↑ ↓ PgUp PgDn scroll the first such part that can.
"""
from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.app.styles import pane_css
from workbench.i18n import t


class MarkedScroll(VerticalScroll, can_focus=False):
    """A VerticalScroll with a "more ↓" mark docked on its bottom line while there is more below."""

    DEFAULT_CSS = pane_css(__file__)

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

    def on_click(self, event: events.Click) -> None:
        """A click on "more ↓" scrolls a page down, as it does under the lesson's text."""
        if event.widget is not None and event.widget.has_class("more-mark") and event.widget.parent is self:
            event.stop()
            self.scroll_page_down(animate=False)

    def update_mark(self) -> None:
        marks = self.query_children(".more-mark")
        if not marks:
            return
        mark = marks.first()
        was_shown, mark.display = mark.display, self.more_below
        mark.update(self._mark_text(mark), layout=False)      # one row, as wide as the part: no layout
        if mark.display and not was_shown:             # its place is known once it is laid out
            self.call_after_refresh(lambda: mark.update(self._mark_text(mark), layout=False))

    def _mark_text(self, mark: Static) -> str:
        """The mark's words, right-aligned, with as many spaces after them as keep every wide
        character (Hangul) clear of the edges of the content below it. Textual cuts each screen row
        at every widget's edge and splits a wide character that a cut falls inside into two blanks,
        even in the widget on top ("아래에 더" showed as "아래   더" over a table ending there)."""
        words, room = t("lesson.more"), mark.region
        if not room.width:
            return words + " "
        edges = {edge for widget in self.query("*") if widget is not mark
                 for edge in (widget.region.x, widget.region.right)
                 if widget.region.y <= room.y < widget.region.bottom and room.x < edge < room.right}
        for trailing in range(1, 5):
            x = room.right - trailing - cell_len(words)
            starts = []
            for character in words:
                if cell_len(character) == 2:
                    starts.append(x)
                x += cell_len(character)
            if not any(start + 1 in edges for start in starts):
                break
        return words + " " * trailing
