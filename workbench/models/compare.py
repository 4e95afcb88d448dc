"""Chapter 6's experiments side by side: K networks trained in one job on identical mini-batches.

    settings = OptimizersSettings(dataset="synthetic-digits", iterations=200)
    plan = compute(settings)                   # cheap: the runs, what differs between them, the data
    comparison = Comparison(settings, load_comparison_data(settings))
    outcome = comparison.run(ctx)              # in a job: ctx is a workbench.jobs.JobContext

Every run is the book's `Trainer` on its own network; a run that is not learning goes on to its end
(its diagnosis kept as the result's `warning`), since a failing curve beside the others is what
the book's figures show; one whose loss becomes infinite stops. All Trainers draw their mini-batches from one
seed (the comparison's `seed`), so runs of one batch size see the same images in the same order;
a run's own `seed` (the free form may vary it) seeds only its initial weights and dropout masks.
The runs of a group step in lockstep, one mini-batch each in turn, so every run reports its loss
and accuracies at the same iterations; groups run one after another (the batch-norm grid is 16
groups of two, one per weight scale, so its cells fill in as the job goes).

The presets are the book's experiments with the book's settings as defaults (`PRESETS`); each is
a settings class of its own, so lessons, `workbench open`, `workbench compare PRESET --set k=v`
and the panes change any setting the same way. Nothing here imports the app.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.i18n import t
from workbench.i18n.numbers import MINUS
from workbench.jobs import Cancelled
from workbench.models.compare_settings import (GRID_SCALES, INPUT_SIZE, OUTPUT_SIZE, PRESETS,  # noqa: F401
                                               SETTINGS_PRESET, BatchNormSettings, FreeSettings,
                                               OptimizersSettings, OverfittingSettings, RunSpec,
                                               WeightInitSettings, differing)
from workbench.models.train_settings import batch_error
from workbench.models.train import (SPLIT_SIZES, SYNTHETIC, DataStatus, TrainingData, TrainSettings, data_status,
                                    load_data)
from workbench.nn.trainer import STOP_FINISHED, Diagnosis, EpochEvent, StepEvent, StopEvent, Trainer


# -- the plan (cheap, on every change) -----------------------------------------------------------

@dataclass(frozen=True)
class RunPlan:
    """One run as the plan shows it: its spec, what tells it apart, its network's size and length."""

    spec: RunSpec
    differs: tuple[tuple[str, str], ...]
    """(setting, value as text) of the settings that differ between the runs."""
    network_name: str
    param_count: int
    iterations: int
    epochs: int
    """Epochs it trains (the last may be partial when it counts iterations)."""

    @property
    def unnamed(self) -> tuple[tuple[str, str], ...]:
        """`differs` without the settings the run's name already says: what a legend writes after the name
        ("Adam  lr=0.001"; "with batch norm, w=0.01" and nothing, where batch_norm=on repeated the name)."""
        return tuple((key, value) for key, value in self.differs if key not in self.spec.name_says)


@dataclass(frozen=True)
class ComparePlan:
    settings: Any
    preset: str
    runs: tuple[RunPlan, ...]
    groups: int
    data: DataStatus
    train_images: int
    test_images: int

    @property
    def total_iterations(self) -> int:
        return sum(run.iterations for run in self.runs)


def _sizes(s: Any, status: DataStatus) -> tuple[int, int]:
    used = s.dataset if status.present else SYNTHETIC
    total_train, total_test = SPLIT_SIZES[used]
    return min(s.train_size or total_train, total_train), min(s.test_size or total_test, total_test)


