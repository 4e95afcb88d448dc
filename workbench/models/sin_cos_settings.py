"""The sin-cos pane's settings: which of the two curves, over the x values np.arange(start, stop, step)."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.i18n.numbers import grouped, num
from workbench.models.settings import SettingError, named, number, subset

FUNCTION_NAMES = ("sin", "cos")
"""NumPy's functions the book draws first (`sin_cos.FUNCTIONS`)."""
LIMIT = 100.0
MAX_POINTS = 2000
"""The most x values a plot takes (plotext's drawing cost grows with the points)."""


@dataclass(frozen=True)
class SinCosSettings:
    """The curves drawn and the arguments of np.arange that make their x values (the book's 0, 6, 0.1)."""

    functions: tuple[str, ...] = subset(FUNCTION_NAMES, FUNCTION_NAMES)
    start: float = number(0.0, min=-LIMIT, max=LIMIT)
    stop: float = number(6.0, min=-LIMIT, max=LIMIT)
    step: float = number(0.1, min=0.001, max=LIMIT)

    def __post_init__(self):
        if not self.start < self.stop:
            raise SettingError("stop", t("sin-cos.error.range", start=num(self.start), stop=num(self.stop),
                                         start_name=named("start"), stop_name=named("stop")))
        count = (self.stop - self.start) / self.step
        if count > MAX_POINTS:
            raise SettingError("step", t("sin-cos.error.points", count=grouped(int(count)), most=grouped(MAX_POINTS),
                                         step_name=named("step")))
