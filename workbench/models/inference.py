"""Chapter 3.6: a trained network classifies the test set, one batch at a time, as the book's code does.

`forward` is the book's `predict(network, x)` on the network's own `params`: three products, two
sigmoids and a softmax, keeping every intermediate array so the pane can print their real shapes.
The same lines take one image x (784,) or a batch X (N, 784): only the first axis grows.
`batch_view` runs one batch, `accuracy_in_batches` the book's loop over the whole test set, and
`time_inference` measures why batches are faster.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from workbench.models.inference_settings import InferenceSettings
from workbench.models.trained import SIZES
from workbench.nn.functions import sigmoid, softmax

LAYERS = len(SIZES) - 1
ORDER = ("x", "W1", "b1", "a1", "z1", "W2", "b2", "a2", "z2", "W3", "b3", "a3", "y", "p")
"""Every array of the forward pass, in the order the book's predict() makes them."""


@dataclass(frozen=True)
class InferencePlan:
    """The shapes the forward pass will have, worked out from the network's sizes before it runs."""

    settings: InferenceSettings
    shapes: Mapping[str, tuple[int, ...]]


def planned_shapes(batch_size: int, sizes: tuple[int, ...] = SIZES) -> dict[str, tuple[int, ...]]:
    """Name → shape for a batch of `batch_size` through a network of `sizes` (x, W1, b1, a1, …)."""
    shapes: dict[str, tuple[int, ...]] = {"x": (batch_size, sizes[0])}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        shapes[f"W{i}"], shapes[f"b{i}"], shapes[f"a{i}"] = (n_in, n_out), (n_out,), (batch_size, n_out)
        if i < len(sizes) - 1:
            shapes[f"z{i}"] = (batch_size, n_out)
    shapes["y"], shapes["p"] = (batch_size, sizes[-1]), (batch_size,)
    return shapes


def compute(settings: InferenceSettings) -> InferencePlan:
    """The plan for these settings; the arrays themselves come once the network is ready."""
    return InferencePlan(settings, planned_shapes(settings.batch_size))


def forward(params: Mapping[str, np.ndarray], x: np.ndarray) -> dict[str, np.ndarray]:
    """The book's predict(): a1 = x·W1 + b1, z1 = sigmoid(a1), …, y = softmax(a3); every array by name."""
    arrays: dict[str, np.ndarray] = {"x": x}
    z = x
    for i in range(1, LAYERS + 1):
        W, b = params[f"W{i}"], params[f"b{i}"]
        arrays[f"W{i}"], arrays[f"b{i}"] = W, b
        a = np.dot(z, W) + b
        arrays[f"a{i}"] = a
        if i < LAYERS:
            z = arrays[f"z{i}"] = sigmoid(a)
    arrays["y"] = softmax(a)
    arrays["p"] = np.argmax(arrays["y"], axis=-1)
    return arrays


def batch_count(n: int, batch_size: int) -> int:
    """How many batches of `batch_size` cover n images (the last may be short)."""
    return max(1, math.ceil(n / batch_size))


@dataclass(frozen=True)
class BatchView:
    """One batch through the network: every array of the forward pass, the labels and the verdict."""

    index: int
    """0-based, within range."""
    count: int
    start: int
    arrays: Mapping[str, np.ndarray]
    labels: np.ndarray
    correct: int

    @property
    def predicted(self) -> np.ndarray:
        return self.arrays["p"]

    @property
    def size(self) -> int:
        return len(self.labels)

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        """Name → shape of the real arrays, as the pane prints them."""
        return {name: tuple(self.arrays[name].shape) for name in ORDER}


def batch_view(params: Mapping[str, np.ndarray], x: np.ndarray, t: np.ndarray, batch_size: int,
               index: int) -> BatchView:
    """Batch `index` (clamped to the last) of `x`, `batch_size` images, through the network."""
    count = batch_count(len(x), batch_size)
    index = min(max(index, 0), count - 1)
    start = index * batch_size
    x_batch, t_batch = x[start:start + batch_size], t[start:start + batch_size]
    arrays = forward(params, x_batch)
    return BatchView(index, count, start, arrays, t_batch, int(np.sum(arrays["p"] == t_batch)))


@dataclass(frozen=True)
class Accuracy:
    correct: int
    total: int
    batches: int

    @property
    def fraction(self) -> float:
        return self.correct / self.total if self.total else 0.0


def accuracy_in_batches(params: Mapping[str, np.ndarray], x: np.ndarray, t: np.ndarray, batch_size: int, *,
                        progress: Callable[..., None] | None = None,
                        checkpoint: Callable[[], None] | None = None) -> Accuracy:
    """The book's loop: for each batch, predict, take argmax per row and count the matches."""
    correct, count = 0, batch_count(len(x), batch_size)
    for i, start in enumerate(range(0, len(x), batch_size), start=1):
        p = forward(params, x[start:start + batch_size])["p"]
        correct += int(np.sum(p == t[start:start + batch_size]))
        if progress is not None:
            progress(i, count, correct=correct, seen=min(start + batch_size, len(x)))
        if checkpoint is not None:
            checkpoint()
    return Accuracy(correct, len(x), count)


@dataclass(frozen=True)
class Timing:
    """Seconds to classify the same images one at a time and `batch_size` at a time."""

    images: int
    batch_size: int
    one_by_one: float
    batched: float

    @property
    def speedup(self) -> float:
        return self.one_by_one / self.batched if self.batched > 0 else math.inf


TIMING_ROUNDS = 3
"""Rounds of both loops `time_inference` runs, keeping each loop's fastest."""


def time_inference(params: Mapping[str, np.ndarray], x: np.ndarray, batch_size: int, *,
                   checkpoint: Callable[[], None] | None = None, rounds: int = TIMING_ROUNDS) -> Timing:
    """Time the book's two loops over `x`: x[i] of shape (784,) one by one, then in batches; each loop's
    fastest of `rounds` rounds, taken in turn. Timed once, the loop that ran first paid for a cold start
    (and a busy computer's pauses): in batches of 1, the same work, read "2× faster"."""
    one_by_one = batched = math.inf
    for _ in range(rounds):
        started = time.perf_counter()
        for i in range(len(x)):
            forward(params, x[i])
            if checkpoint is not None and i % 256 == 0:
                checkpoint()
        one_by_one = min(one_by_one, time.perf_counter() - started)
        started = time.perf_counter()
        for start in range(0, len(x), batch_size):
            forward(params, x[start:start + batch_size])
        batched = min(batched, time.perf_counter() - started)
    return Timing(len(x), batch_size, one_by_one, batched)
