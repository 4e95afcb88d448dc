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
