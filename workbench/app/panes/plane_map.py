"""The playground's map of the plane: two pixels a cell with the upper-half block "▀" (as
`workbench.app.images` draws digits), each pixel coloured by the class the network predicts there and
by how sure it is, and the training points on top, one glyph per class.

    lines = MapPainter(look).draw(values, points)    # values (2·lines, cols) in −1…1: + class 1, − class 0
    PlaneMap().show(lines)                           # the widget that puts them on screen

A value of +1 is the full colour of class 1, −1 that of class 0, 0 the background (the boundary).
Colours are quantised to a few levels per class and neighbouring cells of one colour pair are joined
into one segment, so a map of a thousand cells is a few hundred segments of a few dozen styles,
rebuilt in a few milliseconds and put on screen through Textual's line API (no conversion of a rich
Text per redraw), several times a second while a network trains.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from workbench.app.styles import pane_css

UPPER_HALF = "▀"
LEVELS = 12
"""Shades per class between the background and the class's colour."""
STRENGTH = 0.7
"""How far toward the class's colour a certain prediction goes (the points stay brighter)."""
GLYPHS = ("▲", "●")
"""The points of class 0 and class 1."""


@dataclass(frozen=True)
class MapLook:
    """RGB colours of the map: the background and each class's colour."""

    background: tuple[int, int, int]
    class0: tuple[int, int, int]
    class1: tuple[int, int, int]


class MapPainter:
    """Keeps the styles of one look, so that redrawing the map does not make new ones each time."""

    def __init__(self, look: MapLook):
        self.look = look
        bg = np.array(look.background, dtype=float)
        shades = []
        for level in range(-LEVELS, LEVELS + 1):
            target = np.array(look.class1 if level > 0 else look.class0, dtype=float)
            shades.append(tuple(int(v) for v in np.round(bg + abs(level) / LEVELS * STRENGTH * (target - bg))))
        self.shades = [RichColor.from_rgb(*rgb) for rgb in shades]
        self._cells: dict[tuple[int, int], Style] = {}
        self._points: dict[tuple[int, int], Style] = {}

    def level(self, values: np.ndarray) -> np.ndarray:
        """Values in −1…1 as indices into the shades (0 … 2·LEVELS)."""
        clean = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), -1.0, 1.0)
        return np.rint(clean * LEVELS).astype(int) + LEVELS

    def cell(self, top: int, bottom: int) -> Style:
        key = (top, bottom)
        if key not in self._cells:
            self._cells[key] = Style(color=self.shades[top], bgcolor=self.shades[bottom])
        return self._cells[key]

    def point(self, label: int, under: int) -> Style:
        key = (label, under)
        if key not in self._points:
            rgb = self.look.class1 if label else self.look.class0
            self._points[key] = Style(color=RichColor.from_rgb(*rgb), bgcolor=self.shades[under], bold=True)
        return self._points[key]

    def draw(self, values: np.ndarray, points: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
             ) -> list[list[Segment]]:
        """`values` (2·lines, cols) in −1…1 as `lines` lines of `cols` cells, each line a list of segments;
        `points` (columns, pixel rows, labels) drawn on top, one glyph in the cell each falls in (the
        last one wins)."""
        levels = self.level(values)
        rows, cols = levels.shape
        if rows % 2:
            levels = np.concatenate([levels, levels[-1:]])
        marks: dict[tuple[int, int], int] = {}
        if points is not None:
            for col, row, label in zip(*points):
                marks[(int(row) // 2, int(col))] = int(label)
        lines = []
        for line in range(levels.shape[0] // 2):
            top, bottom = levels[2 * line].tolist(), levels[2 * line + 1].tolist()
            segments: list[Segment] = []
            run_style, run = None, 0
            for col in range(cols):
                label = marks.get((line, col))
                if label is None:
                    style = self.cell(top[col], bottom[col])
                    if style is run_style:
                        run += 1
                        continue
                    if run:
                        segments.append(Segment(UPPER_HALF * run, run_style))
                    run_style, run = style, 1
                else:
                    if run:
                        segments.append(Segment(UPPER_HALF * run, run_style))
                    run_style, run = None, 0
                    segments.append(Segment(GLYPHS[label], self.point(label, (top[col] + bottom[col]) // 2)))
            if run:
                segments.append(Segment(UPPER_HALF * run, run_style))
            lines.append(segments)
        return lines


def as_text(lines: list[list[Segment]]) -> Text:
    """The map as a rich Text (for tests and plain output)."""
    text = Text()
    for i, segments in enumerate(lines):
        if i:
            text.append("\n")
        for segment in segments:
            text.append(segment.text, segment.style)
    return text


class PlaneMap(Widget):
    """Shows lines of segments as they are: as wide as the longest, as tall as there are lines."""

    DEFAULT_CSS = pane_css(__file__)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._strips: list[Strip] = []
        self._width = 0

    def show(self, lines: list[list[Segment]]) -> None:
        self._strips = [Strip(segments) for segments in lines]
        width = max((strip.cell_length for strip in self._strips), default=0)
        resized = width != self._width or len(lines) != getattr(self, "_height", None)
        self._width, self._height = width, len(lines)
        self.refresh(layout=resized)

    def text(self) -> str:
        """The characters shown, line by line (what a test reads)."""
        return "\n".join(strip.text for strip in self._strips)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._strips)

    def render_line(self, y: int) -> Strip:
        if 0 <= y < len(self._strips):
            return self._strips[y].extend_cell_length(self.size.width)
        return Strip.blank(self.size.width)
