"""The comparisons' settings: the book's chapter 6 experiments as presets, and the runs they make.

Each preset is a settings class of its own (`PRESETS`), and `make_runs` turns its settings into the
runs (`RunSpec`) the comparison trains. Nothing here imports NumPy or the library (a run's network
is built by `RunSpec.network` when it trains), so the catalog describes the comparison panes without
their model, `workbench.models.compare`.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.i18n import t
from workbench.models.settings import (Kind, SettingError, choice, field, flag, int_list, integer, kinds, named,
                                       number, seed, subset)
from workbench.models.train_settings import DATASET_NAMES, batch_error
from workbench.models.train_settings import OPTIMIZER_NAMES as OPTIMIZER_CHOICES

if TYPE_CHECKING:
    from workbench.nn.networks import Network

BOOK_LR = {"sgd": 0.01, "momentum": 0.01, "nesterov": 0.01, "adagrad": 0.01, "rmsprop": 0.01, "adam": 0.001}
"""Each optimizer's default learning rate in the book's common/optimizer.py."""
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
                   "rmsprop": "RMSprop", "adam": "Adam"}
"""The library's optimizers (`workbench.nn.trainer.OPTIMIZERS`) and the names the book gives them."""
ACTIVATIONS = ("relu", "sigmoid")
GRID_SCALES = tuple(10.0 ** (i * (-4.0 / 15)) for i in range(15)) + (1e-4,)
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
        raise SettingError(key, t("compare.error.init", key=named(key), value=text.strip() or '""')) from None
    if not math.isfinite(value) or value <= 0 or value > 100:
        raise SettingError(key, t("compare.error.init", key=named(key), value=text))
    return f"{value:g}"


@dataclass(frozen=True)
class WeightInit(Kind):
    """He (√(2/n)), Xavier (√(1/n)) or a standard deviation: the book's weight_init_std."""

    def from_data(self, key, value):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise SettingError(key, t("compare.error.init", key=named(key), value=value))
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
            raise SettingError(key, t("settings.error.list", key=named(key), value=value))
        inits = tuple(_init_value(key, v) for v in value)
        _check_count(key, inits, what="inits")
        if len(set(inits)) != len(inits):
            raise SettingError(key, t("settings.error.twice", key=named(key), value=", ".join(inits)))
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
        raise SettingError(key, t("compare.error.run", key=named(key), value=text, keys=", ".join(RUN_KEYS)))
    known = kinds(FreeSettings)
    checked = []
    for name, value in pairs:
        if name not in RUN_KEYS:
            raise SettingError(key, t("compare.error.run_key", key=named(key), name=name, keys=", ".join(RUN_KEYS)))
        checked.append((name, known[name].to_text(known[name].from_text(name, value))))
    return tuple(checked)


@dataclass(frozen=True)
class RunList(Kind):
    """Two to six runs of the free form, each "setting=value …" (runs apart: ';' in typed text)."""

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise SettingError(key, t("compare.error.runs", key=named(key), value=value))
        runs = tuple(" ".join(f"{k}={v}" for k, v in parse_run(key, text)) for text in value)
        _check_count(key, runs)
        return runs

    def from_text(self, key, text):
        return self.from_data(key, [item for item in re.split(r"\s*[;|]\s*", text.strip()) if item])

    def to_text(self, value):
        return "; ".join(value)

    def describe(self):
        return t("compare.kind.runs", min=MIN_RUNS, max=MAX_RUNS, keys=", ".join(RUN_KEYS))


def _check_count(key: str, items: tuple, least: int = MIN_RUNS, what: str = "runs") -> None:
    """Two to six of `what` (runs, optimizers, inits: the catalog's `compare.count.*` names them), or
    a message that says which list is short and of what: "optimizers must name 2 to 6 optimizers"."""
    if not least <= len(items) <= MAX_RUNS:
        key_text = "compare.error.empty" if not items else "compare.error.count"
        raise SettingError(key, t(key_text, key=named(key), count=len(items), min=least, max=MAX_RUNS,
                                  what=t(f"compare.count.{what}")))


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
    short: str = ""
    """The name made short for a narrow table ("λ 0.03" for "weight decay 0.03"); the name if empty."""
    key: str = ""
    """The run's name for programs (`compare --json`), the same in every language ("weight-decay" for
    "가중치 감소 0.1"); the name if empty (a name that is no sentence: "SGD", "Xavier", "lr=0.1")."""
    name_says: tuple[str, ...] = ()
    """The settings its name already says ("with batch norm, w=0.01" says batch_norm and weight_init):
    a legend does not write them again after it (`RunPlan.unnamed`)."""

    @property
    def weight_init_std(self) -> str | float:
        return {"he": "relu", "xavier": "sigmoid"}.get(self.weight_init) or float(self.weight_init)

    @property
    def network_class(self) -> str:
        return "MultiLayerNetExtend" if self.batch_norm or self.dropout else "MultiLayerNet"

    def network(self) -> Network:
        """The book's MultiLayerNet (or MultiLayerNetExtend, for batch norm or dropout) of this run."""
        from workbench.nn.networks import MultiLayerNet, MultiLayerNetExtend

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
    optimizers: tuple[str, ...] = subset(("sgd", "momentum", "adagrad", "adam"), OPTIMIZER_CHOICES)
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
        _check_count("optimizers", self.optimizers, what="optimizers")
        _check_batch(self)

    def make_runs(self) -> list[RunSpec]:
        base = _base(self, epochs=1)
        return [dataclasses.replace(base, name=OPTIMIZER_NAMES[o], optimizer=o, lr=self.lr or BOOK_LR[o],
                                    name_says=("optimizer",)) for o in self.optimizers]


