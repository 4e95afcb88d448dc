"""The perceptron pane's settings: two weights and a bias, the gate to compare with, one layer or two."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, number

PARAMETERS = ("w1", "w2", "b")
LIMIT = 10.0


@dataclass(frozen=True)
class PerceptronSettings:
    """One perceptron's weights and bias, the gate it is compared with, or the book's two-layer XOR."""

    w1: float = number(0.5, min=-LIMIT, max=LIMIT)
    w2: float = number(0.5, min=-LIMIT, max=LIMIT)
    b: float = number(-0.7, min=-LIMIT, max=LIMIT)
    target: str = choice("AND", ("AND", "NAND", "OR", "XOR", "none"))
    network: str = choice("single", ("single", "two-layer"))

    def unused(self) -> dict[str, str]:
        """The two-layer XOR uses the book's weights for its three gates, not w1, w2 and b."""
        return dict.fromkeys(PARAMETERS, "network") if self.network == "two-layer" else {}
