"""The playground: a small network from the library learning a two-class boundary in the plane, live.

    settings = PlaygroundSettings(dataset="circles", hidden=(4, 4), activation="tanh")
    plan = compute(settings)                    # the points and the network's shape (cheap)
    training = Training(plan)                   # the network at its initial weights: epoch 0
    training.run_epoch()                        # the book's loop once over the points
    probabilities = output_field(training.viewer(), grid(40, 40))

The loop is chapter 4's, written out as in the book's train_neuralnet.py: each epoch shuffles the
training points and cuts them into mini-batches; for each batch, `network.gradient` (backpropagation)
and `optimizer.update`; after the epoch, the mean loss and the accuracy on the training points and on
as many test points drawn from the same shape. Every epoch's parameters are kept, so the pane can
step back through them and draw any epoch's boundary. A job (`train_live`) runs epochs at a pace the
learner can watch; `run_epoch` is what the job, a step key and the tests all call.

The boundary is drawn from a second network (`viewer`) holding a record's parameters, never from the
one being trained, whose layers keep their forward values for backward.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field as dataclass_field
from typing import Any

import numpy as np

from workbench.datasets.points import EXTENT, make_points
from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.jobs import JobContext
from workbench.models.playground_settings import (DATASETS, MAX_LAYERS, MAX_UNITS, HiddenLayers,  # noqa: F401
                                                  PlaygroundSettings)
from workbench.nn.functions import softmax
from workbench.nn.plane import PlaneNet
from workbench.nn.trainer import OPTIMIZERS, make_optimizer

TEST_SEED_OFFSET = 1_000_003
"""The test points are drawn with seed + this: the same shape and noise, other points."""
SLICE = 0.01
"""Seconds a paced job sleeps at a time, checking whether it was cancelled."""
MAX_KEPT = 5_000
"""Epochs whose parameters are kept (the oldest are dropped beyond; their numbers stay)."""


# -- the plan ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Points:
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray


@dataclass(frozen=True)
class PlaygroundPlan:
    """The points and the shape of the network the settings describe (cheap to compute)."""

    settings: PlaygroundSettings
    points: Points
    sizes: tuple[int, ...]
    """Units per layer, input to output: (2, 4, 4, 2)."""
    param_count: int

    @property
    def iter_per_epoch(self) -> int:
        return max(self.settings.points // self.settings.batch_size, 1)

    def units(self) -> list[tuple[int, int]]:
        """(layer, unit) of every hidden unit, both 1-based, in the order the `unit` setting counts them."""
        return [(layer, unit) for layer, size in enumerate(self.sizes[1:-1], start=1) for unit in range(1, size + 1)]


def make_data(s: PlaygroundSettings) -> Points:
    x, t_ = make_points(s.dataset, s.points, s.noise, rng=s.seed)
    x_test, t_test = make_points(s.dataset, s.points, s.noise, rng=s.seed + TEST_SEED_OFFSET)
    return Points(x, t_, x_test, t_test)


def build_network(s: PlaygroundSettings) -> PlaneNet:
    return PlaneNet(list(s.hidden), s.activation, rng=s.seed)


def compute(s: PlaygroundSettings) -> PlaygroundPlan:
    sizes = (2, *s.hidden, 2)
    params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    return PlaygroundPlan(s, make_data(s), sizes, params)


# -- training ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EpochRecord:
    """The network after `epoch` epochs (0: its initial weights)."""

    epoch: int
    loss: float
    """The mean loss of the epoch's mini-batches (at epoch 0, the loss on all training points)."""
    train_acc: float
    test_acc: float
    params: dict[str, np.ndarray] | None = dataclass_field(repr=False, default=None)


