"""An input field that shows where its text is cut: "…" at the edge a longer value runs past.

Textual's Input shows as much of the value as fits and hides the rest without a sign, so a graph
input such as `W 0.5 -0.5 0.2; 0.1 0.4 -0.3` reads as a different, shorter matrix in a narrow pane.
While the field has the keys it scrolls with the cursor; without them, the cut is marked.
"""
from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

MARK = "…"


class Field(Input):
    """An Input that marks a cut at either end while it does not have the keys."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if y or not self.value or self.has_focus:
            return strip
        width = self.scrollable_content_region.width
        start = self.scroll_offset.x
        if width < 2:
            return strip
        style = self.rich_style + self.get_component_rich_style("input--placeholder")
        mark = Strip([Segment(MARK, style)])
        if self._value.cell_len > start + width:
            strip = Strip.join([strip.crop(0, width - 1), mark, strip.crop(width)])
        if start > 0:
            strip = Strip.join([mark, strip.crop(1)])
        return strip

    def cut(self) -> bool:
        """Whether part of the value is out of sight."""
        return self._value.cell_len > self.scrollable_content_region.width or self.scroll_offset.x > 0
