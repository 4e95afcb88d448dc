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
from textual.geometry import Region, Size
from textual.widget import Widget
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

    def _get_scrollable_region(self, region: Region) -> Region:
        """The region the part's content is laid out in: its own, less the scrollbars its content needs.

        Decided here, in the layout, as the text column does (ci51c): Textual decides after the layout,
        from the content laid out with the scrollbars the part had before, so a pane whose part came to
        need one was laid out again with it, and again for the other one that its row or column made
        needed (loss52). The first choice of scrollbars (fewest first) that Textual's own check after the
        layout keeps is the one taken: that check then changes nothing.
        """
        styles = self.styles
        auto_x, auto_y = styles.overflow_x == "auto", styles.overflow_y == "auto"
        if region.area and styles.scrollbar_gutter != "stable" and (auto_x or auto_y):
            bars = [(wide, tall) for wide in (False, True) for tall in (False, True)
                    if (auto_x or not wide) and (auto_y or not tall)]
            for again in (False, True):
                wide, tall = next((bar for bar in sorted(bars, key=sum) if self._kept_by_textual(region.size, *bar)),
                                  (False, False))
                if auto_x:
                    self.set_reactive(Widget.show_horizontal_scrollbar, wide)
                if auto_y:
                    self.set_reactive(Widget.show_vertical_scrollbar, tall)
                if again or self.scroll_y or not self._mark_in_layout(region.size, wide, tall):
                    break                   # the mark (a row more) as it stays; scrolled, update_mark's
        return super()._get_scrollable_region(region)

    def _mark_in_layout(self, size: Size, wide: bool, tall: bool) -> bool:
        """Show "more ↓" or not, in the middle of a layout, for the content of a part scrolled home laid
        out in `size` less the scrollbars: its `display` would ask for another layout (update_mark's,
        after the refresh), so the rule is set as the layout under way reads it. Whether it changed."""
        marks = self.query_children(".more-mark")
        if not marks:
            return False
        styles = self.styles
        view = Size(size.width - styles.scrollbar_size_vertical * tall, size.height - styles.scrollbar_size_horizontal * wide)
        rows = max((p.region.bottom for p in self.arrange(view).placements if not p.fixed), default=0)
        if not marks.first().styles.set_rule("display", "block" if rows > view.height else "none"):
            return False
        self._nodes.updated()                   # the displayed children, as Textual keeps them
        self._arrangement_cache.clear()         # arranged with the mark as it was
        return True

    def _kept_by_textual(self, size: Size, wide: bool, tall: bool) -> bool:
        """Whether Textual's check of the scrollbars (`Widget._refresh_scrollbars`), made on the content
        laid out in `size` less the scrollbars `wide` and `tall`, finds those."""
        styles = self.styles
        across, down = styles.scrollbar_size_vertical, styles.scrollbar_size_horizontal
        content = self.arrange(Size(size.width - across * tall, size.height - down * wide)).total_region
        auto_x, auto_y = styles.overflow_x == "auto", styles.overflow_y == "auto"
        show_x = auto_x and content.width > size.width
        show_y = auto_y and content.height > size.height
        if auto_x and show_y and not show_x:
            show_x = content.width > size.width - across
        if auto_y and show_x and not show_y:
            show_y = content.height > size.height - down
        return (show_x or (wide and not auto_x), show_y or (tall and not auto_y)) == (wide, tall)

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