class Training:
    """One run: the network, its optimizer, the batch order and every epoch's record. `run_epoch` may be
    called from a job's thread or the UI's (never both at once: a lock)."""

    def __init__(self, plan: PlaygroundPlan):
        s = plan.settings
        self.plan = plan
        self.network = build_network(s)
        self.optimizer = make_optimizer(OPTIMIZERS[s.optimizer], {"lr": s.lr})
        self.rng = np.random.default_rng(s.seed)
        self.lock = threading.Lock()
        self.problem: str | None = None
        """Why training cannot go on (the loss became inf or NaN), in words; None while all is well."""
        points = plan.points
        loss = float(self.network.loss(points.x_train, points.t_train))
        self.history: list[EpochRecord] = [self._record(0, loss)]

    @property
    def epoch(self) -> int:
        return self.history[-1].epoch

    @property
    def latest(self) -> EpochRecord:
        return self.history[-1]

    def _record(self, epoch: int, loss: float) -> EpochRecord:
        net, p = self.network, self.plan.points
        params = {key: value.copy() for key, value in net.params.items()}
        return EpochRecord(epoch, loss, net.accuracy(p.x_train, p.t_train), net.accuracy(p.x_test, p.t_test), params)

    def run_epoch(self, between: Callable[[], None] | None = None) -> EpochRecord | None:
        """One epoch of mini-batch gradient descent; the new record, or None when the loss went non-finite
        (the parameters stay those of the last finite step and `problem` says what to do). `between`
        is called after each step (a job passes one that lets the interface's thread in)."""
        with self.lock:
            if self.problem is not None:
                return None
            s, p, net = self.plan.settings, self.plan.points, self.network
            batch = min(s.batch_size, len(p.x_train))
            order = self.rng.permutation(len(p.x_train))
            losses = []
            with np.errstate(over="ignore", invalid="ignore"):
                for i in range(self.plan.iter_per_epoch):
                    mask = order[i * batch:(i + 1) * batch]
                    grads = net.gradient(p.x_train[mask], p.t_train[mask])
                    loss = float(net.last_loss)
                    if not math.isfinite(loss) or not all(np.isfinite(g).all() for g in grads.values()):
                        self.problem = t("playground.stop.non_finite", epoch=self.epoch + 1, lr=num(s.lr),
                                         lower=num(s.lr / 10))
                        return None
                    self.optimizer.update(net.params, grads)
                    losses.append(loss)
                    if between is not None:
                        between()
            record = self._record(self.epoch + 1, float(np.mean(losses)))
            self.history.append(record)
            if len(self.history) > MAX_KEPT:
                old = self.history[-MAX_KEPT - 1]
                self.history[-MAX_KEPT - 1] = EpochRecord(old.epoch, old.loss, old.train_acc, old.test_acc)
            return record

    def record_at(self, epoch: int) -> EpochRecord:
        """The record of `epoch` (clamped to those run); its params may be None if it is very old."""
        return self.history[min(max(epoch, 0), len(self.history) - 1)]


KEEP_RUNS = 4
"""Runs set aside at most (the oldest goes first): a lesson's other step, another data set or activation."""


class KeptRuns:
    """Runs set aside when the pane moves to other settings or goes away (a lesson's next step, another
    data set, the language switched), by the settings they depend on, so that coming back finds each
    where it was left rather than at epoch 0. Only `r` starts a run again."""

    def __init__(self, keep: int = KEEP_RUNS):
        self._runs: dict[tuple, Training] = {}
        self._keep = keep
        self._lock = threading.Lock()

    def put(self, training: Training) -> None:
        """Set `training` aside (one that has not run an epoch is not worth keeping)."""
        if training.epoch == 0 and training.problem is None:
            return
        with self._lock:
            key = training.plan.settings.training_key
            self._runs.pop(key, None)
            self._runs[key] = training
            while len(self._runs) > self._keep:
                self._runs.pop(next(iter(self._runs)))

    def take(self, plan: PlaygroundPlan) -> Training | None:
        """The run set aside for `plan`'s settings (now holding `plan`), or None."""
        with self._lock:
            training = self._runs.pop(plan.settings.training_key, None)
        if training is not None:
            training.plan = plan
        return training





