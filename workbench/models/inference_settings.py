"""The inference pane's settings: the batch size, and which batch of the test set is shown."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import integer


@dataclass(frozen=True)
class InferenceSettings:
    """How many images go through the network at once, and which batch of the test set is shown."""

    batch_size: int = integer(100, min=1, max=10000)
    batch: int = integer(0, min=0, max=9999)
    """0-based; past the last batch of the test set, the last one is shown."""
