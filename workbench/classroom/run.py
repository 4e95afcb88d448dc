"""The presenter's training run in a few figures, so followers see it without training anything.

While the presenter's pane has a run, its shared position carries what runs (the network's class name
and the data set's id), how far it is (epoch and iteration), the latest figures (smoothed training
loss, training and test accuracy) and whether it runs, is paused, finished or stopped; a comparison
(chapter 6) also how many runs it has, how many are done and which leads. Like the rest
of a position it crosses the network, so reading one checks every field: names are short plain
words, numbers finite, whole where they count and in range; nothing else is kept.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Any

STATES = ("running", "paused", "finished", "stopped", "failed")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,39}")
"""A network's class name or a data set's id."""
MAX_COUNT = 10 ** 9
"""The most epochs or iterations a run may say it has."""
MAX_LOSS = 1e6
COUNTS = ("epoch", "epochs", "iteration", "iterations", "runs", "runs_done")
MAX_LEADER = 40
"""The most characters of a comparison's leading run's name ("Adam", "std=0.01")."""
FRACTIONS = ("train_acc", "test_acc")


class BadRun(ValueError):
    """A run summary that does not read as one."""


@dataclass(frozen=True)
class RunSummary:
    """A run of `network` on `dataset`: epoch `epoch` of `epochs` (the one under way while running, the
    last finished one after), iteration `iteration` of `iterations`, the smoothed training `loss` and
    the last epoch's accuracies (fractions), each None until measured."""

    network: str
    dataset: str
    state: str
    epoch: int = 0
    epochs: int = 0
    iteration: int = 0
    iterations: int = 0
    loss: float | None = None
    train_acc: float | None = None
    test_acc: float | None = None
    runs: int = 0
    """A comparison's number of runs (0 for a single run); its iterations count all runs'."""
    runs_done: int = 0
    leader: str = ""
    """A comparison's best run so far by test accuracy (which `test_acc` is then), by its name."""

    @classmethod
    def rounded(cls, network: str, dataset: str, state: str, **figures: Any) -> "RunSummary":
        """A summary from a pane's own figures: counts made whole, a loss to 4 significant digits and
        accuracies to 4 decimals (enough to show, short to send), a figure that is not finite dropped."""
        values: dict[str, Any] = {}
        for name, value in figures.items():
            if value is None:
                continue
            if name == "leader":
                values[name] = str(value)[:MAX_LEADER]
            elif name in COUNTS:
                values[name] = int(value)
            elif math.isfinite(float(value)):
                values[name] = float(f"{float(value):.4g}") if name == "loss" else round(float(value), 4)
        return cls(network, dataset, state, **values)

    def to_json(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}

    @classmethod
    def from_json(cls, data: Any) -> "RunSummary":
        """The summary `data` describes; BadRun for anything else."""
        if not isinstance(data, dict):
            raise BadRun("not an object")
        network, dataset, state = data.get("network"), data.get("dataset"), data.get("state")
        for name in (network, dataset):
            if not (isinstance(name, str) and WORD.fullmatch(name)):
                raise BadRun(f"bad name {name!r}")
        if state not in STATES:
            raise BadRun(f"bad state {state!r}")
        values: dict[str, Any] = {}
        for name in COUNTS:
            value = data.get(name, 0)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
                raise BadRun(f"bad {name} {value!r}")
            values[name] = value
        for name, high in (("loss", MAX_LOSS), *((name, 1.0) for name in FRACTIONS)):
            value = data.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= high:
                raise BadRun(f"bad {name} {value!r}")     # NaN fails the range test too
            values[name] = float(value)
        leader = data.get("leader", "")
        if not (isinstance(leader, str) and len(leader) <= MAX_LEADER and leader.isprintable()):
            raise BadRun(f"bad leader {leader!r}")
        return cls(network, dataset, state, **values, leader=leader)
