"""The book's hyper-parameter search (hyperparameter_optimization.py), honest: scored on validation
images carved from the training data, never on the test set.

    settings = SearchSettings(dataset="synthetic-digits", trials=20, epochs=10)
    plan = compute(settings)                 # cheap: the split's sizes, the ranges
    data = load_search_data(settings)        # reads the *training* split only
    outcome = Search(settings, data).run(ctx)

As the book: the first `train_size` training images are shuffled (by `seed`) and the first
`validation` fraction of them set aside; each trial draws a learning rate and a weight decay λ
log-uniformly from their ranges, trains the book's MultiLayerNet (six hidden layers of 100) with
SGD for `epochs` epochs on the rest, and is scored by its final validation accuracy. Every trial
has its own seed, from which its two values, its initial weights and its mini-batches all follow:
`run_trial(settings, data, seed)` repeats it exactly. `narrowed(settings, trials)` gives the ranges
the best five trials span, to search again there.
"""
from __future__ import annotations

import dataclasses
import math
import struct
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.datasets import DatasetError, dataset_label, load_split
from workbench.i18n import has, t
from workbench.i18n.numbers import grouped
from workbench.jobs import Cancelled
from workbench.models.compare_settings import INPUT_SIZE, OUTPUT_SIZE
from workbench.models.search_settings import SearchSettings
from workbench.models.settings import SettingError, named
from workbench.models.train import (SPLIT_SIZES, SYNTHETIC, DataStatus, data_status, fell_back_text,
                                    test_split_only)
from workbench.nn.networks import MultiLayerNet
from workbench.nn.trainer import STOP_FINISHED, EpochEvent, StopEvent, Trainer

BEST = 5
"""Trials shown with their curves, and spanned by the narrowed ranges."""


@dataclass(frozen=True)
class SearchPlan:
    settings: SearchSettings
    data: DataStatus
    train_images: int
    validation_images: int
    iterations_per_trial: int

    @property
    def used_label(self) -> str:
        """The name of the images the trials will use: the synthetic digits where the data set asked for is
        not here (the plan said "MNIST: of the first 500 training images, …" above "MNIST is not on this
        computer: the runs use the synthetic digits")."""
        return self.data.label if self.data.present else dataset_label(SYNTHETIC)


def size_error(size: int, available: int) -> SettingError:
    """More training images asked for than the data set has: "train_size 7,000 is more than the 6,000
    training images there are", grouped as the settings' other errors write counts."""
    return SettingError("train_size", t("search.error.size", size=grouped(size), available=grouped(available),
                                        key=named("train_size")))


