"""Chapter 3: softmax of scores a learner types, the book's first version beside the stable one.

The book first writes softmax as exp(a) / Σ exp(a) (`naive_softmax` here, labelled as its first
version), shows that it returns nan for scores such as (1010, 1000, 990) because exp overflows, and
then subtracts the largest score first: the library's `softmax`. Both run on the same scores,
divided by a temperature T (T = 1 is the book's softmax), in float64, so the pane can show where
the first one breaks and why: exp(x) is larger than float64's largest number once x passes
ln(1.797…e308) ≈ 709.78 (and is 0 below −745.13).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.models.softmax_settings import BOOK_SCORES, LIMIT, OVERFLOW_SCORES, SoftmaxSettings  # noqa: F401
from workbench.nn.functions import softmax

EXP_LIMIT = math.log(np.finfo(np.float64).max)
"""The largest x whose exp(x) is a finite float64: 709.78…"""
EXP_FLOOR = math.log(np.finfo(np.float64).smallest_subnormal) - math.log(2)
"""Below this x, exp(x) rounds to 0 in float64: −745.13…"""


def naive_softmax(a: np.ndarray) -> np.ndarray:
    """The book's first version, as it first writes it: exp(a) / Σ exp(a), with no guard."""
    exp_a = np.exp(a)
    sum_exp_a = np.sum(exp_a)
    return exp_a / sum_exp_a


@dataclass(frozen=True)
class SoftmaxResult:
    """Both versions on a/T: their exponentials, sums, outputs, and what went wrong with the first."""

    scores: np.ndarray
    scaled: np.ndarray
    """a / T, what both versions take."""
    temperature: float
    exp: np.ndarray
    """exp(a/T): inf where it overflows."""
    exp_sum: float
    naive: np.ndarray
    shift: float
    """C = max(a/T), subtracted by the stable version."""
    exp_shifted: np.ndarray
    """exp(a/T − C): at most 1."""
    exp_shifted_sum: float
    stable: np.ndarray
    """The library's softmax(a/T)."""

    @property
    def problem(self) -> str | None:
        """"overflow" (some exp is inf), "underflow" (every exp is 0) or None."""
        if np.isinf(self.exp).any():
            return "overflow"
        if self.exp_sum == 0:
            return "underflow"
        return None

    @property
    def overflowed(self) -> list[int]:
        return [int(i) for i in np.flatnonzero(np.isinf(self.exp))]

    @property
    def naive_sum(self) -> float:
        return float(self.naive.sum())

    @property
    def stable_sum(self) -> float:
        return float(self.stable.sum())

    @property
    def argmax_scores(self) -> int:
        return int(np.argmax(self.scores))

    @property
    def argmax_stable(self) -> int:
        return int(np.argmax(self.stable))

    @property
    def argmax_naive(self) -> int | None:
        """None when the first version gave nan (there is no largest then)."""
        return None if np.isnan(self.naive).any() else int(np.argmax(self.naive))


def compute(s: SoftmaxSettings) -> SoftmaxResult:
    """Run the book's first version and the library's `softmax` on a / T, in float64."""
    a = np.array(s.scores, dtype=np.float64)
    scaled = a / s.temperature
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        exp = np.exp(scaled)
        naive = naive_softmax(scaled)
        shift = float(scaled.max())
        exp_shifted = np.exp(scaled - shift)
    stable = np.asarray(softmax(scaled), dtype=np.float64)
    return SoftmaxResult(a, scaled, s.temperature, exp, float(exp.sum()), naive, shift, exp_shifted,
                         float(exp_shifted.sum()), stable)
