"""Chapter 4.3: gradient descent, x ← x − η ∇f(x), walked from a start point as the book's
`gradient_descent` walks it, with the library's `numerical_gradient` (or the exact gradient).

The whole walk is computed once per start, rate, step count and gradient (cached), and `step` only
says how much of it is shown, so `.` and `,` cost nothing. A walk that blows up is shown as it is:
numbers that grow past 1e13, an exact gradient that overflows to inf and then nan, or a numerical
gradient that rounds to exactly 0 once x ± h can no longer be told apart from x.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench.models.descent_settings import RATE_HIGH, RATE_LOW, DescentSettings  # noqa: F401 - for the pane
from workbench.models.surface_path import (SURFACES, Equation, Observation, Surface, SurfacePath, pair,
                                           short)
from workbench.nn.gradient import numerical_gradient

H = 1e-4
"""The h of the book's numerical_gradient."""
@dataclass(frozen=True)
class DescentResult:
    """The walk: points (steps+1, 2), the gradient taken at each point before its step, and f there."""

    surface: Surface
    path: SurfacePath
    grads: np.ndarray
    values: np.ndarray
    step: int
    lr: float
    frozen_at: int | None
    """The first step whose numerical gradient was exactly 0 because x ± h rounds to x."""

    @property
    def point(self) -> np.ndarray:
        return self.path.points[self.step]

    @property
    def point_text(self) -> str:
        """The current x with as many digits as it takes to see that it has left the start: (−3, 4)
        after η = 0.1's first steps, but (−2.99999994, 3.99999992) after 100 steps of η = 1e−10, the
        book's numbers, where four digits would still say (−3, 4)."""
        return pair(self.point, telling_digits(self.point, self.path.points[0]))

    @property
    def value(self) -> float:
        return float(self.values[self.step])

    @property
    def grad(self) -> np.ndarray:
        """The gradient at the current point (the one the next step will use)."""
        return self.grads[self.step]

    @property
    def grad_norm(self) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(np.hypot(*self.grad))

    @property
    def value_overflow(self) -> int | None:
        """The first step whose f(x) is not finite (inf), if any."""
        bad = np.flatnonzero(~np.isfinite(self.values))
        return int(bad[0]) if bad.size else None

    @property
    def shown(self) -> SurfacePath:
        return self.path.upto(self.step)

    def equation(self) -> Equation | None:
        """The step that led to the current point, with its numbers (None at the start)."""
        k = self.step
        if k == 0:
            return None
        before, after = self.path.points[k - 1], self.path.points[k]
        digits = telling_digits(after, before)     # x before and after the step read differently when they are
        return Equation("x", "x − η·∇f", (pair(before, digits), f"− {short(self.lr)}·{pair(self.grads[k - 1])}"),
                        pair(after, digits))

    def observe(self) -> Observation:
        """What the walk so far shows; a frozen numerical gradient is named for what it is."""
        if self.frozen_at is not None and self.step > self.frozen_at:
            return Observation("frozen", {"step": self.frozen_at, "size": float(np.abs(self.point).max())})
        return self.shown.observe()


FEWEST_DIGITS, MOST_DIGITS = 4, 12


def telling_digits(now: np.ndarray, before: np.ndarray) -> int:
    """Significant digits that tell `now` from `before` in every coordinate that changed, and one more
    so that the change itself shows: 4 for a step of a normal size, 9 for (−2.99999994, 3.99999992)
    against (−3, 4); at most 12, past which a float's last digits are noise."""
    changed = [(float(a), float(b)) for a, b in zip(now, before)
               if a != b and np.isfinite(a) and np.isfinite(b)]
    for digits in range(FEWEST_DIGITS, MOST_DIGITS):
        if all(short(a, digits) != short(b, digits) for a, b in changed):
            return digits if digits == FEWEST_DIGITS else digits + 1
    return MOST_DIGITS


def rounds_away(x: np.ndarray, h: float = H) -> bool:
    """Whether x + h == x in every coordinate: f(x + h) − f(x − h) is then exactly 0."""
    return bool(np.all((x + h == x) & (x - h == x)))


def gradient_descent(f, init_x, lr=0.01, step_num=100, *, gradient=numerical_gradient):
    """The book's gradient_descent, keeping every point and gradient: x ← x − lr ∇f(x), step_num times.

    Returns (points (step_num+1, 2), gradients (step_num+1, 2)); the last gradient is the one at the
    end point, so that every point shown has its gradient.
    """
    x = np.array(init_x, dtype=np.float64)
    points, grads = [x.copy()], []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(step_num):
            grad = gradient(f, x)
            grads.append(grad)
            x -= lr * grad
            points.append(x.copy())
        grads.append(gradient(f, x))
    return np.array(points), np.array(grads)


def exact_gradient(surface: Surface):
    """∇f as a formula, in the form numerical_gradient is called (f, x) → array."""
    def gradient(_f, x):
        return np.array(surface.grad(x[0], x[1]), dtype=np.float64)
    return gradient


@lru_cache(maxsize=64)
def walk(function: str, x0: float, x1: float, lr: float, steps: int, gradient: str):
    """(points, gradients, values, frozen_at) of the whole walk; cached, as `.` only moves along it."""
    surface = SURFACES[function]

    def f(x):
        return surface.f(x[0], x[1])

    method = numerical_gradient if gradient == "numerical" else exact_gradient(surface)
    points, grads = gradient_descent(f, (x0, x1), lr=lr, step_num=steps, gradient=method)
    with np.errstate(over="ignore", invalid="ignore"):
        values = np.array([surface.f(px, py) for px, py in points])
    frozen_at = None
    if gradient == "numerical":
        for k, (point, grad) in enumerate(zip(points, grads)):
            if np.all(np.isfinite(point)) and not np.any(grad) and rounds_away(point[point != 0]):
                with np.errstate(over="ignore", invalid="ignore"):
                    if np.hypot(*surface.grad(*point)) > 1:
                        frozen_at = k
                        break
    for array in (points, grads, values):
        array.setflags(write=False)
    return points, grads, values, frozen_at


def compute(s: DescentSettings) -> DescentResult:
    """Walk from (x0, x1) with rate lr for `steps` steps; show the first `step` of them."""
    surface = SURFACES[s.function]
    points, grads, values, frozen_at = walk(s.function, s.x0, s.x1, s.lr, s.steps, s.gradient)
    return DescentResult(surface, SurfacePath(surface, points), grads, values, s.step, s.lr, frozen_at)
