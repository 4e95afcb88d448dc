"""Chapter 6.3.1: the batch-norm algorithm on a small mini-batch, its four equations one at a time.

The library's `BatchNormalization` runs its forward pass in training mode on x (m samples × d
features), and every number shown is one the layer made: x̂ is its `xn`, y its output, and μ_B and
σ²_B its running mean and variance, which with momentum 0 are exactly this batch's statistics (the
layer keeps running = momentum · running + (1 − momentum) · batch). ε is the layer's own 10e-7.
The mean and variance of each column of x̂ (0 and σ²/(σ² + ε), a hair under 1) and of y (β, and γ²
times that) are read from those arrays, to show what normalising did.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.models.batch_norm_steps_settings import STEPS, BatchNormStepsSettings  # noqa: F401 - for the pane
from workbench.nn.layers import BatchNormalization

EPS = 10e-7
"""The ε the library's BatchNormalization adds under the root."""
APART = 10
"""Features whose largest |x| differ this many times over are on very different scales."""


@dataclass(frozen=True)
class BatchNormSteps:
    """The batch and everything the layer computed from it."""

    x: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray
    mean: np.ndarray
    """μ_B, per feature."""
    var: np.ndarray
    """σ²_B, per feature."""
    normalized: np.ndarray
    """x̂, (m, d)."""
    out: np.ndarray
    """y = γx̂ + β, (m, d)."""
    step: int

    @property
    def normalized_mean(self) -> np.ndarray:
        return self.normalized.mean(axis=0)

    @property
    def normalized_var(self) -> np.ndarray:
        return self.normalized.var(axis=0)

    @property
    def out_mean(self) -> np.ndarray:
        return self.out.mean(axis=0)

    @property
    def out_std(self) -> np.ndarray:
        return self.out.std(axis=0)

    @property
    def flat(self) -> list[int]:
        """The features (1-based) whose σ²_B is below ε: the root is then about √ε, x̂ stays near 0 and
        its variance nowhere near 1 (a constant feature: exactly 0), so y is about β there, not of spread γ."""
        return [j + 1 for j, v in enumerate(self.var) if v < EPS]

    @property
    def scales_apart(self) -> bool:
        """Whether the features' largest |x| differ at least APART times over (the book's kind of batch)."""
        sizes = np.abs(self.x).max(axis=0)
        return len(sizes) > 1 and sizes.max() > 0 and sizes.max() >= APART * sizes.min()


def compute(s: BatchNormStepsSettings) -> BatchNormSteps:
    """One forward pass of the library's BatchNormalization (training mode, momentum 0) on the batch."""
    x = np.array(s.x, dtype=np.float64)
    d = x.shape[1]
    gamma = np.broadcast_to(np.array(s.gamma, dtype=np.float64), (d,)).copy()
    beta = np.broadcast_to(np.array(s.beta, dtype=np.float64), (d,)).copy()
    layer = BatchNormalization(gamma, beta, momentum=0)
    out = layer.forward(x, train_flg=True)
    return BatchNormSteps(x=x, gamma=gamma, beta=beta, mean=layer.running_mean.copy(), var=layer.running_var.copy(),
                          normalized=layer.xn.copy(), out=out, step=s.step)
