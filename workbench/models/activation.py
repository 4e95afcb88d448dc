"""Chapter 3: step, sigmoid and ReLU over an x range, from workbench.nn.functions, and their values at a probe."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.models.activation_settings import LIMIT, ActivationSettings  # noqa: F401 - LIMIT for the pane
from workbench.nn.functions import relu, sigmoid, step_function

FUNCTIONS = {"step": step_function, "sigmoid": sigmoid, "relu": relu}
"""Each name of ActivationSettings' FUNCTION_NAMES → the library's function."""
POINTS = 401


@dataclass(frozen=True)
class ActivationResult:
    """x samples over the range, each shown function's values there, and each at the probe."""

    x: np.ndarray
    curves: dict[str, np.ndarray]
    at_probe: dict[str, float]


def compute(s: ActivationSettings) -> ActivationResult:
    """Evaluate the shown functions with workbench.nn over the range and at the probe."""
    x = np.linspace(s.x_min, s.x_max, POINTS)
    curves = {name: np.asarray(FUNCTIONS[name](x), dtype=np.float64) for name in s.functions}
    at_probe = {name: float(FUNCTIONS[name](np.array([s.probe]))[0]) for name in s.functions}
    return ActivationResult(x, curves, at_probe)
