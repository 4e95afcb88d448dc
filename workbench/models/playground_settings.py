"""The playground's settings: the points, the network, how it learns and what the map shows.

Kept apart from the model (`workbench.models.playground`) and without NumPy or the library, so that
listing and describing the panes stays instant. The names of the data sets, activations and
optimizers are written out here; a test checks them against the library's
(`workbench.datasets.points.NAMES`, `workbench.nn.plane.ACTIVATIONS`, `workbench.nn.trainer.OPTIMIZERS`).
"""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.models.settings import Kind, SettingError, choice, field, integer, named, number, seed

DATASETS = ("xor", "circles", "moons", "spirals", "linear")
ACTIVATIONS = ("sigmoid", "tanh", "relu")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
MAX_LAYERS = 4
MAX_UNITS = 16


# -- settings ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HiddenLayers(Kind):
    """0 to 4 hidden layers of 1 to 16 units: "4, 4", "8", or "none" for no hidden layer."""

    NONE = ("", "0", "none", "-", "()", "[]")

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, int) and not isinstance(v, bool)
                                                           for v in value):
            raise SettingError(key, t("playground.error.hidden", key=named(key), value=repr(value),
                                      layers=MAX_LAYERS, units=MAX_UNITS))
        return self.check(key, tuple(value))

    def check(self, key, value):
        if len(value) > MAX_LAYERS or any(not 1 <= v <= MAX_UNITS for v in value):
            shown = ", ".join(map(str, value))
            raise SettingError(key, t("playground.error.hidden", key=named(key), value=shown, layers=MAX_LAYERS,
                                      units=MAX_UNITS))
        return value

    def from_text(self, key, text):
        cleaned = text.strip().lower()
        if cleaned in self.NONE:
            return ()
        pieces = [p for p in cleaned.replace("[", " ").replace("]", " ").replace(",", " ").split() if p]
        try:
            value = tuple(int(p) for p in pieces)
        except ValueError:
            raise SettingError(key, t("playground.error.hidden", key=named(key), value=text.strip(), layers=MAX_LAYERS,
                                      units=MAX_UNITS)) from None
        return self.check(key, value)

    def to_text(self, value):
        return ", ".join(map(str, value)) if value else "none"

    def describe(self):
        return t("playground.kind.hidden", layers=MAX_LAYERS, units=MAX_UNITS)


@dataclass(frozen=True)
class PlaygroundSettings:
    """The points, the network, how it learns and what the map shows."""

    dataset: str = choice("xor", DATASETS)
    points: int = integer(200, min=20, max=1000)
    """Training points; as many test points are drawn from the same shape."""
    noise: float = number(0.05, min=0.0, max=0.5)
    seed: int = seed(0)
    """Draws the points, the initial weights and the order of the mini-batches."""
    hidden: tuple = field((4, 4), HiddenLayers())
    activation: str = choice("tanh", ACTIVATIONS)
    optimizer: str = choice("sgd", OPTIMIZERS)
    lr: float = number(0.1, min=1e-4, max=10.0, log=True)
    batch_size: int = integer(10, min=1, max=1000)
    epochs: int = integer(300, min=1, max=10_000)
    """Where a run pauses (space goes on from there)."""
    speed: int = integer(20, min=1, max=200)
    """Epochs a second at most, so the boundary can be watched as it moves."""
    unit: int = integer(0, min=0, max=MAX_LAYERS * MAX_UNITS)
    """What the map shows: 0 the network's output, k the k-th hidden unit (layer by layer)."""

    def __post_init__(self):
        if self.unit > sum(self.hidden):
            raise SettingError("unit", t("playground.error.unit", unit=self.unit, units=sum(self.hidden)))

    @property
    def training_key(self) -> tuple:
        """The settings a run depends on: another value of any of these starts training over."""
        return (self.dataset, self.points, self.noise, self.seed, self.hidden, self.activation, self.optimizer,
                self.lr, self.batch_size)
