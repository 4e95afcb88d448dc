"""Presenter mode's widgets: the step's title with a large step counter, and the classroom line.

The large counter is drawn three rows tall (Textual's 3×3 digits, or seven-segment ASCII in ASCII
glyph mode) so the back of a room can read which step the class is on. The classroom line, above the
footer, tells students how to follow (the presenter's side) or how following stands (a follower's).
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static
from textual.renderables.digits import DIGITS, DIGITS3X3

from workbench.app import glyphs

PRESENTER_KEYS = frozenset({"lesson.previous", "lesson.next", "lesson.text", "lesson.home", "app.goto",
                            "app.help", "pane_screen.home"})
"""The keys the footer shows first in presenter mode, the go-to key included (the pane's follow where
they fit; ? lists every key)."""
GIVE_WAY = ("app.goto", "lesson.text", "lesson.home", "pane_screen.home", "app.rejoin")
"""The keys put first that leave the footer, in this order, when the keys the lesson's text names would
otherwise be shown bare ("i" for "i Pixel/col" in 7.2 step 1 at 80 columns): the presenter's (the room
reads the footer to see what the presenter presses next, and the presenter finds these under ?; Prev and
Next stay), and a follower's F while exploring, which the classroom line just above says ("F follows the
presenter again")."""

_ASCII_FONT = {
    "0": (" _ ", "| |", "|_|"), "1": ("   ", "  |", "  |"), "2": (" _ ", " _|", "|_ "),
    "3": (" _ ", " _|", " _|"), "4": ("   ", "|_|", "  |"), "5": (" _ ", "|_ ", " _|"),
    "6": (" _ ", "|_ ", "|_|"), "7": (" _ ", "  |", "  |"), "8": (" _ ", "|_|", "|_|"),
    "9": (" _ ", "|_|", " _|"), "/": ("  /", " / ", "/  "), " ": ("  ", "  ", "  "),
}
_UNICODE_EXTRA = {"/": ("  ╱", " ╱ ", "╱  "), " ": ("  ", "  ", "  ")}


def big_rows(text: str, ascii_only: bool | None = None) -> list[str]:
    """`text` (digits, '/' and spaces) as three rows of a large font."""
    ascii_only = glyphs.ascii_mode() if ascii_only is None else ascii_only
    rows = ["", "", ""]
    for char in text:
        if ascii_only or char not in DIGITS or char == " ":
            shape = (_ASCII_FONT if ascii_only else _UNICODE_EXTRA).get(char, _ASCII_FONT.get(char, ("", "", "")))
        else:
            start = DIGITS.index(char) * 3
            shape = tuple(DIGITS3X3[start + row].ljust(3) for row in range(3))
        for row in range(3):
            rows[row] += shape[row]
    return rows


class BigCounter(Static):
    """"2/8" three rows tall."""

    def show(self, index: int, total: int) -> None:
        self.update(Text("\n".join(big_rows(f"{index}/{total}")), style="bold"))


class PresenterBar(Horizontal):
    """Presenter mode's title: the lesson and the step's title on the left, the step counter large."""

    def compose(self) -> ComposeResult:
        yield Static(id="presenter-title")
        yield BigCounter(id="presenter-counter")

    def show(self, number: str, lesson_title: str, index: int, total: int, step_title: str) -> None:
        self.query_one("#presenter-title", Static).update(
            Text.assemble((f"{number} {lesson_title}", "bold"), "\n", (step_title, "bold")))
        self.query_one(BigCounter).show(index, total)


class ClassroomLine(Static):
    """One line above the footer, shown while presenting or following: what the app says about the class."""

    def render(self) -> Text:
        line = getattr(self.app, "classroom_text", None)
        return line(self.size.width - 2) if callable(line) else Text()      # its padding: one cell a side

    def on_click(self) -> None:
        rejoin = getattr(self.app, "action_rejoin", None)
        if rejoin is not None:
            rejoin()
