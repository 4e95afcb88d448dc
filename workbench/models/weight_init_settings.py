"""The activation-histogram pane's settings: the initial weight scale, the activation, the network's size."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, integer, number, seed

INITS = ("std", "xavier", "he")
ACTIVATIONS = ("sigmoid", "tanh", "relu")
BOOK_INITS = (("std", 1.0), ("std", 0.01), ("xavier", None), ("he", None))
"""The four initial scales the book compares, in the order the `i` key cycles them."""


@dataclass(frozen=True)
class InitSettings:
    """The initial weight scale, the activation, and the network's size."""

    init: str = choice("std", INITS)
    """std: N(0, 1) × `std`; xavier: × 1/√n; he: × √(2/n), n the units of the layer before."""
    std: float = number(1.0, min=1e-6, max=100.0, log=True)
    activation: str = choice("sigmoid", ACTIVATIONS)
    layers: int = integer(5, min=1, max=10)
    units: int = integer(100, min=2, max=500)
    seed: int = seed(0)
