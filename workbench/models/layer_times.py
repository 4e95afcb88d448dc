"""Section 8.3: where the time of a forward pass goes, layer kind by layer kind.

The book shows the share of each kind of layer in AlexNet's forward pass (most of it convolution)
and concludes that making convolution fast is what matters. Here the same is measured on this
computer, now: a batch of synthetic digits through the book's `DeepConvNet` (He's initial
weights: the time of a layer does not depend on what it has learned), one layer at a time, each
layer's `forward` timed with `time.perf_counter` in every round after one round to warm up, then
the median of the rounds per layer, summed by kind (convolution, pooling, ReLU, Affine, dropout,
and the softmax that turns the last scores into probabilities).

`compute` only builds the network and the batch (cheap, for every change of settings); `run`
measures, as a job. With the `fast` engine the ReLU after a convolution is applied by the
convolution as it writes its output, so its own time is close to nothing, and that time is counted
in the convolution's.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workbench.datasets.synthetic import synthetic_digits
from workbench.models.layer_times_settings import ENGINES, LayerTimesSettings  # noqa: F401 - ENGINES for the pane
from workbench.nn.fast_conv import BlockedConvolution, FastPooling
from workbench.nn.functions import softmax
from workbench.nn.layers import Affine, BatchNormalization, Convolution, Dropout, Pooling, Relu, Sigmoid
from workbench.nn.networks import DeepConvNet

KINDS = ("conv", "pool", "relu", "affine", "dropout", "softmax")
"""The kinds of layer the time is summed by, in the order the book's figure names them."""
SOFTMAX = "Softmax"
"""The name of the last step (softmax of the scores), which is no layer of `layers`."""
CLOCK: Callable[[], float] = time.perf_counter
"""The clock layers are timed with (a test gives a clock of its own, so that a screenshot is stable)."""


def kind_of(layer) -> str:
    """The kind a layer of the library counts as."""
    if isinstance(layer, (Convolution, BlockedConvolution)):
        return "conv"
    if isinstance(layer, (Pooling, FastPooling)):
        return "pool"
    if isinstance(layer, (Relu, Sigmoid)):
        return "relu"
    if isinstance(layer, Affine):
        return "affine"
    if isinstance(layer, (Dropout, BatchNormalization)):
        return "dropout"
    raise ValueError(f"no kind for {type(layer).__name__}")


@dataclass(frozen=True)
class TimingPlan:
    """The network and the batch to time."""

    settings: LayerTimesSettings
    network: DeepConvNet
    x: np.ndarray
    layers: tuple[tuple[str, str], ...]
    """(name, kind) of every step timed, in order, the softmax last."""

    @property
    def steps(self) -> int:
        """Forward passes of single layers to time: every layer, every round, the warm-up included."""
        return len(self.layers) * (self.settings.rounds + 1)


@dataclass(frozen=True)
class LayerTime:
    name: str
    kind: str
    seconds: float
    """The median of the rounds."""


@dataclass(frozen=True)
class LayerTimes:
    """Each layer's median time, and the times summed by kind."""

    layers: tuple[LayerTime, ...]
    rounds: int
    batch: int

    @property
    def total(self) -> float:
        return sum(layer.seconds for layer in self.layers)

    def by_kind(self) -> list[tuple[str, float]]:
        """(kind, seconds) of every kind the network has, the longest first."""
        sums = {kind: 0.0 for kind in KINDS if any(layer.kind == kind for layer in self.layers)}
        for layer in self.layers:
            sums[layer.kind] += layer.seconds
        return sorted(sums.items(), key=lambda item: -item[1])

    def share(self, kind: str) -> float:
        total = self.total
        return dict(self.by_kind()).get(kind, 0.0) / total if total > 0 else 0.0


def batch_of(size: int, seed: int) -> np.ndarray:
    """`size` synthetic digits as DeepConvNet reads them: (N, 1, 28, 28) float32 in [0, 1]."""
    (images, _), _ = synthetic_digits(size, 0, seed=seed)
    return (images.reshape(size, 1, 28, 28) / np.float32(255)).astype(np.float32)


def compute(s: LayerTimesSettings) -> TimingPlan:
    """Build DeepConvNet with the engine asked for, and the batch; nothing is timed yet."""
    network = DeepConvNet(conv=s.engine, rng=s.seed)
    layers = tuple((name, kind_of(layer)) for name, layer in network.layers.items()) + ((SOFTMAX, "softmax"),)
    return TimingPlan(s, network, batch_of(s.batch, s.seed), layers)


def forward_once(plan: TimingPlan, clock: Callable[[], float],
                 after_layer: Callable[[], None] | None = None) -> list[float]:
    """One forward pass in test mode (dropout scales instead of dropping), each layer timed alone:
    the seconds of every step of `plan.layers`. `after_layer` runs after each, untimed (a job's
    checkpoint)."""
    times = []
    x = plan.x
    for layer in plan.network.layers.values():
        start = clock()
        x = layer.forward(x, False) if isinstance(layer, (Dropout, BatchNormalization)) else layer.forward(x)
        times.append(clock() - start)
        if after_layer is not None:
            after_layer()
    start = clock()
    softmax(x)
    times.append(clock() - start)
    if after_layer is not None:
        after_layer()
    return times


def run(plan: TimingPlan, *, on_step: Callable[[int, int], None] | None = None,
        clock: Callable[[], float] | None = None) -> LayerTimes:
    """Time every layer in `rounds` forward passes after one to warm up; the median per layer.

    `on_step(done, total)` after every layer of every pass (it may raise to stop)."""
    clock = clock or CLOCK
    done, total = 0, plan.steps

    def step() -> None:
        nonlocal done
        done += 1
        if on_step is not None:
            on_step(done, total)

    forward_once(plan, clock, step)
    rounds = [forward_once(plan, clock, step) for _ in range(plan.settings.rounds)]
    medians = [statistics.median(column) for column in zip(*rounds)]
    return LayerTimes(tuple(LayerTime(name, kind, seconds) for (name, kind), seconds in zip(plan.layers, medians)),
                      plan.settings.rounds, plan.settings.batch)
