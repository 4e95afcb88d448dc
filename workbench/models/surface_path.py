"""A path on a 2-D function: the surfaces that gradient descent (4.3) and the optimizers (6.1) walk
on, and what a walk did, read from its points as a learner would read the picture.

`Surface` is a function f(x, y) (written f(x₀, x₁) in chapter 4) with its exact gradient, the point to mark (its minimum, or the
saddle point), the window it is drawn in and the contour levels drawn. `SurfacePath` holds the
points a walk visited; `observe` says what it did — zig-zag, overshoot, shrinking steps, crawling,
divergence — with the numbers that show it, from sign changes, step lengths and distances, never
from which optimizer made it. `next_rate` moves a learning rate along a log-scale ladder.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workbench.i18n.numbers import MINUS


@dataclass(frozen=True)
class Surface:
    """f(x, y) with its exact gradient, drawn over `window` with contour lines at `levels`."""

    name: str
    template: str
    """The formula with its two variables as {x} and {y}: each pane names them as its chapter does."""
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    """Vectorised over arrays of x and y."""
    grad: Callable[[float, float], tuple[float, float]]
    mark: tuple[float, float]
    """The point marked on the plot: the minimum, or the saddle point."""
    has_minimum: bool
    window: tuple[tuple[float, float], tuple[float, float]]
    levels: tuple[float, ...]
    square: bool = True
    """Drawn with x and y at one scale (a bowl stays round); False stretches the window to the plot
    (the valley is ten times wider than it is steep, and its zig-zag would be a line)."""

    def formula(self, axes: tuple[str, str] = ("x", "y")) -> str:
        """The formula in the variables `axes`: x²/20 + y² as chapter 6 writes the valley, x₀²/20 + x₁²
        in chapter 4's names (`numerical_gradient` takes one array x = (x₀, x₁))."""
        return self.template.format(x=axes[0], y=axes[1])

    def value(self, x: float, y: float) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(self.f(np.float64(x), np.float64(y)))


def _quadratic_levels(top: float, count: int = 8) -> tuple[float, ...]:
    """Levels c·k² (k = 1 … count) up to `top`: contours of a quadratic bowl equally spaced in distance."""
    c = top / count ** 2
    return tuple(c * k * k for k in range(1, count + 1))


SURFACES: dict[str, Surface] = {s.name: s for s in (
    Surface("valley", "{x}²/20 + {y}²", lambda x, y: x ** 2 / 20.0 + y ** 2, lambda x, y: (x / 10.0, 2.0 * y),
            (0.0, 0.0), True, ((-10.0, 10.0), (-2.6, 2.6)), _quadratic_levels(6.25, 5), square=False),
    Surface("bowl", "{x}² + {y}²", lambda x, y: x ** 2 + y ** 2, lambda x, y: (2.0 * x, 2.0 * y),
            (0.0, 0.0), True, ((-5.0, 5.0), (-5.0, 5.0)), _quadratic_levels(25.0, 5)),
    Surface("saddle", "{x}² − {y}²", lambda x, y: x ** 2 - y ** 2, lambda x, y: (2.0 * x, -2.0 * y),
            (0.0, 0.0), False, ((-5.0, 5.0), (-5.0, 5.0)),
            tuple(sorted({s * v for v in _quadratic_levels(25.0, 5) for s in (-1, 1)}))),
    Surface("rosenbrock", "(1 − {x})² + 100({y} − {x}²)²",
            lambda x, y: (1 - x) ** 2 + 100.0 * (y - x ** 2) ** 2,
            lambda x, y: (-2.0 * (1 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)),
            (1.0, 1.0), True, ((-2.0, 2.0), (-1.0, 3.0)), tuple(0.5 * 4.0 ** k for k in range(8)), square=False),
)}
SURFACE_NAMES = tuple(SURFACES)

STILL = 1e-12
"""A step shorter than this does not count as movement when reading a path."""


@dataclass(frozen=True)
class Observation:
    """What a path did, as a catalog key and the numbers the sentence quotes."""

    kind: str
    """start, overflow, diverge, still, bounce, zigzag, overshoot, crawl, reach, shrink or distance
    (and, for a numerical gradient, frozen)."""
    numbers: dict


@dataclass(frozen=True)
class Equation:
    """A line of an update rule: `name ← rule`, the rule with its numbers (`terms`), and the value."""

    name: str
    rule: str
    terms: tuple[str, ...]
    value: str


