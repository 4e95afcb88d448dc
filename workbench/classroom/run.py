"""The presenter's training run in a few figures, so followers see it without training anything.

While the presenter's pane has a run, its shared position carries what runs (the network's class name
and the data set's id), how far it is (epoch and iteration), the latest figures (smoothed training
loss, training and test accuracy) and whether it runs, is paused, finished or stopped; a comparison
(chapter 6) also how many runs it has, how many are done and which leads; a search (6.4) how many
trials are done of how many, and the best validation accuracy with its lr and λ. A single run also
carries its curves, thinned to at most MAX_POINTS points each (the smoothed loss by iteration, or by
epoch in the playground, and the accuracies by epoch; the training pane's raw loss too, as the bands
its plot draws, at most RAW_POINTS), so a follower's pane draws them without training; a comparison
carries the curves of each run its curves view shows (`Series`, at most MAX_SERIES, SERIES_POINTS
points of each kind in all), and the playground its network's trained weights (at most MAX_WEIGHTS
numbers), from which a follower draws the map. Like the rest of a position it crosses the network,
so reading one checks every field: names are short plain words, numbers finite, whole where they count
and in range, the curves' steps increasing and their lengths bounded; nothing else is kept.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Any

STATES = ("running", "paused", "finished", "stopped", "failed")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,39}")
"""A network's class name or a data set's id."""
MAX_COUNT = 10 ** 9
"""The most epochs or iterations a run may say it has."""
MAX_LOSS = 1e6
COUNTS = ("epoch", "epochs", "iteration", "iterations", "runs", "runs_done")
MAX_LEADER = 40
"""The most characters of a comparison's leading run's name ("Adam", "std=0.01")."""
FRACTIONS = ("train_acc", "test_acc", "val_acc")
KINDS = ("run", "search")
MAX_POINTS = 120
"""The most points of each curve a position carries: (step, loss), and (epoch, train accuracy, test
accuracy). One bound for both, so a curve of as many points as the other is thinned at the same places."""
RAW_POINTS = 240
"""The most points of a run's raw loss: the lowest and the highest of each of 119 buckets of what the
presenter's plot draws, and its first and last point. A loss plot is about a hundred braille dot columns
wide (two a cell), so the noise band looks as it does on the projector, in 3–4 KB."""
MAX_SERIES = 8
"""The most runs of a comparison whose curves a position carries (the ones its curves view shows)."""
SERIES_POINTS = 320
"""The most loss points, and the most accuracy points, of all a comparison's runs together: each run's
curves are thinned to MAX_POINTS or to this shared among its runs, so eight runs' curves stay near 13 KB."""
MAX_WEIGHTS = 1024
"""The most parameters a position carries (the playground's largest network, 4 layers of 16, has 898)."""
MAX_WEIGHT_ARRAYS = 16
MAX_WEIGHT = 1e6


class BadRun(ValueError):
    """A run summary that does not read as one."""


@dataclass(frozen=True)
class Series:
    """One run of a comparison, as its curves view draws it: its name (as its legend says it), its
    smoothed loss (iteration, loss) and its (epoch, training accuracy, test accuracy), thinned, and its
    index in the comparison's plan (`run`), by which a follower names it in its own language (the grid
    shows one cell's pair of its 32 runs). None from a presenter of a version that did not send it."""

    name: str
    losses: tuple[tuple[int, float], ...] = ()
    accuracies: tuple[tuple[int, float, float], ...] = ()
    run: int | None = None

    def to_json(self) -> dict[str, Any]:
        data = {"name": self.name, "losses": [list(point) for point in self.losses],
                "accuracies": [list(point) for point in self.accuracies]}
        if self.run is not None:
            data["run"] = self.run
        return data


