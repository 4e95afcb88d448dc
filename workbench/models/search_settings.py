"""The search pane's settings: how many trials, how long each trains, and the ranges they draw from."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.models.settings import SettingError, choice, int_list, integer, named, number, seed
from workbench.models.train_settings import DATASET_NAMES, OPTIMIZER_NAMES, batch_error


@dataclass(frozen=True)
class SearchSettings:
    dataset: str = choice("mnist", DATASET_NAMES)
    trials: int = integer(100, min=1, max=1000)
    epochs: int = integer(50, min=1, max=1000)
    lr_min: float = number(1e-6, min=1e-9, max=100.0, log=True)
    lr_max: float = number(1e-2, min=1e-9, max=100.0, log=True)
    wd_min: float = number(1e-8, min=1e-12, max=10.0, log=True)
    wd_max: float = number(1e-4, min=1e-12, max=10.0, log=True)
    train_size: int = integer(500, min=10, max=60_000)
    """Training images the search uses (the first of the training split), validation included."""
    validation: float = number(0.2, min=0.05, max=0.5)
    """The fraction of them set aside to score the trials."""
    hidden: tuple[int, ...] = int_list((100, 100, 100, 100, 100, 100), min=1, max=1000)
    optimizer: str = choice("sgd", OPTIMIZER_NAMES)
    batch_size: int = integer(100, min=1, max=10_000)
    seed: int = seed(0)

    def __post_init__(self):
        for low, high in (("lr_min", "lr_max"), ("wd_min", "wd_max")):
            if getattr(self, low) > getattr(self, high):
                raise SettingError(low, t("search.error.range", low=named(low), high=named(high), min=num(getattr(self, low)),
                                          max=num(getattr(self, high))))
        if self.batch_size > self.train_images:
            raise batch_error(self.batch_size, self.train_images)

    @property
    def validation_images(self) -> int:
        return max(1, int(round(self.train_size * self.validation)))

    @property
    def train_images(self) -> int:
        return self.train_size - self.validation_images