@dataclass(frozen=True)
class SurfacePath:
    """The points (k+1, 2) a walk visited on `surface`: the start, then one per update."""

    surface: Surface
    points: np.ndarray

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    def upto(self, step: int) -> SurfacePath:
        """The same walk cut after `step` updates."""
        return SurfacePath(self.surface, self.points[:step + 1])

    def lengths(self) -> np.ndarray:
        """The length of each update's step."""
        with np.errstate(over="ignore", invalid="ignore"):
            return np.hypot(*np.diff(self.points, axis=0).T)

    def distances(self) -> np.ndarray:
        """Each point's distance from the marked point (the minimum)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return np.hypot(*(self.points - np.array(self.surface.mark)).T)

    def flips(self, axis: int) -> int:
        """How many updates moved coordinate `axis` across the marked point's (a sign change)."""
        side = np.sign(self.points[:, axis] - self.surface.mark[axis])
        side = side[np.isfinite(self.points[:, axis]) & (side != 0)]
        return int(np.count_nonzero(side[1:] != side[:-1]))

    def first_bad(self) -> int | None:
        """The first step whose point is not finite (inf or nan), if any."""
        bad = np.flatnonzero(~np.all(np.isfinite(self.points), axis=1))
        return int(bad[0]) if bad.size else None

    def observe(self) -> Observation:
        """The one thing the path shows most clearly, with the numbers that show it."""
        n = self.steps
        if n == 0:
            return Observation("start", {})
        bad = self.first_bad()
        if bad is not None:
            return Observation("overflow", {"step": bad})
        dist = self.distances()
        start, end = float(dist[0]), float(dist[-1])
        if start > 0 and end > 10 * start and end > 1:
            return Observation("diverge", {"distance": end, "times": end / start})
        lengths = self.lengths()
        if float(lengths.max()) < STILL:
            return Observation("still", {"steps": n})
        if start > 0 and end > 0.999 * start and float(lengths.sum()) < 1e-3 * start:
            return Observation("still", {"steps": n, "moved": float(np.hypot(*(self.points[-1] - self.points[0])))})
        flips = [self.flips(0), self.flips(1)]
        axis = int(np.argmax(flips))
        if flips[axis] >= 3 and flips[axis] >= n / 2:
            if abs(end - start) <= 1e-6 * start:
                return Observation("bounce", {"distance": end, "steps": n})
            return Observation("zigzag", {"axis": axis, "at": self.surface.mark[axis], "flips": flips[axis],
                                          "steps": n})
        overshoot = self._overshoot()
        if overshoot is not None:
            return overshoot
        if n >= 10 and start > 0 and end > 0.15 * start:
            return Observation("crawl", {"distance": end, "steps": n})
        if end <= 1e-3 * start:
            return Observation("reach", {"distance": end, "steps": n})
        moving = lengths[lengths > STILL]
        if n >= 4 and moving.size >= 2 and moving[-1] < 0.2 * moving[0] and self._mostly_shrinking(moving):
            return Observation("shrink", {"first": float(moving[0]), "last": float(moving[-1])})
        return Observation("distance", {"distance": end, "steps": n})

    def _overshoot(self) -> Observation | None:
        """The path crosses the minimum along one axis, goes on, and comes back: it overshoots."""
        for axis in (0, 1):
            offset = self.points[:, axis] - self.surface.mark[axis]
            side = np.sign(offset)
            if side[0] == 0:
                continue
            crossed = np.flatnonzero(side != side[0])
            if crossed.size == 0:
                continue
            k = int(crossed[0])
            beyond = np.abs(offset[k:]) * (side[k:] != side[0])
            peak = int(np.argmax(beyond)) + k
            if beyond.max() > 0.05 * abs(offset[0]) and peak < len(offset) - 1 and \
                    abs(offset[-1]) < abs(offset[peak]):
                return Observation("overshoot", {"axis": axis, "at": self.surface.mark[axis], "step": k,
                                                 "peak": float(self.points[peak, axis]), "peak_step": peak})
        return None

    @staticmethod
    def _mostly_shrinking(lengths: np.ndarray) -> bool:
        return float(np.mean(np.diff(lengths) <= 1e-12)) >= 0.8


LADDERS = {"decades": (1.0,), "fine": (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)}
"""Learning rates a `+` or `-` goes to: these times each power of ten."""


def rates(ladder: str, low: float, high: float) -> list[float]:
    """Every value of `ladder` from `low` to `high`."""
    found = []
    for power in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in LADDERS[ladder]:
            value = float(f"{mantissa}e{power}")
            if low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
                found.append(value)
    return found


def next_rate(value: float, direction: int, ladder: str, low: float, high: float) -> float:
    """The next rate on the ladder above (`direction` 1) or below (−1) `value`; `value` at the ends."""
    steps = rates(ladder, low, high)
    if direction > 0:
        above = [r for r in steps if r > value * (1 + 1e-9)]
        return above[0] if above else value
    below = [r for r in steps if r < value * (1 - 1e-9)]
    return below[-1] if below else value


def short(value: float, digits: int = 4) -> str:
    """A number in at most `digits` significant digits, a true minus, e13 rather than e+13."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return ("−" if value < 0 else "") + "inf"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def pair(values, digits: int = 4) -> str:
    """(a, b) as `short` writes each."""
    a, b = values
    return f"({short(a, digits)}, {short(b, digits)})"
