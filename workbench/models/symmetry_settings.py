"""The weight-symmetry pane's settings: how the weights start, the network's hidden units, the
SGD that trains it, and how many updates have been made."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, integer, number, seed

INITS = ("zero", "same", "random")
"""All weights 0, all one value, or 0.01 × N(0, 1) (the book's TwoLayerNet); the order `i` cycles."""
MAX_UPDATES = 1000


@dataclass(frozen=True)
class SymmetrySettings:
    """How W1 and W2 start, the hidden units, the SGD's batch and rate, and the updates made."""

    init: str = choice("random", INITS)
    value: float = number(0.01, min=-1.0, max=1.0)
    """Every weight's value when init = same."""
    hidden: int = integer(6, min=2, max=6)
    """At most 6: a column each, with two decimals or one, beside a lesson's text at 80×24."""
    batch_size: int = integer(20, min=1, max=100)
    lr: float = number(0.1, min=1e-4, max=10.0, log=True)
    step: int = integer(0, min=0, max=MAX_UPDATES)
    """How many SGD updates have been made."""
    seed: int = seed(0)
