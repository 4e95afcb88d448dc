"""Chapter 3: step, sigmoid and ReLU over an x range, from workbench.nn.functions, and their values at a probe."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.models.activation_settings import LIMIT, ActivationSettings  # noqa: F401 - LIMIT for the pane
from workbench.nn.functions import relu, sigmoid, step_function

FUNCTIONS = {"step": step_function, "sigmoid": sigmoid, "relu": relu}
"""Each name of ActivationSettings' FUNCTION_NAMES → the library's function."""
POINTS = 401


@dataclass(frozen=True)
class ActivationResult:
    """x samples over the range, each shown function's values there, and each at the probe."""

    x: np.ndarray
    curves: dict[str, np.ndarray]
    at_probe: dict[str, float]


def compute(s: ActivationSettings) -> ActivationResult:
    """Evaluate the shown functions with workbench.nn over the range and at the probe."""
    x = np.linspace(s.x_min, s.x_max, POINTS)
    curves = {name: np.asarray(FUNCTIONS[name](x), dtype=np.float64) for name in s.functions}
    at_probe = {name: float(FUNCTIONS[name](np.array([s.probe]))[0]) for name in s.functions}
    return ActivationResult(x, curves, at_probe)


TURN_CELLS = 3
"""How many columns of a plot each curve holds in turn where curves meet (`turns`)."""


def turns(x: np.ndarray, curves: dict[str, np.ndarray], x_limits: tuple[float, float],
          y_limits: tuple[float, float], columns: int, rows: int) -> dict[str, list[tuple[int, int]]]:
    """Where curves drawn on a character plot meet, which one each stretch shows on top.

    A cell holds one colour (without colour, one marker), so a curve drawn later hides the others in the
    cells it shares with them: ReLU, drawn last, hid the step function's y = 0 for every x ≤ 0. Where two
    or three curves fall in one row of cells, they take turns every TURN_CELLS columns, in the order they
    are drawn, so each shows along the stretch. For each curve that holds such a turn, the runs of samples
    (start, stop) to draw again over the others; none on a plot without cells, or with one curve."""
    names = list(curves)
    if len(names) < 2 or columns < 1 or rows < 1:
        return {}
    chunk = cells_of(x, x_limits, 2 * columns) // (2 * TURN_CELLS)     # braille: 2 dots a column, 4 a row
    row = {name: cells_of(curves[name], y_limits, 4 * rows) // 4 for name in names}
    on_top = {name: np.zeros(len(x), dtype=bool) for name in names}
    for c in np.unique(chunk).tolist():     # in each stretch and row of cells, the curves that meet there
        inside = chunk == c
        for cell_row in np.unique(np.concatenate([row[name][inside] for name in names])).tolist():
            meeting = [name for name in names if np.any(row[name][inside] == cell_row)]
            if len(meeting) > 1:
                top = meeting[c % len(meeting)]
                on_top[top] |= inside & (row[top] == cell_row)
    return {name: runs for name in names if (runs := true_runs(on_top[name]))}


def cells_of(values: np.ndarray, limits: tuple[float, float], cells: int) -> np.ndarray:
    """`models.scatter.cell_of` for every value at once (a plot is drawn several times a second)."""
    low, high = limits
    return np.floor(np.round(0.5 + (cells - 1) * (np.asarray(values) - low) / (high - low), 8)).astype(int)


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in `mask` as (start, stop) index pairs."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))
