"""Chapters 7 and 8: train a network on digits, for the training pane and `workbench train` alike.

    settings = TrainSettings(net="simple", dataset="synthetic-digits", epochs=2)
    plan = compute(settings)                         # cheap: the network's layers, the data's status
    data = load_data(settings)                        # the arrays (falls back to the synthetic digits)
    run = TrainingRun(settings, data)                 # builds the network and the book's Trainer
    outcome = run.run(ctx)                            # in a job: ctx is a workbench.jobs.JobContext

A run emits, through the job's context, every `StepEvent` (one loss per iteration) and, after every
epoch (and once before the first), an `EpochRecord`: the trainer's `EpochEvent`, a copy of the
parameters and the predicted class of every test image. The pane scrubs through those records;
the console prints them. Nothing here imports the app.
"""
from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from workbench.datasets import DATASETS, DatasetError, dataset_info, dataset_label, load_dataset
from workbench.datasets.fetch import Progress
from workbench.datasets.locate import UnreadableFolder, candidates, places
from workbench.i18n import t
from workbench.i18n.cells import cell_len
from workbench.i18n.library_errors import library_error_text
from workbench.i18n.numbers import grouped
from workbench.i18n.os_errors import os_error_behind, os_error_text
from workbench.jobs import Cancelled
from workbench.models.mine import impl_named, train_net_refusal
from workbench.models.settings import SettingError
from workbench.models.train_settings import CONVS, DATASET_NAMES, NETS, TrainSettings, batch_error  # noqa: F401 - for the command
from workbench.nn import params_io
from workbench.nn.networks import (DeepConvNet, MultiLayerNet, MultiLayerNetExtend, Network, SimpleConvNet,
                                   TwoLayerNet)
from workbench.nn.params_io import saved_epoch
from workbench.nn.trainer import (STOP_FINISHED, EpochEvent, StepEvent, StopEvent, Trainer)

NET_CLASSES = {"simple": "SimpleConvNet", "deep": "DeepConvNet", "two-layer": "TwoLayerNet",
               "multi-layer": "MultiLayerNet", "multi-layer-extend": "MultiLayerNetExtend"}
SYNTHETIC = "synthetic-digits"
HIDDEN = (100, 100, 100, 100, 100, 100)
"""The book's deep fully connected net of chapter 6 (its over-fitting experiments): six hidden layers of 100."""
SPLIT_SIZES = {"mnist": (60_000, 10_000), "fashion-mnist": (60_000, 10_000), SYNTHETIC: (6_000, 1_000)}
"""Images in each data set's training and test split (the synthetic set's default sizes)."""


# -- the plan: what a run of these settings would do (cheap, on every change) --------------------

@dataclass(frozen=True)
class DataStatus:
    """Whether a data set is on this computer, and where the training images are."""

    name: str
    present: bool
    where: str
    """The folder and the kind of place ("system copy", "download cache"), or "generated" for the synthetic set."""
    synthetic: bool
    source: str = ""
    """The kind of place as a fixed id, the same in every language (for programs: `train --json`):
    "generated", or a `Place`'s kind, "user", "cache" or "system"; "" when not here."""
    folder: str | None = None
    """The folder of the training images; None for the generated set or when not here."""

    @property
    def label(self) -> str:
        """The data set's name in the current language."""
        return dataset_label(self.name)


def data_status(name: str, data_dir=None) -> DataStatus:
    """Where `name`'s training images would be read from, without reading them.

    The answer is kept while none of the folders searched changed (`_LookedUp`): the training pane's
    settings ask it for every refresh of their values ("all (6,000)"), the settings dialog several times
    an opening. A file downloaded, unpacked or removed meanwhile changes its folder, and is looked for."""
    info = dataset_info(name)
    if info.source is None:
        return DataStatus(name, True, t("train.data.generated"), True, "generated")
    searched = tuple(places(info, data_dir))
    stamps = tuple(_stamp(place.folder) for place in searched)
    kept = _looked_up.get(name)
    if kept is not None and kept.searched == searched and kept.stamps == stamps and kept.still_there():
        return kept.status
    spec = info.source.splits["train"][0]
    status, file = DataStatus(name, False, "", False), None
    for place in searched:
        try:
            found = candidates(place, spec)
        except UnreadableFolder:
            continue
        if found:
            status, file = DataStatus(name, True, f"{found[0].parent}, {place.label}", False, place.kind,
                                      str(found[0].parent)), found[0]
            break
    settled = time.time_ns() - RACY_NS
    if all(stamp is None or stamp[0] < settled for stamp in stamps):
        _looked_up[name] = _LookedUp(searched, stamps, status, file)
    return status


