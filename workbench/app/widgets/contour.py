"""Contour lines of a 2-D function and the paths walked on it, drawn in braille dots or in ASCII.

One renderer for the descent pane (4.3) and the optimizers pane (6.1). `raster` lays a surface's
contour lines, each path (its segments as a thin line) and
the marks (the minimum `+`, the start `○`, each path's head as its own letter, an arrow on the border where a
path has left the window) on a grid of cells; `ContourPlot` shows it in the theme's colours. In
braille each cell holds 2×4 dots; the ASCII drawing (`drawing = "ascii"`, for a terminal or a font
without braille) puts one character in each cell: `.` for contours, the path's own lower-case
letter for its points and segments, and its capital for the head, so every path reads without
colour. The window keeps x and y at the same scale (a round bowl stays round).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from workbench.app.styles import pane_css
from workbench.models.surface_path import SURFACES, Surface

BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of the dot in row r (0–3) and column c (0–1) of a braille cell (U+2800 + bits)."""
ARROWS = {(-1, -1): "↖", (0, -1): "↑", (1, -1): "↗", (-1, 0): "←", (1, 0): "→", (-1, 1): "↙", (0, 1): "↓",
          (1, 1): "↘"}
"""The border arrow for a path that left the window, by (x, y) direction on screen (y down)."""
MARGIN = 0.06
FAR = 1e9
"""A segment with an end this many dots away is not drawn: float64 cannot place its crossing."""


@dataclass(frozen=True)
class Trace:
    """A path to draw: its points so far, its colour, its head's glyph and its ASCII glyph."""

    points: np.ndarray
    color: str
    head: str
    trail: str


@dataclass(frozen=True)
class Window:
    """The part of the plane drawn: x from x0 to x1, y from y0 to y1."""

    x0: float
    x1: float
    y0: float
    y1: float


def fit(surface: Surface, points: Sequence[np.ndarray], width: int, height: int) -> Window:
    """The surface's window, widened to hold `points` that lie within twice its size, then (for a
    `square` surface) to the shape of `width` × `height` cells at one scale for x and y (a cell is
    twice as tall as it is wide)."""
    (x0, x1), (y0, y1) = surface.window
    span_x, span_y = x1 - x0, y1 - y0
    for array in points:
        finite = np.asarray(array)[np.all(np.isfinite(array), axis=1)] if len(array) else np.empty((0, 2))
        near = finite[(np.abs(finite[:, 0] - (x0 + x1) / 2) <= span_x) & (np.abs(finite[:, 1] - (y0 + y1) / 2) <= span_y)]
        if len(near):
            x0, x1 = min(x0, near[:, 0].min()), max(x1, near[:, 0].max())
            y0, y1 = min(y0, near[:, 1].min()), max(y1, near[:, 1].max())
    pad_x, pad_y = MARGIN * (x1 - x0), MARGIN * (y1 - y0)
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y
    width, height = max(width, 1), max(height, 1)
    if not surface.square:
        return Window(x0, x1, y0, y1)
    scale = max((x1 - x0) / width, (y1 - y0) / (2 * height))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return Window(cx - scale * width / 2, cx + scale * width / 2, cy - scale * height, cy + scale * height)


