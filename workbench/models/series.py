"""Series for plots: at most a few hundred points however long the run, by bucket means."""
from __future__ import annotations

import numpy as np

MAX_POINTS = 500


def bucket_means(x, y, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) cut into at most `max_points` buckets of consecutive points, each replaced by its mean.

    A noisy training loss keeps its shape (a mean, not every n-th point, which would alias), and the
    last bucket always ends at the latest point.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be 1-D and of one length, got shapes {x.shape} and {y.shape}")
    if max_points < 1:
        raise ValueError(f"max_points must be 1 or more, got {max_points}")
    n = len(x)
    if n <= max_points:
        return x, y
    edges = np.linspace(0, n, max_points + 1).astype(int)
    counts = np.diff(edges)
    return np.add.reduceat(x, edges[:-1]) / counts, np.add.reduceat(y, edges[:-1]) / counts


def smoothed(y, weight: float = 0.9) -> np.ndarray:
    """Exponential moving average with bias correction, for a 'smoothed' curve beside the raw one."""
    y = np.asarray(y, dtype=np.float64)
    if not 0 <= weight < 1:
        raise ValueError(f"weight must be at least 0 and below 1, got {weight}")
    out = np.empty_like(y)
    average = 0.0
    for i, value in enumerate(y):
        average = weight * average + (1 - weight) * value
        out[i] = average / (1 - weight ** (i + 1))
    return out
