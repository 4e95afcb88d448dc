"""Numerical gradients (section 4.4) and the gradient check of section 5.7.

Central differences with h = 1e-4 lose most of their digits in float32, so run checks in float64.
"""
import inspect
from dataclasses import dataclass

import numpy as np


def numerical_gradient(f, x, *, h=1e-4):
    """Gradient of ``f`` at ``x`` by central differences, (f(x + h) - f(x - h)) / 2h, entry by entry.

    ``f`` is called with ``x`` itself, each entry nudged in place in turn, as in the book (where
    ``f`` usually ignores its argument and reads the network's parameters). ``x`` may have any
    shape and is restored exactly, even if ``f`` raises.
    """
    if not (isinstance(x, np.ndarray) and x.dtype.kind == "f"):
        raise ValueError(f"x must be a floating-point NumPy array (it is nudged in place), got {type(x).__name__} "
                         f"of dtype {getattr(x, 'dtype', None)}")
    _check_h(h)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        grad[idx] = _central_difference(f, x, idx, h)
    return grad


def _check_h(h):
    """Raise a ValueError unless the step ``h`` is a finite number above 0."""
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)) or not np.isfinite(h) or h <= 0:
        raise ValueError(f"h must be a small number above 0 (the book uses 1e-4), got {h!r}")


def _central_difference(f, x, idx, h):
    original = x[idx].copy()
    try:
        x[idx] = original + h
        above = float(f(x))
        x[idx] = original - h
        below = float(f(x))
    finally:
        x[idx] = original
    return (above - below) / (2 * h)


@dataclass(frozen=True)
class GradientCheck:
    """How one parameter's backprop gradient compares with its numerical gradient.

    The relative error of an entry is |a - n| / max(|a|, |n|, floor) for backprop value a and
    numerical value n: 0 when they agree, about 1 when they share no digits. The floor (1e-8 by
    default) keeps entries whose gradient is zero, or noise-sized, in both from counting as errors.
    """
    shape: tuple
    checked: int
    max_relative_error: float
    mean_relative_error: float
    worst_index: tuple


def gradient_check(network, x, t, *, num_samples=30, rng=None, h=1e-4, floor=1e-8):
    """Compare ``network.gradient(x, t)`` with numerical derivatives of ``network.loss(x, t)``.

    If ``loss`` takes ``train_flg`` it is called with ``train_flg=True``, the function that
    ``gradient`` differentiates (batch statistics in batch norm); dropout must be off for the
    check to mean anything, since each call draws new masks. For each parameter in ``network.params``, at most ``num_samples`` entries chosen at random
    (all of them for a small parameter) are nudged in place by +-h and restored. Returns
    {name: GradientCheck}. Any object with ``params``, ``gradient`` and ``loss`` will do.
    """
    if num_samples < 1:
        raise ValueError(f"num_samples must be 1 or more, got {num_samples!r}")
    _check_h(h)
    rng = np.random.default_rng(rng)
    loss = _training_loss(network, x, t)
    backprop = {name: np.array(g, dtype=np.float64) for name, g in network.gradient(x, t).items()}
    results = {}
    for name, param in network.params.items():
        if name not in backprop or backprop[name].shape != param.shape:
            got = backprop[name].shape if name in backprop else "nothing"
            raise ValueError(f"network.gradient gave {got} for parameter {name!r} of shape {param.shape}")
        chosen = np.arange(param.size)
        if param.size > num_samples:
            chosen = np.sort(rng.choice(param.size, size=num_samples, replace=False))
        indices = [np.unravel_index(i, param.shape) for i in chosen]
        analytic = np.array([backprop[name][idx] for idx in indices])
        numeric = np.array([_central_difference(loss, param, idx, h) for idx in indices])
        error = np.abs(analytic - numeric) / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
        worst = int(np.argmax(error))
        results[name] = GradientCheck(shape=param.shape, checked=len(indices),
                                      max_relative_error=float(error[worst]),
                                      mean_relative_error=float(error.mean()),
                                      worst_index=tuple(int(i) for i in indices[worst]))
    return results


def _training_loss(network, x, t):
    """f(_) = network.loss(x, t), in training mode when the network's loss has a ``train_flg``."""
    try:
        takes_flag = "train_flg" in inspect.signature(network.loss).parameters
    except (TypeError, ValueError):
        takes_flag = False
    if takes_flag:
        return lambda _: network.loss(x, t, train_flg=True)
    return lambda _: network.loss(x, t)