def _clip(p: np.ndarray, q: np.ndarray, width: float, height: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of segment p→q inside [0, width] × [0, height] (Liang–Barsky), or None."""
    d = q - p
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-d[0], p[0]), (d[0], width - p[0]), (-d[1], p[1]), (d[1], height - p[1])):
        if pk == 0:
            if qk < 0:
                return None
            continue
        r = qk / pk
        if pk < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return p + t0 * d, p + t1 * d


@lru_cache(maxsize=64)
def _contours(surface: str, window: Window, dots_w: int, dots_h: int, sparse: bool) -> np.ndarray:
    """Dots on a contour line: where the level band of f changes to the right or below. Every other
    level when `sparse` (ASCII cells, or a plot too low for them all). Cached: stepping a walk or
    drawing six tiles of one window does not compute f again."""
    levels = np.asarray(SURFACES[surface].levels)
    if sparse:
        levels = levels[1::2]
    xs = window.x0 + (np.arange(dots_w) + 0.5) * (window.x1 - window.x0) / dots_w
    ys = window.y1 - (np.arange(dots_h) + 0.5) * (window.y1 - window.y0) / dots_h
    grid_x, grid_y = np.meshgrid(xs, ys)
    with np.errstate(over="ignore", invalid="ignore"):
        z = SURFACES[surface].f(grid_x, grid_y)
    band = np.searchsorted(levels, np.nan_to_num(z, nan=np.inf, posinf=np.inf))
    edge = np.zeros((dots_h, dots_w), dtype=bool)
    edge[:, :-1] |= band[:, :-1] != band[:, 1:]
    edge[:-1, :] |= band[:-1, :] != band[1:, :]
    edge.setflags(write=False)
    return edge


class Raster:
    """Cells of text and the colour key of each, built layer by layer: contours, paths, marks."""

    def __init__(self, surface: Surface, window: Window, width: int, height: int, braille: bool = True):
        self.surface, self.window = surface, window
        self.width, self.height, self.braille = width, height, braille
        self.per_x, self.per_y = (2, 4) if braille else (1, 1)
        self.dots_w, self.dots_h = width * self.per_x, height * self.per_y
        self.contour = np.zeros((self.dots_h, self.dots_w), dtype=bool)
        self.paths: list[tuple[np.ndarray, str, str]] = []
        """(dots, colour, ASCII glyph) of each path, bottom first."""
        self.marks: dict[tuple[int, int], tuple[str, str]] = {}
        """(row, column) → (glyph, colour key) drawn over everything else."""

    # -- coordinates ---------------------------------------------------------------------------

    def to_dots(self, points: np.ndarray) -> np.ndarray:
        """Plane coordinates → fractional dot coordinates (column, row), row 0 at the top."""
        w = self.window
        with np.errstate(over="ignore", invalid="ignore"):
            cols = (points[:, 0] - w.x0) / (w.x1 - w.x0) * self.dots_w
            rows = (w.y1 - points[:, 1]) / (w.y1 - w.y0) * self.dots_h
        return np.stack([cols, rows], axis=1)

    def point_at(self, column: int, row: int) -> tuple[float, float]:
        """The point of the plane at the middle of cell (column, row), rounded to the cell's size: a
        click's (−2.7, 1.5), not (−2.7368421, 1.4842105)."""
        w = self.window
        x = w.x0 + (column + 0.5) / self.width * (w.x1 - w.x0)
        y = w.y1 - (row + 0.5) / self.height * (w.y1 - w.y0)
        places = max(0, -math.floor(math.log10(min((w.x1 - w.x0) / self.width, (w.y1 - w.y0) / self.height))))
        return round(x, places) + 0.0, round(y, places) + 0.0

    def inside(self, dot: np.ndarray) -> bool:
        return bool(0 <= dot[0] < self.dots_w and 0 <= dot[1] < self.dots_h)

    def cell_of(self, dot: np.ndarray) -> tuple[int, int]:
        return int(dot[1] // self.per_y), int(dot[0] // self.per_x)

    # -- layers --------------------------------------------------------------------------------

    def draw_contours(self) -> None:
        self.contour = _contours(self.surface.name, self.window, self.dots_w, self.dots_h,
                                 not self.braille or self.height < 8)

    def draw_path(self, trace: Trace) -> None:
        """The segments between the visited points as a thin line; the head as its glyph, or an
        arrow on the border if the path has left the window."""
        dots = np.zeros((self.dots_h, self.dots_w), dtype=bool)
        points = np.asarray(trace.points, dtype=np.float64)
        finite = np.all(np.isfinite(points), axis=1)
        stop = int(np.argmin(finite)) if not finite.all() else len(points)
        points = points[:stop]
        at = self.to_dots(points) if len(points) else np.empty((0, 2))
        for p, q in zip(at[:-1], at[1:]):
            if max(np.abs(p).max(), np.abs(q).max()) > FAR:
                continue        # too far out for its crossing of the window to be placed to a dot
            clipped = _clip(p, q, self.dots_w - 1e-9, self.dots_h - 1e-9)
            if clipped is None:
                continue
            a, b = clipped
            samples = int(math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])))) + 1
            along = a + np.linspace(0.0, 1.0, samples)[:, None] * (b - a)
            cols = np.clip(along[:, 0].astype(np.int64), 0, self.dots_w - 1)
            rows = np.clip(along[:, 1].astype(np.int64), 0, self.dots_h - 1)
            dots[rows, cols] = True
        for dot in at:
            if self.inside(dot):
                dots[int(dot[1]), int(dot[0])] = True
        self.paths.append((dots, trace.color, trace.trail))
        if len(at):
            self._head(at[-1], trace)

    def _head(self, dot: np.ndarray, trace: Trace) -> None:
        if self.inside(dot):
            self.marks[self.cell_of(dot)] = (trace.head, trace.color)
            return
        direction = (int(np.sign(dot[0] - self.dots_w / 2)) if not 0 <= dot[0] < self.dots_w else 0,
                     int(np.sign(dot[1] - self.dots_h / 2)) if not 0 <= dot[1] < self.dots_h else 0)
        with np.errstate(invalid="ignore"):
            column = int(np.clip(dot[0], 0, self.dots_w - 1) // self.per_x)
            row = int(np.clip(dot[1], 0, self.dots_h - 1) // self.per_y)
        self.marks[(row, column)] = (ARROWS.get(direction, "•"), trace.color)

    def draw_mark(self, point: tuple[float, float], glyph: str, color: str) -> None:
        """A one-cell mark at a point of the plane (the minimum), if it is in the window."""
        dot = self.to_dots(np.array([point], dtype=np.float64))[0]
        if self.inside(dot):
            self.marks.setdefault(self.cell_of(dot), (glyph, color))

    # -- cells ---------------------------------------------------------------------------------

    def cells(self) -> list[list[tuple[str, str]]]:
        """Rows of (character, colour key): "contour", a path's colour, or a mark's colour."""
        chars = np.full((self.height, self.width), " ", dtype=object)
        keys = np.full((self.height, self.width), "", dtype=object)
        layers = [(self.contour, "contour", ".")] + self.paths
        for dots, key, glyph in layers:          # later layers cover earlier ones
            codes = self._codes(dots)
            hit = codes > 0
            if self.braille:
                chars[hit] = [chr(0x2800 + int(code)) for code in codes[hit]]
            else:
                chars[hit] = glyph
            keys[hit] = key
        for (row, column), (glyph, key) in self.marks.items():
            chars[row, column], keys[row, column] = glyph, key
        return [list(zip(chars[row], keys[row])) for row in range(self.height)]

    def _codes(self, dots: np.ndarray) -> np.ndarray:
        """Per cell, the braille bits of its dots (in ASCII, 1 where the cell is drawn)."""
        if not self.braille:
            return dots.astype(np.int64)
        blocks = dots.reshape(self.height, 4, self.width, 2).astype(np.int64)
        return np.einsum("hrwc,rc->hw", blocks, np.array(BRAILLE_BITS, dtype=np.int64))


def raster(surface: Surface, traces: Sequence[Trace], width: int, height: int, *, braille: bool = True,
           extent: Sequence[np.ndarray] = (), mark_color: str = "mark") -> Raster:
    """Everything drawn on `width` × `height` cells; `extent` are the points the window should hold
    (the whole walks, so that stepping along them never moves the window). The start of the first
    path is marked `○` (`o` in ASCII) until a head covers it."""
    window = fit(surface, list(extent) or [t.points for t in traces], width, height)
    canvas = Raster(surface, window, width, height, braille)
    canvas.draw_contours()
    for trace in traces:
        canvas.draw_path(trace)
    canvas.draw_mark(surface.mark, "+", mark_color)
    if traces and len(traces[0].points):
        canvas.draw_mark(tuple(traces[0].points[0]), "○" if braille else "o", mark_color)
    return canvas


Maker = Callable[[int, int], tuple[Raster, dict[str, str], Text | str]]
"""(width, height) → (the raster of that size, its colours, the caption line under it)."""
Caption = Sequence[Text]
"""A grid tile's caption: its forms, best first, each of one line or more."""
MIN_TILE_ROWS = 4
"""Rows a tile's picture keeps: a caption takes a second line only when the picture keeps these."""


def lines_of(text: Text) -> list[Text]:
    return list(text.split("\n", allow_blank=True))


def choose_captions(captions: Sequence[Caption], width: int, height: int) -> list[Text]:
    """The tiles' captions in the first form that fits every tile at `width` cells, each line whole,
    and leaves the picture MIN_TILE_ROWS in a tile `height` rows high (else the last form, cut)."""
    forms = [list(caption) for caption in captions]
    for level in range(min(len(f) for f in forms)):
        texts = [f[level] for f in forms]
        rows = max(len(lines_of(text)) for text in texts)
        fits = all(line.cell_len <= width for text in texts for line in lines_of(text))
        if fits and (rows == 1 or height - rows >= MIN_TILE_ROWS):
            return texts
    return [f[-1] for f in forms]


class ContourPlot(Widget):
    """Draws one raster, or several side by side in a grid, at its own size, each with a caption.

    `draw(makers, columns)` hands it one function per picture; they are called when the widget
    renders, so the pictures always fit the space the layout gives them. `captions`, one per picture,
    replace the makers' own: each offers its forms, and all tiles take the first that fits them all
    (a tag too long for a narrow tile goes on a second line rather than lose its words).
    """

    DEFAULT_CSS = pane_css(__file__)

    @dataclass
    class Clicked(Message):
        """A click on picture `tile` (0 for a single one): at `point` of its plane, or on its caption
        (`point` None)."""

        plot: ContourPlot
        tile: int
        point: tuple[float, float] | None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._makers: list[Maker] = []
        self._columns = 1
        self._captions: list[Caption] = []
        self.canvases: list[Raster] = []
        self._tile_size = (0, 0)
        """Cells (width, height) of each tile as last drawn, its caption included."""

    def draw(self, makers: Sequence[Maker], columns: int = 1, captions: Sequence[Caption] = ()) -> None:
        self._makers, self._columns = list(makers), max(1, min(columns, len(makers) or 1))
        self._captions = list(captions)
        self.refresh()

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        if not self._makers or width < 2 or height < 2:
            return Text()
        columns = self._columns
        rows = math.ceil(len(self._makers) / columns)
        tile_w = max(2, (width - (columns - 1)) // columns)
        tile_h = max(2, height // rows)
        chosen = choose_captions(self._captions, tile_w, tile_h) if self._captions else None
        caption_rows = max(len(lines_of(text)) for text in chosen) if chosen else 1
        self.canvases, lines = [], []
        self._tile_size = (tile_w, tile_h)
        for row in range(rows):
            tiles = []
            for index in range(row * columns, min((row + 1) * columns, len(self._makers))):
                canvas, colors, caption = self._makers[index](tile_w, tile_h - caption_rows)
                caption = chosen[index] if chosen else caption
                self.canvases.append(canvas)
                tiles.append(picture(canvas, colors, caption, tile_w).split("\n"))
            for i in range(tile_h):
                line = Text(no_wrap=True, overflow="crop")
                for j, tile in enumerate(tiles):
                    if j:
                        line.append(" ")
                    piece = tile[i] if i < len(tile) else Text()
                    line.append_text(piece)
                    line.append(" " * max(0, tile_w - piece.cell_len))
                lines.append(line)
        return Text("\n", no_wrap=True, overflow="crop").join(lines)


    def on_click(self, event: events.Click) -> None:
        """Say which tile was clicked, and where on its plane (None on its caption)."""
        offset = event.get_content_offset(self)
        tile_w, tile_h = self._tile_size
        if offset is None or not tile_w or not tile_h:
            return
        column, x = divmod(offset.x, tile_w + 1)           # tiles side by side, one blank cell between
        row, y = divmod(offset.y, tile_h)
        index = row * self._columns + column
        if x >= tile_w or column >= self._columns or index >= len(self.canvases):
            return
        canvas = self.canvases[index]
        event.stop()
        point = canvas.point_at(x, y) if x < canvas.width and y < canvas.height else None
        self.post_message(self.Clicked(self, index, point))


def picture(canvas: Raster, colors: dict[str, str], caption: Text | str = "", width: int | None = None) -> Text:
    """The raster as text; `colors` maps its colour keys ("contour", "mark", a path's) to Rich styles."""
    text = Text(no_wrap=True, overflow="crop")
    for i, line in enumerate(canvas.cells()):
        if i:
            text.append("\n")
        for char, key in line:
            text.append(char, style=colors.get(key, key) if key else "")
    if caption:
        piece = caption if isinstance(caption, Text) else Text(caption, style=colors.get("caption", "dim"))
        for line in lines_of(piece):
            if width is not None:
                line.truncate(width, overflow="ellipsis")
            text.append("\n")
            text.append_text(line)
    return text
