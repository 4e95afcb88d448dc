"""The numerical-versus-backprop pane's settings: the network and batch measured, the dtype, the seed."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, flag, integer, seed

DTYPE_NAMES = ("float64", "float32")
"""The dtypes the gradients are computed in (`numerical_vs_backprop.DTYPES`)."""


@dataclass(frozen=True)
class SpeedSettings:
    """The size of the network and batch measured, the dtype, and the seed of weights and batch."""

    hidden_size: int = integer(20, min=1, max=100)
    batch_size: int = integer(10, min=1, max=100)
    dtype: str = choice("float64", DTYPE_NAMES)
    book_delta: bool = flag(False)
    seed: int = seed(0)
