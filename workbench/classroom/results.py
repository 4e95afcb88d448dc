"""The presenter's training results in figures: the confusion matrix of the epoch its results view shows.

A follower trains nothing, so it has no predictions of its own to count; the presenter's matrix (at
most MAX_CLASSES × MAX_CLASSES counts, a few hundred bytes) comes with its position
(`workbench.classroom.figures`), with the epoch it is of and the classes' names, and the follower's
results view draws it and its most confused pairs as the presenter's does. Reading checks every field:
the matrix square and of whole counts, the names short and printable, one a class.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.classroom.figures import BadFigures, count

MAX_CLASSES = 20
MAX_IMAGES = 10 ** 6
MAX_NAME = 24


@dataclass(frozen=True)
class ResultsSummary:
    """The confusion matrix (rows true, columns predicted) of the presenter's `epoch`, and `names`."""

    KIND = "results"
    epoch: int
    names: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "epoch": self.epoch, "names": list(self.names),
                "matrix": [list(row) for row in self.matrix]}

    @classmethod
    def of(cls, epoch: int, names, matrix) -> "ResultsSummary":
        """A summary from a confusion matrix (an int array) and the classes' names."""
        return cls(int(epoch), tuple(str(name)[:MAX_NAME] for name in names),
                   tuple(tuple(int(n) for n in row) for row in matrix))

    @classmethod
    def from_json(cls, data: Any) -> "ResultsSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        names, matrix = data.get("names"), data.get("matrix")
        if not (isinstance(names, list) and 0 < len(names) <= MAX_CLASSES
                and all(isinstance(n, str) and 0 < len(n) <= MAX_NAME and n.isprintable() for n in names)):
            raise BadFigures("bad class names")
        if not (isinstance(matrix, list) and len(matrix) == len(names)
                and all(isinstance(row, list) and len(row) == len(names) for row in matrix)):
            raise BadFigures("bad confusion matrix")
        return cls(count(data.get("epoch"), "epoch"), tuple(names),
                   tuple(tuple(count(n, "count", MAX_IMAGES) for n in row) for row in matrix))
