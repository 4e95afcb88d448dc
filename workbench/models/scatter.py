"""Where a scatter's kinds of points fall in one cell of a character plot, and the marker that says so.

A character cell holds one marker, so a point drawn later hides one drawn earlier in the same cell: one
of a search's best five hid another trial there. Such a cell shows BOTH, which the legend then names.
The app's search scatter finds those cells by `shared_cells`, placing points as plotext does; the
console's, drawn without colour, finds the same by laying each kind's picture over the others
(`commands._console.laid_over`). Both draw BOTH and name it "both in one place", and both mark each
group of trials with its own marker (BEST_MARKER, OTHER_MARKER, LOWER_MARKER), colour or none.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

BOTH = "◉"
"""The marker of a cell where points of two kinds fall (either's marker hid the other)."""

BEST_MARKER = "●"
"""The marker of a search's best five trials, in the console's chart and the app's scatter."""
OTHER_MARKER = "•"
"""The marker of the upper half of the other trials (`models.search.scatter_groups` splits them at their
own median), in the console's chart and the app's scatter."""
LOWER_MARKER = "○"
"""The marker of the lower half of the other trials: a hollow circle for the worse half (a "·" drawn in
their faded colour could hardly be seen). Each group has its own marker, so the groups are told apart
without colour (NO_COLOR) and in ASCII (O, * and o)."""

CHOSEN_MARKER = "■"
"""The marker of the trial a learner chose in the app's scatter (a click on its point or its row), drawn
over every other in the foreground's colour: a shape of its own, so it stands out without colour too
(ASCII "#")."""


def cell_of(value: float, limits: tuple[float, float], cells: int) -> int:
    """The cell, 0 to `cells` − 1, that a plot spanning `limits` over `cells` cells draws `value` in, as
    plotext places a point (the nearest cell centre: half a cell's margin at each end)."""
    low, high = limits
    return math.floor(round(0.5 + (cells - 1) * (value - low) / (high - low), 8))


def shared_cells(kinds: Sequence[tuple[Sequence[float], Sequence[float]]], x_limits: tuple[float, float],
                 y_limits: tuple[float, float], columns: int, rows: int) -> list[tuple[float, float, int]]:
    """The cells where points of more than one kind fall, on a plot of `columns` × `rows` cells spanning
    `x_limits` × `y_limits`, from the kinds' (xs, ys) in the order they are drawn: for each such cell, a
    point of the last kind found there (the one drawn on top) as (x, y, kind), where BOTH goes. None on
    a plot not laid out yet (no cells)."""
    if columns < 1 or rows < 1:
        return []
    found: dict[tuple[int, int], dict[int, tuple[float, float]]] = {}
    for kind, (xs, ys) in enumerate(kinds):
        for x, y in zip(xs, ys):
            cell = (cell_of(x, x_limits, columns), cell_of(y, y_limits, rows))
            found.setdefault(cell, {})[kind] = (x, y)
    return [(*held[top], top) for held in found.values() if len(held) > 1 for top in (max(held),)]
