"""The presenter's timings in figures, so followers see them: 8.2's layer timings ("Making it fast") and
3.4's one-at-a-time against batched inference (`m`).

Timing DeepConvNet's layers takes a second or more of a core, so a follower's timing waits while it
follows (forty at once would time each other, and every follower's pane stayed empty); the presenter's
comes with its position instead (`workbench.classroom.figures`): each layer's median time in the order
of the forward pass, over how many rounds, on how large a batch. Reading it checks every field; the
follower's pane then checks the layers' names against its own network's, and takes each layer's kind
from there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.classroom.figures import MAX_ROWS, MAX_SECONDS, BadFigures, count, name, number


@dataclass(frozen=True)
class TimingsSummary:
    """The presenter's timings: (layer name, median seconds) in forward order, `rounds` and `batch`."""

    KIND = "layer-times"
    layers: tuple[tuple[str, float], ...]
    rounds: int
    batch: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "layers": [[layer, seconds] for layer, seconds in self.layers],
                "rounds": self.rounds, "batch": self.batch}

    @classmethod
    def from_json(cls, data: Any) -> "TimingsSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        layers = data.get("layers")
        if not isinstance(layers, list) or not 0 < len(layers) <= MAX_ROWS:
            raise BadFigures("bad layers")
        return cls(tuple(_layer(layer) for layer in layers), count(data.get("rounds"), "rounds"),
                   count(data.get("batch"), "batch"))


def _layer(raw: Any) -> tuple[str, float]:
    if not (isinstance(raw, list) and len(raw) == 2):
        raise BadFigures(f"bad layer {raw!r}")
    return name(raw[0]), number(raw[1], "seconds", high=MAX_SECONDS)


@dataclass(frozen=True)
class BatchTimingSummary:
    """The presenter's timing of 3.4's network (`m`): `images` classified one at a time in `one_by_one`
    seconds and `batch_size` at a time in `batched` seconds. A few hundredths of a second of a core, yet
    a heavy job on a follower all the same (it waits while it follows): the presenter's comes instead."""

    KIND = "inference-timing"
    images: int
    batch_size: int
    one_by_one: float
    batched: float

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "images": self.images, "batch_size": self.batch_size,
                "one_by_one": self.one_by_one, "batched": self.batched}

    @classmethod
    def from_json(cls, data: Any) -> "BatchTimingSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        return cls(count(data.get("images"), "images"), count(data.get("batch_size"), "batch size"),
                   number(data.get("one_by_one"), "seconds", high=MAX_SECONDS),
                   number(data.get("batched"), "seconds", high=MAX_SECONDS))
