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

import dataclasses
import math
import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.i18n import t
from workbench.jobs import Cancelled
from workbench.models.settings import (Kind, SettingError, choice, field, flag, int_list, integer, kinds, number,
                                       seed, subset)
from workbench.models.train import (DATASET_NAMES, SPLIT_SIZES, SYNTHETIC, DataStatus, TrainingData, TrainSettings,
                                    data_status, load_data)
from workbench.nn.networks import MultiLayerNet, MultiLayerNetExtend, Network
from workbench.nn.trainer import OPTIMIZERS, STOP_FINISHED, EpochEvent, StepEvent, StopEvent, Trainer

BOOK_LR = {"sgd": 0.01, "momentum": 0.01, "nesterov": 0.01, "adagrad": 0.01, "rmsprop": 0.01, "adam": 0.001}
"""Each optimizer's default learning rate in the book's common/optimizer.py."""
OPTIMIZER_NAMES = {key: name for key, name in OPTIMIZERS.items()}
ACTIVATIONS = ("relu", "sigmoid")
GRID_SCALES = tuple(float(v) for v in np.logspace(0, -4, num=16))
"""The book's 16 weight scales of the batch-norm experiment (batch_norm_test.py), 1 down to 1e-4."""
MIN_RUNS, MAX_RUNS = 2, 6
INPUT_SIZE, OUTPUT_SIZE = 784, 10


# -- kinds of setting only comparisons have ------------------------------------------------------

def _init_value(key: str, text: Any) -> str:
    """A weight initialisation as the book's weight_init_std takes it: 'he', 'xavier' or a number > 0."""
    word = str(text).strip().lower()
    if word in ("he", "relu"):
        return "he"
    if word in ("xavier", "sigmoid"):
        return "xavier"
    try:
        value = float(word.replace("std=", "").replace("−", "-"))
    except ValueError:
        raise SettingError(key, t("compare.error.init", key=key, value=text)) from None
    if not math.isfinite(value) or value <= 0 or value > 100:
        raise SettingError(key, t("compare.error.init", key=key, value=text))
    return f"{value:g}"


@dataclass(frozen=True)
class WeightInit(Kind):
    """He (√(2/n)), Xavier (√(1/n)) or a standard deviation: the book's weight_init_std."""

    def from_data(self, key, value):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise SettingError(key, t("compare.error.init", key=key, value=value))
        return _init_value(key, value)

    def from_text(self, key, text):
        return _init_value(key, text)

    def describe(self):
        return t("compare.kind.init")


@dataclass(frozen=True)
class WeightInits(Kind):
    """Two to six weight initialisations, one run each."""

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)):
            raise SettingError(key, t("settings.error.list", key=key, value=value))
        inits = tuple(_init_value(key, v) for v in value)
        _check_count(key, inits)
        if len(set(inits)) != len(inits):
            raise SettingError(key, t("settings.error.twice", key=key, value=", ".join(inits)))
        return inits

    def from_text(self, key, text):
        return self.from_data(key, [item for item in re.split(r"[\s,;]+", text.strip().strip("[]")) if item])

    def to_text(self, value):
        return ", ".join(value)

    def describe(self):
        return t("compare.kind.inits", min=MIN_RUNS, max=MAX_RUNS)


RUN_KEYS = ("optimizer", "lr", "weight_init", "activation", "hidden", "batch_norm", "dropout", "weight_decay",
            "batch_size", "epochs", "iterations", "seed")
"""The settings a run of the free form may change (the data stays the same for all runs)."""
_ASSIGNMENT = re.compile(r"([a-z_]+)\s*=\s*(.*?)\s*(?=[,\s]+[a-z_]+\s*=|$)")


def parse_run(key: str, text: str) -> tuple[tuple[str, str], ...]:
    """A run of the free form, "optimizer=adam lr=0.001", as ((setting, value text), …), checked."""
    text = text.strip()
    pairs, position = [], 0
    for match in _ASSIGNMENT.finditer(text):
        if text[position:match.start()].strip(" ,"):
            break
        pairs.append((match.group(1), match.group(2).strip().rstrip(",")))
        position = match.end()
    if not pairs or text[position:].strip(" ,"):
        raise SettingError(key, t("compare.error.run", key=key, value=text, keys=", ".join(RUN_KEYS)))
    known = kinds(FreeSettings)
    checked = []
    for name, value in pairs:
        if name not in RUN_KEYS:
            raise SettingError(key, t("compare.error.run_key", key=key, name=name, keys=", ".join(RUN_KEYS)))
        checked.append((name, known[name].to_text(known[name].from_text(name, value))))
    return tuple(checked)


