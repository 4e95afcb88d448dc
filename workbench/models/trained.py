"""Chapter 3's trained network: the book's 784-50-100-10 sigmoid network, trained here on first use.

The book ships its trained weights as a pickle (`sample_weight.pkl`); workbench never loads a
pickle. Instead it trains a network of the same shape, `MultiLayerNet(784, [50, 100], 10,
activation="sigmoid")` (Affine → Sigmoid → Affine → Sigmoid → Affine, so `W1 (784, 50)`,
`W2 (50, 100)`, `W3 (100, 10)` as in the book), with the library's `Trainer` and Adam for about a
second of work, on the best data on this computer (nothing is downloaded):

- "mnist": MNIST's two splits: trained on the training split, tested on the test split;
- "mnist-split": one split of MNIST only (here, usually the test split): trained on 80 % of it,
  tested on the other 20 %, which it never saw;
- "synthetic-digits": the built-in synthetic digits, scaled and centred as MNIST's, when MNIST is
  not on this computer.

The network is kept in `workbench.paths.networks_dir()` as `.npz` (`save_params`) beside a JSON
record of what it was trained on, how long it took, its test accuracy and the SHA-256 of the `.npz`.
`obtain` loads it, or trains a new one and says why: none kept yet, the file or its record is
damaged, it is another network, or better data is available now than it was trained on.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workbench.datasets import DatasetError, load_split, synthetic_digits
from workbench.i18n import t
from workbench.i18n.library_errors import library_error_text
from workbench.i18n.os_errors import os_error_behind, os_error_text
from workbench.i18n.numbers import num
from workbench.models.canvas import prepare_many
from workbench.nn.networks import MultiLayerNet
from workbench.nn.params_io import ParamsFileError
from workbench.nn.trainer import EpochEvent, StepEvent, Trainer
from workbench.paths import networks_dir, write_text_atomically

SIZES = (784, 50, 100, 10)
"""Input, the two hidden layers and output, as the book's sample network."""
ACTIVATION = "sigmoid"
RECIPE = 1
"""Bumped whenever the way the network is trained changes: a network of an older recipe is retrained."""
FILE_STEM = "chapter3-784-50-100-10-sigmoid"
SEED = 0
HELD_OUT = 0.2
"""The share of a lone MNIST split kept back for testing."""
SOURCES = ("synthetic-digits", "mnist-split", "mnist")
"""From worst to best: a network trained on an earlier one is retrained once a later one is available."""


@dataclass(frozen=True)
class Recipe:
    """How the network is trained: Adam, mini-batches of `batch_size`, for `epochs` passes."""

    epochs: int
    batch_size: int = 100
    lr: float = 0.005


RECIPES = {"mnist": Recipe(epochs=3), "mnist-split": Recipe(epochs=10), "synthetic-digits": Recipe(epochs=8)}
"""About a thousand steps each: a second or two on one core."""
EVALUATED = 1000
"""Images of each part the Trainer scores after every epoch; the record's accuracy uses the whole test part."""


@dataclass(frozen=True)
class TrainingData:
    """Flattened images (N, 784) in [0, 1] and labels (N,), split into training and test parts."""

    source: str
    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    split: str = ""
    """For "mnist-split": which of MNIST's splits was cut in two ("test" or "train")."""

    def describe(self) -> str:
        return describe_data(self.source, len(self.x_train), len(self.x_test), self.split)


@dataclass(frozen=True)
class Record:
    """What is kept beside the parameters: what the network is, what it learned from, how it did."""

    source: str
    split: str
    train_size: int
    test_size: int
    epochs: int
    batch_size: int
    lr: float
    seconds: float
    test_accuracy: float
    sha256: str
    """Of the .npz it describes, so a record never vouches for another file."""
    trained_at: str
    recipe: int = RECIPE
    sizes: tuple[int, ...] = SIZES
    activation: str = ACTIVATION
    network: str = "MultiLayerNet"

    def describe(self) -> str:
        return describe_data(self.source, self.train_size, self.test_size, self.split)

    def to_json(self) -> str:
        return json.dumps({**dataclasses.asdict(self), "sizes": list(self.sizes)}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Record:
        """A record from its JSON; ValueError when anything is missing or of the wrong kind."""
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in raw:
                if f.default is dataclasses.MISSING:
                    raise ValueError(f"no {f.name}")
                continue
            value = raw[f.name]
            kind = {"str": str, "int": int, "float": (int, float)}.get(str(f.type))
            if f.name == "sizes":
                if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
                    raise ValueError("sizes is not a list of whole numbers")
                value = tuple(value)
            elif kind is not None and (not isinstance(value, kind) or isinstance(value, bool)):
                raise ValueError(f"{f.name} is {value!r}")
            values[f.name] = float(value) if str(f.type) == "float" else value
        return cls(**values)


@dataclass(frozen=True)
class Chapter3Network:
    """The network ready to use, its record, where it is kept, and why it was (re)trained, if it was."""

    network: MultiLayerNet
    record: Record
    path: Path
    notice: str = ""
    """Why a new network was trained ("" when the kept one was loaded)."""
    reason: str = ""
    """The reason as a word (KeptProblem.reason: missing, asked, damaged, ...; "" when loaded)."""
    test_part: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)
    """The test images and labels of the data it was trained on now (None when loaded), so that testing
    it needs not draw 7,000 synthetic digits again (seconds, after the bar's last epoch)."""
    not_kept: str = ""
    """Why the network trained now could not be kept (a read-only or full disk: the save's refusal, in
    words); "" when it was kept or loaded. It is still used, for this session: its training is not lost."""

    @property
    def trained_now(self) -> bool:
        return bool(self.notice)


