"""Section 4.4: the gradient of a function of two inputs, as numbers at a probe and as a field of −∇f;
and the book's simpleNet, whose ∂L/∂W has the shape of W.

Every gradient here is `workbench.nn.gradient.numerical_gradient`, the book's central difference
taken entry by entry: at the probe (f = x₀² + x₁² at (3, 4) gives (6.00000000000378,
7.999999999999119), the book's (6, 8)), at every point of the field (as the book's gradient_2d.py
draws it) and for simpleNet's W. The exact gradient stands beside it, and for simpleNet the
backprop gradient of the library's `Affine` and `SoftmaxWithLoss` layers, so the three can be read
side by side.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workbench.models.gradient_field_settings import (GLYPHS, LIMIT, VIEWS, WEIGHTS,  # noqa: F401 - for the pane
                                                      GradientSettings)
from workbench.models.surface_path import SURFACES
from workbench.nn.gradient import numerical_gradient
from workbench.nn.layers import Affine, SoftmaxWithLoss


@dataclass(frozen=True)
class Function2:
    """f(x₀, x₁): its formula, the exact gradient, the square of the plane the field shows, a probe step."""

    formula: str
    gradient: str
    f: Callable[[np.ndarray], float]
    exact: Callable[[float, float], tuple[float, float]]
    span: tuple[tuple[float, float], tuple[float, float]]
    step: float


def _from_surface(name: str, formula: str, gradient: str, span, step: float = 0.5) -> Function2:
    """One of the optimizer paths' surfaces (one definition of f and its gradient), as this pane writes it."""
    surface = SURFACES[name]
    return Function2(formula, gradient, lambda x: surface.f(x[0], x[1]), surface.grad, span, step)


FUNCTIONS = {
    "function_2": _from_surface("bowl", "x₀² + x₁²", "(2x₀, 2x₁)", ((-5.0, 5.0), (-5.0, 5.0))),
    "elongated": _from_surface("valley", "x₀²/20 + x₁²", "(x₀/10, 2x₁)", ((-10.0, 10.0), (-5.0, 5.0))),
    "saddle": _from_surface("saddle", "x₀² − x₁²", "(2x₀, −2x₁)", ((-5.0, 5.0), (-5.0, 5.0))),
}

BOOK_W = np.array([[0.47355232, 0.9977393, 0.84668094],
                   [0.85557411, 0.03563661, 0.69422093]])
"""The weights the book's simpleNet drew once and printed (section 4.4.2), so its numbers come out."""
SIMPLE_X = np.array([0.6, 0.9])


@dataclass(frozen=True)
class SimpleNet:
    """simpleNet at its W: x·W, softmax, the loss, and ∂L/∂W both ways."""

    x: np.ndarray
    W: np.ndarray
    t: np.ndarray
    z: np.ndarray
    y: np.ndarray
    loss: float
    numerical: np.ndarray
    backprop: np.ndarray

    @property
    def largest_difference(self) -> float:
        return float(np.max(np.abs(self.numerical - self.backprop)))


@dataclass(frozen=True)
class GradientResult:
    """The probe's numerical and exact gradient, the field's extent, and simpleNet."""

    settings: GradientSettings
    function: Function2
    numerical: np.ndarray
    """∇f at the probe by numerical_gradient, shape (2,)."""
    exact: np.ndarray
    span: tuple[tuple[float, float], tuple[float, float]]
    """The (x₀, x₁) ranges the field covers: the function's own, widened to hold the probe."""
    net: SimpleNet

    @property
    def probe(self) -> np.ndarray:
        return np.array([self.settings.x0, self.settings.x1])


def gradient_at(fn: Function2, point, h: float = 1e-4) -> np.ndarray:
    """∇f at one point by numerical_gradient, as the book's function_2 example."""
    return numerical_gradient(fn.f, np.array(point, dtype=np.float64), h=h)


def field(fn: Function2, x0s: np.ndarray, x1s: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """−∇f at every point of the grid x0s × x1s, shape (len(x1s), len(x0s), 2): one numerical gradient per
    point, as the book's gradient_2d.py computes its arrows."""
    out = np.empty((len(x1s), len(x0s), 2))
    for i, b in enumerate(x1s):
        for j, a in enumerate(x0s):
            out[i, j] = -gradient_at(fn, (a, b), h)
    return out


def field_span(fn: Function2, x0: float, x1: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The function's square of the plane, widened (keeping its centre) until the probe is inside."""
    spans = []
    for (low, high), value in zip(fn.span, (x0, x1)):
        reach = max(high, abs(value) * 1.1)
        spans.append((-reach, reach) if value < low or value > high else (low, high))
    return spans[0], spans[1]


def simple_net(W: np.ndarray, label: int, h: float = 1e-4) -> SimpleNet:
    """The book's simpleNet: z = x·W, y = softmax(z), L = cross-entropy against one-hot t; ∂L/∂W by
    numerical_gradient and by backprop through the library's Affine and SoftmaxWithLoss."""
    W = np.array(W, dtype=np.float64)
    x = SIMPLE_X.reshape(1, 2)
    t = np.zeros((1, 3))
    t[0, label] = 1.0
    affine, last = Affine(W, np.zeros(3)), SoftmaxWithLoss()

    def loss(_=None) -> float:
        return float(last.forward(affine.forward(x), t))

    numerical = numerical_gradient(loss, W, h=h)
    value = loss()
    z, y = affine.forward(x), last.y.copy()
    affine.backward(last.backward(1))
    return SimpleNet(SIMPLE_X.copy(), W.copy(), t[0], z[0], y[0], value, numerical, affine.dW.copy())


def compute(s: GradientSettings) -> GradientResult:
    """The gradient at the probe both ways, the field's extent, and simpleNet with the chosen weights."""
    fn = FUNCTIONS[s.function]
    numerical = gradient_at(fn, (s.x0, s.x1), s.h)
    exact = np.array(fn.exact(s.x0, s.x1), dtype=np.float64)
    W = BOOK_W if s.weights == "book" else np.random.default_rng(s.seed).standard_normal((2, 3))
    return GradientResult(s, fn, numerical, exact, field_span(fn, s.x0, s.x1), simple_net(W, s.label, s.h))