def train_live(training: Training, ctx: JobContext, until: int, speed: float) -> int:
    """The job: epochs until `until` (or a problem), at most `speed` a second; returns the last epoch.

    Each epoch's record is emitted (the pane draws from `training.history` itself, at its own pace);
    `ctx.checkpoint()` between epochs lets the job be paused and cancelled."""
    interval = 1.0 / speed
    next_at = time.monotonic()
    while training.epoch < until and training.problem is None:
        ctx.checkpoint()
        record = training.run_epoch(between=_let_others_run)
        if record is None:
            break
        ctx.progress(record.epoch, until, loss=record.loss, train_acc=record.train_acc, test_acc=record.test_acc)
        next_at += interval
        if next_at < time.monotonic():
            next_at = time.monotonic()
        while not ctx.cancelled and time.monotonic() < next_at:    # in slices: a pause is felt at once
            time.sleep(max(0.0, min(SLICE, next_at - time.monotonic())))
    return training.epoch


def _let_others_run() -> None:
    """Give up the GIL for a moment: a key pressed while an epoch runs is handled after one mini-batch
    step (a fraction of a millisecond) rather than after Python's 5 ms switch interval."""
    time.sleep(0)


def train_to(plan: PlaygroundPlan, epochs: int) -> Training:
    """A run of `epochs` epochs without a job (for tests, the lessons' quoted numbers and benchmarks)."""
    training = Training(plan)
    while training.epoch < epochs and training.run_epoch() is not None:
        pass
    return training


# -- what the map shows --------------------------------------------------------------------------------

def grid(cols: int, rows: int) -> np.ndarray:
    """(rows·cols, 2) float32: the centre of each pixel of a cols × rows picture of the plane, row by row
    from the top (largest y) down, as the terminal draws it."""
    xs = (np.arange(cols) + 0.5) / cols * 2 * EXTENT - EXTENT
    ys = EXTENT - (np.arange(rows) + 0.5) / rows * 2 * EXTENT
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)


def pixel_of(x: np.ndarray, cols: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(column, row) of the pixel each point of `x` falls in, clipped to the picture."""
    col = np.clip(((x[:, 0] + EXTENT) / (2 * EXTENT) * cols).astype(int), 0, cols - 1)
    row = np.clip(((EXTENT - x[:, 1]) / (2 * EXTENT) * rows).astype(int), 0, rows - 1)
    return col, row


class Viewer:
    """A second network of the same shape into which a record's parameters are copied, for drawing."""

    def __init__(self, s: PlaygroundSettings):
        self.network = build_network(s)
        self.shown: int | None = None

    def show(self, record: EpochRecord) -> PlaneNet:
        if record.params is not None and self.shown != id(record):
            for key, value in record.params.items():
                self.network.params[key][...] = value
            self.shown = id(record)
        return self.network


def output_field(network: PlaneNet, points: np.ndarray, cols: int, rows: int) -> np.ndarray:
    """(rows, cols): the probability the network gives class 1 at each pixel (softmax of its scores)."""
    return softmax(network.predict(points))[:, 1].reshape(rows, cols)


def unit_field(network: PlaneNet, points: np.ndarray, cols: int, rows: int, layer: int, unit: int) -> np.ndarray:
    """(rows, cols): hidden unit `unit` of layer `layer` (both 1-based), its activation at each pixel."""
    return network.hidden_activations(points)[layer - 1][:, unit - 1].reshape(rows, cols)


def signed(values: np.ndarray, activation: str | None) -> np.ndarray:
    """Values mapped to −1…1 for colouring: a probability or a sigmoid around 0.5, tanh as it is,
    ReLU against its largest value on the picture (0 stays 0)."""
    if activation is None or activation == "sigmoid":
        return 2 * values - 1
    if activation == "tanh":
        return values
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values * 0.0


def describe_unit(plan: PlaygroundPlan, unit: int) -> tuple[int, int] | None:
    """(layer, unit) of the `unit` setting, None for the output."""
    return None if unit == 0 else plan.units()[unit - 1]


def summary(plan: PlaygroundPlan) -> dict[str, Any]:
    """Numbers for a lesson or a listing: points, layers, parameters, iterations per epoch."""
    return {"points": plan.settings.points, "sizes": plan.sizes, "params": plan.param_count,
            "iter_per_epoch": plan.iter_per_epoch}
