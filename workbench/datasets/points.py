"""Two-class sets of points in the plane, generated from a seed: XOR, circles, two moons, spirals and a
linear split, for the playground (a network learning a boundary you can see). No download.

    x, t = make_points("circles", 200, noise=0.1, rng=0)    # x (200, 2) float32 in about [-1, 1]², t (200,) 0/1

Each set has the same number of points of each class (one more of class 0 for an odd count). `noise`
is the standard deviation of Gaussian jitter added to each point (0 to 0.5, in units of the plane's
half-width); the labels are those of the clean shape, so with much noise the classes overlap, as real
data does. The same name, size, noise and seed always give the same points.
"""
from __future__ import annotations

import numpy as np

NAMES = ("xor", "circles", "moons", "spirals", "linear")
EXTENT = 1.2
"""The plane shown and sampled runs from −EXTENT to EXTENT on both axes."""


def _xor(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points in the four quadrants, kept a little off the axes; class 1 where x·y < 0 (the book's
    XOR: one coordinate "on" and the other "off")."""
    x = rng.uniform(0.15, 1.0, (n, 2)) * rng.choice([-1.0, 1.0], (n, 2))
    t = (x[:, 0] * x[:, 1] < 0).astype(np.int64)
    return x, t


def _balanced(n: int) -> np.ndarray:
    """n labels, half 0 and half 1 (class 0 gets the odd one)."""
    return (np.arange(n) >= (n + 1) // 2).astype(np.int64)


def _circles(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Class 1 inside a disc of radius 0.45, class 0 in a ring from 0.65 to 1.0 around it."""
    t = _balanced(n)
    radius = np.where(t == 1, rng.uniform(0.0, 0.45, n), rng.uniform(0.65, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1), t


def _moons(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles (the classic "two moons"), centred in the plane."""
    t = _balanced(n)
    angle = rng.uniform(0, np.pi, n)
    upper = np.stack([np.cos(angle) - 0.5, np.sin(angle) - 0.25], axis=1)
    lower = np.stack([0.5 - np.cos(angle), 0.25 - np.sin(angle)], axis=1)
    return np.where(t[:, None] == 0, upper, lower) * 0.8, t


def _spirals(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two arms winding out from the centre, each one and a half turns, one the other turned by π."""
    t = _balanced(n)
    s = np.sqrt(rng.uniform(0.0, 1.0, n))            # denser towards the outside, as the arm is longer
    angle = 3 * np.pi * s + np.pi * t
    radius = 0.05 + 0.95 * s
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1), t


def _linear(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two clouds on either side of the line y = 0.5·x, with a gap between them."""
    t = _balanced(n)
    along = rng.uniform(-1.0, 1.0, n)
    across = rng.uniform(0.15, 0.8, n) * np.where(t == 1, 1.0, -1.0)
    direction = np.array([2.0, 1.0]) / np.sqrt(5.0)
    normal = np.array([-1.0, 2.0]) / np.sqrt(5.0)
    return along[:, None] * direction + across[:, None] * normal, t


_MAKERS = {"xor": _xor, "circles": _circles, "moons": _moons, "spirals": _spirals, "linear": _linear}


def make_points(name: str, n: int, noise: float = 0.0, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """`n` points of the set `name` with Gaussian `noise`, shuffled: x (n, 2) float32, t (n,) int64 labels.

    `rng` is a seed or a numpy Generator. ValueError for an unknown name, n < 2 or noise outside 0–0.5.
    """
    if name not in _MAKERS:
        raise ValueError(f"there is no set of points {name!r}; choose one of {', '.join(NAMES)}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be a whole number of 2 or more, got {n!r}")
    if not 0.0 <= float(noise) <= 0.5:
        raise ValueError(f"noise must be from 0 to 0.5, got {noise!r}")
    rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    x, t = _MAKERS[name](int(n), rng)
    x = x + rng.normal(0.0, float(noise), x.shape)
    order = rng.permutation(len(x))
    return np.clip(x[order], -EXTENT, EXTENT).astype(np.float32), t[order]
