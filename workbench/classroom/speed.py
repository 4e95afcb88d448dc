"""The presenter's numerical-versus-backprop measurement in figures, so followers see its timings.

The measurement takes seconds of both cores, so a follower's waits while it follows (forty at once would
time each other), and the presenter's comes with its position (`workbench.classroom.figures`): how far
the numerical gradient is, backprop's median time, each parameter's numerical time and largest
difference, and once done the numerical total and the estimate for the book's network. Reading it
checks every field; the follower's pane then checks the parameters against its own plan.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.classroom.figures import (MAX_ROWS, MAX_SECONDS, BadFigures, count, message, name, number, state)


@dataclass(frozen=True)
class SpeedRow:
    """One parameter measured: the seconds its numerical gradient took, max |numerical − backprop|, and
    the nudges that crossed a ReLU's kink."""

    name: str
    seconds: float
    difference: float
    kinks: int = 0

    def to_json(self) -> list:
        return [self.name, self.seconds, self.difference, self.kinks]


@dataclass(frozen=True)
class SpeedSummary:
    """The presenter's measurement: `state`, the numerical gradient's progress (`done` of `total` losses,
    at `param`), backprop's median of `repeats` runs (`backprop`, None until timed), the rows measured so
    far, and once done the numerical total (`numerical`, over `evaluations` losses) and the book's network
    (`book_parameters`, one loss in `book_loss` and one backprop in `book_backprop` seconds)."""

    KIND = "speed"
    state: str
    done: int = 0
    total: int = 0
    param: str = ""
    backprop: float | None = None
    repeats: int = 0
    rows: tuple[SpeedRow, ...] = ()
    numerical: float | None = None
    evaluations: int = 0
    book_parameters: int = 0
    book_loss: float = 0.0
    book_backprop: float = 0.0
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "state": self.state, "done": self.done, "total": self.total, "param": self.param,
                "backprop": self.backprop, "repeats": self.repeats, "rows": [row.to_json() for row in self.rows],
                "numerical": self.numerical, "evaluations": self.evaluations,
                "book": [self.book_parameters, self.book_loss, self.book_backprop], "message": self.message}

    @classmethod
    def from_json(cls, data: Any) -> "SpeedSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        param = data.get("param", "")
        rows, book = data.get("rows", []), data.get("book", [0, 0.0, 0.0])
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise BadFigures("bad rows")
        if not (isinstance(book, list) and len(book) == 3):
            raise BadFigures("bad book estimate")
        return cls(state(data.get("state")), count(data.get("done", 0), "done"), count(data.get("total", 0), "total"),
                   name(param) if param else "", number(data.get("backprop"), "backprop", optional=True, high=MAX_SECONDS),
                   count(data.get("repeats", 0), "repeats"), tuple(_row(row) for row in rows),
                   number(data.get("numerical"), "numerical", optional=True, high=MAX_SECONDS),
                   count(data.get("evaluations", 0), "evaluations"), count(book[0], "parameters"),
                   number(book[1], "loss time", high=MAX_SECONDS), number(book[2], "backprop time", high=MAX_SECONDS),
                   message(data.get("message", "")))


def _row(raw: Any) -> SpeedRow:
    if not (isinstance(raw, list) and len(raw) == 4):
        raise BadFigures(f"bad row {raw!r}")
    row_name, seconds, difference, kinks = raw
    return SpeedRow(name(row_name), number(seconds, "seconds", high=MAX_SECONDS), number(difference, "difference"),
                    count(kinks, "kinks"))