@dataclass(frozen=True)
class RunList(Kind):
    """Two to six runs of the free form, each "setting=value …" (runs apart: ';' in typed text)."""

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise SettingError(key, t("compare.error.runs", key=key, value=value))
        runs = tuple(" ".join(f"{k}={v}" for k, v in parse_run(key, text)) for text in value)
        _check_count(key, runs)
        return runs

    def from_text(self, key, text):
        return self.from_data(key, [item for item in re.split(r"\s*[;|]\s*", text.strip()) if item])

    def to_text(self, value):
        return "; ".join(value)

    def describe(self):
        return t("compare.kind.runs", min=MIN_RUNS, max=MAX_RUNS, keys=", ".join(RUN_KEYS))


def _check_count(key: str, items: tuple, least: int = MIN_RUNS) -> None:
    if not least <= len(items) <= MAX_RUNS:
        raise SettingError(key, t("compare.error.count", key=key, count=len(items), min=least, max=MAX_RUNS))


# -- one run -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RunSpec:
    """Everything that makes one run of a comparison (the data is the comparison's)."""

    name: str
    hidden: tuple[int, ...] = (100, 100, 100, 100)
    activation: str = "relu"
    weight_init: str = "he"
    optimizer: str = "sgd"
    lr: float = 0.01
    batch_norm: bool = False
    dropout: float = 0.0
    weight_decay: float = 0.0
    batch_size: int = 100
    epochs: int = 20
    iterations: int = 0
    """0: train whole epochs; else stop after this many iterations (the book's comparisons count them)."""
    seed: int = 0
    group: int = 0
    """Runs of one group train together; groups one after another (a cell of the batch-norm grid)."""
    label: str = ""
    """What tells this run apart within its group, for a legend ("batch norm"); the name if empty."""

    @property
    def weight_init_std(self) -> str | float:
        return {"he": "relu", "xavier": "sigmoid"}.get(self.weight_init) or float(self.weight_init)

    @property
    def network_class(self) -> str:
        return "MultiLayerNetExtend" if self.batch_norm or self.dropout else "MultiLayerNet"

    def network(self) -> Network:
        """The book's MultiLayerNet (or MultiLayerNetExtend, for batch norm or dropout) of this run."""
        common = dict(activation=self.activation, weight_init_std=self.weight_init_std,
                      weight_decay_lambda=self.weight_decay, rng=self.seed)
        if self.batch_norm or self.dropout:
            return MultiLayerNetExtend(INPUT_SIZE, list(self.hidden), OUTPUT_SIZE, use_dropout=self.dropout > 0,
                                       dropout_ration=self.dropout or 0.5, use_batchnorm=self.batch_norm, **common)
        return MultiLayerNet(INPUT_SIZE, list(self.hidden), OUTPUT_SIZE, **common)

    @property
    def param_count(self) -> int:
        """The network's parameters, counted from its sizes (building 32 networks per change is slow)."""
        sizes = [INPUT_SIZE, *self.hidden, OUTPUT_SIZE]
        count = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
        return count + (2 * sum(self.hidden) if self.batch_norm else 0)

    def iterations_for(self, train_images: int) -> int:
        """Iterations this run trains on `train_images` images."""
        per_epoch = max(train_images // min(self.batch_size, train_images), 1)
        return self.iterations or per_epoch * self.epochs

    def shown(self, key: str) -> str:
        """A setting of this run as text, as a person would write it."""
        value = getattr(self, key)
        if key == "optimizer":
            return OPTIMIZER_NAMES[value]
        if key == "hidden":
            return "×".join(map(str, value)) if len(set(value)) > 1 else f"{len(value)}×{value[0]}"
        if isinstance(value, bool):
            return t("compare.on") if value else t("compare.off")
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)


def differing(runs: list[RunSpec]) -> tuple[str, ...]:
    """The run settings (RUN_KEYS) that are not the same for every run."""
    return tuple(key for key in RUN_KEYS if len({getattr(run, key) for run in runs}) > 1)


# -- the presets' settings -----------------------------------------------------------------------