@dataclass(frozen=True)
class RunSummary:
    """A run of `network` on `dataset`: epoch `epoch` of `epochs` (the one under way while running, the
    last finished one after), iteration `iteration` of `iterations`, the last finished epoch's training
    `loss` (its mean, as the presenter's results line says it) and accuracies (fractions), each None
    until measured."""

    network: str
    dataset: str
    state: str
    epoch: int = 0
    epochs: int = 0
    iteration: int = 0
    iterations: int = 0
    loss: float | None = None
    train_acc: float | None = None
    test_acc: float | None = None
    runs: int = 0
    """A comparison's number of runs (0 for a single run); its iterations count all runs'."""
    runs_done: int = 0
    leader: str = ""
    """A comparison's best run so far by test accuracy (which `test_acc` is then), by its name; a
    search's best trial by its lr and λ ("lr=0.0123 λ=1.2e-06")."""
    val_acc: float | None = None
    """A search's best validation accuracy so far."""
    kind: str = "run"
    """"search" for a hyper-parameter search (`runs` counts its trials); a run or a comparison else."""
    losses: tuple[tuple[int, float], ...] = ()
    """The smoothed loss curve: (iteration, or the playground's epoch, from 1; loss), thinned."""
    raw: tuple[tuple[int, float], ...] = ()
    """The training pane's loss of each iteration as its plot draws it, reduced to its bands
    (`_raw_curve`): the follower's plot gets the presenter's axes and noise, not only its smoothed line."""
    accuracies: tuple[tuple[int, float, float], ...] = ()
    """(epoch, training accuracy, test accuracy) of the measured epochs, thinned."""
    series: tuple[Series, ...] = ()
    """A comparison's runs its curves view shows (at most MAX_SERIES), each with its curves."""
    asked: str = ""
    """The data set asked for when the run fell back to another (the synthetic digits, MNIST not being on
    the presenter's computer); "" when it trains on the one asked for."""
    weights: tuple[tuple[float, ...], ...] = ()
    """The playground network's parameters, each array flattened, in the network's order (W1, b1, W2,
    …); the follower checks them against its own network's shapes before drawing its map from them."""

    @property
    def percent_done(self) -> int:
        """How much of its iterations is done, in whole percent, rounded as a progress bar's percentage
        rounds it (the follower's status said 75 % beside its bar's 76 %)."""
        return round(100 * min(self.iteration / self.iterations, 1.0)) if self.iterations else 0

    @classmethod
    def rounded(cls, network: str, dataset: str, state: str, asked: str = "", **figures: Any) -> "RunSummary":
        """A summary from a pane's own figures: counts made whole, accuracies to 4 decimals (enough to
        show, short to send), the loss as it is (the follower rounds it as the presenter's pane does: sent
        to 4 digits, 0.024249996 went as 0.02425 and read 0.0243 under the presenter's 0.0242), a figure
        that is not finite dropped."""
        values: dict[str, Any] = {}
        for name, value in figures.items():
            if value is None:
                continue
            if name == "losses":
                values[name] = _loss_curve(value)
            elif name == "raw":
                values[name] = _raw_curve(value)
            elif name == "accuracies":
                values[name] = _accuracy_curve(value)
            elif name == "series":
                values[name] = _series(value)
            elif name == "weights":
                values[name] = _weights(value)
            elif name == "kind":
                values[name] = value
            elif name == "leader":
                values[name] = str(value)[:MAX_LEADER]
            elif name in COUNTS:
                values[name] = int(value)
            elif math.isfinite(float(value)):
                values[name] = float(value) if name == "loss" else round(float(value), 4)
        return cls(network, dataset, state, asked=asked, **values)

    def to_json(self) -> dict[str, Any]:
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        data["losses"] = [list(point) for point in self.losses]
        data["raw"] = [list(point) for point in self.raw]
        data["accuracies"] = [list(point) for point in self.accuracies]
        data["series"] = [series.to_json() for series in self.series]
        data["weights"] = [list(array) for array in self.weights]
        return data

    @classmethod
    def from_json(cls, data: Any) -> "RunSummary":
        """The summary `data` describes; BadRun for anything else."""
        if not isinstance(data, dict):
            raise BadRun("not an object")
        network, dataset, state = data.get("network"), data.get("dataset"), data.get("state")
        for name in (network, dataset):
            if not (isinstance(name, str) and WORD.fullmatch(name)):
                raise BadRun(f"bad name {name!r}")
        if state not in STATES:
            raise BadRun(f"bad state {state!r}")
        values: dict[str, Any] = {}
        for name in COUNTS:
            value = data.get(name, 0)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
                raise BadRun(f"bad {name} {value!r}")
            values[name] = value
        for name, high in (("loss", MAX_LOSS), *((name, 1.0) for name in FRACTIONS)):
            value = data.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= high:
                raise BadRun(f"bad {name} {value!r}")     # NaN fails the range test too
            values[name] = float(value)
        leader = data.get("leader", "")
        if not (isinstance(leader, str) and len(leader) <= MAX_LEADER and leader.isprintable()):
            raise BadRun(f"bad leader {leader!r}")
        asked = data.get("asked", "")
        if not (asked == "" or isinstance(asked, str) and WORD.fullmatch(asked)):
            raise BadRun(f"bad name {asked!r}")
        kind = data.get("kind", "run")
        if kind not in KINDS:
            raise BadRun(f"bad kind {kind!r}")
        losses = _points(data.get("losses", []), MAX_POINTS, first=1, highs=(MAX_LOSS,), name="losses")
        accuracies = _points(data.get("accuracies", []), MAX_POINTS, first=0, highs=(1.0, 1.0),
                             name="accuracies")
        raw = _points(data.get("raw", []), RAW_POINTS, first=1, highs=(MAX_LOSS,), name="raw losses")
        return cls(network, dataset, state, **values, leader=leader, kind=kind, losses=losses, raw=raw, asked=asked,
                   accuracies=accuracies,
                   series=_read_series(data.get("series", []), values["runs"]), weights=_read_weights(data.get("weights", [])))


