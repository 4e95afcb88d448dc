"""The optimizer-paths pane's settings: which optimizers walk, each one's rate and hyperparameters,
the surface and the start, and how many updates are shown."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.models.settings import SettingError, choice, integer, named, number, subset
from workbench.models.surface_path_settings import SURFACE_NAMES

OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
BOOK_FOUR = ("SGD", "Momentum", "AdaGrad", "Adam")
"""The four the book compares (Figure 6-8), with the learning rates of its script."""
RATE_KEYS = {name: f"lr_{name.lower()}" for name in OPTIMIZERS}
"""The setting that holds each optimizer's learning rate."""
MARKS = {"SGD": "S", "Momentum": "M", "Nesterov": "N", "AdaGrad": "G", "RMSprop": "R", "Adam": "A"}
"""The letter that marks each optimizer's path: it reads without colour."""
LIMIT = 100.0
RATE_LOW, RATE_HIGH = 1e-4, 100.0
MAX_STEPS = 500


def _rate(default: float):
    return number(default, min=RATE_LOW, max=RATE_HIGH, log=True)


@dataclass(frozen=True)
class OptimizersSettings:
    """Which optimizers walk, how each is set, where they start, and how many updates are shown."""

    optimizers: tuple[str, ...] = subset(BOOK_FOUR, OPTIMIZERS)
    selected: str = choice("SGD", OPTIMIZERS)
    """The optimizer whose numbers are written out, and whose rate + and - change."""
    layout: str = choice("grid", ("grid", "overlay"))
    lr_sgd: float = _rate(0.95)
    lr_momentum: float = _rate(0.1)
    lr_nesterov: float = _rate(0.1)
    lr_adagrad: float = _rate(1.5)
    lr_rmsprop: float = _rate(0.1)
    lr_adam: float = _rate(0.3)
    momentum: float = number(0.9, min=0.0, max=0.999)
    decay_rate: float = number(0.99, min=0.0, max=0.9999)
    beta1: float = number(0.9, min=0.0, max=0.999)
    beta2: float = number(0.999, min=0.0, max=0.9999)
    steps: int = integer(30, min=1, max=MAX_STEPS)
    step: int = integer(MAX_STEPS, min=0, max=MAX_STEPS)
    """How many updates are shown; more than `steps` (the default) shows them all."""
    start_x: float = number(-7.0, min=-LIMIT, max=LIMIT)
    start_y: float = number(2.0, min=-LIMIT, max=LIMIT)
    function: str = choice("valley", SURFACE_NAMES)
    drawing: str = choice("braille", ("braille", "ascii"))

    def __post_init__(self):
        if not self.optimizers:
            raise SettingError("optimizers", t("optimizers.error.none", key=named("optimizers")))
        if self.selected not in self.optimizers:
            raise SettingError("selected", t("optimizers.error.selected", selected=self.selected, key=named("selected"),
                                             shown=", ".join(self.optimizers)))
        if self.step > self.steps:   # "show every update" whatever their number: at most `steps`
            object.__setattr__(self, "step", self.steps)

    def rate(self, name: str) -> float:
        return getattr(self, RATE_KEYS[name])

    def hyper(self, name: str) -> tuple[float, ...]:
        """The hyperparameters besides the rate that `name`'s constructor takes."""
        return {"Momentum": (self.momentum,), "Nesterov": (self.momentum,), "RMSprop": (self.decay_rate,),
                "Adam": (self.beta1, self.beta2)}.get(name, ())
