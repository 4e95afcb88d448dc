"""The batch-norm-steps pane's settings: a small mini-batch, γ and β, and how many of the book's four
equations have been applied."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.models.settings import SettingError, integer, matrix, named, numbers

BATCH = ((1.0, 50.0, -2.0), (2.0, 60.0, 0.0), (3.0, 40.0, 2.0), (6.0, 90.0, 4.0))
"""4 samples × 3 features on scales far apart (about 3, 60 and 1): normalised, each has mean 0 and variance 1."""
LIMIT = 1000.0
MAX_ROWS = 6
FULL_ROWS = 4
"""Batches of up to this many samples keep x beside x̂ and x̂ beside y (a lesson's pane at 80×24 has the rows);
a larger one shows only what the equation just made under μ_B and σ²_B (or γ and β)."""
STEPS = 4
"""μ_B, σ²_B, x̂ᵢ, yᵢ: the book's algorithm (its equation 6.7 and the scale and shift after it)."""


@dataclass(frozen=True)
class BatchNormStepsSettings:
    """The mini-batch x (m samples, a feature per column), γ and β (one per feature, or one for all), the step."""

    x: tuple = matrix(BATCH, rows=(2, MAX_ROWS), columns=(1, 4), min=-LIMIT, max=LIMIT)
    gamma: tuple = numbers((1.0,), length=(1, 4), min=-LIMIT, max=LIMIT)
    beta: tuple = numbers((0.0,), length=(1, 4), min=-LIMIT, max=LIMIT)
    step: int = integer(0, min=0, max=STEPS)

    def __post_init__(self):
        lengths = sorted({len(row) for row in self.x})
        if len(lengths) > 1:       # "1 2; 3": NumPy would refuse the batch in words of its own
            raise SettingError("x", t("batch-norm-steps.error.ragged", x=named("x"),
                                      counts=", ".join(map(str, lengths))))
        features = len(self.x[0])
        for key in ("gamma", "beta"):
            count = len(getattr(self, key))
            if count not in (1, features):
                raise SettingError(key, t("batch-norm-steps.error.features", name=named(key), count=count,
                                          features=features, x=named("x")))