def thinned(count: int, most: int) -> list[int]:
    """At most `most` of the indices 0 … count−1, evenly spread, the first and the last among them."""
    if count <= most:
        return list(range(count))
    return [round(i * (count - 1) / (most - 1)) for i in range(most)]


def _loss_curve(losses: Any, most: int = MAX_POINTS, digits: int = 4) -> tuple[tuple[int, float], ...]:
    """(step, loss) points of a loss per step (`losses[k]` is step k + 1's), thinned to
    `most`, to `digits` significant digits and at most MAX_LOSS; a diverged run's curve ends where
    it stopped being finite (a smoothed loss that once was NaN stays NaN)."""
    points = []
    for index in thinned(len(losses), most):
        value = float(losses[index])
        if not math.isfinite(value):
            break
        points.append((index + 1, float(f"{min(max(value, 0.0), MAX_LOSS):.{digits}g}")))
    return tuple(points)


def _raw_curve(losses: Any, most: int = RAW_POINTS, digits: int = 4) -> tuple[tuple[int, float], ...]:
    """(step, loss) points of a loss per step as a plot draws it (bucket means, as `bucket_means` thins a series,
    each at its bucket's middle step) and, past `most` points, only each band's extremes: the lowest and
    the highest point of each of (most − 2) / 2 buckets, with the first and the last point. Every dot
    column of a plot a few hundred dots wide then spans what the presenter's does, and the curve has its
    range. A diverged run's curve ends where it stopped being finite."""
    import numpy as np

    from workbench.models.series import bucket_means

    values = np.asarray(losses, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(values))
    values = np.clip(values[:bad[0]] if len(bad) else values, 0.0, MAX_LOSS)
    steps, drawn = bucket_means(np.arange(1, len(values) + 1), values)
    kept = range(len(drawn))
    if len(drawn) > most:
        edges = np.linspace(0, len(drawn), (most - 2) // 2 + 1).astype(int)
        kept = sorted({0, len(drawn) - 1, *(start + int(np.argmin(drawn[start:end])) for start, end in zip(edges, edges[1:])),
                       *(start + int(np.argmax(drawn[start:end])) for start, end in zip(edges, edges[1:]))})
    points, last = [], 0
    for index in kept:
        step = int(np.floor(steps[index] + 0.5))
        if step > last:
            points.append((step, float(f"{drawn[index]:.{digits}g}")))
            last = step
    return tuple(points)


def _accuracy_curve(accuracies: Any, most: int = MAX_POINTS, digits: int = 4) -> tuple[tuple[int, float, float], ...]:
    """(epoch, train, test) points, thinned to `most`, to `digits` decimals; any not finite left out."""
    points = []
    for index in thinned(len(accuracies), most):
        epoch, train, test = accuracies[index]
        if math.isfinite(train) and math.isfinite(test):
            points.append((int(epoch), round(min(max(float(train), 0.0), 1.0), digits),
                           round(min(max(float(test), 0.0), 1.0), digits)))
    return tuple(points)


def _series(runs: Any) -> tuple[Series, ...]:
    """A comparison's (name, losses per step, (epoch, train, test) accuracies[, index in its plan]) runs
    as Series: the first MAX_SERIES, names cut to MAX_LEADER characters, each curve thinned to its share
    of SERIES_POINTS, losses to 3 significant digits and accuracies to 3 decimals (a tenth of a percent,
    as shown)."""
    runs = list(runs)[:MAX_SERIES]
    most = min(MAX_POINTS, SERIES_POINTS // max(len(runs), 1))
    return tuple(Series(_name(name), _loss_curve(losses, most, 3), _accuracy_curve(accuracies, most, 3),
                        int(index[0]) if index else None)
                 for name, losses, accuracies, *index in runs)


def _name(name: Any) -> str:
    """A run's name as a legend shows it, printable and at most MAX_LEADER characters."""
    text = "".join(c if c.isprintable() else " " for c in str(name))[:MAX_LEADER]
    return text or "?"


def _weights(arrays: Any) -> tuple[tuple[float, ...], ...]:
    """A network's parameter arrays flattened, each to 4 significant digits of its largest value (what
    a map can show; a tiny weight beside large ones goes as 0); () when there are too many or one is
    not finite (the follower then keeps its own map)."""
    rounded, count = [], 0
    for array in arrays:
        values = [float(v) for v in getattr(array, "flat", array)]
        count += len(values)
        if (not values or count > MAX_WEIGHTS or len(rounded) == MAX_WEIGHT_ARRAYS
                or not all(math.isfinite(v) and abs(v) <= MAX_WEIGHT for v in values)):
            return ()
        top = max(abs(v) for v in values)
        digits = 3 - math.floor(math.log10(top)) if top > 0 else 0
        rounded.append(tuple(round(v, digits) + 0.0 for v in values))     # + 0.0: no "-0.0" to send
    return tuple(rounded)


def _read_series(raw: Any, runs: int) -> tuple[Series, ...]:
    """Series read back: at most MAX_SERIES objects with a printable name, two curves and, if any, a
    whole index below `runs` (no index: an older presenter's), no more than SERIES_POINTS points of
    each kind in all; BadRun for anything else."""
    if not isinstance(raw, list) or len(raw) > MAX_SERIES:
        raise BadRun("bad series")
    series = []
    for item in raw:
        if not isinstance(item, dict):
            raise BadRun("bad series item")
        name = item.get("name")
        if not (isinstance(name, str) and 0 < len(name) <= MAX_LEADER and name.isprintable()):
            raise BadRun(f"bad series name {name!r}")
        index = item.get("run")
        if index is not None and (isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < runs):
            raise BadRun(f"bad series run {index!r}")
        series.append(Series(name, _points(item.get("losses", []), MAX_POINTS, 1, (MAX_LOSS,), "series losses"),
                             _points(item.get("accuracies", []), MAX_POINTS, 0, (1.0, 1.0), "series accuracies"),
                             index))
    if (sum(len(s.losses) for s in series) > SERIES_POINTS
            or sum(len(s.accuracies) for s in series) > SERIES_POINTS):
        raise BadRun("too many series points")
    return tuple(series)


def _read_weights(raw: Any) -> tuple[tuple[float, ...], ...]:
    """Parameter arrays read back: at most MAX_WEIGHT_ARRAYS non-empty lists of finite numbers within
    ±MAX_WEIGHT, MAX_WEIGHTS in all; BadRun for anything else."""
    if not isinstance(raw, list) or len(raw) > MAX_WEIGHT_ARRAYS:
        raise BadRun("bad weights")
    arrays, count = [], 0
    for array in raw:
        if not isinstance(array, list) or not array:
            raise BadRun("bad weight array")
        count += len(array)
        if count > MAX_WEIGHTS:
            raise BadRun("too many weights")
        for value in array:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not -MAX_WEIGHT <= value <= MAX_WEIGHT:
                raise BadRun(f"bad weight {value!r}")       # NaN fails the range test too
        arrays.append(tuple(map(float, array)))
    return tuple(arrays)


def _points(raw: Any, most: int, first: int, highs: tuple[float, ...], name: str) -> tuple:
    """A curve read back: at most `most` lists of a whole step (from `first`, increasing) and one
    number in 0 … high for each of `highs`; BadRun for anything else."""
    if not isinstance(raw, list) or len(raw) > most:
        raise BadRun(f"bad {name}")
    points, last = [], first - 1
    for point in raw:
        if not (isinstance(point, list) and len(point) == 1 + len(highs)):
            raise BadRun(f"bad {name} point {point!r}")
        step, *figures = point
        if isinstance(step, bool) or not isinstance(step, int) or not last < step <= MAX_COUNT:
            raise BadRun(f"bad {name} step {step!r}")
        for value, high in zip(figures, highs):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= high:
                raise BadRun(f"bad {name} value {value!r}")    # NaN fails the range test too
        points.append((step, *map(float, figures)))
        last = step
    return tuple(points)
