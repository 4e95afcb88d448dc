"""The presenter's gradient check in figures, so followers see its table and map without checking.

The check comes with the presenter's position (`workbench.classroom.figures`): how far it is, each
parameter's figures as its table row shows them (max and mean relative error, kinks, entries left out,
seconds), how the check was run (ε, dropout held, time, the worst entry's a and n), and the map of the
parameter the presenter's map shows (|a − n| per cell). Reading it checks every field; the follower's
pane then checks it against its own plan (`workbench.models.gradcheck_shared`): the same parameters,
the map's cells of the same shape.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from workbench.classroom.figures import (MAX_NUMBER, MAX_ROWS, MAX_SECONDS, BadFigures, count as _count,
                                         message as _message, name as _name, number as _number, state as _state)

PHASES = ("table", "map")
MAX_MAP_ROWS, MAX_MAP_COLUMNS = 24, 32
"""A map's most cells (`workbench.models.gradcheck.MAP_ROWS`, `MAP_COLUMNS`)."""
MAX_DIMENSIONS = 4
MAP_DIGITS = 3
"""Significant digits of a map's cells (its colours need fewer); its largest cell goes whole, as its
legend writes it."""


@dataclass(frozen=True)
class CheckRow:
    """One parameter's row: its name, max and mean relative error (None: nothing was judged, NaN on
    the presenter's side), its kinks and the entries left out, and its time."""

    name: str
    max_error: float | None
    mean_error: float | None
    kinks: int = 0
    left_out: int = 0
    seconds: float = 0.0

    def to_json(self) -> list:
        return [self.name, self.max_error, self.mean_error, self.kinks, self.left_out, self.seconds]


@dataclass(frozen=True)
class WorstEntry:
    """The entry of the whole check that differs most: its parameter and index, a, n and the error."""

    name: str
    index: tuple[int, ...]
    analytic: float | None
    numeric: float | None
    error: float

    def to_json(self) -> list:
        return [self.name, list(self.index), self.analytic, self.numeric, self.error]


@dataclass(frozen=True)
class CheckMap:
    """|a − n| over one parameter, a cell per checked entry, row by row (None where a kink left it
    out), and the largest |a| its colours are relative to."""

    name: str
    scale: float
    values: tuple[tuple[float | None, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "scale": self.scale, "values": [list(row) for row in self.values]}


@dataclass(frozen=True)
class CheckSummary:
    """The presenter's check: `state`, the `phase` under way (`done` of `total` entries, at `param`),
    the rows checked so far, and once the table is done the report's figures (`floor`, `dropout`,
    `seconds`, `worst`); the `map` its screen shows, if any; a failure's `message`."""

    KIND = "gradcheck"
    state: str
    rows: tuple[CheckRow, ...] = ()
    phase: str = "table"
    done: int = 0
    total: int = 0
    param: str = ""
    finished: bool = False
    """Whether the table is done (the report's figures below are then its own)."""
    floor: float | None = None
    dropout: bool = False
    seconds: float = 0.0
    worst: WorstEntry | None = None
    map: CheckMap | None = None
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "state": self.state, "phase": self.phase, "done": self.done, "total": self.total,
                "param": self.param, "rows": [row.to_json() for row in self.rows], "finished": self.finished,
                "floor": self.floor, "dropout": self.dropout, "seconds": self.seconds,
                "worst": None if self.worst is None else self.worst.to_json(),
                "map": None if self.map is None else self.map.to_json(), "message": self.message}

    @classmethod
    def from_json(cls, data: Any) -> "CheckSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        state, phase = _state(data.get("state")), data.get("phase", "table")
        if phase not in PHASES:
            raise BadFigures(f"bad phase {phase!r}")
        done, total = _count(data.get("done", 0), "done"), _count(data.get("total", 0), "total")
        param = data.get("param", "")
        if param != "":
            _name(param)
        rows = data.get("rows", [])
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise BadFigures("bad rows")
        finished, dropout = data.get("finished", False), data.get("dropout", False)
        if not isinstance(finished, bool) or not isinstance(dropout, bool):
            raise BadFigures("bad flag")
        message = _message(data.get("message", ""))
        return cls(state, tuple(_row(row) for row in rows), phase, done, total, param, finished,
                   _number(data.get("floor"), "floor", optional=True), dropout,
                   _number(data.get("seconds", 0.0), "seconds", high=MAX_SECONDS),
                   _worst(data.get("worst")), _map(data.get("map")), message)


def rounded_map(name: str, scale: float, values: Any) -> CheckMap:
    """A map's cells (rows of |a − n|, NaN where left out) to MAP_DIGITS significant digits, its
    largest cell whole and every other kept below it, so the follower finds the same largest cell."""
    flat = [float(v) for row in values for v in row]
    finite = [v for v in flat if math.isfinite(v)]
    top = max(finite) if finite else None
    below = math.nextafter(top, -math.inf) if top is not None else None
    rows, kept = [], False
    for row in values:
        cells = []
        for v in map(float, row):
            if not math.isfinite(v):
                cells.append(None)
            elif v == top and not kept:
                cells.append(v)
                kept = True
            else:
                cells.append(min(float(f"{v:.{MAP_DIGITS}g}"), below))
        rows.append(tuple(cells))
    return CheckMap(name, float(scale) if math.isfinite(scale) else 0.0, tuple(rows))


# -- reading -----------------------------------------------------------------------------------------

def _row(raw: Any) -> CheckRow:
    if not (isinstance(raw, list) and len(raw) == 6):
        raise BadFigures(f"bad row {raw!r}")
    name, max_error, mean_error, kinks, left_out, seconds = raw
    return CheckRow(_name(name), _number(max_error, "error", optional=True),
                    _number(mean_error, "error", optional=True), _count(kinks, "kinks"),
                    _count(left_out, "left out"), _number(seconds, "seconds", high=MAX_SECONDS))


def _worst(raw: Any) -> WorstEntry | None:
    if raw is None:
        return None
    if not (isinstance(raw, list) and len(raw) == 5 and isinstance(raw[1], list)
            and 0 < len(raw[1]) <= MAX_DIMENSIONS):
        raise BadFigures("bad worst entry")
    name, index, a, n, error = raw
    return WorstEntry(_name(name), tuple(_count(i, "index") for i in index),
                      _number(a, "a", optional=True, low=-MAX_NUMBER), _number(n, "n", optional=True, low=-MAX_NUMBER),
                      _number(error, "error"))


def _map(raw: Any) -> CheckMap | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise BadFigures("bad map")
    values = raw.get("values")
    if not (isinstance(values, list) and 0 < len(values) <= MAX_MAP_ROWS
            and all(isinstance(row, list) and 0 < len(row) <= MAX_MAP_COLUMNS and len(row) == len(values[0])
                    for row in values)):
        raise BadFigures("bad map cells")
    rows = tuple(tuple(_number(v, "cell", optional=True) for v in row) for row in values)
    return CheckMap(_name(raw.get("name")), _number(raw.get("scale"), "scale"), rows)
