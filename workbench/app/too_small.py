"""A plain message instead of a broken layout on a terminal smaller than workbench can use.

The smallest usable size is 60×24: the lesson text needs about 58 columns to keep its formulas on one
line, and a pane needs the 20 rows it is designed for (narrower than 80 columns, text and pane take
turns, see lesson.tcss). Below it every screen of ours shows only `TooSmall`, which says how large the
terminal must be and how large it is.
"""
from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widgets import Static

from workbench.i18n import t

MIN_WIDTH, MIN_HEIGHT = 60, 24


def too_small(size: Size) -> bool:
    """Whether a terminal of `size` is below the smallest usable size."""
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


class TooSmall(Static):
    """Covers the screen below MIN_WIDTH×MIN_HEIGHT: how large the terminal must be, and how large it is."""

    def render(self) -> str:
        from workbench.exercises.sandbox import served      # read only when too small

        size = self.screen.size
        key = "classroom.too_small" if served() else "app.too_small"      # a browser's window, not a terminal
        return t(key, width=MIN_WIDTH, height=MIN_HEIGHT, now=f"{size.width}×{size.height}")


class Guarded:
    """Mixin for our screens: `TooSmall` instead of the layout while the terminal is too small."""

    def on_mount(self) -> None:
        self.mount(TooSmall())
        self.size_changed(self.size)

    def on_resize(self, event: events.Resize) -> None:
        self.size_changed(event.size)

    def size_changed(self, size: Size) -> None:
        self.set_class(too_small(size), "-too-small")
        for message in self.query(TooSmall):
            message.refresh()
