"""The scrolling column of lesson text, with a mark on its last line while there is more below, and
what ↑ ↓ PgUp PgDn scroll on a screen of text and pane."""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t


class TextMark(Static):
    """The column's bottom line: the hint, then "more ↓" at the right end. A click says which was hit."""

    @dataclass
    class Clicked(Message):
        on_more: bool
        """Whether the click fell on "more ↓"."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.more_cells = 0
        """How many cells at the right end "more ↓" takes (0 while it is not shown)."""

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(0 < self.more_cells and event.x >= self.size.width - self.more_cells))


class TextColumn(VerticalScroll, can_focus=False):
    """Text that may not fit: "more ↓" shows on the bottom line until the learner scrolls to the end.

    `hint` (set by the screen) is shown on the same line, always: how to reach what is hidden. A click on
    "more ↓" scrolls a page down; a click on the hint posts HintClicked, for the screen to do what it says.
    """

    class HintClicked(Message):
        """The learner clicked the hint ("t: show the pane")."""

    def __init__(self, *children, hint: str = "", **kwargs):
        super().__init__(*children, **kwargs)
        self._hint = hint

    def compose(self) -> ComposeResult:
        yield TextMark(id="text-mark")

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self.update_mark, init=False)
        self.watch(self, "virtual_size", self.text_laid_out, init=False)
        self.update_mark()

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_mark)
        self.call_after_refresh(self.drop_needless_scrollbar)

    def text_laid_out(self) -> None:
        """A new text, or a new width: mark it, and check the scrollbar once Textual has chosen it."""
        self.update_mark()
        self.call_after_refresh(self.drop_needless_scrollbar)

    def drop_needless_scrollbar(self) -> None:
        """Hide the scrollbar and "more ↓" when the text fits the column's full width, so that the column
        is as wide, and wraps its text the same, however the step was reached.

        Textual keeps a scrollbar while the text is taller than the column at the width the scrollbar
        leaves; and "more ↓", docked under the text, takes a row from it. A text that fits the full
        width only just kept both from an earlier, longer text or a lower terminal: at 80×24 it was 36
        cells wide reached with →, 38 opened at its step. Without them it is laid out at full width,
        where Textual shows a scrollbar again only if the text overflows. (A screen's first layout has
        its width classes already, see `Guarded.on_compose`.)
        """
        showing = self.show_vertical_scrollbar or self.more_below
        if self.is_attached and showing and self.fits_without_scrollbar():
            self.show_vertical_scrollbar = False
            for mark in self.query(TextMark):          # the hint's row stays; "more ↓" goes with the scrollbar
                mark.display = bool(self._hint)

    def fits_without_scrollbar(self) -> bool:
        """Whether the text, laid out at the column's full width, fits the column with the hint's row
        (when there is one) but without "more ↓"."""
        width, height = self.container_size
        placements = self.arrange(Size(width, height)).placements
        text_rows = max((p.region.bottom + p.margin.bottom for p in placements if not p.fixed), default=0)
        return text_rows + bool(self._hint) <= height

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
        more = t("lesson.more") if self.more_below else ""
        parts = [part for part in (self._hint, more) if part]
        mark = marks.first(TextMark)
        mark.update("   ".join(parts) + " ", layout=False)     # one row, as wide as the column: no layout
        mark.more_cells = cell_len(more + " ") if more else 0
        mark.display = bool(parts)

    @on(TextMark.Clicked)
    def _mark_clicked(self, message: TextMark.Clicked) -> None:
        """"more ↓" (or the line, when it shows nothing else) scrolls a page; the hint goes up to the screen."""
        message.stop()
        if self.more_below and (message.on_more or not self._hint):
            self.scroll_page_down(animate=False)
        elif self._hint:
            self.post_message(self.HintClicked())


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
