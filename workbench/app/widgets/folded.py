"""A line of status or a rule that breaks at words and never inside a formula, at whatever width it has.

Textual breaks a long line at any space, so "right = 95.7 %" can end a row with "95.7" and start the
next with "%", and "b + w₁x₁ > 0" can lose its right side. `Folded` breaks where `cells.wrap_spans`
says (not beside an operator, not before a unit), measured in cells, again on every resize.
"""
from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import Static

from workbench.app.styles import pane_css
from workbench.i18n.cells import wrap_spans


def fold(text: Text | str, width: int) -> Text:
    """`text` (styles kept) broken into lines of at most `width` cells at the places `wrap_spans` allows."""
    text = Text(text) if isinstance(text, str) else text
    lines = []
    for paragraph in text.split("\n", allow_blank=True):
        lines += [paragraph[start:end] for start, end in wrap_spans(paragraph.plain, width)]
    for line in lines:
        line.rstrip()
    return Text("\n").join(lines)


class Folded(Static):
    """A Static for plain text or Rich Text (no markup) that folds itself with `fold` at its width."""

    DEFAULT_CSS = pane_css(__file__)

    def __init__(self, content: Text | str = "", **kwargs):
        super().__init__(**kwargs)
        self.source: Text | str = content

    def update(self, content: Text | str = "", *, layout: bool = True) -> None:
        self.source = content
        self.refresh(layout=layout)

    @property
    def content(self) -> Text | str:
        """What it was last given to show (folded as it is drawn): `show_text` compares it with the next."""
        return self.source

    @content.setter
    def content(self, content: Text | str) -> None:
        self.update(content)

    def render(self) -> Text:
        return fold(self.source, self.content_region.width or self.size.width or 80)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(fold(self.source, width).plain.split("\n")) if width else 0

    def get_content_width(self, container: Size, viewport: Size) -> int:
        text = self.source if isinstance(self.source, Text) else Text(self.source)
        return max((line.cell_len for line in text.split("\n", allow_blank=True)), default=0)
