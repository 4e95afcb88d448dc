"""Chapter 7: one digit through one filter, forward and backward, with the book's Convolution and the
direct derivation (`DirectConvolution`) side by side.

The digit comes from a data set's test images when they are on this computer, else from the
built-in synthetic digits, and the result says which. Loading a real data set takes a moment, so
it is never done here: `load_test_images` (run as a job by the pane) fills a cache, and until
then, or when the files are missing, `compute` uses a synthetic digit and says why.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench.datasets import DatasetError, dataset_label, load_split, synthetic_digits
from workbench.i18n import t
from workbench.models.conv_settings import DATASETS, ConvSettings  # noqa: F401 - DATASETS for the pane
from workbench.models.im2col import output_size
from workbench.nn.layers import Convolution
from workbench.nn.reference import DirectConvolution

FILTERS = {
    "vertical-edge": ((1, 0, -1), (2, 0, -2), (1, 0, -1)),
    "horizontal-edge": ((1, 2, 1), (0, 0, 0), (-1, -2, -1)),
    "diagonal-edge": ((0, 1, 2), (-1, 0, 1), (-2, -1, 0)),
    "outline": ((0, -1, 0), (-1, 4, -1), (0, -1, 0)),
    "sharpen": ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
    "blur": ((1, 1, 1), (1, 1, 1), (1, 1, 1)),
}
"""Classic 3×3 filters: Sobel (vertical and horizontal edges), a diagonal edge, the Laplacian
(outlines), sharpen and a box blur (a sum: divide by 9 for the mean); keyed by ConvSettings' FILTER_NAMES."""
SYNTHETIC_BATCH = 10
"""Synthetic digits are drawn ten at a time (a few milliseconds), one seed per ten indices."""


# -- images ---------------------------------------------------------------------------------------

_loaded: dict[str, tuple[np.ndarray, np.ndarray] | str] = {}
"""Data set name → its test images (n, 28, 28) float32 and labels, or why they could not be read."""
_loading = threading.Lock()


def load_test_images(name: str) -> None:
    """Read a data set's test images into the cache, or remember why not (a job; never downloads)."""
    with _loading:
        if name in _loaded:
            return
        try:
            x, labels = load_split(name, "test", download=False)
            _loaded[name] = (x[:, 0], labels)
        except DatasetError:
            _loaded[name] = t("conv.source.missing", dataset=dataset_label(name), name=name)


def is_loaded(name: str) -> bool:
    return name == "synthetic-digits" or name in _loaded


@lru_cache(maxsize=8)
def _synthetic_batch(batch: int) -> tuple[np.ndarray, np.ndarray]:
    (_, _), (images, labels) = synthetic_digits(0, SYNTHETIC_BATCH, seed=batch)
    images = (images / np.float32(255)).astype(np.float32)
    images.flags.writeable = False
    return images, labels


@dataclass(frozen=True)
class Digit:
    """One image (28, 28) in [0, 1], its label, where it came from, and whether a load is pending."""

    image: np.ndarray
    label: int
    dataset: str
    note: str
    pending: bool


def digit(dataset: str, index: int) -> Digit:
    """Test image `index` of `dataset` if loaded, else synthetic digit `index`, with a note saying why."""
    loaded = _loaded.get(dataset)
    if isinstance(loaded, tuple):
        images, labels = loaded
        i = index % len(images)
        return Digit(images[i], int(labels[i]), dataset, "", False)
    images, labels = _synthetic_batch(index // SYNTHETIC_BATCH)
    i = index % SYNTHETIC_BATCH
    if dataset == "synthetic-digits":
        note = ""
    elif loaded is None:
        note = t("conv.source.loading", dataset=dataset_label(dataset))
    else:
        note = loaded
    return Digit(images[i], int(labels[i]), "synthetic-digits", note, dataset != "synthetic-digits" and loaded is None)


# -- the result ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    """One way of computing the layer: its output, and its gradients for a dout that is zero but at the cell."""

    out: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dx: np.ndarray


@dataclass(frozen=True)
class ConvResult:
    """The digit, the filter, both routes, and the numbers behind the output cell under the cursor.

    `row` is the cell's row of col (im2col), `window` that row (the input window, padded, read row by
    row) and `column` the filter's column of col_W: their dot product plus b is the cell's value.
    """

    digit: Digit
    W: np.ndarray
    b: np.ndarray
    stride: int
    pad: int
    cell: tuple[int, int]
    row: int
    window: np.ndarray
    column: np.ndarray
    dout: np.ndarray
    book: Route
    direct: Route

    @property
    def value(self) -> float:
        return float(self.book.out[0, 0, self.cell[0], self.cell[1]])

    @property
    def padded(self) -> np.ndarray:
        """The input image with its padding, as im2col reads it."""
        return np.pad(self.digit.image, self.pad)

    def largest_difference(self) -> float:
        """The largest gap between the two routes over out, dW and dx."""
        return max(float(np.max(np.abs(a - b))) for a, b in
                   ((self.book.out, self.direct.out), (self.book.dW, self.direct.dW),
                    (self.book.dx, self.direct.dx)))


def run(layer, x: np.ndarray, cell: tuple[int, int], dout_value: float) -> tuple[Route, np.ndarray]:
    out = layer.forward(x)
    dout = np.zeros_like(out)
    dout[0, 0, cell[0], cell[1]] = dout_value
    dx = layer.backward(dout)
    return Route(out, layer.dW, layer.db, dx), dout


def compute(s: ConvSettings) -> ConvResult:
    d = digit(s.dataset, s.index)
    x = d.image.reshape(1, 1, 28, 28)
    W = np.array(FILTERS[s.filter], dtype=np.float32).reshape(1, 1, 3, 3)
    b = np.array([s.bias], dtype=np.float32)
    side = output_size(28, 3, s.stride, s.pad)
    cell = (min(s.cell[0], side - 1), min(s.cell[1], side - 1))
    book = Convolution(W, b, s.stride, s.pad)
    book_route, dout = run(book, x, cell, s.dout)
    direct_route, _ = run(DirectConvolution(W, b, s.stride, s.pad), x, cell, s.dout)
    row = cell[0] * side + cell[1]
    return ConvResult(d, W, b, s.stride, s.pad, cell, row, book.col[row], book.col_W[:, 0], dout,
                      book_route, direct_route)