@dataclass(frozen=True)
class OptimizersSettings:
    """The book's optimizer comparison (optimizer_compare_mnist.py): SGD, Momentum, AdaGrad and Adam
    on a MultiLayerNet of four hidden layers of 100, batch 128, 2000 iterations."""

    dataset: str = choice("mnist", DATASET_NAMES)
    optimizers: tuple[str, ...] = subset(("sgd", "momentum", "adagrad", "adam"), tuple(OPTIMIZERS))
    lr: float = number(0.0, min=0.0, max=100.0)
    """0: each optimizer's default in the book (0.01, Adam 0.001)."""
    iterations: int = integer(2000, min=1, max=100_000)
    batch_size: int = integer(128, min=1, max=10_000)
    hidden: tuple[int, ...] = int_list((100, 100, 100, 100), min=1, max=1000)
    weight_init: str = field("he", WeightInit())
    train_size: int = integer(0, min=0, max=60_000)
    test_size: int = integer(1000, min=0, max=10_000)
    seed: int = seed(0)

    def __post_init__(self):
        _check_count("optimizers", self.optimizers)
        _check_batch(self)

    def make_runs(self) -> list[RunSpec]:
        base = _base(self, epochs=1)
        return [dataclasses.replace(base, name=OPTIMIZER_NAMES[o], optimizer=o, lr=self.lr or BOOK_LR[o])
                for o in self.optimizers]


@dataclass(frozen=True)
class WeightInitSettings:
    """The book's weight initialisation comparison (weight_init_compare.py): std 0.01, Xavier and He
    on a ReLU MultiLayerNet of four hidden layers of 100, SGD 0.01, batch 128, 2000 iterations."""

    dataset: str = choice("mnist", DATASET_NAMES)
    inits: tuple[str, ...] = field(("0.01", "xavier", "he"), WeightInits())
    activation: str = choice("relu", ACTIVATIONS)
    optimizer: str = choice("sgd", tuple(OPTIMIZERS))
    lr: float = number(0.01, min=1e-6, max=100.0, log=True)
    iterations: int = integer(2000, min=1, max=100_000)
    batch_size: int = integer(128, min=1, max=10_000)
    hidden: tuple[int, ...] = int_list((100, 100, 100, 100), min=1, max=1000)
    train_size: int = integer(0, min=0, max=60_000)
    test_size: int = integer(1000, min=0, max=10_000)
    seed: int = seed(0)

    def __post_init__(self):
        _check_batch(self)

    def make_runs(self) -> list[RunSpec]:
        base = _base(self, epochs=1)
        return [dataclasses.replace(base, name=init_name(init), weight_init=init) for init in self.inits]


def init_name(init: str) -> str:
    """The book's legend for a weight initialisation: std=0.01, Xavier, He."""
    return {"he": "He", "xavier": "Xavier"}.get(init) or f"std={init}"


@dataclass(frozen=True)
class BatchNormSettings:
    """The book's batch-norm experiment (batch_norm_test.py): a MultiLayerNet of five hidden layers of
    100 with and without batch normalization, 1000 training images, SGD 0.01, 20 epochs, at each of
    16 weight scales from 1 to 1e-4 (the grid), or at one."""

    dataset: str = choice("mnist", DATASET_NAMES)
    grid: bool = flag(True)
    weight_scale: float = number(0.01, min=1e-6, max=100.0, log=True)
    """The weight scale of the one pair when grid is off."""
    optimizer: str = choice("sgd", tuple(OPTIMIZERS))
    lr: float = number(0.01, min=1e-6, max=100.0, log=True)
    epochs: int = integer(20, min=1, max=1000)
    batch_size: int = integer(100, min=1, max=10_000)
    hidden: tuple[int, ...] = int_list((100, 100, 100, 100, 100), min=1, max=1000)
    train_size: int = integer(1000, min=0, max=60_000)
    test_size: int = integer(1000, min=0, max=10_000)
    seed: int = seed(0)

    def __post_init__(self):
        _check_batch(self)

    @property
    def scales(self) -> tuple[float, ...]:
        return GRID_SCALES if self.grid else (self.weight_scale,)

    def make_runs(self) -> list[RunSpec]:
        base = _base(self)
        found = []
        for group, scale in enumerate(self.scales):
            init = f"{scale:g}"
            for batch_norm in (True, False):
                label = t("compare.batch_norm.with" if batch_norm else "compare.batch_norm.without")
                found.append(dataclasses.replace(base, name=f"{label}, w={scale:.3g}", label=label,
                                                 weight_init=init, batch_norm=batch_norm, group=group))
        return found


