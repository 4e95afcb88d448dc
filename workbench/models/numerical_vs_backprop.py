"""Sections 4.5 and 5.7: one iteration's gradient of TwoLayerNet computed numerically and by backprop,
on the same batch, timed side by side.

The numerical gradient nudges every parameter in turn by ±h and evaluates the loss twice for each:
2 × (number of parameters) forward passes. Backprop gets every entry from one forward and one
backward pass. The book's TwoLayerNet(784, 50, 10) has 39,760 parameters, so its numerical gradient
costs 79,520 losses of a batch of 100 per iteration, which is why the book's section 4.5 training
takes so long and chapter 5 exists. To keep the measurement to seconds on a small machine, the
network measured here is smaller (784 inputs, 20 hidden units and a batch of 10 by default:
15,910 parameters, a second or two); the run ends by timing one loss and one backprop of the book's size and
estimating what its numerical gradient would take.

`compute` only builds the network and its batch (cheap, for every change of settings);
`run_comparison` measures, as a job, reporting every loss evaluation so it can show progress and
stop when cancelled (the parameter being nudged is restored by `numerical_gradient`).
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass

import numpy as np

from workbench.datasets.synthetic import synthetic_digits
from workbench.models.numerical_vs_backprop_settings import SpeedSettings
from workbench.nn.functions import softmax
from workbench.nn.gradient import numerical_gradient
from workbench.nn.kinks import kink_state, same_side
from workbench.nn.networks import TwoLayerNet

INPUT_SIZE, OUTPUT_SIZE = 784, 10
WEIGHT_INIT = "relu"
"""He's scale, as training uses: the book's 0.01 puts many ReLU inputs within h of zero (see kinks)."""
BOOK_HIDDEN, BOOK_BATCH = 50, 100
"""The book's TwoLayerNet(784, 50, 10) and its batch of 100 (section 4.5)."""
DTYPES = {"float64": np.float64, "float32": np.float32}
"""Each of SpeedSettings' DTYPE_NAMES → its NumPy type."""
H = 1e-4
"""The book's h."""
BACKPROP_BUDGET = 0.2
"""Seconds spent timing backprop (it is repeated, since one run takes well under a millisecond)."""
BACKPROP_REPEATS = 200
BOOK_BUDGET = 0.15
BOOK_REPEATS = 50
"""Seconds and runs at most spent timing each of the book-size loss and backprop."""


@dataclass(frozen=True)
class ParamRow:
    """One parameter of the network: its name, shape and size."""

    name: str
    shape: tuple[int, ...]
    size: int


@dataclass(frozen=True)
class SpeedPlan:
    """A network and a batch ready to measure, and what the numerical gradient will cost."""

    settings: SpeedSettings
    network: TwoLayerNet
    x: np.ndarray
    t: np.ndarray
    rows: tuple[ParamRow, ...]

    @property
    def parameters(self) -> int:
        return sum(row.size for row in self.rows)

    @property
    def evaluations(self) -> int:
        """Loss evaluations the numerical gradient needs: two per parameter."""
        return 2 * self.parameters

    @property
    def call(self) -> str:
        return f"TwoLayerNet({INPUT_SIZE}, {self.settings.hidden_size}, {OUTPUT_SIZE})"


@dataclass(frozen=True)
class ParamComparison:
    """One parameter measured: the seconds its numerical gradient took and max |numerical − backprop|."""

    name: str
    shape: tuple[int, ...]
    seconds: float
    largest_difference: float
    kinks: int = 0
    """Nudges that moved a ReLU input across zero: there the central difference is not the slope."""


@dataclass(frozen=True)
class BookEstimate:
    """What the book's TwoLayerNet(784, 50, 10) with a batch of 100 costs: one loss and one backprop
    measured (the median of several), the numerical gradient estimated as 2 × parameters × one loss."""

    parameters: int
    loss_seconds: float
    backprop_seconds: float

    @property
    def numerical_seconds(self) -> float:
        return 2 * self.parameters * self.loss_seconds


@dataclass(frozen=True)
class SpeedRun:
    """Both gradients of one iteration, timed, and how far apart they are."""

    backprop_seconds: float
    """The median of `backprop_repeats` runs of network.gradient(x, t)."""
    backprop_repeats: int
    numerical_seconds: float
    evaluations: int
    params: tuple[ParamComparison, ...]
    book: BookEstimate

    @property
    def ratio(self) -> float:
        return self.numerical_seconds / self.backprop_seconds if self.backprop_seconds > 0 else float("inf")

    @property
    def largest_difference(self) -> float:
        return max(p.largest_difference for p in self.params)

    @property
    def kinks(self) -> int:
        return sum(p.kinks for p in self.params)