def describe_data(source: str, train: int, test: int, split: str = "") -> str:
    """What a network was trained and tested on, in words."""
    other = {"test": "train", "train": "test"}.get(split, "")
    return t(f"trained.data.{source}", train=f"{train:,}", test=f"{test:,}",
             split=t(f"trained.split.{split}") if split else "",
             missing=t(f"trained.split.{other}") if other else "")


def describe_source(source: str, split: str = "") -> str:
    """The data in a few words: "MNIST", "part of MNIST's test split", "synthetic digits"."""
    return t(f"trained.source.{source}", split=t(f"trained.split.{split}") if split else "")


def build_network(rng: int | np.random.Generator = SEED) -> MultiLayerNet:
    """An untrained network of the book's sample shape: 784 → 50 → 100 → 10, sigmoid."""
    return MultiLayerNet(SIZES[0], list(SIZES[1:-1]), SIZES[-1], activation=ACTIVATION,
                         weight_init_std=ACTIVATION, rng=rng)


def paths(folder: Path | None = None) -> tuple[Path, Path]:
    """(parameters .npz, record .json) in `folder`, by default `networks_dir()`."""
    folder = Path(folder) if folder is not None else networks_dir()
    return folder / f"{FILE_STEM}.npz", folder / f"{FILE_STEM}.json"


# -- data ----------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _mnist_split(split: str, where: tuple[str | None, ...]) -> tuple[np.ndarray, np.ndarray] | None:
    """One verified split of MNIST if it is on this computer (never downloaded), else None.

    Cached per place to look (`where`: $WORKBENCH_DATA and $WORKBENCH_CACHE), so panes opened one
    after another read the files once.
    """
    try:
        x, labels = load_split("mnist", split, flatten=True, download=False)
    except DatasetError:
        return None
    x.flags.writeable = labels.flags.writeable = False
    return x, labels


def mnist_split(split: str) -> tuple[np.ndarray, np.ndarray] | None:
    return _mnist_split(split, (os.environ.get("WORKBENCH_DATA"), os.environ.get("WORKBENCH_CACHE")))


def cut(x: np.ndarray, labels: np.ndarray, seed: int = SEED) -> tuple[np.ndarray, ...]:
    """(x_train, t_train, x_test, t_test): a seeded shuffle, HELD_OUT of it kept back for testing.

    Shuffled, not cut at an index: MNIST's test split has its cleaner half first.
    """
    order = np.random.default_rng(seed).permutation(len(x))
    test = order[:int(round(len(x) * HELD_OUT))]
    train = order[len(test):]
    return x[train], labels[train], x[test], labels[test]


@functools.lru_cache(maxsize=2)
def synthetic_data(n_train: int = 6000, n_test: int = 1000) -> TrainingData:
    """The built-in synthetic digits (the default set is 6,000 to train on and 1,000 to test),
    scaled and centred as MNIST's were (`canvas.prepare_many`).

    The generator gives each digit its own size and place; prepared, they look to the network as
    MNIST's digits and the canvas's drawings do (unprepared, a network trained on them reads the
    prepared ones a third of the time wrong). The same sizes always give the same images, so a
    record's sizes are enough to make them again.
    """
    (x_train, t_train), (x_test, t_test) = synthetic_digits(n_train, n_test, seed=SEED)
    flat = [prepare_many(np.divide(x, np.float32(255), dtype=np.float32)).reshape(len(x), -1)
            for x in (x_train, x_test)]
    for array in (*flat, t_train, t_test):
        array.flags.writeable = False
    return TrainingData("synthetic-digits", flat[0], t_train.astype(np.int64), flat[1], t_test.astype(np.int64))


def available_data() -> TrainingData:
    """The best data on this computer: both MNIST splits, one of them cut in two, or synthetic digits."""
    train, test = mnist_split("train"), mnist_split("test")
    if train is not None and test is not None:
        return TrainingData("mnist", *train, *test)
    for split, found in (("test", test), ("train", train)):
        if found is not None:
            return TrainingData("mnist-split", *cut(*found), split=split)
    return synthetic_data()


