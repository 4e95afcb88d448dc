"""The scrolling column of lesson text, with a mark on its last line while there is more below, and
what ↑ ↓ PgUp PgDn scroll on a screen of text and pane."""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
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

    def text_laid_out(self) -> None:
        """A new text, or a new width: mark it."""
        self.update_mark()

    def _get_scrollable_region(self, region: Region) -> Region:
        """The region the text is laid out in: the column's, less the scrollbar when the text needs one.

        Decided here, in the layout, from the text laid out at the column's full width: Textual decides
        after the layout, from the rows laid out at the width the scrollbar had before, so a text that
        started or stopped scrolling was laid out and drawn, given or relieved of its scrollbar, wrapped
        again, laid out and drawn again, and "more ↓" coming or going was a third layout; and a text that
        fits the full width only just kept the scrollbar of an earlier, longer text (at 80×24 it was 36
        cells wide reached with →, 38 opened at its step). Decided here, a step's first layout is its
        text's last, the scrollbar Textual then finds is the one chosen, and the text wraps the same
        however its step was reached.
        """
        if self.styles.overflow_y == "auto" and region.area:
            if self.scroll_y == 0:                  # a new step's text (scrolled home), or one read from its top
                rows = self.text_rows(region.size)
                self.show_mark(rows + bool(self._hint or rows > region.height) > region.height)
            rows = self.arrange(region.size).total_region.height         # with the mark's row, as Textual counts
            self.set_reactive(Widget.show_vertical_scrollbar, rows > region.height)
        return super()._get_scrollable_region(region)

    def text_rows(self, size: Size) -> int:
        """How many rows the text takes, laid out in `size` (without "more ↓" and the hint)."""
        placements = self.arrange(size).placements
        return max((p.region.bottom for p in placements if not p.fixed), default=0)

    def show_mark(self, more: bool) -> None:
        """Set the mark's words, and show it or not, in the middle of a layout: its `display` would ask for
        another layout, so the rule is set as the layout under way reads it."""
        mark = self.set_mark(more)
        if mark is not None and mark.styles.set_rule("display", "block" if mark.more_cells or self._hint else "none"):
            self._nodes.updated()                   # the displayed children, as Textual keeps them
            self._arrangement_cache.clear()         # arranged with the mark as it was

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
        mark = self.set_mark(self.more_below)
        if mark is not None:
            mark.display = bool(mark.more_cells or self._hint)

    def set_mark(self, more: bool) -> TextMark | None:
        """The hint and, when `more`, "more ↓" on the mark (None when the column has gone: a resize's call
        after refresh can come after it)."""
        marks = self.query("#text-mark")
        if not marks:
            return None
        more_words = t("lesson.more") if more else ""
        mark = marks.first(TextMark)
        mark.update("   ".join(part for part in (self._hint, more_words) if part) + " ", layout=False)
        mark.more_cells = cell_len(more_words + " ") if more else 0      # one row as wide as the column: no layout
        return mark

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
