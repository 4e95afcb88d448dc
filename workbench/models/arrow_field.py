"""A field of arrows drawn as terminal text: one glyph per grid point, as the book's quiver plot draws −∇f.

A terminal cell is about twice as tall as it is wide, so the layout puts grid points two cells
apart across and one down, which keeps one unit of x₀ as long on screen as one unit of x₁, and
turns each vector into screen directions before it picks a glyph. Two styles: arrow glyphs
(→ ↗ ↑ …, eight directions) and ASCII (> / ^ \\ < v) for terminals without them. A vector's
length is shown by how strong its colour is (the pane's part), and a vector much shorter than the
longest has no arrow, only a dot. (Braille arrows of true length were tried: at two by four dots a
cell their heads are blobs, and their direction could not be read.)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ARROWS = "→↗↑↖←↙↓↘"
ASCII = ">/^\\</v\\"
"""Eight directions counter-clockwise from east: the glyph for each."""
STILL = {"arrows": "·", "ascii": "."}
"""Drawn where the vector is too short to have a direction worth showing."""
SHORT = 0.04
"""Vectors shorter than this share of the longest have no arrow."""
CELL_ASPECT = 2.0
"""A terminal cell's height over its width."""
SPACING = (2, 1)
"""Cells between grid points across and down: a cell is half as wide as it is tall."""
SPARSE = (4, 2)
"""The spacing in a large field, where arrows in every cell would crowd each other."""


@dataclass(frozen=True)
class Layout:
    """Where the grid points sit: `columns`[j] and `rows`[i] are their cells, `x0s`[j] and `x1s`[i] their
    coordinates (x₁ falls from the top row down); `width`×`height` cells in all."""

    x0s: np.ndarray
    x1s: np.ndarray
    columns: np.ndarray
    rows: np.ndarray
    width: int
    height: int
    span: tuple[tuple[float, float], tuple[float, float]]

    def cell_of(self, x0: float, x1: float) -> tuple[int, int]:
        """The (column, row) of the cell that holds the point (x₀, x₁), clamped to the field."""
        (a, b), (c, d) = self.span
        column = round((x0 - a) / (b - a) * (self.width - 1)) if b > a else 0
        row = round((d - x1) / (d - c) * (self.height - 1)) if d > c else 0
        return min(max(column, 0), self.width - 1), min(max(row, 0), self.height - 1)

    def point_at(self, column: int, row: int) -> tuple[float, float]:
        """The (x₀, x₁) a cell stands for."""
        (a, b), (c, d) = self.span
        x0 = a + (b - a) * column / max(self.width - 1, 1)
        x1 = d - (d - c) * row / max(self.height - 1, 1)
        return x0, x1


def layout(span: tuple[tuple[float, float], tuple[float, float]], width: int, height: int,
           spacing: tuple[int, int] = SPACING) -> Layout:
    """The largest grid, points `spacing` cells apart, that fits `width`×`height` cells with x₀ and x₁ at the
    same scale on screen."""
    (a, b), (c, d) = span
    across, down = spacing
    # physical size in cell widths: one row is CELL_ASPECT wide; keep (b − a)/(d − c) on screen
    rows_fit = max(2, (height - 1) // down + 1)
    columns_fit = max(2, (width - 1) // across + 1)
    ratio = (b - a) / (d - c)
    for n_rows in range(rows_fit, 1, -1):
        used_height = (n_rows - 1) * down + 1
        want_width = ratio * (used_height - 1) * CELL_ASPECT + 1
        n_columns = int(round((want_width - 1) / across)) + 1
        if n_columns <= columns_fit:
            break
    else:
        n_rows, n_columns = 2, columns_fit
    n_columns = max(2, min(n_columns, columns_fit))
    # an odd count puts a grid line through the middle of the span (x = 0 for the pane's functions)
    n_rows -= (n_rows % 2 == 0 and n_rows > 2)
    n_columns -= (n_columns % 2 == 0 and n_columns > 2)
    columns = np.arange(n_columns) * across
    rows = np.arange(n_rows) * down
    return Layout(np.linspace(a, b, n_columns), np.linspace(d, c, n_rows), columns, rows,
                  int(columns[-1]) + 1, int(rows[-1]) + 1, span)


def screen_vector(v0: float, v1: float, lay: Layout) -> tuple[float, float]:
    """A vector in (x₀, x₁) units as (right, up) in cell widths on screen."""
    (a, b), (c, d) = lay.span
    right = v0 * (lay.width - 1) / (b - a)
    up = v1 * (lay.height - 1) / (d - c) * CELL_ASPECT
    return right, up


def direction(right: float, up: float) -> int:
    """0 to 7: east, north-east, north, … the nearest of eight directions to (right, up)."""
    return round(math.atan2(up, right) / (math.pi / 4)) % 8


def glyph(right: float, up: float, share: float, style: str) -> str:
    """The character for one vector, `share` being its length over the longest one's."""
    if share < SHORT or (right == 0 and up == 0):
        return STILL[style]
    return (ASCII if style == "ascii" else ARROWS)[direction(right, up)]


def shares(vectors: np.ndarray) -> np.ndarray:
    """Each vector's length over the longest's (0 everywhere for a field of zeros)."""
    lengths = np.hypot(vectors[..., 0], vectors[..., 1])
    longest = float(lengths.max()) if lengths.size else 0.0
    return lengths / longest if longest > 0 else np.zeros_like(lengths)
