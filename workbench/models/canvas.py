"""A digit drawn by the learner, made into an MNIST digit and classified by a network.

MNIST's digits were made from scans in two steps (LeCun, Cortes and Burges): each digit was scaled,
keeping its aspect ratio, to fit a 20×20 box, which left grey anti-aliased edges, and then placed in
a 28×28 image so that its centre of mass lies at the centre. A drawing is made the same way by
`prepare` (one resampling with a tent filter does the scaling, the blur of the edges and the shift),
so a digit drawn small in a corner reaches the network as it would have reached it from MNIST.
`predict` runs any of the library's networks on it, flat input (784,) or image input (1, 28, 28).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.i18n import t
from workbench.models.canvas_settings import CanvasSettings
from workbench.nn.functions import softmax

SIZE = 28
BOX = 20
"""MNIST fits each digit into a BOX×BOX square inside the SIZE×SIZE image."""
CENTRE = 14
"""The pixel (row and column index) MNIST's digits have their centre of mass on."""
INK = 0.05
"""Pixels darker than this count as paper when finding the digit's bounding box."""


@dataclass(frozen=True)
class CanvasResult:
    """The network's view of one drawing: its softmax probabilities, the winner and the image it saw."""

    probabilities: np.ndarray
    """(10,) float64, summing to 1."""
    label: int
    prepared: np.ndarray
    """(28, 28) float32 in [0, 1], as it went into the network."""
    blank: bool
    """Nothing was drawn: the probabilities describe an empty image."""


def compute(settings: CanvasSettings) -> CanvasSettings:
    """The canvas pane's settings need no computing; predictions follow the drawing (`predict`)."""
    return settings


def check_drawing(drawing: np.ndarray) -> np.ndarray:
    """`drawing` as a (28, 28) float32 array in [0, 1]; ValueError naming the shape otherwise."""
    drawing = np.asarray(drawing, dtype=np.float32)
    if drawing.shape != (SIZE, SIZE):
        raise ValueError(t("canvas.error.shape", shape=str(drawing.shape)))
    return np.clip(np.nan_to_num(drawing), 0, 1)


def resampling(n_in: int, n_out: int, scale, offset) -> np.ndarray:
    """(n_out, n_in) weights that sample an axis of n_in pixels at n_out points with a tent filter.

    Output pixel i has its centre at input coordinate `offset + (i + 0.5) * scale` (pixel j covers
    [j, j + 1)). The tent is `max(scale, 1)` pixels wide on each side, so shrinking averages as many
    pixels as fall under one output pixel (anti-aliasing), and growing interpolates linearly.
    Outside the input is paper (0): the weights are not renormalised near the edges. Arrays of
    `scale` and `offset` (one per image) give a stack of weights, (N, n_out, n_in).
    """
    scale, offset = np.asarray(scale, dtype=np.float64), np.asarray(offset, dtype=np.float64)
    support = np.maximum(scale, 1.0)[..., None, None]
    centres = offset[..., None] + (np.arange(n_out) + 0.5) * scale[..., None]
    distance = (np.arange(n_in) + 0.5) - centres[..., None]
    return np.maximum(0.0, 1.0 - np.abs(distance) / support) / support


def prepare(drawing: np.ndarray) -> np.ndarray:
    """A 28×28 drawing (floats 0–1) made into an MNIST digit: scaled into 20×20, centred by mass.

    The digit's bounding box is scaled, keeping its aspect ratio, so that its longer side is 20
    pixels; it is then placed so that its centre of mass is at the centre of the 28×28 image.
    A blank drawing stays blank.
    """
    return prepare_many(check_drawing(drawing)[None])[0]


def prepare_many(images: np.ndarray) -> np.ndarray:
    """`prepare` for a stack of images (N, 28, 28) at once: one resampling per axis and image.

    Pixels outside each digit's bounding box are left out (as if the box were cut out), and each
    image's ink ends as dark as its darkest pixel was.
    """
    images = np.clip(np.nan_to_num(np.asarray(images, dtype=np.float64)), 0, 1)
    ink = images > INK
    found = ink.any(axis=(1, 2))
    rows, cols = ink.any(axis=2), ink.any(axis=1)
    top, left = rows.argmax(axis=1), cols.argmax(axis=1)
    bottom, right = SIZE - rows[:, ::-1].argmax(axis=1), SIZE - cols[:, ::-1].argmax(axis=1)
    index = np.arange(SIZE)
    inside = ((index >= top[:, None]) & (index < bottom[:, None]))[:, :, None] \
        & ((index >= left[:, None]) & (index < right[:, None]))[:, None, :]
    boxes = np.where(inside, images, 0.0)
    scale = np.maximum(bottom - top, right - left) / BOX          # input pixels per output pixel
    weights = np.maximum(boxes.sum(axis=(1, 2)), 1e-12)
    centre_y = (boxes.sum(axis=2) @ (index + 0.5)) / weights      # in image coordinates
    centre_x = (boxes.sum(axis=1) @ (index + 0.5)) / weights
    # shift the scaled digit by whole pixels so its centre of mass lands on pixel (14, 14), where
    # MNIST's lie (their mean is 14.0 in pixel indices): the pixel grid stays aligned with the box,
    # and a digit already 20 pixels tall is copied as it is
    shift_y = np.round(CENTRE + 0.5 - (centre_y - top) / scale)
    shift_x = np.round(CENTRE + 0.5 - (centre_x - left) / scale)
    along_y = resampling(SIZE, SIZE, scale, top - shift_y * scale)
    along_x = resampling(SIZE, SIZE, scale, left - shift_x * scale)
    prepared = along_y @ boxes @ np.swapaxes(along_x, 1, 2)
    peak = prepared.max(axis=(1, 2))
    prepared *= (boxes.max(axis=(1, 2)) / np.maximum(peak, 1e-12))[:, None, None]   # ink as dark as drawn
    prepared[~found] = 0.0
    return np.clip(prepared, 0, 1).astype(np.float32)


def input_shape(network) -> tuple[int, ...]:
    """The shape of one sample the network takes: `network.input_shape`, else its first layer's."""
    shape = tuple(getattr(network, "input_shape", ()) or ())
    if shape:
        return shape
    first = next(iter(getattr(network, "layers", {}).values()), None)
    weights = getattr(first, "W", None)
    if isinstance(weights, np.ndarray) and weights.ndim == 2:
        return (weights.shape[0],)
    if isinstance(weights, np.ndarray) and weights.ndim == 4:
        return (weights.shape[1], SIZE, SIZE)
    raise ValueError(t("canvas.error.network", network=type(network).__name__))


def predict(network, drawing: np.ndarray, *, centre: bool = True) -> CanvasResult:
    """The network's softmax probabilities for a drawing, prepared first unless `centre` is False."""
    drawing = check_drawing(drawing)
    image = prepare(drawing) if centre else drawing
    shape = input_shape(network)
    if int(np.prod(shape)) != SIZE * SIZE:
        raise ValueError(t("canvas.error.input", network=type(network).__name__, shape=str(shape)))
    x = image.reshape((1, *shape)).astype(getattr(network, "dtype", np.float32))
    probabilities = softmax(np.asarray(network.predict(x), dtype=np.float64))[0]
    return CanvasResult(probabilities, int(np.argmax(probabilities)), image, not bool((drawing > INK).any()))
