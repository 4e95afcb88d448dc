"""Activation functions and losses of chapters 3 and 4, for one sample or a batch (last axis = classes)."""
import numpy as np


def identity_function(x):
    """The output layer of a regression network: returns ``x`` unchanged."""
    return x


def step_function(x):
    """1 where ``x > 0``, else 0, as integers (the perceptron's activation)."""
    return np.asarray(x > 0, dtype=np.int_)


def sigmoid(x):
    """1 / (1 + exp(-x)), evaluated so that exp never overflows: exp(-|x|) is at most 1."""
    x = np.asarray(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


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
    """
    x = np.asarray(x)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def mean_squared_error(y, t):
    """0.5 * sum((y - t)**2), summed over the whole batch as in the book."""
    y, t = np.asarray(y), np.asarray(t)
    if y.shape != t.shape:
        raise ValueError(f"y and t must have the same shape, got y {y.shape} and t {t.shape}")
    return 0.5 * np.sum((y - t) ** 2)


def labels_of(t, n, classes):
    """The correct-class index of each of ``n`` samples, from ``t`` given as labels or one-hot rows.

    ``t`` may be ``n`` labels, a column of them (shape (n, 1), as in the book's ch07/gradient_check.py)
    or one-hot rows (shape (n, classes)). Raises a ValueError that names the shapes if ``t`` fits none
    of these or a label is out of range.
    """
    t = np.asarray(t)
    if t.shape == (n, classes):
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
    labels = class_labels(y, t)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), labels] + 1e-7)) / batch_size


def softmax_loss(X, t):
    """Cross-entropy error of softmax(X) against ``t`` (labels or one-hot)."""
    return cross_entropy_error(softmax(X), t)