def data_of(record: Record) -> TrainingData | None:
    """The data `record` says the network was trained on, cut the same way, if it is still here."""
    if record.source == "synthetic-digits":
        return synthetic_data(record.train_size, record.test_size)
    if record.source == "mnist":
        train, test = mnist_split("train"), mnist_split("test")
        return TrainingData("mnist", *train, *test) if train is not None and test is not None else None
    found = mnist_split(record.split) if record.split in ("train", "test") else None
    return TrainingData("mnist-split", *cut(*found), split=record.split) if found is not None else None


def best_source() -> str:
    """The best source available now, looked up without training on it."""
    train, test = mnist_split("train"), mnist_split("test")
    if train is not None and test is not None:
        return "mnist"
    return "mnist-split" if train is not None or test is not None else "synthetic-digits"


# -- keeping -------------------------------------------------------------------------------------

def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def keep(network: MultiLayerNet, record: Record, folder: Path | None = None) -> Record:
    """Save the parameters and then the record (with the parameters' SHA-256); the record as saved.

    Written in that order, so a crash between the two leaves a record that does not match the file,
    which `load_kept` notices.
    """
    npz, record_path = paths(folder)
    try:
        npz.parent.mkdir(parents=True, exist_ok=True)
        network.save_params(npz)
        record = dataclasses.replace(record, sha256=file_sha256(npz))
        write_text_atomically(record_path, record.to_json())
    except ParamsFileError as exc:             # the library's refusal (a folder in its place, a full disk): said
        raise ValueError(library_error_text(exc)) from None
    except (OSError, ValueError) as exc:       # the library's ValueError says the system's error in English
        cause = os_error_behind(exc)
        if cause is None:
            raise
        raise ValueError(t("train.error.cannot_save", path=npz, reason=os_error_text(cause))) from None
    return record