@dataclass(frozen=True)
class WeightInitSettings:
    """The book's weight initialisation comparison (weight_init_compare.py): std 0.01, Xavier and He
    on a ReLU MultiLayerNet of four hidden layers of 100, SGD 0.01, batch 128, 2000 iterations."""

    dataset: str = choice("mnist", DATASET_NAMES)
    inits: tuple[str, ...] = field(("0.01", "xavier", "he"), WeightInits())
    activation: str = choice("relu", ACTIVATIONS)
    optimizer: str = choice("sgd", OPTIMIZER_CHOICES)
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
        return [dataclasses.replace(base, name=init_name(init), weight_init=init, name_says=("weight_init",))
                for init in self.inits]


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
    optimizer: str = choice("sgd", OPTIMIZER_CHOICES)
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

    def unused(self) -> dict[str, str]:
        """The one pair's weight scale, while the grid trains the book's 16 (a value typed there was
        silently ignored, and set the grid's finished runs aside as another comparison's)."""
        return {"weight_scale": "grid"} if self.grid else {}

    def make_runs(self) -> list[RunSpec]:
        base = _base(self)
        found = []
        for group, scale in enumerate(self.scales):
            init = f"{scale:g}"
            for batch_norm in (True, False):
                kind = "compare.batch_norm.with" if batch_norm else "compare.batch_norm.without"
                label = t(kind)         # beside the other of its pair ("with batch norm", "without")
                name = t(f"{kind}.name", scale=f"{scale:.3g}")      # alone: says without what
                found.append(dataclasses.replace(base, name=name, label=label, short=label,
                                                 weight_init=init, batch_norm=batch_norm, group=group,
                                                 key=f"{'batch-norm' if batch_norm else 'plain'} w={scale:.3g}",
                                                 name_says=("batch_norm", "weight_init")))
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
    optimizer: str = choice("sgd", OPTIMIZER_CHOICES)
    lr: float = number(0.01, min=1e-6, max=100.0, log=True)
    batch_size: int = integer(100, min=1, max=10_000)
    hidden: tuple[int, ...] = int_list((100, 100, 100, 100, 100, 100), min=1, max=1000)
    train_size: int = integer(300, min=0, max=60_000)
    test_size: int = integer(0, min=0, max=10_000)
    seed: int = seed(0)

    def __post_init__(self):
        _check_count("runs", self.runs, least=1)       # one run alone shows its train–test gap
        _check_batch(self)

    def unused(self) -> dict[str, str]:
        """λ, the dropout ratio and each kind's epochs, where `runs` has no run that reads them: 6.4's first
        step trains the plain network alone, and a λ typed there was silently ignored, and set its
        finished run aside as another comparison's ("Ready" again, for the same run)."""
        unused = {}
        if "weight-decay" not in self.runs:
            unused["weight_decay"] = "runs"
        if "dropout" not in self.runs:
            unused.update(dropout="runs", dropout_epochs="runs")
        if self.runs == ("dropout",):
            unused["epochs"] = "runs"
        return unused

    def make_runs(self) -> list[RunSpec]:
        base = _base(self, weight_decay=0.0, dropout=0.0)
        made = {"plain": dataclasses.replace(base, name=t("compare.overfitting.plain"), key="plain",
                                             name_says=("weight_decay", "dropout")),
                "weight-decay": dataclasses.replace(base, name=t("compare.overfitting.decay", value=f"{self.weight_decay:g}"),
                                                    short=t("compare.overfitting.decay_short", value=f"{self.weight_decay:g}"),
                                                    weight_decay=self.weight_decay, key="weight-decay",
                                                    name_says=("weight_decay",)),
                "dropout": dataclasses.replace(base, name=t("compare.overfitting.dropout", value=f"{self.dropout:g}"),
                                               dropout=self.dropout, epochs=self.dropout_epochs, key="dropout",
                                               name_says=("dropout",))}
        return [made[key] for key in self.runs]


@dataclass(frozen=True)
class FreeSettings:
    """Any two to six runs that differ in named settings: `runs` lists what each changes."""

    dataset: str = choice("mnist", DATASET_NAMES)
    runs: tuple[str, ...] = field(("lr=0.1", "lr=0.01", "lr=0.001"), RunList())
    optimizer: str = choice("sgd", OPTIMIZER_CHOICES)
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
                made.append(dataclasses.replace(base, name=text, name_says=tuple(changes), **changes))
            except (TypeError, ValueError) as exc:
                raise SettingError("runs", str(exc)) from None
        _check_batch(self, made)
        return made


def _base(s: Any, **overrides: Any) -> RunSpec:
    """The run every run of a preset starts from: the preset's settings that a RunSpec has."""
    values = {f.name: getattr(s, f.name) for f in dataclasses.fields(RunSpec)
              if hasattr(s, f.name) and f.name not in ("name", "group", "label", "key", "name_says")}
    values.update(overrides)
    return RunSpec(name="", **values)


def _check_batch(s: Any, runs: list[RunSpec] | None = None) -> None:
    """A batch larger than the training images asked for is refused, naming the setting."""
    if not s.train_size:
        return
    for run in runs or [s]:
        if run.batch_size > s.train_size:
            raise batch_error(run.batch_size, s.train_size)


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
