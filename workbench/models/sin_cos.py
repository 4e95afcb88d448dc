"""Chapter 1: the book's first plot, sin and cos over x = np.arange(0, 6, 0.1), each applied element-wise."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.models.sin_cos_settings import SinCosSettings  # noqa: F401

FUNCTIONS = {"sin": np.sin, "cos": np.cos}
"""Each name of SinCosSettings' FUNCTION_NAMES → NumPy's function."""


@dataclass(frozen=True)
class SinCosResult:
    """The x values np.arange made and each drawn function of them."""

    x: np.ndarray
    curves: dict[str, np.ndarray]


def compute(s: SinCosSettings) -> SinCosResult:
    """x = np.arange(start, stop, step), then np.sin(x) and np.cos(x) for the curves drawn."""
    x = np.arange(s.start, s.stop, s.step)
    return SinCosResult(x, {name: FUNCTIONS[name](x) for name in s.functions})
