"""The lesson bar's two lines, cut at a word where they do not fit: the lesson's title, and the
step counter with the step's title.

CSS's `text-overflow: ellipsis` cuts at any cell, so a narrow bar showed "하이퍼파라미 …" for
하이퍼파라미터 and "→ next les…"; these lines are cut again at every width they are given, the
counter shortening the step's title and keeping its count and "→ next lesson" whole.

What gives way first: the lesson's number and short title (a lesson's `short:`, else its title) stay
whole, as long as the counter keeps its count, the first word of the step's title and "→ next
lesson"; the step's title comes next, whole where it fits, else cut at a word; the lesson's whole
title last, where both fit beside it. Where even the short title does not fit, it is cut at a word
(else the number alone) and the counter keeps what it can. (At 100 columns 4.2's last step read
"4.2 Numerical differentiation … Step 10/10 · …", at 70 "4.2" alone; at 80 columns 4.4 read "4.4 The
training … Step 6/6 · Why not the numerical …", both titles cut; 7.5's last step in Korean read "7.5
CNN의 기울기", its title cut for the whole of the step's.)
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from workbench.app.styles import pane_css
from workbench.i18n.cells import ellipsize_words


class TitleLine(Widget):
    """`head` in bold (a lesson's number), then `title`, cut at a word to the widget's width; with no
    `head`, the title alone, in bold (a pane's)."""

    DEFAULT_CSS = pane_css(__file__, "TitleLine")

    def __init__(self, head: str, title: str, short: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.head = head
        self.title_text = title
        self.short = short or title

    def render(self) -> Text:
        if not self.head:
            return Text(ellipsize_words(self.title_text, max(self.size.width, 1)), style="bold")
        return Text.assemble((self.head, "bold"), *self._title_after_head())

    def _title_after_head(self) -> tuple[str, ...]:
        """" title" in the room the head leaves: whole, or its short form, or that cut after a whole
        word, or nothing at all rather than a piece of its first word."""
        room = self.size.width - cell_len(self.head) - 1
        for title in (self.title_text, self.short):
            if cell_len(title) <= room:
                return " ", title
        words = self.short.split()
        if len(words) < 2 or cell_len(f"{words[0]} …") > room:
            return ()
        return " ", ellipsize_words(self.short, room)


class StepCounter(Widget):
    """"Step 3/6 · title", then a dim `after` ("→ next lesson"); as wide as all of it allows, and
    where it is narrower the step's title is cut at a word. Beside it the lesson's `number` and `short`
    title: the counter takes the room the short title leaves whole, as long as that keeps its count,
    the first word of the step's title and `after`; else the room the short title's first word leaves,
    else all but the number."""

    DEFAULT_CSS = pane_css(__file__, "StepCounter")

    def __init__(self, number: str = "", short: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.keep = cell_len(number)
        self.wish = cell_len(f"{number} {short}") if short else self.keep
        self.least_title = cell_len(f"{number} {first_word(short)}") if short else self.keep
        self.head = self.title_text = self.after = ""

    def show(self, head: str, title: str, after: str = "") -> None:
        """Show `head` (the count and its separator), the step's `title` and `after`."""
        self.head, self.title_text, self.after = head, title, after
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        # `container` is the bar's width less this widget's padding: the gap is counted already
        need, width = cell_len(self.head + self.title_text + self.after), container.width
        if width - self.wish >= self.least():
            room = width - self.wish
        elif width - self.least_title >= self.least():
            room = width - self.least_title
        else:
            room = width - self.keep
        return max(min(need, room), 1)

    def least(self) -> int:
        """The cells of the count, the first word of the step's title (and "…" after it) and `after`."""
        return cell_len(self.head + first_word(self.title_text) + self.after)

    def render(self) -> Text:
        room = self.size.width - cell_len(self.head + self.after)
        return Text.assemble(self.head, ellipsize_words(self.title_text, max(room, 1)), (self.after, "dim"))


def first_word(title: str) -> str:
    """`title`'s first word, and " …" after it when more follow: the least of a title worth showing."""
    words = title.split()
    return words[0] + (" …" if len(words) > 1 else "") if words else ""
