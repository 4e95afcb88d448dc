"""The presenter's comparison in figures: its runs' table and the batch-norm grid's cells.

A follower trains nothing, so its comparison pane has no results of its own to list. Its curves come
with the presenter's run (`workbench.classroom.run.Series`: the runs the curves view shows); the rest
comes as figures with the position (`workbench.classroom.figures`): each finished run's row of the table
(its name, final training and test accuracy, best epoch, seconds, and how it ended) and, for a grid,
each run's training accuracy by epoch, thinned to the CELL_POINTS dots a cell of the grid is at most
wide. Why a run ended early, in words (its diagnosis), stays on the presenter's screen; the follower says
so where the presenter's table says it. Reading checks every field: at most MAX_RUNS runs, names short
and printable, accuracies fractions, counts whole, each list bounded.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from workbench.classroom.figures import MAX_SECONDS, BadFigures, count, number
from workbench.classroom.run import MAX_LEADER, thinned

MAX_RUNS = 32
"""The batch-norm grid's 16 weight scales, with and without batch normalization."""
CELL_POINTS = 24
"""The most epochs of a grid cell's chart: a cell is at most 11 characters, 22 braille dots, wide."""
ENDS = ("", "warned", "stopped", "non-finite", "not-learning")
"""How a run ended: "" at its end, "warned" at its end but not learning, or stopped early (and why)."""
MAX_EPOCHS = 10 ** 6


@dataclass(frozen=True)
class CompareRow:
    """One finished run as the runs' table lists it: `run` its index in the plan (its colour, its cell)."""

    run: int
    name: str
    train: float | None
    test: float | None
    best_epoch: int
    seconds: float
    end: str = ""

    def to_json(self) -> list:
        return [self.run, self.name, self.train, self.test, self.best_epoch, self.seconds, self.end]


@dataclass(frozen=True)
class CompareSummary:
    """The presenter's comparison of `runs` runs: the finished ones' rows, and for a grid (runs of
    `epochs` epochs) each run's training accuracy at the epochs `cell_epochs` spreads over it."""

    KIND = "compare"
    runs: int
    rows: tuple[CompareRow, ...] = ()
    epochs: int = 0
    """A grid run's epochs; 0 for a comparison without a grid (no cells)."""
    cells: tuple[tuple[float | None, ...], ...] = ()
    """Each run's training accuracy (None where not finite) at the epochs `cell_epochs(epochs)`, in the
    plan's order, as far as it got."""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "runs": self.runs, "rows": [row.to_json() for row in self.rows],
                "epochs": self.epochs, "cells": [list(cell) for cell in self.cells]}

    @classmethod
    def of(cls, runs: int, results, grid_epochs: int = 0, accuracies=None) -> "CompareSummary":
        """A summary from a comparison's finished runs (`workbench.models.compare.RunResult`) and, for a
        grid of runs of `grid_epochs` epochs, each run's (epoch, train, test) accuracies by its index."""
        rows = tuple(CompareRow(int(r.run), _name(r.name), _fraction(r.final_train_acc), _fraction(r.final_test_acc),
                                int(r.best_epoch or 0), round(min(max(float(r.seconds), 0.0), MAX_SECONDS), 1)
                                if math.isfinite(r.seconds) else 0.0, _end(r))
                     for r in sorted(results, key=lambda r: r.run))
        cells = ()
        if grid_epochs and accuracies is not None:
            at = cell_epochs(grid_epochs)
            cells = tuple(tuple(_cell_value(points, epoch) for epoch in at if epoch <= len(points))
                          for points in (list(accuracies.get(i) or []) for i in range(runs)))
        return cls(int(runs), rows, int(grid_epochs) if cells else 0, cells)

    @classmethod
    def from_json(cls, data: Any) -> "CompareSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        runs = count(data.get("runs"), "runs", MAX_RUNS)
        raw_rows, raw_cells = data.get("rows", []), data.get("cells", [])
        if not isinstance(raw_rows, list) or len(raw_rows) > runs:
            raise BadFigures("bad rows")
        rows = tuple(_row(raw, runs) for raw in raw_rows)
        if any(a.run >= b.run for a, b in zip(rows, rows[1:])):
            raise BadFigures("rows out of order")
        epochs = count(data.get("epochs", 0), "epochs", MAX_EPOCHS)
        most = len(cell_epochs(epochs))
        if not (isinstance(raw_cells, list) and len(raw_cells) <= runs and (epochs or not raw_cells)
                and all(isinstance(cell, list) and len(cell) <= most for cell in raw_cells)):
            raise BadFigures("bad cells")
        cells = tuple(tuple(number(v, "accuracy", optional=True, high=1.0) for v in cell) for cell in raw_cells)
        return cls(runs, rows, epochs, cells)


def cell_epochs(epochs: int) -> list[int]:
    """The epochs (from 1) a grid cell's chart is drawn at: every one up to CELL_POINTS, else as many
    evenly spread, the first and the last among them."""
    return [index + 1 for index in thinned(epochs, CELL_POINTS)]


def _cell_value(points: list, epoch: int) -> float | None:
    """The training accuracy of `epoch` among a run's (epoch, train, test) points (one an epoch, from 1),
    to 2 decimals (a cell's chart is 16 dots high)."""
    value = float(points[epoch - 1][1])
    return round(min(max(value, 0.0), 1.0), 2) if math.isfinite(value) else None


def _fraction(value: float) -> float | None:
    value = float(value)
    return round(min(max(value, 0.0), 1.0), 4) if math.isfinite(value) else None


def _name(name: Any) -> str:
    text = "".join(c if c.isprintable() else " " for c in str(name))[:MAX_LEADER]
    return text or "?"


def _end(result) -> str:
    if result.stop_reason is None:
        return "warned" if result.warning else ""
    return result.stop_reason if result.stop_reason in ENDS else "stopped"


def _row(raw: Any, runs: int) -> CompareRow:
    if not (isinstance(raw, list) and len(raw) == 7):
        raise BadFigures(f"bad row {raw!r}"[:80])
    run, name, train, test, best, seconds, end = raw
    if not (isinstance(name, str) and 0 < len(name) <= MAX_LEADER and name.isprintable()):
        raise BadFigures("bad run name")
    if end not in ENDS:
        raise BadFigures(f"bad end {end!r}"[:80])
    return CompareRow(count(run, "run", runs - 1), name, number(train, "accuracy", optional=True, high=1.0),
                      number(test, "accuracy", optional=True, high=1.0), count(best, "best epoch", MAX_EPOCHS),
                      number(seconds, "seconds", high=MAX_SECONDS), end)
