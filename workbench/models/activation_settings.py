"""The activation plot's settings: which functions, over which x range, and where the probe reads them."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.models.settings import SettingError, named, number, subset

FUNCTION_NAMES = ("step", "sigmoid", "relu")
"""The functions of workbench.nn.functions the plot can draw (`activation.FUNCTIONS`)."""
LIMIT = 100.0


@dataclass(frozen=True)
class ActivationSettings:
    """Which functions to draw, over which x range, and where the probe reads their values."""

    functions: tuple[str, ...] = subset(FUNCTION_NAMES, FUNCTION_NAMES)
    x_min: float = number(-6.0, min=-LIMIT, max=LIMIT)
    x_max: float = number(6.0, min=-LIMIT, max=LIMIT)
    probe: float = number(1.0, min=-LIMIT, max=LIMIT)

    def __post_init__(self):
        if not self.x_min < self.x_max:
            raise SettingError("x_max", t("activation-plot.error.range", x_min=num(self.x_min), x_max=num(self.x_max),
                                          min_name=named("x_min"), max_name=named("x_max")))
        if not self.x_min <= self.probe <= self.x_max:
            raise SettingError("probe", t("activation-plot.error.probe", probe=num(self.probe),
                                          x_min=num(self.x_min), x_max=num(self.x_max), probe_name=named("probe"),
                                          min_name=named("x_min"), max_name=named("x_max")))