def compute(s: Any) -> ComparePlan:
    """The plan of a comparison: its runs (networks built, milliseconds each) and where its data is."""
    runs = s.make_runs()
    status = data_status(s.dataset)
    train, test = _sizes(s, status)
    for run in runs:
        if run.batch_size > train:
            raise batch_error(run.batch_size, train)
    keys = differing([run for run in runs if run.group == runs[0].group]) or differing(runs)
    plans = []
    for run in runs:
        iterations, per_epoch = run.iterations_for(train), max(train // min(run.batch_size, train), 1)
        plans.append(RunPlan(run, tuple((key, run.shown(key)) for key in keys), run.network_class, run.param_count,
                             iterations, -(-iterations // per_epoch)))
    return ComparePlan(s, SETTINGS_PRESET[type(s)].name, tuple(plans), len({run.group for run in runs}), status,
                       train, test)


def load_comparison_data(s: Any, *, fallback: bool = True) -> TrainingData:
    """The comparison's images (the synthetic digits when the data set asked for is missing and
    `fallback`), cut to its train_size and test_size."""
    batch = max(run.batch_size for run in s.make_runs())
    return load_data(TrainSettings(dataset=s.dataset, train_size=s.train_size, test_size=s.test_size,
                                   batch_size=min(batch, s.train_size) if s.train_size else batch), fallback=fallback)


# -- what a running comparison reports -----------------------------------------------------------

@dataclass(frozen=True)
class RunStep:
    """Run `run` trained one mini-batch: its loss (as recorded: with weight decay's penalty)."""

    run: int
    iteration: int
    loss: float


@dataclass(frozen=True)
class RunEpoch:
    """Run `run` finished an epoch (or its last, partial one): accuracies and its training time so far."""

    run: int
    epoch: int
    iteration: int
    train_acc: float
    test_acc: float
    seconds: float


@dataclass(frozen=True)
class GroupStarted:
    """The runs of group `group` start (a cell of the batch-norm grid)."""

    group: int
    runs: tuple[int, ...]


@dataclass(frozen=True)
class RunResult:
    """One row of the final table."""

    run: int
    name: str
    differs: tuple[tuple[str, str], ...]
    epochs_done: int
    iterations: int
    stop_reason: str | None
    """None when the run went to its end; else 'stopped', 'non-finite' or 'not-learning'."""
    stop_message: str
    final_train_acc: float
    final_test_acc: float
    best_epoch: int
    best_test_acc: float
    seconds: float
    warning: str = ""
    """The Trainer's not-learning diagnosis at the end, if any: a comparison runs such runs to their end
    (a failing curve beside the others is what the book's figures show) and says so."""
    diagnosis: Diagnosis | None = None
    """The same diagnosis as a code and figures, to say it in the reader's language (`training_stop`)."""
    stop: StopEvent | None = None
    """How the run ended; for a non-finite loss, its code and figures."""

    @property
    def gap(self) -> float:
        """Train minus test accuracy at the end: how far the run over-fits."""
        return self.final_train_acc - self.final_test_acc


@dataclass(frozen=True)
class RunEnded:
    run: int
    result: RunResult
    stop: StopEvent


@dataclass(frozen=True)
class CompareStarted:
    """The first item of a comparison: its data and runs."""

    data: TrainingData
    plan: ComparePlan


@dataclass(frozen=True)
class CompareOutcome:
    results: tuple[RunResult, ...]
    cancelled: bool
    seconds: float


class _Run:
    """One network and its Trainer inside a comparison; relays the Trainer's events with its index."""

    def __init__(self, index: int, plan: RunPlan, data: TrainingData, batch_seed: int, emit):
        spec = plan.spec
        self.index, self.plan, self.emit = index, plan, emit
        self.network = spec.network()
        self.stop: StopEvent | None = None
        self.trainer = Trainer(self.network, data.x_train, data.t_train, data.x_test, data.t_test,
                               epochs=spec.epochs, mini_batch_size=spec.batch_size, optimizer=spec.optimizer,
                               optimizer_param={"lr": spec.lr}, evaluate_sample_num_per_epoch=len(data.x_test),
                               verbose=False, rng=batch_seed, callback=self._on_event,
                               max_iter=spec.iterations or None, stop_if_not_learning=False)

    def _on_event(self, event) -> None:
        if isinstance(event, StepEvent):
            self.emit(RunStep(self.index, event.iteration, event.loss))
        elif isinstance(event, EpochEvent):
            self.emit(RunEpoch(self.index, event.epoch, event.iteration, event.train_acc, event.test_acc,
                               self.trainer.elapsed))
        elif isinstance(event, StopEvent):
            self.stop = event

    def result(self) -> RunResult:
        trainer, plan = self.trainer, self.plan
        stop = self.stop or StopEvent("stopped", "", trainer.current_iter, trainer.current_epoch)
        tests = trainer.test_acc_list
        best = int(np.argmax(tests)) + 1 if tests else 0
        train_acc = trainer.train_acc_list[-1] if trainer.train_acc_list else float("nan")
        test_acc = tests[-1] if tests else float("nan")
        mid_epoch = trainer.current_iter % trainer.iter_per_epoch != 0 or not tests
        if stop.reason == "stopped" and trainer.current_iter and mid_epoch:      # measured where it stopped
            n = trainer.evaluate_sample_num_per_epoch
            train_acc = self.network.accuracy(trainer.x_train[:n], trainer.t_train[:n])
            test_acc = self.network.accuracy(trainer.x_test[:n], trainer.t_test[:n])
        return RunResult(self.index, plan.spec.name, plan.differs, trainer.current_epoch, trainer.current_iter,
                         None if stop.reason == STOP_FINISHED else stop.reason, stop.message, train_acc, test_acc,
                         best, tests[best - 1] if tests else float("nan"), trainer.elapsed, trainer.warning,
                         trainer.diagnosis, stop)


class Comparison:
    """The runs of a plan on one data set; `run(reporter)` trains them all in the caller's thread."""

    def __init__(self, settings: Any, data: TrainingData, plan: ComparePlan | None = None):
        self.settings = settings
        self.data = data
        self.plan = plan or compute(settings)
        self._reporter = None
        self._pending: list[Any] = []
        self.runs = [_Run(i, run, data, settings.seed, self._pending.append) for i, run in enumerate(self.plan.runs)]
        self.results: list[RunResult] = []
        self.current_group = 0

    def stop(self) -> None:
        for run in self.runs:
            run.trainer.stop()

    def run(self, reporter) -> CompareOutcome:
        """Train every group in turn, its runs in lockstep; a cancelled job stops them all (results kept)."""
        start = time.perf_counter()
        checkpoint = getattr(reporter, "checkpoint", None)
        reporter.on_control(cancel=self.stop)
        total = self.plan.total_iterations
        done = 0
        reporter.emit(CompareStarted(self.data, self.plan))
        cancelled = False
        with np.errstate(all="ignore"):       # a diverging run is explained by its trainer, not warned about
            for group in sorted({run.plan.spec.group for run in self.runs}):
                self.current_group = group
                live = [run for run in self.runs if run.plan.spec.group == group]
                reporter.emit(GroupStarted(group, tuple(run.index for run in live)))
                while live:
                    if checkpoint is not None and not cancelled:
                        try:
                            checkpoint()
                        except Cancelled:
                            cancelled = True
                            self.stop()
                    for run in list(live):
                        before = run.trainer.current_iter
                        going = run.trainer.train_step()
                        done += run.trainer.current_iter - before
                        if not going:
                            live.remove(run)
                            done += run.plan.iterations - run.trainer.current_iter   # the rest never comes
                            result = run.result()
                            self.results.append(result)
                            self._pending.append(RunEnded(run.index, result, run.stop))
                    self._report(reporter, done, total, start)
                if cancelled:
                    break         # later groups never started: the outcome holds the runs so far
        self.results.sort(key=lambda r: r.run)
        return CompareOutcome(tuple(self.results), cancelled, time.perf_counter() - start)

    def _report(self, reporter, done: int, total: int, start: float) -> None:
        if self._pending:
            reporter.emit(*self._pending)
            self._pending.clear()
        elapsed = time.perf_counter() - start
        left = (total - done) * elapsed / done if done else float("nan")
        reporter.progress(done, total, group=self.current_group, groups=self.plan.groups, seconds_left=left)


# -- how the panes and the console write a comparison's figures ---------------------------------------

def short_scale(weight_init: str) -> str:
    """A grid's weight scale to 3 digits (0.000215, not 0.000215443); He or Xavier as they are."""
    try:
        return f"{float(weight_init):.3g}"
    except ValueError:
        return weight_init


def signed(gap: float) -> str:
    """A train–test gap in points with its sign, minus as −: "+24.1", "−0.6"."""
    return "--" if not math.isfinite(gap) else f"{100 * gap:+.1f}".replace("-", MINUS)


def points(gap: float) -> str:
    """A train–test gap in points with its unit ("+24.1 pts", "−0.6 %p")."""
    return "--" if not math.isfinite(gap) else t("compare.points", value=signed(gap))
