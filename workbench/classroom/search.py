"""The presenter's hyper-parameter search in figures, so followers see its scatter without training.

A follower's search waits while it follows (forty followers must not all train trials at once), so the
presenter's trials come with its position (`workbench.classroom.figures`): the ranges and epochs the
search drew from, and each trial as its scatter and its best-five table show it (its number, seed,
learning rate, weight decay, validation and training accuracy), the best five with their validation
curves (thinned). At most MAX_TRIALS trials go: the best five and others evenly spread over the rest,
so a search of a thousand trials stays near 20 KB. Reading checks every field (numbers finite and in
range, counts whole, lists bounded); the follower's pane draws them as its own.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from workbench.classroom.figures import BadFigures, count, number
from workbench.classroom.run import thinned

MAX_TRIALS = 300
MAX_CURVES = 5
"""The best five's validation curves (`workbench.models.search.BEST`)."""
MAX_POINTS = 120
"""The most points of a curve (a trial trains at most 1000 epochs)."""
MAX_RATE = 1e3
MAX_SEED = 2 ** 32
DIGITS = 4
"""Significant digits of a learning rate or weight decay; accuracies go to 4 decimals."""


@dataclass(frozen=True)
class Trial:
    """One trial: its number (from 0), seed, lr, weight decay, final validation and training accuracy
    (None: not a finite number on the presenter's side, a diverged trial), and, for the best five, its
    validation accuracy by epoch as (epoch, accuracy) points."""

    index: int
    seed: int
    lr: float
    weight_decay: float
    val_acc: float | None
    train_acc: float | None
    curve: tuple[tuple[int, float], ...] = ()

    def to_json(self) -> list:
        return [self.index, self.seed, self.lr, self.weight_decay, self.val_acc, self.train_acc,
                [list(point) for point in self.curve]]


@dataclass(frozen=True)
class SearchSummary:
    """The presenter's search: the ranges it drew lr and λ from, its epochs, and its trials."""

    KIND = "search"
    lr_range: tuple[float, float]
    wd_range: tuple[float, float]
    epochs: int
    trials: tuple[Trial, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "lr": list(self.lr_range), "wd": list(self.wd_range), "epochs": self.epochs,
                "trials": [trial.to_json() for trial in self.trials]}

    @classmethod
    def of(cls, lr_range, wd_range, epochs: int, trials, best) -> "SearchSummary":
        """A summary from a search's settings and its trials (`workbench.models.search.TrialResult`),
        `best` the best five of them: rates to DIGITS significant digits, accuracies to 4 decimals."""
        trials = list(trials)
        best_ids = {id(trial) for trial in best}
        others = [trial for trial in trials if id(trial) not in best_ids]
        room = max(MAX_TRIALS - len(best_ids), 0)
        kept = [others[i] for i in thinned(len(others), room)] + list(best)
        kept.sort(key=lambda trial: trial.index)
        return cls(tuple(map(_rate, lr_range)), tuple(map(_rate, wd_range)), int(epochs),
                   tuple(Trial(int(r.index), int(r.seed), _rate(r.lr), _rate(r.weight_decay), _fraction(r.val_acc),
                               _fraction(r.train_acc), _curve(r.val_accs) if id(r) in best_ids else ())
                         for r in kept))

    @classmethod
    def from_json(cls, data: Any) -> "SearchSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        lr_range, wd_range = _range(data.get("lr"), "lr"), _range(data.get("wd"), "weight decay")
        epochs = count(data.get("epochs"), "epochs")
        raw = data.get("trials", [])
        if not isinstance(raw, list) or len(raw) > MAX_TRIALS:
            raise BadFigures("bad trials")
        trials = tuple(_trial(item) for item in raw)
        if sum(1 for trial in trials if trial.curve) > MAX_CURVES:
            raise BadFigures("too many curves")
        return cls(lr_range, wd_range, epochs, trials)


def _rate(value: float) -> float:
    return float(f"{float(value):.{DIGITS}g}")


def _fraction(value: float) -> float | None:
    value = float(value)
    return round(min(max(value, 0.0), 1.0), 4) if math.isfinite(value) else None


def _curve(accuracies) -> tuple[tuple[int, float], ...]:
    """(epoch from 1, accuracy) points, thinned to MAX_POINTS, any not finite left out."""
    points = []
    for i in thinned(len(accuracies), MAX_POINTS):
        value = _fraction(accuracies[i])
        if value is not None:
            points.append((i + 1, value))
    return tuple(points)


# -- reading -----------------------------------------------------------------------------------------

def _range(raw: Any, what: str) -> tuple[float, float]:
    if not (isinstance(raw, list) and len(raw) == 2):
        raise BadFigures(f"bad {what} range")
    low, high = (number(value, what, low=1e-15, high=MAX_RATE) for value in raw)
    if low > high:
        raise BadFigures(f"bad {what} range")
    return low, high


def _trial(raw: Any) -> Trial:
    if not (isinstance(raw, list) and len(raw) == 7 and isinstance(raw[6], list) and len(raw[6]) <= MAX_POINTS):
        raise BadFigures(f"bad trial {raw!r}"[:80])
    index, seed, lr, wd, val_acc, train_acc, points = raw
    curve, last = [], 0
    for point in points:
        if not (isinstance(point, list) and len(point) == 2):
            raise BadFigures("bad curve point")
        epoch = count(point[0], "epoch")
        if epoch <= last:
            raise BadFigures("bad curve epoch")
        curve.append((epoch, number(point[1], "accuracy", high=1.0)))
        last = epoch
    return Trial(count(index, "trial"), count(seed, "seed", high=MAX_SEED), number(lr, "lr", low=1e-15, high=MAX_RATE),
                 number(wd, "weight decay", low=1e-15, high=MAX_RATE), number(val_acc, "accuracy", optional=True, high=1.0),
                 number(train_acc, "accuracy", optional=True, high=1.0), tuple(curve))