RACY_NS = 100_000_000
"""A folder changed less than this long ago (0.1 s) is looked into again next time: a file system keeps
times to a clock tick (up to 10 ms), so a file added in the same tick as the last look would leave the
folder's time as it was."""


@dataclass(frozen=True)
class _LookedUp:
    """A data set's status, and what it was found from: the places searched (their labels in the language
    then) and each folder's stamp."""

    searched: tuple
    stamps: tuple
    status: DataStatus
    file: Path | None

    def still_there(self) -> bool:
        """The file found is still a file (a link's target removed leaves its folder's time alone)."""
        return self.file is None or self.file.is_file()


_looked_up: dict[str, _LookedUp] = {}


def _stamp(folder: Path) -> tuple[int, int, int] | None:
    """When `folder`'s list of files last changed (and its status, its inode); None when it cannot be read."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def test_split_only(name: str, data_dir=None) -> bool:
    """Whether `name`'s test split is on this computer though its training images are not (MNIST's
    test files beside the course, in WORKBENCH_DATA): `workbench data` lists them as verified, so "MNIST
    is not on this computer" read as a contradiction."""
    info = dataset_info(name)
    if info.source is None or data_status(name, data_dir).present:
        return False
    for place in places(info, data_dir):
        try:
            if candidates(place, info.source.splits["test"][0]):
                return True
        except UnreadableFolder:
            continue
    return False


def fell_back_text(asked: str, test_split_here: bool) -> str:
    """The sentence before the data line of a run on the synthetic digits: `asked` is not here, or
    only its test split is (the console's `--dataset mnist` refusal says it so too)."""
    key = "train.data.fell_back_test_split" if test_split_here else "train.data.fell_back"
    return t(key, asked=dataset_label(asked))


@dataclass(frozen=True)
class TrainPlan:
    """What the settings would train: the network's layers and size, the data, the steps."""

    settings: TrainSettings
    network_name: str
    layers: tuple[tuple[str, str, tuple[int, ...]], ...]
    """(layer name, class, output shape of one sample), in order."""
    param_count: int
    data: DataStatus
    train_images: int
    test_images: int
    iter_per_epoch: int

    @property
    def max_iter(self) -> int:
        return self.iter_per_epoch * self.settings.epochs


