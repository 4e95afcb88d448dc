"""The layer-times pane's settings: the batch timed, how many rounds, the convolution engine, the seed."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, integer, seed

ENGINES = ("fast", "book")
"""The library's fast engine (what its networks train with), or the book's Convolution and Pooling (im2col)."""


@dataclass(frozen=True)
class LayerTimesSettings:
    """A batch of `batch` images through DeepConvNet's forward pass, each layer timed `rounds` times."""

    batch: int = integer(100, min=1, max=256)
    rounds: int = integer(5, min=1, max=50)
    engine: str = choice("fast", ENGINES)
    seed: int = seed(0)
