"""Chapter 3: the book's three-layer network, one operation at a time, with every shape and number.

X (2,) · W1 (2, 3) + B1 → A1 (3,) → Z1 = σ(A1) → A2 = Z1 · W2 + B2 (2,) → Z2 = σ(A2) → A3 = Z2 · W3 + B3
→ Y = A3 (the identity output of section 3.4.3). Six operations; the `step` setting says how many of
them have run, so a lesson, the command line and the pane's `.`/`,` keys agree on what is shown. In
batch mode X holds N rows, shape (N, 2), and every array after it gains the same N rows: the bias is
broadcast over them, as `np.dot(X, W1) + B1` does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.i18n.numbers import MINUS, subscript, trimmed
from workbench.models.forward_settings import BATCH_ROWS, BOOK, LAYERS, STEPS, ForwardSettings  # noqa: F401
from workbench.nn.functions import identity_function, sigmoid


@dataclass(frozen=True)
class Operation:
    """One of the six operations: `out = x · W + B` (affine) or `out = h(x)` (activation or output)."""

    index: int
    """1 to 6, the step at which it runs."""
    layer: int
    kind: str
    """"affine", "sigmoid" or "identity"."""
    out: str
    x: str
    w: str | None = None
    b: str | None = None


OPERATIONS = (
    Operation(1, 1, "affine", "A1", "X", "W1", "B1"),
    Operation(2, 1, "sigmoid", "Z1", "A1"),
    Operation(3, 2, "affine", "A2", "Z1", "W2", "B2"),
    Operation(4, 2, "sigmoid", "Z2", "A2"),
    Operation(5, 3, "affine", "A3", "Z2", "W3", "B3"),
    Operation(6, 3, "identity", "Y", "A3"),
)


@dataclass(frozen=True)
class ForwardPass:
    """Every array of the pass by its book name (X, W1, B1, A1, Z1, …, Y), and how many operations ran."""

    settings: ForwardSettings
    arrays: dict[str, np.ndarray]
    step: int

    @property
    def operation(self) -> Operation | None:
        """The operation that ran last (None before the first)."""
        return OPERATIONS[self.step - 1] if self.step else None

    @property
    def upcoming(self) -> Operation | None:
        return OPERATIONS[self.step] if self.step < STEPS else None

    def known(self, name: str) -> bool:
        """Whether the pass has computed `name` yet (inputs and parameters always are)."""
        made = {op.out: op.index for op in OPERATIONS}
        return name not in made or made[name] <= self.step

    @property
    def batch_size(self) -> int | None:
        return self.arrays["X"].shape[0] if self.arrays["X"].ndim == 2 else None


def compute(s: ForwardSettings) -> ForwardPass:
    """Run the three layers with `np.dot`, the library's `sigmoid` and `identity_function`, as the
    book's `forward(network, x)` does; keep every array (float64, so the book's digits show)."""
    x = np.array(s.x, dtype=np.float64)
    arrays = {"X": x if s.batch else x[0]}
    for layer in range(1, LAYERS + 1):
        arrays[f"W{layer}"] = np.array(getattr(s, f"w{layer}"), dtype=np.float64)
        arrays[f"B{layer}"] = np.array(getattr(s, f"b{layer}"), dtype=np.float64)
    activations = {"sigmoid": sigmoid, "identity": identity_function}
    for op in OPERATIONS:
        if op.kind == "affine":
            arrays[op.out] = np.dot(arrays[op.x], arrays[op.w]) + arrays[op.b]
        else:
            arrays[op.out] = activations[op.kind](arrays[op.x])
    return ForwardPass(s, arrays, s.step)


# -- the pass in words and numbers ------------------------------------------------------------------

def fmt(value: float) -> str:
    """A number to at most 4 decimals, trailing zeros dropped, true minus: 0.3, 0.5744, −1, 12.5."""
    return trimmed(value, 4)


def shape_text(array: np.ndarray) -> str:
    """A shape as NumPy prints it: (2,), (2, 3)."""
    return str(tuple(array.shape))


def formula(op: Operation) -> str:
    """"A1 = X · W1 + B1", "Z1 = σ(A1)", "Y = identity(A3)"."""
    if op.kind == "affine":
        return f"{op.out} = {op.x} · {op.w} + {op.b}"
    return f"{op.out} = {'σ' if op.kind == 'sigmoid' else 'identity'}({op.x})"


def shapes_line(result: ForwardPass, op: Operation) -> str:
    """The same operation in shapes: "(2,) · (2, 3) + (3,) → (3,)"."""
    a = result.arrays
    if op.kind == "affine":
        return f"{shape_text(a[op.x])} · {shape_text(a[op.w])} + {shape_text(a[op.b])} → {shape_text(a[op.out])}"
    return f"{shape_text(a[op.x])} → {shape_text(a[op.out])}"


def element_lines(result: ForwardPass, op: Operation, row: int = 0) -> list[str]:
    """Each output of the operation for one row of X, worked out:
    "a₁ = 1×0.1 + 0.5×0.2 + 0.1 = 0.3", "σ(0.3) = 1/(1+exp(−0.3)) = 0.5744", "y₁ = a₁ = 0.3168"."""
    a = result.arrays
    source = a[op.x] if a[op.x].ndim == 1 else a[op.x][row]
    out = a[op.out] if a[op.out].ndim == 1 else a[op.out][row]
    letter = op.out[0].lower()
    lines = []
    for j, value in enumerate(out):
        name = f"{letter}{subscript(j + 1)}"
        if op.kind == "affine":
            w, b = a[op.w][:, j], a[op.b][j]
            terms = " + ".join(f"{factor(xi)}×{factor(wi)}" for xi, wi in zip(source, w))
            bias = f"+ {fmt(b)}" if b >= 0 else f"{MINUS} {fmt(-b)}"
            lines.append(f"{name} = {terms} {bias} = {fmt(value)}")
        elif op.kind == "sigmoid":
            lines.append(f"σ({fmt(source[j])}) = 1/(1+exp({fmt(-source[j])})) = {fmt(value)}")
        else:
            lines.append(f"{name} = a{subscript(j + 1)} = {fmt(value)}")
    return lines


def factor(value: float) -> str:
    """A number inside a product, in brackets when negative: 0.5, (−0.5)."""
    return fmt(value) if value >= 0 else f"({fmt(value)})"
