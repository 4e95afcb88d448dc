"""Chapter 2: one perceptron's truth table, or the book's two-layer XOR, computed from its weights."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.models.perceptron_settings import LIMIT, PARAMETERS, PerceptronSettings  # noqa: F401 - for the pane
from workbench.nn.functions import step_function

INPUTS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float64)
"""The four inputs (x₁, x₂) in the book's order."""
TRUTH = {"AND": (0, 0, 0, 1), "NAND": (1, 1, 1, 0), "OR": (0, 1, 1, 1), "XOR": (0, 1, 1, 0)}
"""What each gate outputs for INPUTS: the definition a perceptron is measured against."""
BOOK_GATES = {"NAND": (-0.5, -0.5, 0.7), "OR": (0.5, 0.5, -0.2), "AND": (0.5, 0.5, -0.7)}
"""The weights (w₁, w₂, b) the book uses to build XOR from NAND, OR and AND."""

@dataclass(frozen=True)
class PerceptronResult:
    """The four rows through the perceptron: sums (one perceptron) or hidden outputs (two layers)."""

    inputs: np.ndarray
    outputs: np.ndarray
    sums: np.ndarray | None
    hidden: tuple[np.ndarray, np.ndarray] | None
    target: tuple[int, ...] | None
    wrong_rows: tuple[int, ...]
    """Rows whose output differs from the target gate."""
    gate: str | None
    """The gate the outputs match (AND, NAND, OR, XOR), None when they match none."""


def perceptron(x: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    """y = 1 where b + w₁x₁ + w₂x₂ > 0, else 0, for rows of x = (x₁, x₂)."""
    return step_function(sum_of(x, w1, w2, b))


def sum_of(x: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    """The weighted sum a = b + w₁x₁ + w₂x₂ for rows of x."""
    return b + x @ np.array([w1, w2])


def two_layer_xor(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """s₁ = NAND(x), s₂ = OR(x), y = AND(s₁, s₂), each a perceptron with the book's weights."""
    s1 = perceptron(x, *BOOK_GATES["NAND"])
    s2 = perceptron(x, *BOOK_GATES["OR"])
    return s1, s2, perceptron(np.stack([s1, s2], axis=1).astype(np.float64), *BOOK_GATES["AND"])


def gate_of(outputs: np.ndarray) -> str | None:
    """The name of the gate whose truth table `outputs` is, if any."""
    row = tuple(int(v) for v in outputs)
    return next((gate for gate, truth in TRUTH.items() if truth == row), None)


def compute(s: PerceptronSettings) -> PerceptronResult:
    """Feed the four inputs through the perceptron the settings describe."""
    if s.network == "two-layer":
        s1, s2, y = two_layer_xor(INPUTS)
        sums, hidden = None, (s1, s2)
    else:
        sums = sum_of(INPUTS, s.w1, s.w2, s.b)
        y, hidden = step_function(sums), None
    target = TRUTH.get(s.target)
    wrong = tuple(i for i, v in enumerate(y) if target is not None and int(v) != target[i])
    return PerceptronResult(INPUTS, y, sums, hidden, target, wrong, gate_of(y))
