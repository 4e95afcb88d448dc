"""Chapter 3: step, sigmoid and ReLU over an x range, from workbench.nn.functions, and their values at a probe."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.i18n import t
from workbench.models.settings import SettingError, number, subset
from workbench.nn.functions import relu, sigmoid, step_function

FUNCTIONS = {"step": step_function, "sigmoid": sigmoid, "relu": relu}
POINTS = 401
LIMIT = 100.0


@dataclass(frozen=True)
class ActivationSettings:
    """Which functions to draw, over which x range, and where the probe reads their values."""

    functions: tuple[str, ...] = subset(("step", "sigmoid", "relu"), tuple(FUNCTIONS))
    x_min: float = number(-6.0, min=-LIMIT, max=LIMIT)
    x_max: float = number(6.0, min=-LIMIT, max=LIMIT)
    probe: float = number(1.0, min=-LIMIT, max=LIMIT)

    def __post_init__(self):
        if not self.x_min < self.x_max:
            raise SettingError("x_max", t("activation-plot.error.range", x_min=self.x_min, x_max=self.x_max))
        if not self.x_min <= self.probe <= self.x_max:
            raise SettingError("probe", t("activation-plot.error.probe", probe=self.probe,
                                          x_min=self.x_min, x_max=self.x_max))


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