def compute(s: SearchSettings) -> SearchPlan:
    status = data_status(s.dataset)
    available = SPLIT_SIZES[s.dataset if status.present else SYNTHETIC][0]
    if s.train_size > available:
        raise size_error(s.train_size, available)
    per_epoch = max(s.train_images // s.batch_size, 1)
    return SearchPlan(s, status, s.train_images, s.validation_images, per_epoch * s.epochs)


# -- the data: the training split only -----------------------------------------------------------

@dataclass(frozen=True)
class SearchData:
    """The images a search trains and scores on, all from the training split."""

    x_train: np.ndarray
    t_train: np.ndarray
    x_val: np.ndarray
    t_val: np.ndarray
    validation_indices: np.ndarray
    """Positions in the training split of the validation images."""
    name: str
    asked: str
    test_split_here: bool = False
    """When it fell back: whether the test split of the data set asked for is here (not used, but there)."""

    @property
    def fell_back(self) -> bool:
        return self.name != self.asked

    def split(self) -> dict[str, Any]:
        """Which images the trials were scored on, for `--json` and the pane."""
        return {"from": "train", "first": int(len(self.x_train) + len(self.x_val)),
                "training": int(len(self.x_train)), "validation": int(len(self.x_val)),
                "validation_indices": sorted(int(i) for i in self.validation_indices), "test_split_used": False}

    def text(self) -> str:
        line = t("search.data", name=dataset_label(self.name), first=grouped(len(self.x_train) + len(self.x_val)),
                 train=grouped(len(self.x_train)), val=grouped(len(self.x_val)))
        if self.fell_back:
            line = fell_back_text(self.asked, self.test_split_here) + " " + line
        return line


def load_search_data(s: SearchSettings, *, fallback: bool = True) -> SearchData:
    """The first `train_size` images of the training split, shuffled by `seed` and cut into the
    trials' training images and the validation images. The test split is never read."""
    name = s.dataset
    try:
        x, labels = load_split(name, "train", download=False)
    except DatasetError:
        if not fallback or name == SYNTHETIC:
            raise
        name = SYNTHETIC
        x, labels = load_split(name, "train")
    if s.train_size > len(x):
        raise size_error(s.train_size, len(x))
    order = np.random.default_rng(s.seed).permutation(s.train_size)
    val, train = order[:s.validation_images], order[s.validation_images:]
    return SearchData(x[train], labels[train], x[val], labels[val], val, name, s.dataset,
                      name != s.dataset and test_split_only(s.dataset))


DEFAULT_RANGES = tuple(getattr(SearchSettings(), key) for key in ("lr_min", "lr_max", "wd_min", "wd_max"))


# -- trials --------------------------------------------------------------------------------------

def trial_seeds(s: SearchSettings) -> list[int]:
    """The seed of every trial, from the search's seed, and from its ranges where they are not the
    default ones: a narrowed search draws afresh instead of the first search's draws rescaled (the
    same trials came out on top again, at rescaled values)."""
    ranges = (s.lr_min, s.lr_max, s.wd_min, s.wd_max)
    entropy = s.seed if ranges == DEFAULT_RANGES else [s.seed, *(_bits(value) for value in ranges)]
    return [int(v) for v in np.random.default_rng(entropy).integers(0, 2 ** 31 - 1, size=s.trials)]


def _bits(value: float) -> int:
    """A float's 64 bits as a whole number (seed material)."""
    return int.from_bytes(struct.pack("<d", value), "little")


def trial_values(s: SearchSettings, trial_seed: int) -> tuple[float, float]:
    """(learning rate, weight decay λ) of a trial, drawn log-uniformly from the ranges by its seed."""
    rng = np.random.default_rng(trial_seed)
    lr = 10 ** rng.uniform(math.log10(s.lr_min), math.log10(s.lr_max))
    wd = 10 ** rng.uniform(math.log10(s.wd_min), math.log10(s.wd_max))
    return float(lr), float(wd)


@dataclass(frozen=True)
class TrialStarted:
    index: int
    seed: int
    lr: float
    weight_decay: float


@dataclass(frozen=True)
class TrialEpoch:
    index: int
    epoch: int
    train_acc: float
    val_acc: float


@dataclass(frozen=True)
class TrialResult:
    index: int
    seed: int
    lr: float
    weight_decay: float
    val_acc: float
    """The final validation accuracy: the trial's score."""
    train_acc: float
    val_accs: tuple[float, ...]
    train_accs: tuple[float, ...]
    stop_reason: str | None
    seconds: float


@dataclass(frozen=True)
class SearchOutcome:
    trials: tuple[TrialResult, ...]
    """The trials that ran to their end, in the order they ran (a cancelled one is left out)."""
    cancelled: bool
    seconds: float

    @property
    def best(self) -> tuple[TrialResult, ...]:
        return ranked(self.trials)[:BEST]


def of_the_best(key: str, done: int, **values: Any) -> str:
    """The text of `key` said of the best of `done` trials: `key` itself ("the best five") from BEST
    trials on, `key.few` below ("the best 3 of 3": five were named of three trials), `key.one` of one
    trial where the catalog has it ("1 trial", not "the best 1 of 1")."""
    if done >= BEST:
        return t(key, done=done, **values)
    return t(key + (".one" if done == 1 and has(key + ".one") else ".few"), done=done, **values)


def one_of(s: SearchSettings) -> str:
    """The ending of a key said of `s`'s trials and epochs where one of them is 1 ("1 trial of 1 epoch", not
    "1 trials of 1 epochs"): ".one", ".one_trial", ".one_epoch" or ""."""
    return {(True, True): ".one", (True, False): ".one_trial", (False, True): ".one_epoch"}.get(
        (s.trials == 1, s.epochs == 1), "")


def ranked(trials) -> list[TrialResult]:
    """Trials best first: by validation accuracy, then by order."""
    return sorted(trials, key=lambda r: (-(r.val_acc if math.isfinite(r.val_acc) else -1), r.index))


def scatter_groups(trials) -> tuple[list[TrialResult], list[TrialResult], list[TrialResult]]:
    """The trials with a validation accuracy as the scatter draws them: (lower half, upper half, best five).

    The halves are those of the trials other than the best five, split at their own median: split at the
    median of all the trials, the best five included, the upper half of 8 trials held none of them.
    """
    good = [r for r in trials if math.isfinite(r.val_acc)]
    best = ranked(good)[:BEST]
    rest = [r for r in good if r not in best]
    if not rest:
        return [], [], best
    median = float(np.median([r.val_acc for r in rest]))
    return [r for r in rest if r.val_acc < median], [r for r in rest if r.val_acc >= median], best


def run_trial(s: SearchSettings, data: SearchData, trial_seed: int, index: int = 0, reporter=None) -> TrialResult:
    """One trial, from its seed alone (with the search's settings and data): the same seed, the same result."""
    lr, wd = trial_values(s, trial_seed)
    network = MultiLayerNet(INPUT_SIZE, list(s.hidden), OUTPUT_SIZE, weight_decay_lambda=wd, rng=trial_seed)
    emit = reporter.emit if reporter is not None else (lambda *items: None)
    stop: list[StopEvent] = []

    def on_event(event) -> None:
        if isinstance(event, EpochEvent):
            emit(TrialEpoch(index, event.epoch, event.train_acc, event.test_acc))
        elif isinstance(event, StopEvent):
            stop.append(event)

    trainer = Trainer(network, data.x_train, data.t_train, data.x_val, data.t_val, epochs=s.epochs,
                      mini_batch_size=s.batch_size, optimizer=s.optimizer, optimizer_param={"lr": lr},
                      verbose=False, rng=trial_seed, callback=on_event)
    emit(TrialStarted(index, trial_seed, lr, wd))
    checkpoint = getattr(reporter, "checkpoint", None)
    with np.errstate(all="ignore"):
        while True:
            if checkpoint is not None:
                checkpoint()           # raises Cancelled: the search keeps the trials before this one
            if not trainer.train_step():
                break
            if reporter is not None and trainer.current_iter % 5 == 0:
                reporter.trial_fraction(trainer.current_iter / trainer.max_iter)
    reason = stop[-1].reason if stop else "stopped"
    vals, trains = tuple(trainer.test_acc_list), tuple(trainer.train_acc_list)
    return TrialResult(index, trial_seed, lr, wd, vals[-1] if vals else float("nan"),
                       trains[-1] if trains else float("nan"), vals, trains,
                       None if reason == STOP_FINISHED else reason, trainer.elapsed)


class Search:
    """The trials of a search, one after another, in the caller's thread (a job)."""

    def __init__(self, settings: SearchSettings, data: SearchData):
        self.settings = settings
        self.data = data
        self.seeds = trial_seeds(settings)
        self.results: list[TrialResult] = []
        self._reporter = None
        self._start = 0.0

    def trial_fraction(self, fraction: float) -> None:
        """Progress inside the current trial (called by `run_trial` every few steps)."""
        done = len(self.results) + fraction
        elapsed = time.perf_counter() - self._start
        left = (self.settings.trials - done) * elapsed / done if done else float("nan")
        self._reporter.progress(done, self.settings.trials, trials_done=len(self.results), seconds_left=left)

    def emit(self, *items) -> None:
        self._reporter.emit(*items)

    def checkpoint(self) -> None:
        checkpoint = getattr(self._reporter, "checkpoint", None)
        if checkpoint is not None:
            checkpoint()

    def run(self, reporter) -> SearchOutcome:
        self._reporter, self._start = reporter, time.perf_counter()
        cancelled = False
        reporter.progress(0, self.settings.trials, trials_done=0)
        for index, trial_seed in enumerate(self.seeds[len(self.results):], start=len(self.results)):
            try:
                result = run_trial(self.settings, self.data, trial_seed, index, self)
            except Cancelled:
                cancelled = True
                break
            self.results.append(result)
            reporter.emit(result)
            self.trial_fraction(0.0)
        return SearchOutcome(tuple(self.results), cancelled, time.perf_counter() - self._start)


def narrowed(s: SearchSettings, trials, best: int = BEST) -> SearchSettings:
    """The settings with both ranges cut to what the `best` best trials span (a tenth of a decade
    wider each way, so a lone best value still leaves a range, but never past the ranges searched)."""
    top = ranked(trials)[:best]
    if not top:
        return s
    pad = 10 ** 0.1

    def span(values, low, high):
        return max(min(values) / pad, low), min(max(values) * pad, high)

    lr_min, lr_max = span([r.lr for r in top], s.lr_min, s.lr_max)          # narrower, never wider
    wd_min, wd_max = span([r.weight_decay for r in top], s.wd_min, s.wd_max)
    def rounded(value, low, high):
        return min(max(float(f"{value:.3g}"), low), high)
    return dataclasses.replace(s, lr_min=rounded(lr_min, s.lr_min, s.lr_max), lr_max=rounded(lr_max, s.lr_min, s.lr_max),
                               wd_min=rounded(wd_min, s.wd_min, s.wd_max), wd_max=rounded(wd_max, s.wd_min, s.wd_max))
