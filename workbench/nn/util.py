"""The helpers of the book's common/util.py, where a reader of the book looks for them.

``smooth_curve`` and ``shuffle_dataset`` are here; ``im2col``, ``col2im`` and ``conv_output_size``
live in im2col.py and are re-exported, so ``from workbench.nn.util import im2col`` works as
``from common.util import im2col`` does in the book's scripts.
"""
import numpy as np

from .checks import as_rng
from .im2col import col2im, conv_output_size, im2col

__all__ = ["smooth_curve", "shuffle_dataset", "im2col", "col2im", "conv_output_size"]

_WINDOW = 11   # points averaged by smooth_curve
_BETA = 2      # Kaiser window shape: 0 is a flat average, larger values weight the centre more


def smooth_curve(x):
    """A noisy curve (a loss per iteration) smoothed for plotting, the same length as ``x``.

    Each point becomes a weighted average of the 11 around it, with Kaiser-window weights (beta 2)
    that favour the centre. To give the first and last points neighbours, the curve is mirrored
    past both ends, as the book does: the start without repeating x[0], the end repeating x[-1].
    """
    x = np.asarray(x)
    if x.ndim != 1 or len(x) < _WINDOW:
        raise ValueError(f"smooth_curve needs a 1-D curve of at least {_WINDOW} values, got shape {x.shape}; "
                         f"plot a shorter curve as it is")
    edge = _WINDOW - 1
    mirrored = np.concatenate([x[edge:0:-1], x, x[:-_WINDOW:-1]])
    weights = np.kaiser(_WINDOW, _BETA)
    smoothed = np.convolve(weights / weights.sum(), mirrored, mode="valid")
    half = _WINDOW // 2
    return smoothed[half:len(smoothed) - half]


def shuffle_dataset(x, t, *, rng=None):
    """``x`` and ``t`` in one random order, so each sample keeps its label; returns (x, t) shuffled.

    Works for data of any shape whose first axis counts samples (rows of features, or images
    (N, C, H, W)). The order comes from ``rng`` (a seed or a numpy Generator), or from
    ``np.random`` as in the book when it is None, so ``np.random.seed`` repeats it.
    """
    x, t = np.asarray(x), np.asarray(t)
    if x.ndim == 0 or t.ndim == 0 or len(x) != len(t):
        raise ValueError(f"x and t must have one entry per sample, got x of shape {x.shape} and t of "
                         f"shape {t.shape}")
    order = (np.random if rng is None else as_rng(rng)).permutation(len(x))
    return x[order], t[order]
