"""The gradient-descent pane's settings: the surface, the start, the rate, the steps taken and shown."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, integer, number
from workbench.models.surface_path_settings import SURFACE_NAMES

LIMIT = 1000.0
RATE_LOW, RATE_HIGH = 1e-12, 100.0
MAX_STEPS = 1000


@dataclass(frozen=True)
class DescentSettings:
    """Where the walk starts, how big its steps are, how many it takes, and how many are shown."""

    function: str = choice("bowl", SURFACE_NAMES)
    x0: float = number(-3.0, min=-LIMIT, max=LIMIT)
    x1: float = number(4.0, min=-LIMIT, max=LIMIT)
    lr: float = number(0.1, min=RATE_LOW, max=RATE_HIGH, log=True)
    steps: int = integer(100, min=1, max=MAX_STEPS)
    step: int = integer(MAX_STEPS, min=0, max=MAX_STEPS)
    """How many steps are shown; more than `steps` (the default) shows them all."""
    gradient: str = choice("numerical", ("numerical", "exact"))
    drawing: str = choice("braille", ("braille", "ascii"))

    def __post_init__(self):
        if self.step > self.steps:   # "show every step" whatever their number: at most `steps`
            object.__setattr__(self, "step", self.steps)
