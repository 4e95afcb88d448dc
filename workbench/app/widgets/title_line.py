"""The lesson bar's two lines, cut at a word where they do not fit: the lesson's title, and the
step counter with the step's title.

CSS's `text-overflow: ellipsis` cuts at any cell, so a narrow bar showed "하이퍼파라미 …" for
하이퍼파라미터 and "→ next les…"; these lines are cut again at every width they are given, the
counter shortening the step's title and keeping its count and "→ next lesson" whole.

The step's title matters most while reading, so the counter takes the room it needs first, short
of the lesson's number; the lesson's title has what is left, and shows its number alone when not
even its first word fits (at 80 columns 4.4 read "4.4 The training … Step 6/6 · Why not the
numerical …", both titles cut).
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from workbench.i18n.cells import ellipsize_words


class TitleLine(Widget):
    """`head` in bold (a lesson's number), then `title`, cut at a word to the widget's width; with no
    `head`, the title alone, in bold (a pane's)."""

    DEFAULT_CSS = "TitleLine { height: 1; }"

    def __init__(self, head: str, title: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.head = head
        self.title_text = title

    def render(self) -> Text:
        if not self.head:
            return Text(ellipsize_words(self.title_text, max(self.size.width, 1)), style="bold")
        return Text.assemble((self.head, "bold"), *self._title_after_head())

    def _title_after_head(self) -> tuple[str, ...]:
        """" title" in the room the head leaves: whole, or cut after a whole word, or nothing at all
        rather than a piece of its first word."""
        room = self.size.width - cell_len(self.head) - 1
        if cell_len(self.title_text) <= room:
            return " ", self.title_text
        words = self.title_text.split()
        if len(words) < 2 or cell_len(f"{words[0]} …") > room:
            return ()
        return " ", ellipsize_words(self.title_text, room)


class StepCounter(Widget):
    """"Step 3/6 · title", then a dim `after` ("→ next lesson"); as wide as all of it allows, and
    where it is narrower the step's title is cut at a word. It leaves `keep` cells of its bar beside
    it (the lesson's number)."""

    DEFAULT_CSS = "StepCounter { height: 1; width: auto; }"

    def __init__(self, keep: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.keep = keep
        self.head = self.title_text = self.after = ""

    def show(self, head: str, title: str, after: str = "") -> None:
        """Show `head` (the count and its separator), the step's `title` and `after`."""
        self.head, self.title_text, self.after = head, title, after
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return max(min(cell_len(self.head + self.title_text + self.after), container.width - self.keep), 1)

    def render(self) -> Text:
        room = self.size.width - cell_len(self.head + self.after)
        return Text.assemble(self.head, ellipsize_words(self.title_text, max(room, 1)), (self.after, "dim"))