@dataclass(frozen=True)
class OverfittingSettings:
    """The book's over-fitting experiments (overfit_weight_decay.py, overfit_dropout.py): a MultiLayerNet
    of six hidden layers of 100 on 300 training images, SGD 0.01, batch 100; plain and with weight
    decay λ = 0.1 for 201 epochs, with dropout 0.2 (MultiLayerNetExtend) for 301."""

    dataset: str = choice("mnist", DATASET_NAMES)
    runs: tuple[str, ...] = subset(("plain", "weight-decay", "dropout"), ("plain", "weight-decay", "dropout"))
    weight_decay: float = number(0.1, min=0.0, max=10.0)
    dropout: float = number(0.2, min=0.0, max=0.9)
    epochs: int = integer(201, min=1, max=1000)
    dropout_epochs: int = integer(301, min=1, max=1000)
    optimizer: str = choice("sgd", tuple(OPTIMIZERS))
    lr: float = number(0.01, min=1e-6, max=100.0, log=True)
    batch_size: int = integer(100, min=1, max=10_000)
    hidden: tuple[int, ...] = int_list((100, 100, 100, 100, 100, 100), min=1, max=1000)
    train_size: int = integer(300, min=0, max=60_000)
    test_size: int = integer(0, min=0, max=10_000)
    seed: int = seed(0)

    def __post_init__(self):
        _check_count("runs", self.runs, least=1)       # one run alone shows its train–test gap
        _check_batch(self)

    def make_runs(self) -> list[RunSpec]:
        base = _base(self, weight_decay=0.0, dropout=0.0)
        made = {"plain": dataclasses.replace(base, name=t("compare.overfitting.plain")),
                "weight-decay": dataclasses.replace(base, name=t("compare.overfitting.decay", value=f"{self.weight_decay:g}"),
                                                    weight_decay=self.weight_decay),
                "dropout": dataclasses.replace(base, name=t("compare.overfitting.dropout", value=f"{self.dropout:g}"),
                                               dropout=self.dropout, epochs=self.dropout_epochs)}
        return [made[key] for key in self.runs]


@dataclass(frozen=True)
class FreeSettings:
    """Any two to six runs that differ in named settings: `runs` lists what each changes."""

    dataset: str = choice("mnist", DATASET_NAMES)
    runs: tuple[str, ...] = field(("lr=0.1", "lr=0.01", "lr=0.001"), RunList())
    optimizer: str = choice("sgd", tuple(OPTIMIZERS))
    lr: float = number(0.01, min=1e-6, max=100.0, log=True)
    weight_init: str = field("he", WeightInit())
    activation: str = choice("relu", ACTIVATIONS)
    hidden: tuple[int, ...] = int_list((100, 100, 100, 100), min=1, max=1000)
    batch_norm: bool = flag(False)
    dropout: float = number(0.0, min=0.0, max=0.9)
    weight_decay: float = number(0.0, min=0.0, max=10.0)
    batch_size: int = integer(100, min=1, max=10_000)
    epochs: int = integer(10, min=1, max=1000)
    iterations: int = integer(0, min=0, max=100_000)
    train_size: int = integer(1000, min=0, max=60_000)
    test_size: int = integer(1000, min=0, max=10_000)
    seed: int = seed(0)

    def __post_init__(self):
        _check_batch(self)

    def make_runs(self) -> list[RunSpec]:
        base = _base(self)
        known = kinds(FreeSettings)
        made = []
        for text in self.runs:
            changes = {key: known[key].from_text(key, value) for key, value in parse_run("runs", text)}
            try:
                made.append(dataclasses.replace(base, name=text, **changes))
            except (TypeError, ValueError) as exc:
                raise SettingError("runs", str(exc)) from None
        _check_batch(self, made)
        return made


def _base(s: Any, **overrides: Any) -> RunSpec:
    """The run every run of a preset starts from: the preset's settings that a RunSpec has."""
    values = {f.name: getattr(s, f.name) for f in dataclasses.fields(RunSpec)
              if hasattr(s, f.name) and f.name not in ("name", "group", "label")}
    values.update(overrides)
    return RunSpec(name="", **values)


def _check_batch(s: Any, runs: list[RunSpec] | None = None) -> None:
    """A batch larger than the training images asked for is refused, naming the setting."""
    if not s.train_size:
        return
    for run in runs or [s]:
        if run.batch_size > s.train_size:
            raise SettingError("batch_size", t("train.error.batch", batch=run.batch_size, size=s.train_size))


@dataclass(frozen=True)
class Preset:
    """A comparison the console and the palette offer by name: the pane that shows it and its settings."""

    name: str
    pane: str
    settings: type

    @property
    def description(self) -> str:
        return t(f"compare.preset.{self.name}")


PRESETS = {preset.name: preset for preset in (
    Preset("optimizers", "compare-optimizers", OptimizersSettings),
    Preset("weight-init", "compare-weight-init", WeightInitSettings),
    Preset("batch-norm", "compare-batch-norm", BatchNormSettings),
    Preset("overfitting", "compare-overfitting", OverfittingSettings),
    Preset("free", "compare", FreeSettings),
)}
SETTINGS_PRESET = {preset.settings: preset for preset in PRESETS.values()}


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
            raise SettingError("batch_size", t("train.error.batch", batch=run.batch_size, size=train))
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
                         best, tests[best - 1] if tests else float("nan"), trainer.elapsed, trainer.warning)


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
