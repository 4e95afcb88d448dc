"""Activation functions and losses of chapters 3 and 4, for one sample or a batch (last axis = classes)."""
import math

import numpy as np


def identity_function(x):
    """The output layer of a regression network: returns ``x`` unchanged."""
    return x


def step_function(x):
    """1 where ``x > 0``, else 0, as integers (the perceptron's activation); ``x`` a number, a list or an array."""
    return np.asarray(np.asarray(x) > 0, dtype=np.int_)


def sigmoid(x):
    """1 / (1 + exp(-x)), evaluated so that exp never overflows: exp(-|x|) is at most 1.

    A number gives a number (as the book's ``1 / (1 + np.exp(-x))`` does), an array an array.
    """
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))[()]


def sigmoid_grad(x):
    """Derivative of the sigmoid at ``x``: sigmoid(x) * (1 - sigmoid(x))."""
    s = sigmoid(x)
    return (1 - s) * s


def relu(x):
    """max(0, x), element by element."""
    return np.maximum(x, 0)


def relu_grad(x):
    """Derivative of ReLU at ``x``: 1 where ``x >= 0`` (the book's choice at 0), else 0, in ``x``'s dtype."""
    x = np.asarray(x)
    return (x >= 0).astype(x.dtype if x.dtype.kind == "f" else np.float64)


def softmax(x):
    """exp(x) / sum(exp(x)) over the last axis, for one score vector or a batch of rows.

    The row maximum is subtracted first; it cancels in the ratio and keeps exp from overflowing.
    A row whose maximum is infinite gets the limit: the entries at +inf share the probability
    equally and the rest get 0 (a row that is all -inf, equal scores, is uniform).
    """
    x = np.asarray(x)
    top = x.max(axis=-1, keepdims=True)
    if not math.isfinite(top.sum()):          # a row's maximum is inf or NaN (or the sum of them overflowed)
        return _softmax_limit(x, top)
    e = np.exp(x - top)
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_limit(x, top):
    """softmax of rows some of which have an infinite maximum (NaN rows stay NaN)."""
    infinite = np.isinf(top)
    with np.errstate(invalid="ignore"):
        e = np.where(infinite, x == top, np.exp(x - np.where(infinite, 0, top)))   # x's float dtype
        return e / e.sum(axis=-1, keepdims=True)


def mean_squared_error(y, t):
    """0.5 * sum((y - t)**2), summed over the whole batch as in the book."""
    y, t = np.asarray(y), np.asarray(t)
    if y.shape != t.shape:
        raise ValueError(f"y and t must have the same shape, got y {y.shape} and t {t.shape}")
    return 0.5 * np.sum((y - t) ** 2)


sum_squared_error = mean_squared_error
"""The same loss under the name of the Japanese edition's common/functions.py (the Korean edition's
code calls it mean_squared_error; it is a sum, ½ Σ (y − t)², either way)."""


def labels_of(t, n, classes):
    """The correct-class index of each of ``n`` samples, from ``t`` given as labels or one-hot rows.

    ``t`` may be ``n`` labels, a column of them (shape (n, 1), as in the book's ch07/gradient_check.py)
    or one-hot rows (shape (n, classes)). Raises a ValueError that names the shapes if ``t`` fits none
    of these or a label is out of range.
    """
    t = np.asarray(t)
    if t.shape == (n, classes):
        check_one_hot(t)
        return t.argmax(axis=1)
    if t.shape == (n, 1):
        t = t.reshape(n)
    if t.shape != (n,):
        raise ValueError(f"t must be {n} labels or one-hot of shape {(n, classes)}, got t of shape {t.shape}")
    if t.dtype.kind not in "iu":
        if t.dtype.kind != "f" or not np.all(t == np.round(t)):
            raise ValueError(f"labels t must be whole numbers, got dtype {t.dtype}")
        t = t.astype(np.intp)
    if n and (t.min() < 0 or t.max() >= classes):
        bad = t.min() if t.min() < 0 else t.max()
        raise ValueError(f"label {bad} in t is out of range: y of shape {(n, classes)} has "
                         f"classes 0 to {classes - 1}")
    return t


def check_one_hot(t):
    """Raise a ValueError unless every row of ``t`` holds a single 1 and zeros elsewhere."""
    if np.count_nonzero(t) != len(t) or not np.all(t.max(axis=1, initial=0) == 1):
        row = next(i for i, r in enumerate(t) if np.count_nonzero(r) != 1 or r.max() != 1)
        raise ValueError(f"t is not one-hot: row {row} is {t[row].tolist()}; each row must hold a single 1 "
                         f"and zeros (or pass the labels themselves, t.argmax(axis=1))")


def class_labels(y, t):
    """The correct-class index of each row of ``y`` (shape (N, classes)), from ``t`` as ``labels_of`` takes it."""
    return labels_of(t, *y.shape)


def cross_entropy_error(y, t):
    """Mean over the batch of -log(y[correct class] + 1e-7); ``t`` holds labels or one-hot rows.

    ``y`` is one vector of class probabilities or a batch of them, (N, classes). The 1e-7 (the
    book's ``delta``) keeps log(0) finite.
    """
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be one vector of class scores or a batch of shape (N, classes), "
                         f"got shape {y.shape}; reshape it to (N, classes)")
    if y.ndim == 1:
        y = y.reshape(1, y.size)
        t = np.asarray(t).reshape(1, -1) if np.ndim(t) == 1 else np.asarray(t).reshape(1)
    if y.shape[0] == 0:
        raise ValueError(f"y is an empty batch (shape {y.shape}); the mean loss over no samples is undefined: "
                         f"pass at least one sample")
    labels = class_labels(y, t)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), labels] + 1e-7)) / batch_size


def softmax_loss(X, t):
    """Cross-entropy error of softmax(X) against ``t`` (labels or one-hot)."""
    return cross_entropy_error(softmax(X), t)