class KeptProblem(Exception):
    """Why the kept network cannot be used: `reason` is missing, record, damaged, other or mismatch."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason, self.detail = reason, detail


def load_kept(folder: Path | None = None) -> tuple[MultiLayerNet, Record]:
    """The kept network and its record; KeptProblem saying why they cannot be used."""
    npz, record_path = paths(folder)
    if not npz.exists():
        raise KeptProblem("missing")
    try:
        record = Record.from_json(record_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeptProblem("record", t("trained.detail.no_record", name=record_path.name)) from None
    except OSError as exc:
        raise KeptProblem("record", os_error_text(exc, record_path.name)) from None
    except (ValueError, TypeError):          # not JSON, or not ours: the parser's words are English
        raise KeptProblem("record", t("trained.detail.bad_record", name=record_path.name)) from None
    if (record.recipe, record.sizes, record.activation, record.network) != (RECIPE, SIZES, ACTIVATION,
                                                                           "MultiLayerNet"):
        raise KeptProblem("other", t("trained.detail.other", network=_shape_text(record),
                                     recipe=record.recipe, want=_shape_text(), want_recipe=RECIPE))
    try:
        digest = file_sha256(npz)
    except OSError as exc:
        raise KeptProblem("damaged", os_error_text(exc, npz.name)) from None
    if digest != record.sha256:
        raise KeptProblem("mismatch")
    network = build_network()
    try:
        network.load_params(npz)
    except ValueError as exc:
        raise KeptProblem("damaged", library_error_text(exc)) from None
    return network, record


def _shape_text(record: Record | None = None) -> str:
    sizes = record.sizes if record is not None else SIZES
    activation = record.activation if record is not None else ACTIVATION
    return f"{'-'.join(map(str, sizes))} {activation}"


# -- training ------------------------------------------------------------------------------------

Progress = Callable[..., None]
"""progress(done, total, **info), as JobContext.progress."""


def train(data: TrainingData, recipe: Recipe | None = None, *, progress: Progress | None = None,
          checkpoint: Callable[[], None] | None = None, on_trainer: Callable[[Trainer], None] | None = None
          ) -> tuple[MultiLayerNet, Record]:
    """A new network trained on `data` with `recipe` (RECIPES[data.source] by default) and its record.

    `progress(step, steps, phase="train", epoch=…, epochs=…, loss=…)` after each step and
    `checkpoint()` between steps (a job's, which raises to cancel); `on_trainer` gets the Trainer
    before it starts (a job forwards its pause and cancel to it).
    """
    recipe = recipe or RECIPES[data.source]
    network = build_network()
    state = {"epoch": 0, "acc": None}

    def report(event) -> None:
        if isinstance(event, EpochEvent):
            state["epoch"], state["acc"] = event.epoch, event.test_acc
        elif isinstance(event, StepEvent) and progress is not None:
            progress(event.iteration, trainer.max_iter, phase="train", epoch=event.epoch,
                     epochs=recipe.epochs, loss=event.loss, test_accuracy=state["acc"])

    trainer = Trainer(network, data.x_train, data.t_train, data.x_test, data.t_test, epochs=recipe.epochs,
                      mini_batch_size=recipe.batch_size, optimizer="Adam", optimizer_param={"lr": recipe.lr},
                      evaluate_sample_num_per_epoch=EVALUATED, verbose=False, rng=SEED, callback=report,
                      stop_if_not_learning=False)
    if on_trainer is not None:
        on_trainer(trainer)
    started = time.perf_counter()
    while trainer.train_step():
        if checkpoint is not None:
            checkpoint()
    if checkpoint is not None:
        checkpoint()
    if trainer.stop_reason != "finished":
        raise RuntimeError(trainer.stop_message)
    seconds = time.perf_counter() - started
    if progress is not None:
        progress(trainer.max_iter, trainer.max_iter, phase="test")
    accuracy = network.accuracy(data.x_test, data.t_test)
    record = Record(data.source, data.split, len(data.x_train), len(data.x_test), recipe.epochs,
                    recipe.batch_size, recipe.lr, round(seconds, 3), float(accuracy),
                    sha256="", trained_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    return network, record


def why_text(problem: KeptProblem, data: TrainingData) -> str:
    """The notice shown when a new network is trained, in words."""
    return t(f"trained.why.{problem.reason}", detail=problem.detail, data=data.describe())


def obtain(ctx=None, *, folder: Path | None = None, retrain: bool = False,
           data: Callable[[], TrainingData] | None = None) -> Chapter3Network:
    """The kept chapter-3 network, or a new one trained now and kept, with the reason why; one that
    cannot be kept (a read-only or full disk) is returned all the same, `not_kept` saying why.

    `ctx` is a job's JobContext (progress, checkpoint, on_control) or None. A kept network is
    retrained when `retrain` is set, when it cannot be used (see `load_kept`) and when better data
    is on this computer than it was trained on. `data` gives the training data (`available_data`
    by default; tests pass a few hundred synthetic digits).
    """
    if ctx is not None:
        ctx.progress(0, None, phase="check")
    npz, _ = paths(folder)
    problem: KeptProblem | None = KeptProblem("asked") if retrain else None
    if problem is None:
        try:
            network, record = load_kept(folder)
        except KeptProblem as exc:
            problem = exc
        else:
            better = _better_source(record, data)
            if better is None:
                return Chapter3Network(network, record, npz)
            problem = KeptProblem("better", record.describe())
    if ctx is not None:
        ctx.progress(0, None, phase="data")      # drawing 7,000 digits takes seconds: say what is going on
        ctx.flush()
    found = (data or available_data)()
    if ctx is not None:
        ctx.checkpoint()
        ctx.progress(0, None, phase="train", why=why_text(problem, found))
        ctx.flush()                  # the learner sees at once why a network is being trained
    network, record = train(found, progress=ctx.progress if ctx is not None else None,
                            checkpoint=ctx.checkpoint if ctx is not None else None,
                            on_trainer=(lambda trainer: ctx.on_control(cancel=trainer.stop))
                            if ctx is not None else None)
    try:
        record, not_kept = keep(network, record, folder), ""
    except ValueError as exc:        # a disk that refuses it: the network is still good for this session
        not_kept = str(exc)
    return Chapter3Network(network, record, npz, why_text(problem, found), problem.reason,
                           (found.x_test, found.t_test), not_kept)


def _better_source(record: Record, data: Callable[[], TrainingData] | None) -> str | None:
    """The source better than the record's that is available now, else None."""
    best = data().source if data is not None else best_source()
    if best in SOURCES and record.source in SOURCES and SOURCES.index(best) > SOURCES.index(record.source):
        return best
    return None


def evaluation_set(record: Record, test_part: tuple[np.ndarray, np.ndarray] | None = None
                   ) -> tuple[np.ndarray, np.ndarray, str]:
    """(x, t, description) to test the network on: the part of its data it never saw (`test_part`, when
    the network was trained just now, else read or drawn again), or, when that data is gone from this
    computer, the test part of what is here now (and the description says so)."""
    if test_part is not None:
        return *test_part, t("trained.tested.same", data=record.describe())
    data = data_of(record)
    if data is not None:
        return data.x_test, data.t_test, t("trained.tested.same", data=record.describe())
    other = available_data()
    return other.x_test, other.t_test, t("trained.tested.other", data=other.describe(), old=record.describe())


def summary(found: Chapter3Network) -> str:
    """One line on the network: its shape, what it was trained on, its test accuracy and training time."""
    r = found.record
    return t("trained.summary", network=_shape_text(r), data=r.describe(),
             accuracy=num(100 * r.test_accuracy, 1), seconds=num(r.seconds, 1))
