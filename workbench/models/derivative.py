"""Section 4.2: the derivative of f at a probe x by forward and central differences, and their error.

The book's numerical_diff takes (f(x + h) − f(x − h)) / 2h with h = 1e−4 and gets 0.1999999999990898
for f(x) = 0.01x² + 0.1x at x = 5, where the exact slope is 0.2. Two things limit a difference: the
**truncation** error of stopping at a finite h (about |f″|·h/2 for the forward difference, |f‴|·h²/6
for the central one), which falls as h shrinks, and the **rounding** error of subtracting two nearly
equal floating-point numbers (about ε·|f|/h), which grows as h shrinks. The error-versus-h view
computes both differences for h from 1e−1 to 1e−20 in float64 and in float32, so the V they make
and the h at its bottom are measured, not drawn from a formula. With h = 1e−50 the book's lesson
shows up too: np.float32(1e−50) is 0.0, and in float64 x + 1e−50 is x, so the difference is 0.

The differences are `workbench.nn.gradient`'s `forward_difference` and `central_difference`, run
on NumPy scalars of the chosen dtype. Every function is written with products (x·x, not x**2) and
NumPy's own sin and exp, so the same settings give the same digits on every machine.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from workbench.models.derivative_settings import VIEWS, X_LIMIT, DerivativeSettings  # noqa: F401 - for the pane
from workbench.models.digits import sci
from workbench.nn.gradient import central_difference, forward_difference

DIFFERENCES = {"central": central_difference, "forward": forward_difference}
DTYPES = {"float64": np.float64, "float32": np.float32}
"""Each of DerivativeSettings' DIFFERENCE_NAMES and DTYPE_NAMES → the library's function, NumPy's type."""
H_DECADES = tuple(range(1, 21))
"""The error view's h: 1e−1 to 1e−20, and the powers of ten `best_h` chooses among."""
PER_DECADE = 8
"""Points of the error curves per power of ten."""
CURVE_POINTS = 201


@dataclass(frozen=True)
class Function:
    """One function of x: its formula, its exact derivative, the x range the plot shows and a probe step."""

    formula: str
    derivative: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[float], float]
    span: tuple[float, float]
    step: float


def _function_1(x):
    """The book's function_1, 0.01x² + 0.1x, with its constants in x's dtype."""
    c = np.asarray(x).dtype.type
    return c(0.01) * (x * x) + c(0.1) * x


def _exactly(rule: Callable[[Fraction], Fraction]) -> Callable[[float], float]:
    """A polynomial's derivative computed in exact fractions, then rounded once: 0.02·10 + 0.1 is 0.3,
    not the 0.30000000000000004 that float arithmetic gives."""
    return lambda x: float(rule(Fraction(x)))


FUNCTIONS = {
    "function_1": Function("0.01x² + 0.1x", "0.02x + 0.1", _function_1,
                           _exactly(lambda x: Fraction("0.02") * x + Fraction("0.1")), (0.0, 20.0), 1.0),
    "square": Function("x²", "2x", lambda x: x * x, _exactly(lambda x: 2 * x), (-4.0, 4.0), 0.5),
    "cube": Function("x³", "3x²", lambda x: x * x * x, _exactly(lambda x: 3 * x * x), (-2.0, 2.0), 0.25),
    "sine": Function("sin x", "cos x", np.sin, lambda x: float(np.cos(x)), (-2 * np.pi, 2 * np.pi), 0.5),
    "exp": Function("eˣ", "eˣ", np.exp, lambda x: float(np.exp(x)), (-3.0, 3.0), 0.5),
}


@dataclass(frozen=True)
class Estimate:
    """One difference at the probe in one dtype: its value (a NumPy scalar of that dtype) and |error|."""

    value: np.floating
    error: float