def compute(s: TrainSettings) -> TrainPlan:
    """The plan of a run: builds the network (milliseconds) and looks for the data (no reading)."""
    network = build_network(s)
    if s.impl == "mine":
        _check_mine(s)
    status = data_status(s.dataset)
    total_train, total_test = split_sizes(s.dataset, status)
    train = min(s.train_size or total_train, total_train)
    test = min(s.test_size or total_test, total_test)
    if s.batch_size > train:
        raise batch_error(s.batch_size, train)
    layers = tuple((row.name, row.kind, row.output_shape) for row in network.summary()[:-1])
    return TrainPlan(s, type(network).__name__, layers, sum(p.size for p in network.params.values()),
                     status, train, test, max(train // s.batch_size, 1))


def split_sizes(dataset: str, status: DataStatus | None = None) -> tuple[int, int]:
    """Images in the training and test split that a run on `dataset` reads: the synthetic digits' when
    `dataset` is not on this computer (its `data_status`, looked for when not given)."""
    status = status or data_status(dataset)
    return SPLIT_SIZES[dataset if status.present else SYNTHETIC]


def _check_mine(s: TrainSettings) -> None:
    """SettingError unless the network can be trained from the learner's parts, here (a missing folder is
    said when the run starts, as a part that is missing is)."""
    from workbench.exercises.sandbox import served

    if served():
        raise SettingError("impl", t("mine.served", **impl_named()))
    if s.net not in ("simple", "two-layer"):
        raise SettingError("net", train_net_refusal(s.net))


def build_network(s: TrainSettings) -> Network:
    """The book's configuration of `s.net`, seeded with `s.seed`."""
    if s.net == "simple":
        return SimpleConvNet(rng=s.seed, conv=s.conv)
    if s.net == "deep":
        return DeepConvNet(rng=s.seed, conv=s.conv)
    if s.net == "two-layer":
        return TwoLayerNet(784, 50, 10, rng=s.seed)
    if s.net == "multi-layer":
        return MultiLayerNet(784, list(HIDDEN), 10, weight_decay_lambda=s.weight_decay, rng=s.seed)
    return MultiLayerNetExtend(784, list(HIDDEN), 10, weight_decay_lambda=s.weight_decay,
                               use_dropout=s.dropout > 0, dropout_ration=s.dropout or 0.5,
                               use_batchnorm=s.batch_norm, rng=s.seed)


# -- the data ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainingData:
    """The arrays a run trains and tests on, and where they came from."""

    x_train: np.ndarray
    t_train: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray
    name: str
    """The data set used (the synthetic digits when the one asked for was missing)."""
    asked: str
    where: str
    class_names: tuple[str, ...]
    test_split_here: bool = False
    """When it fell back: whether the test split of the data set asked for is here (see `test_split_only`)."""
    source: str = ""
    """Where the images came from as a fixed id (`DataStatus.source`); `where` says it to a person."""
    folder: str | None = None
    unusable: str = ""
    """When it fell back though the data set's files are here: why they could not be used (a file cut
    short or damaged), in the reader's language. It said the data set was not on this computer."""

    @property
    def fell_back(self) -> bool:
        return self.name != self.asked

    @property
    def label(self) -> str:
        """The name of the data set used, in the current language."""
        return dataset_label(self.name)

    def short_text(self, width: int | None = None) -> str:
        """A shorter line for a status area: the data set, the sizes, and a note when it fell back.
        Within `width` cells, where it would not fit: the synthetic digits by their short name (the
        note already says they are not MNIST), the sizes in fewer words, then no sizes: the longest
        that fits, else the shortest, for the caller to cut."""
        name = t("train.data.synthetic_short") if self.name == SYNTHETIC else self.label
        lines = [self._short_line("train.data.short", self.label), self._short_line("train.data.short", name),
                 self._short_line("train.data.compact", name)]
        lines.append(self._fell_back_note() + " " + name if self.fell_back else name)
        if width is None:
            return lines[0]
        return next((line for line in lines if cell_len(line) <= width), lines[-1])

    def _short_line(self, key: str, name: str) -> str:
        line = t(key, name=name, train=grouped(len(self.x_train)), test=grouped(len(self.x_test)))
        return self._fell_back_note() + " " + line if self.fell_back else line

    def _fell_back_note(self) -> str:
        key = "train.data.short_fell_back_test_split" if self.test_split_here else "train.data.short_fell_back"
        key = "train.data.short_fell_back_unusable" if self.unusable else key
        return t(key, asked=dataset_label(self.asked))

    def source_text(self) -> str:
        """One line for the screen: which data, how many images, from where."""
        line = t("train.data.source", name=self.label, train=f"{len(self.x_train):,}", test=f"{len(self.x_test):,}",
                 where=self.where)
        if self.fell_back:
            note = t("train.data.fell_back_unusable", asked=dataset_label(self.asked), reason=self.unusable) \
                if self.unusable else fell_back_text(self.asked, self.test_split_here)
            line = note + " " + line
        return line


def load_data(s: TrainSettings, *, fallback: bool = True, download: bool = False,
              progress: Progress | None = None) -> TrainingData:
    """The data set of `s`, cut to `train_size`/`test_size` (first images of each split).

    A data set that is not on this computer (and is not downloaded) is replaced by the synthetic
    digits when `fallback` is true, else raises DatasetError. `batch_size` larger than the training
    set raises SettingError.
    """
    name, unusable = s.dataset, ""
    try:
        (x_train, t_train), (x_test, t_test) = load_dataset(name, download=download, progress=progress,
                                                            shared=True)
    except DatasetError as exc:
        if not fallback or name == SYNTHETIC:
            raise
        if data_status(name).present:   # its files are here but not usable (cut short, damaged): not "missing"
            unusable = str(exc).splitlines()[0]
        name = SYNTHETIC
        (x_train, t_train), (x_test, t_test) = load_dataset(name)
    status = data_status(name)
    if s.train_size:
        x_train, t_train = x_train[:s.train_size], t_train[:s.train_size]
    if s.test_size:
        x_test, t_test = x_test[:s.test_size], t_test[:s.test_size]
    if s.batch_size > len(x_train):
        raise batch_error(s.batch_size, len(x_train))
    return TrainingData(x_train, t_train, x_test, t_test, name, s.dataset, status.where,
                        DATASETS[name].class_names, name != s.dataset and test_split_only(s.dataset),
                        status.source, status.folder, unusable)


# -- a run ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EpochRecord:
    """The state after `epoch` epochs (0: before training): accuracies, parameters, test predictions."""

    epoch: int
    iteration: int
    train_acc: float
    test_acc: float
    params: dict[str, np.ndarray]
    predictions: np.ndarray
    """The predicted class of every test image (int8)."""
    elapsed: float = 0.0
    samples_per_sec: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """How a run ended: the trainer's StopEvent and the last figures."""

    stop: StopEvent
    train_acc: float
    test_acc: float
    epochs_done: int
    iterations: int
    seconds: float
    samples_per_sec: float
    loaded: str = ""
    printed: dict | None = None
    """What the learner's code printed in the run (impl = mine: {"lines", "count"}), None for nothing."""


class Reporter:
    """What a run tells its listener; a job context (`workbench.jobs.JobContext`) is one."""

    def progress(self, done: float, total: float | None = None, **info: Any) -> None: ...

    def emit(self, *items: Any) -> None: ...

    def on_control(self, **hooks: Callable[[], None] | None) -> None: ...

    def checkpoint(self) -> None:
        """Wait while paused; raise workbench.jobs.Cancelled once cancelled."""


def network_state(network: Network) -> dict[str, np.ndarray]:
    """Copies of the parameters, and of batch normalization's running statistics ("<layer>.<attr>")."""
    state = {key: value.copy() for key, value in network.params.items()}
    for name, layer in network.layers.items():
        for attr in ("running_mean", "running_var"):
            value = getattr(layer, attr, None)
            if isinstance(value, np.ndarray):
                state[f"{name}.{attr}"] = value.copy()
    return state


def restore(network: Network, state: dict[str, np.ndarray]) -> None:
    """Put a `network_state` back into a network of the same settings."""
    for key, value in state.items():
        if key in network.params:
            network.params[key][...] = value
        else:
            name, attr = key.split(".")
            setattr(network.layers[name], attr, value.copy())


def predictions(network: Network, x: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """The predicted class of every image of `x` (int8), in batches."""
    out = np.empty(len(x), dtype=np.int8)
    for i in range(0, len(x), batch_size):
        out[i:i + batch_size] = network.predict(x[i:i + batch_size], train_flg=False).argmax(axis=1)
    return out


class TrainingRun:
    """A network, the book's Trainer and the records of one run; `run(ctx)` trains in the caller's thread."""

    def __init__(self, settings: TrainSettings, data: TrainingData, *, network: Network | None = None,
                 load: str | Path | None = None, records: bool = True):
        self.settings = settings
        self.data = data
        self.network = network if network is not None else build_network(settings)
        self.loaded = ""
        self.loaded_epoch: int | None = None
        """After how many epochs the loaded parameters were saved (None: not loaded, or not recorded)."""
        if load is not None:
            load_into(self.network, load)
            self.loaded = str(load)
            self.loaded_epoch = saved_epoch(load)
        self.keep_records = records
        s = settings
        self.trainer = Trainer(self.network, data.x_train, data.t_train, data.x_test, data.t_test,
                               epochs=s.epochs, mini_batch_size=s.batch_size, optimizer=s.optimizer,
                               optimizer_param={"lr": s.lr}, evaluate_sample_num_per_epoch=len(data.x_test),
                               verbose=False, rng=s.seed, callback=self._on_event,
                               keep_test_classes=records and isinstance(self.network, Network))
        self.reporter: Reporter = Reporter()
        self.stop_event: StopEvent | None = None
        self._epoch_start = 0.0

    # -- the trainer's events, in the training thread ------------------------------------------
    def _on_event(self, event) -> None:
        reporter, trainer = self.reporter, self.trainer
        if isinstance(event, StepEvent):
            now = time.perf_counter()
            in_epoch = (event.iteration - 1) % trainer.iter_per_epoch + 1
            rate = in_epoch * trainer.batch_size / max(now - self._epoch_start, 1e-9)
            left = (trainer.max_iter - event.iteration) * trainer.batch_size / rate
            reporter.emit(event)
            reporter.progress(event.iteration, trainer.max_iter, epoch=event.epoch, in_epoch=in_epoch,
                              iter_per_epoch=trainer.iter_per_epoch, loss=event.loss, samples_per_sec=rate,
                              seconds_left=left)
        elif isinstance(event, EpochEvent):
            reporter.emit(self.record(event))
            self._epoch_start = time.perf_counter()
        elif isinstance(event, StopEvent):
            self.stop_event = event
            reporter.emit(event)

    def record(self, event: EpochEvent | None = None) -> EpochRecord:
        """The state now: after `event`'s epoch, or before training when `event` is None."""
        params = network_state(self.network) if self.keep_records else {}
        predicted = np.empty(0, np.int8)
        if self.keep_records:     # after an epoch, the classes of the trainer's own test pass (not a second one)
            kept = self.trainer.test_classes if event is not None else None
            predicted = kept if kept is not None and len(kept) == len(self.data.x_test) \
                else predictions(self.network, self.data.x_test)
        if event is None:
            acc = float(np.mean(predicted == self.data.t_test)) if self.keep_records else 0.0
            return EpochRecord(0, 0, float("nan"), acc, params, predicted)
        return EpochRecord(event.epoch, event.iteration, event.train_acc, event.test_acc, params, predicted,
                           event.elapsed, event.samples_per_sec)

    def run(self, reporter: Reporter) -> Outcome:
        """Train to the end (or to stop(), or to a divergence); the listener gets steps and epochs."""
        self.reporter = reporter
        trainer = self.trainer
        reporter.on_control(cancel=trainer.stop)
        checkpoint = getattr(reporter, "checkpoint", None)
        if self.keep_records and trainer.current_iter == 0:
            reporter.emit(self.record())
        self._epoch_start = time.perf_counter()
        reporter.progress(0, trainer.max_iter, epoch=1, in_epoch=0, iter_per_epoch=trainer.iter_per_epoch)
        with np.errstate(all="ignore"):      # a diverging run is explained by the trainer, not warned about
            while True:
                if checkpoint is not None:      # a job's pause waits here, after sending every step so far
                    try:
                        checkpoint()
                    except Cancelled:
                        trainer.stop()
                if not trainer.train_step():
                    return self.outcome()

    def stop(self) -> None:
        self.trainer.stop()

    def outcome(self) -> Outcome:
        trainer = self.trainer
        stop = self.stop_event or StopEvent("stopped", "", trainer.current_iter, trainer.current_epoch)
        test_acc = trainer.test_acc_list[-1] if trainer.test_acc_list else float("nan")
        train_acc = trainer.train_acc_list[-1] if trainer.train_acc_list else float("nan")
        ended_mid_epoch = trainer.current_iter % trainer.iter_per_epoch != 0 or not trainer.test_acc_list
        if stop.reason != STOP_FINISHED and ended_mid_epoch and trainer.current_iter:
            test_acc = self.network.accuracy(self.data.x_test, self.data.t_test)
        seconds = trainer.elapsed
        rate = trainer.current_iter * trainer.batch_size / seconds if seconds else 0.0
        return Outcome(stop, train_acc, test_acc, trainer.current_epoch, trainer.current_iter, seconds, rate,
                       self.loaded)


# -- saving and loading --------------------------------------------------------------------------

def default_save_path(s: TrainSettings, data_name: str) -> Path:
    """Where the pane saves a trained network: networks_dir()/<net>-<data set>.npz; one trained by the
    learner's code (impl = mine) goes beside it, <net>-<data set>-mine.npz, never over the library's."""
    from workbench.paths import networks_dir

    return networks_dir() / f"{s.net}-{data_name}{'-mine' if s.impl == 'mine' else ''}.npz"


def saved_network(path: str | Path) -> str | None:
    """The class name of the network a parameter file was saved from, or None if it cannot be read.

    Reads the file's metadata only, and never waits on a named pipe."""
    try:
        return params_io.saved_by(path)
    except (OSError, ValueError):   # a damaged file is reported by load_params in its own words
        return None


def save_problem(path: str, *, force: bool = False) -> str | None:
    """Why a network cannot be saved to `path` (typed by the learner), found before training; None if it can.

    Refused: an empty name, a folder, a named pipe or a device (never replaced, even with `force`), a
    symbolic link whose target's folder is missing, a folder that cannot be written (or created), and,
    unless `force`, a file that is not a parameter file saved by workbench (a typo must not cost a file).
    """
    if not str(path).strip():
        return t("train.error.save_empty")
    shown = Path(path)
    if os.path.islink(path) and not os.path.exists(path):
        target = os.path.join(os.path.dirname(path), os.readlink(path))
        if not os.path.isdir(os.path.dirname(os.path.realpath(path))):
            return t("train.error.save_dangling", path=shown, target=target)
    real = Path(os.path.realpath(path))
    if real.is_dir():
        return t("train.error.save_folder", path=shown, example=shown / "simple.npz")
    kind = params_io.special_kind(real)
    if kind:
        return t("train.error.save_special", path=shown, kind=t(f"train.error.kind.{kind.split()[-1]}"))
    if real.exists() and not force and saved_network(real) is None:
        return t("train.error.save_not_params", path=shown)
    return _folder_problem(shown, real.parent)


SAVE_OVERHEAD = 64 * 1024
"""Bytes a parameter file takes beyond its arrays (zip and .npy headers, the metadata), generously."""


def save_size(network: Network) -> int:
    """About how many bytes `network`'s parameter file takes (np.savez stores the arrays uncompressed)."""
    arrays = {**network.params, **network._state()}
    return sum(int(a.nbytes) for a in arrays.values()) + SAVE_OVERHEAD


def room_problem(network: Network, path: str | Path) -> str | None:
    """Why `network` cannot be saved to `path` for want of room, found before training: a full disk
    refused the save only after the run, and the trained network was lost. None when there is room
    (or the disk cannot say). The temp file is written before the old file goes, so all of it is needed."""
    folder = Path(os.path.realpath(path)).parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    needed = save_size(network)
    if free >= needed:
        return None
    from workbench.i18n.numbers import human_bytes

    return t("train.error.save_no_room", path=Path(path), needed=human_bytes(needed), free=human_bytes(free))


def _folder_problem(shown: Path, folder: Path) -> str | None:
    """Why a file cannot be written in `folder` (or the folder created), tried for real; None if it can."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return t("train.error.cannot_save", path=shown, reason=t("train.error.not_a_folder", folder=existing))
    try:
        if existing == folder:
            fd, probe = tempfile.mkstemp(dir=folder, prefix=".workbench-save-check-")
            os.close(fd)
            os.unlink(probe)
        else:
            os.rmdir(tempfile.mkdtemp(dir=existing, prefix=".workbench-save-check-"))
    except OSError as exc:
        return t("train.error.cannot_save", path=shown, reason=os_error_text(exc))
    return None


class OtherNetwork(ValueError):
    """A parameter file saved from another network. Its message names the setting to choose as the
    app's settings write it (net = deep); the console says its option instead (`console_text`)."""

    def __init__(self, path: str | Path, saved: str, mine: str):
        self.values = dict(path=path, saved=saved, mine=mine,
                           net={cls: net for net, cls in NET_CLASSES.items()}.get(saved, saved))
        super().__init__(t("train.error.other_net", **self.values))

    def console_text(self) -> str:
        return t("train.cli.other_net", **self.values)


def load_into(network: Network, path: str | Path) -> None:
    """Load saved parameters into `network`; ValueError in plain words (nothing changes on failure)."""
    saved, mine = saved_network(path), type(network).__name__
    if saved is not None and saved != mine:
        raise OtherNetwork(path, saved, mine)
    try:
        network.load_params(path)
    except FileNotFoundError:
        raise ValueError(t("train.error.no_file", path=path)) from None
    except params_io.ParamsFileError as exc:        # the library's words are English: said in the reader's
        raise ValueError(library_error_text(exc)) from None
    except ValueError:
        if saved is None and Path(path).is_file():
            raise ValueError(t("train.error.damaged", path=path)) from None
        raise


def save_network(network: Network, path: str | Path, *, epoch: int | None = None) -> Path:
    """Save atomically (the library's save_params), creating the folder, with the number of epochs
    the parameters were trained when it is known; ValueError when it cannot."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(t("train.error.cannot_save", path=path, reason=os_error_text(exc))) from None
    try:
        network.save_params(path, epoch=epoch)
    except params_io.ParamsFileError as exc:        # a refusal (a folder, a pipe, the system's error): said
        raise ValueError(library_error_text(exc)) from None
    except ValueError as exc:        # the library's words are English: the system's error in the reader's
        cause = os_error_behind(exc)
        if cause is None:
            raise
        raise ValueError(t("train.error.cannot_save", path=path, reason=os_error_text(cause))) from None
    return path


def epochs_trained(training: TrainingRun, epochs: int) -> int | None:
    """How many epochs the network of `training` has been trained after `epochs` epochs of this run,
    counting those of the file it started from; None when that file did not record its own."""
    if not training.loaded:
        return epochs
    return None if training.loaded_epoch is None else training.loaded_epoch + epochs


def fmt_time(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss) for progress lines."""
    if not math.isfinite(seconds) or seconds < 0:
        return "--:--"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
