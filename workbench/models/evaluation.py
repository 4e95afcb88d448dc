"""What a trained network got right and wrong, and what its first layer looks at: plain NumPy for the
training pane's post-run views (and the console's summary).

    cm = confusion_matrix(t_test, predicted)        # rows: true class, columns: predicted
    worst_pairs(cm, 3)                               # [(true, predicted, count), ...] most confused first
    misclassified(t_test, predicted, limit=12)       # indices of wrong test images
    misclassified(t_test, predicted, pair=(4, 9))    # … of the 4s taken for 9s (a cell of the matrix)
    top_classes(probabilities, 3)                    # [(class, probability), ...] most probable first
    answer(network, x_test[57], 3)                   # the same, for one image through a trained network
    first_layer_images(params)                       # the first layer's filters (or weights) as 2-D images
"""
from __future__ import annotations

import numpy as np

from workbench.nn.functions import softmax


def confusion_matrix(t: np.ndarray, predicted: np.ndarray, classes: int = 10) -> np.ndarray:
    """Counts of (true class, predicted class), a `classes` × `classes` int array."""
    t, predicted = np.asarray(t).astype(np.int64), np.asarray(predicted).astype(np.int64)
    if t.shape != predicted.shape:
        raise ValueError(f"t has {len(t)} labels but predicted has {len(predicted)}")
    return np.bincount(t * classes + predicted, minlength=classes * classes).reshape(classes, classes)


def worst_pairs(cm: np.ndarray, count: int = 3) -> list[tuple[int, int, int]]:
    """The `count` largest off-diagonal cells as (true, predicted, count), largest first; zeros left out."""
    off = cm.copy()
    np.fill_diagonal(off, 0)
    order = np.argsort(off, axis=None, kind="stable")[::-1][:count]
    pairs = [(int(i // cm.shape[1]), int(i % cm.shape[1]), int(off.flat[i])) for i in order]
    return [pair for pair in pairs if pair[2] > 0]


def accuracy(cm: np.ndarray) -> float:
    """The fraction on the diagonal (nan for an empty matrix)."""
    total = cm.sum()
    return float(np.trace(cm) / total) if total else float("nan")


def misclassified(t: np.ndarray, predicted: np.ndarray, limit: int | None = None,
                  pair: tuple[int, int] | None = None) -> np.ndarray:
    """Indices of the test images predicted wrongly, in order, at most `limit`; with `pair` (true,
    predicted), only the images of that class taken for that other one (the matrix's cell)."""
    t, predicted = np.asarray(t), np.asarray(predicted)
    wrong = t != predicted if pair is None else (t == pair[0]) & (predicted == pair[1]) & (pair[0] != pair[1])
    wrong = np.flatnonzero(wrong)
    return wrong if limit is None else wrong[:limit]


def top_classes(probabilities: np.ndarray, count: int = 3) -> list[tuple[int, float]]:
    """The `count` most probable classes as (class, probability), most probable first (ties: the
    lower class first)."""
    p = np.asarray(probabilities, dtype=np.float64).ravel()
    order = np.argsort(-p, kind="stable")[:count]
    return [(int(k), float(p[k])) for k in order]


def answer(network, image: np.ndarray, count: int = 3) -> list[tuple[int, float]]:
    """The `count` classes `network` finds likeliest for one `image` (as the test set holds it), with
    their softmax probabilities: `top_classes` of its output, computed now."""
    scores = network.predict(np.asarray(image)[np.newaxis])
    return top_classes(softmax(np.asarray(scores, dtype=np.float64))[0], count)


def first_layer_images(params: dict[str, np.ndarray], image_shape=(28, 28)) -> list[np.ndarray]:
    """The first layer's weights as 2-D images: each filter's first channel (FH × FW) for a
    convolution, each hidden unit's weights over the input pixels for an Affine layer."""
    W = params.get("W1")
    if W is None:
        return []
    if W.ndim == 4:
        return [np.asarray(W[i, 0], dtype=np.float64) for i in range(W.shape[0])]
    if W.ndim == 2 and W.shape[0] == int(np.prod(image_shape)):
        return [np.asarray(W[:, j], dtype=np.float64).reshape(image_shape) for j in range(W.shape[1])]
    return []


def shrink(image: np.ndarray, factor: int = 2) -> np.ndarray:
    """An image `factor` times smaller each way, by block means (a 28×28 digit → 14×14)."""
    image = np.asarray(image, dtype=np.float64)
    h, w = image.shape[0] // factor * factor, image.shape[1] // factor * factor
    return image[:h, :w].reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


def grow(image: np.ndarray, factor: int = 2) -> np.ndarray:
    """An image `factor` times larger each way, each pixel repeated (a 5×5 filter → 10×10)."""
    return np.repeat(np.repeat(np.asarray(image), factor, axis=0), factor, axis=1)
