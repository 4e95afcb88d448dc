"""Chapter 6.2: the activations of a deep network's layers for a given initial weight scale.

As in the book's ch06/weight_init_activation_histogram.py: 1000 Gaussian inputs go through L layers
of n units (no bias), each `Affine` with weights N(0, 1) × std and the chosen activation (the
library's `Affine`, `Sigmoid` and `Relu`; tanh is NumPy's, as in the book's script). Each layer's
outputs are summarised by their mean, their standard deviation, the share that are exactly 0
(ReLU) and the share within 0.1 of the ends of the range (sigmoid, tanh), and binned for a
histogram. `observe` says what the figure shows — saturation, outputs crowding, a spread that
shrinks, grows, holds (after the first layer or from it) or wanders — from those numbers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.models.weight_init_settings import ACTIVATIONS, BOOK_INITS, InitSettings  # noqa: F401 - for the pane
from workbench.models.surface_path import Observation
from workbench.nn.layers import Affine, Relu, Sigmoid

SAMPLES = 1000
"""Inputs per run, as in the book."""
SATURATED = 0.1
"""An output this close to an end of the sigmoid's or tanh's range counts as saturated."""
HOLDS = 1.3
"""σ holds through layers whose largest σ is at most this many times their smallest. (tanh with Xavier,
σ 0.63 down to 0.32 in five steps, does not; ReLU with He, 0.82 to 1.0, does.)"""
TREND = 1.5
"""σ grows (shrinks) when the last layer's is at least this many times the first's (at most 1/TREND of it)."""


class Tanh:
    """tanh as a layer's forward (the book's script uses np.tanh; the library has no Tanh layer)."""

    def forward(self, x):
        return np.tanh(x)


LAYERS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": Relu}
RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def scale(s: InitSettings, n: int) -> float:
    """The standard deviation of the weights of a layer with `n` inputs."""
    if s.init == "xavier":
        return math.sqrt(1.0 / n)
    if s.init == "he":
        return math.sqrt(2.0 / n)
    return s.std


@dataclass(frozen=True)
class LayerStats:
    """One layer's outputs (all SAMPLES × units of them) and what they add up to."""

    values: np.ndarray
    mean: float
    std: float
    zeros: float
    """Share of outputs exactly 0."""
    saturated: float
    """Share within 0.1 of an end of the range (sigmoid: 0 or 1; tanh: −1 or 1); 0 for ReLU."""


@dataclass(frozen=True)
class InitResult:
    """Every layer's outputs and statistics, the weight scale used and the histogram range."""

    activation: str
    scale: float
    layers: tuple[LayerStats, ...]
    range: tuple[float, float]

    def counts(self, bins: int) -> np.ndarray:
        """(layers, bins) counts over `range`; for ReLU the exact zeros are left out (their share is
        shown as a number; as a bar they would dwarf everything else)."""
        low, high = self.range
        rows = []
        for layer in self.layers:
            values = layer.values[layer.values != 0] if self.activation == "relu" else layer.values
            counts, _ = np.histogram(np.clip(values, low, high), bins=bins, range=(low, high))
            rows.append(counts)
        return np.array(rows)

    def observe(self) -> Observation:
        """What the histograms show, in the order the book looks: ends, a crowd, then how σ goes with depth.

        σ "holds" only within a factor HOLDS from layer to layer; a first layer apart (it alone sees the
        N(0, 1) inputs) is said as such; a spread that ends a factor TREND from where it began grows or
        shrinks; anything else wanders."""
        stds = [layer.std for layer in self.layers]
        first, last = stds[0], stds[-1]
        if self.activation != "relu":
            saturated = [layer.saturated for layer in self.layers]
            if min(saturated) >= 0.5:
                return Observation("saturate", {"low": min(saturated), "high": max(saturated)})
            if max(stds) < 0.05 and len(stds) > 1 and min(stds) > 0 and max(stds) / min(stds) < 5:
                return Observation("crowd", {"center": float(np.mean([layer.mean for layer in self.layers])),
                                             "low": min(stds), "high": max(stds)})
        if len(stds) == 1:
            return Observation("one", {"std": first})
        if spread(stds) <= HOLDS:
            return Observation("keep", {"low": min(stds), "high": max(stds)})
        if len(stds) >= 3 and spread(stds[1:]) <= HOLDS:
            return Observation("settle", {"first": first, "low": min(stds[1:]), "high": max(stds[1:]),
                                          "layers": len(stds)})
        if not last <= TREND * first:          # an overflow to inf or nan grows too
            return Observation("grow", {"first": first, "last": last, "layers": len(stds)})
        if last <= first / TREND:
            return Observation("shrink", {"first": first, "last": last, "layers": len(stds)})
        return Observation("wander", {"low": min(stds), "high": max(stds)})


def spread(stds: list[float]) -> float:
    """How many times the largest σ is the smallest (inf when one is 0)."""
    low = min(stds)
    return max(stds) / low if low > 0 else math.inf


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or above `value`."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    exponent = math.floor(math.log10(value))
    for mantissa in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = float(f"{mantissa}e{exponent}")
        if candidate >= value * (1 - 1e-12):
            return candidate
    return float(f"1e{exponent + 1}")


def compute(s: InitSettings) -> InitResult:
    """Feed SAMPLES Gaussian inputs through the layers and summarise each layer's outputs."""
    rng = np.random.default_rng(s.seed)
    x = rng.standard_normal((SAMPLES, s.units))
    std = scale(s, s.units)
    stats = []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(s.layers):
            W = rng.standard_normal((s.units, s.units)) * std
            a = Affine(W, np.zeros(s.units)).forward(x)
            z = LAYERS[s.activation]().forward(a)
            if s.activation == "relu":
                saturated = 0.0
            else:
                low, high = RANGES[s.activation]
                saturated = float(np.mean((z < low + SATURATED) | (z > high - SATURATED)))
            stats.append(LayerStats(z.ravel(), float(z.mean()), float(z.std()), float(np.mean(z == 0)), saturated))
            x = z
    if s.activation in RANGES:
        value_range = RANGES[s.activation]
    else:
        tops = [np.percentile(layer.values[layer.values > 0], 99) for layer in stats if np.any(layer.values > 0)]
        value_range = (0.0, nice_ceiling(max(tops, default=1.0)))
    return InitResult(s.activation, std, tuple(stats), value_range)
