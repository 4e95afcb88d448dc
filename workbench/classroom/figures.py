"""What a presenter's pane computed, sent so that its followers show it without computing it again.

A follower's heavy jobs wait while it follows (forty followers must not all measure or check at once on
the presenter's computer), so a pane whose numbers come from such a job shares them with its position
instead: the gradient check's table and map (`workbench.classroom.check`), the numerical-versus-backprop
timings (`workbench.classroom.speed`), the layer and batch timings (`workbench.classroom.timings`), the
float16 measurement (`workbench.classroom.rounding`), a hyper-parameter search's trials
(`workbench.classroom.search`), the confusion matrix of a training run's epoch (`workbench.classroom.results`),
a comparison's table and grid (`workbench.classroom.compare`).
Each kind writes itself as JSON with its `kind`; `read` gives back the one `data` describes. Like the
rest of a position they cross the network, so reading checks every field (names short plain words,
numbers finite and in range, lists bounded) and raises BadFigures for anything else; the follower's
pane then checks them against what it shows itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

STATES = ("running", "finished", "cancelled", "failed")
"""A job under way, or how it ended (a job's reasons)."""
PARAM = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
"""A parameter's name: W1, b7, gamma2."""
KIND = re.compile(r"[a-z][a-z0-9-]{0,31}")
"""A kind of figures: gradcheck, speed, search."""
MAX_COUNT = 10 ** 9
MAX_NUMBER = 1e300
MAX_SECONDS = 1e7
MAX_ROWS = 64
"""The most parameters a network's figures carry (DeepConvNet has 16)."""
MAX_MESSAGE = 200


class BadFigures(ValueError):
    """Figures that do not read as any pane's (a follower ignores the position that carries them)."""


def read(data: Any):
    """The figures `data` describes (a CheckSummary, SpeedSummary, SearchSummary, ResultsSummary,
    CompareSummary, TimingsSummary, BatchTimingSummary or RoundingSummary, by its `kind`); BadFigures else."""
    from workbench.classroom.check import CheckSummary
    from workbench.classroom.compare import CompareSummary
    from workbench.classroom.results import ResultsSummary
    from workbench.classroom.rounding import RoundingSummary
    from workbench.classroom.search import SearchSummary
    from workbench.classroom.speed import SpeedSummary
    from workbench.classroom.timings import BatchTimingSummary, TimingsSummary

    kinds = {kind.KIND: kind for kind in (CheckSummary, SpeedSummary, SearchSummary, ResultsSummary, CompareSummary,
                                          TimingsSummary, BatchTimingSummary, RoundingSummary)}
    if not isinstance(data, dict) or data.get("kind") not in kinds:
        raise BadFigures("not a kind of figures")
    return kinds[data["kind"]].from_json(data)


# -- reading one field ---------------------------------------------------------------------------------

def name(value: Any) -> str:
    if not (isinstance(value, str) and PARAM.fullmatch(value)):
        raise BadFigures(f"bad name {value!r}")
    return value


def count(value: Any, what: str, high: int = MAX_COUNT) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise BadFigures(f"bad {what} {value!r}")
    return value


def number(value: Any, what: str, optional: bool = False, low: float = 0.0, high: float = MAX_NUMBER) -> float | None:
    """A finite number in low … high (None where `optional` allows it); NaN fails the range test."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise BadFigures(f"bad {what} {value!r}")
    return float(value)


def state(value: Any) -> str:
    if value not in STATES:
        raise BadFigures(f"bad state {value!r}")
    return value


def message(value: Any) -> str:
    if not (isinstance(value, str) and len(value) <= MAX_MESSAGE and value.isprintable()):
        raise BadFigures("bad message")
    return value


def first_line(text: str) -> str:
    """A failure's message as a follower's status line says it: its first line, printable, cut short."""
    line = text.splitlines()[0] if text else ""
    return "".join(c if c.isprintable() else " " for c in line)[:MAX_MESSAGE]


# -- figures of a later version ------------------------------------------------------------------------

@dataclass(frozen=True)
class NewerFigures:
    """Figures of a `kind` this workbench does not know, which a presenter of a later version shares: its
    follower says in their place that they need an update (`newer`)."""
    kind: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind}


def newer(data: Any) -> NewerFigures | None:
    """NewerFigures where `data` names, as a plain name, a kind of figures that `read` does not know (a
    later version's); None else (no figures, or figures of a known kind that did not read)."""
    kind = data.get("kind") if isinstance(data, dict) else None
    if not (isinstance(kind, str) and KIND.fullmatch(kind)):
        return None
    try:
        read({"kind": kind})
    except BadFigures as exc:
        return NewerFigures(kind) if str(exc) == "not a kind of figures" else None
    return None