def batch(size: int, rng_seed: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """`size` synthetic digits (flattened, scaled to 0..1) and their labels: the same for both gradients."""
    (images, labels), _ = synthetic_digits(size, 0, seed=rng_seed)
    return (images.reshape(size, -1) / 255.0).astype(dtype), labels.astype(np.int64)


def loss_function(plan: SpeedPlan) -> Callable[[], float]:
    """The loss both gradients differentiate, in training mode.

    Backprop's (y − t)/N is the derivative of −Σ log y / N; the book's loss takes log(y + 1e−7),
    whose derivative differs by about 1e−7/y, so by default the numerical side differentiates
    −Σ log y / N too (from the network's own scores and the library's softmax), as the gradient
    check does; `book_delta` keeps the book's loss and shows that difference.
    """
    network, x, t = plan.network, plan.x, plan.t
    if plan.settings.book_delta:
        return lambda: float(network.loss(x, t, train_flg=True))
    rows = np.arange(len(t))

    def exact() -> float:
        y = softmax(network.predict(x, train_flg=True))
        return float(-np.sum(np.log(y[rows, t])) / len(t))
    return exact


def compute(s: SpeedSettings) -> SpeedPlan:
    """Build the network (He's initial weights) and the batch; nothing is measured yet."""
    dtype = DTYPES[s.dtype]
    network = TwoLayerNet(INPUT_SIZE, s.hidden_size, OUTPUT_SIZE, weight_init_std=WEIGHT_INIT, dtype=dtype,
                          rng=s.seed)
    x, t = batch(s.batch_size, s.seed, dtype)
    rows = tuple(ParamRow(name, tuple(p.shape), int(p.size)) for name, p in network.params.items())
    return SpeedPlan(s, network, x, t, rows)


def timed(fn: Callable[[], Any], budget: float, repeats: int) -> tuple[float, int, Any]:
    """(median seconds of one fn(), how many runs were timed, the last result): runs until `repeats`
    runs or `budget` seconds (at least 5 runs). The median, because one run is too quick to time alone
    and a few runs that wait for a core on a busy machine should not decide it."""
    times, result = [], None
    started = time.perf_counter()
    while len(times) < repeats and (len(times) < 5 or time.perf_counter() - started < budget):
        clock = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - clock)
    return statistics.median(times), len(times), result


def time_backprop(network, x, t, budget: float = BACKPROP_BUDGET,
                  repeats: int = BACKPROP_REPEATS) -> tuple[float, int, dict[str, np.ndarray]]:
    """(median seconds of one network.gradient(x, t), how many runs were timed, the gradients in float64)."""
    seconds, runs, grads = timed(lambda: network.gradient(x, t), budget, repeats)
    return seconds, runs, {k: np.array(v, dtype=np.float64) for k, v in grads.items()}


def book_estimate(dtype, rng_seed: int) -> BookEstimate:
    """One loss and one backprop of the book's TwoLayerNet(784, 50, 10) on a batch of 100, timed."""
    network = TwoLayerNet(INPUT_SIZE, BOOK_HIDDEN, OUTPUT_SIZE, weight_init_std=WEIGHT_INIT, dtype=dtype,
                          rng=rng_seed)
    x, t = batch(BOOK_BATCH, rng_seed, dtype)
    loss, _, _ = timed(lambda: network.loss(x, t, train_flg=True), BOOK_BUDGET, BOOK_REPEATS)
    backprop, _, _ = time_backprop(network, x, t, budget=BOOK_BUDGET, repeats=BOOK_REPEATS)
    parameters = sum(int(p.size) for p in network.params.values())
    return BookEstimate(parameters, loss, backprop)


def run_comparison(plan: SpeedPlan, *, on_backprop: Callable[[float, int], None] | None = None,
                   on_evaluation: Callable[[int, int, str], None] | None = None,
                   on_param: Callable[[ParamComparison], None] | None = None) -> SpeedRun:
    """Time backprop, then the numerical gradient parameter by parameter, and compare them.

    `on_backprop(seconds, repeats)` is called once backprop is timed, `on_evaluation(done, total,
    name)` after every loss the numerical gradient evaluates, `on_param(comparison)` after each
    parameter; any of them may raise to stop (the nudged entry is put back first).
    """
    network, x, t = plan.network, plan.x, plan.t
    backprop_seconds, repeats, backprop = time_backprop(network, x, t)
    if on_backprop is not None:
        on_backprop(backprop_seconds, repeats)
    total, done, crossed = plan.evaluations, 0, 0
    compared = []
    numerical_seconds = 0.0
    loss_of = loss_function(plan)
    loss_of()
    unnudged = kink_state(network)
    for name, param in network.params.items():
        crossed = 0

        def loss(_, name=name) -> float:
            nonlocal done, crossed
            value = loss_of()
            done += 1
            crossed += not same_side(network, unnudged)
            if on_evaluation is not None:
                on_evaluation(done, total, name)
            return value

        clock = time.perf_counter()
        grad = numerical_gradient(loss, param, h=H)
        seconds = time.perf_counter() - clock
        numerical_seconds += seconds
        difference = float(np.max(np.abs(grad.astype(np.float64) - backprop[name])))
        comparison = ParamComparison(name, tuple(param.shape), seconds, difference, crossed)
        compared.append(comparison)
        if on_param is not None:
            on_param(comparison)
    book = book_estimate(DTYPES[plan.settings.dtype], plan.settings.seed)
    return SpeedRun(backprop_seconds, repeats, numerical_seconds, done, tuple(compared), book)