@dataclass(frozen=True)
class DerivativeResult:
    """What the pane shows: the curve and tangent, the differences at (x, h), and error against h."""

    settings: DerivativeSettings
    function: Function
    exact: float
    estimates: dict[str, Estimate]
    """difference name → its value at (x, h) in the chosen dtype."""
    h_in_dtype: float
    """h as the chosen dtype stores it (np.float32(1e−50) is 0.0)."""
    x_plus_h_is_x: bool
    """Whether x + h rounds back to x in the chosen dtype, so f(x + h) − f(x) is exactly 0."""
    curve_x: np.ndarray
    curve_y: np.ndarray
    tangent_slope: float
    """The chosen difference at (x, h): the slope the tangent is drawn with, as the book draws it."""
    f_at_x: float
    hs: np.ndarray
    """The error view's h values, 1e−20 to 1e−1."""
    errors: dict[tuple[str, str], np.ndarray]
    """(difference, dtype) → |difference − exact| at each of `hs` (NaN where it is 0/0)."""
    best: dict[tuple[str, str], tuple[float, float]]
    """(difference, dtype) → (the power of ten h with the smallest error, that error)."""

    @property
    def estimate(self) -> Estimate:
        """The chosen difference at (x, h)."""
        return self.estimates[self.settings.difference]

    @property
    def best_h(self) -> float:
        """The power of ten from 1e−1 to 1e−20 where the chosen difference in the chosen dtype errs least."""
        return self.best[(self.settings.difference, self.settings.dtype)][0]


PLAIN_ERRORS = (1e-2, 1e4)
"""An |error| from 0.01 up to 10⁴ is written out (0.2), smaller and larger ones in powers of ten (1.4e−12)."""


def error_text(error: float) -> str:
    """An |error| as the readout writes it, to two significant digits: 1.4e−12, 1.0e−6, but 0.2 where
    a difference lost the whole slope (h = 1e−50: 0.0 against the exact 0.2), so that it reads as the
    exact value above it, not as "2.0e−1"."""
    if math.isfinite(error) and PLAIN_ERRORS[0] <= error < PLAIN_ERRORS[1]:
        return np.format_float_positional(error, precision=2, unique=False, fractional=False, trim="-")
    return sci(error)


def difference(name: str, fn: Function, x: float, h, dtype) -> np.ndarray:
    """The `name` difference of `fn` at x in `dtype`, for one h or an array of them (0/0 gives NaN)."""
    kind = np.dtype(dtype).type
    x0 = kind(x)
    steps = np.asarray(h, dtype=kind)
    with np.errstate(all="ignore"):
        return DIFFERENCES[name](fn.f, x0, steps, fn.f(x0))


def plot_span(fn: Function, x: float) -> tuple[float, float]:
    """The x range of the plot: the function's own, moved to keep the probe inside with a margin."""
    low, high = fn.span
    width = high - low
    if low <= x <= high:
        return low, high
    return (x - width / 2, x + width / 2)


def compute(s: DerivativeSettings) -> DerivativeResult:
    """The differences at the probe, the curve and its tangent, and every difference's error over h."""
    fn = FUNCTIONS[s.function]
    kind = DTYPES[s.dtype]
    exact = float(fn.df(s.x))
    estimates = {}
    for name in DIFFERENCES:
        value = difference(name, fn, s.x, s.h, kind)[()]
        estimates[name] = Estimate(value, abs(float(value) - exact))
    h_in_dtype = float(kind(s.h))
    with np.errstate(all="ignore"):
        x_plus_h_is_x = bool(kind(s.x) + kind(s.h) == kind(s.x))
    low, high = plot_span(fn, s.x)
    curve_x = np.linspace(low, high, CURVE_POINTS)
    with np.errstate(all="ignore"):
        curve_y = fn.f(curve_x)
        f_at_x = float(fn.f(np.float64(s.x)))
    slope = float(estimates[s.difference].value)
    hs = 10.0 ** -np.linspace(H_DECADES[-1], H_DECADES[0], (H_DECADES[-1] - H_DECADES[0]) * PER_DECADE + 1)
    decades = np.array([float(f"1e-{k}") for k in H_DECADES])
    errors, best = {}, {}
    for name in DIFFERENCES:
        for dtype_name, dtype in DTYPES.items():
            errors[(name, dtype_name)] = np.abs(difference(name, fn, s.x, hs, dtype).astype(np.float64) - exact)
            at_decades = np.abs(difference(name, fn, s.x, decades, dtype).astype(np.float64) - exact)
            at_decades = np.where(np.isnan(at_decades), np.inf, at_decades)
            i = int(np.argmin(at_decades))
            best[(name, dtype_name)] = (float(decades[i]), float(at_decades[i]))
    return DerivativeResult(s, fn, exact, estimates, h_in_dtype, x_plus_h_is_x, curve_x, curve_y, slope, f_at_x,
                            hs, errors, best)
