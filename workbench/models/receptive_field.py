"""Section 8.1, why deeper: what stacking small filters buys, from the layers the library builds.

Two views. **stack**: n 3×3 convolutions in a row against one convolution whose filter covers the
same (2n + 1) × (2n + 1) patch (the book's figure: two 3×3 against one 5×5, 18 weights against 25
per pair of channels). **network**: the book's `DeepConvNet` as `workbench.nn.networks` builds it:
each convolution's and pooling's window, output, parameters and receptive field, and, for one cell
of a layer's output, the input pixels it depends on.

Which pixels a cell depends on is found the way the backward pass finds where a gradient goes:
a 1 at the cell, copied to every entry of its window and added back onto the layer's input by the
library's `col2im`, layer by layer down to the image (a ReLU or dropout works pixel by pixel and
changes nothing). The receptive field's side is also worked out in closed form, r ← r + (k − 1)·j
and j ← j·s for a window k with stride s (j: input pixels between neighbouring cells); a test checks
that the two agree wherever the field lies inside the image. Near the border the field is cut off
by the padding: the pixels counted are the image's.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench.models.conv import digit
from workbench.models.receptive_field_settings import VIEWS, ReceptiveFieldSettings  # noqa: F401 - VIEWS for the pane
from workbench.nn.fast_conv import BlockedConvolution, FastPooling
from workbench.nn.im2col import col2im
from workbench.nn.layers import Convolution, Pooling
from workbench.nn.networks import DeepConvNet

STACKED = 3
"""The small filter the stack is made of: 3 × 3, as VGG and DeepConvNet use."""


# -- windows and their geometry -----------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """A layer that reads a window of its input: a convolution or a pooling, as the library built it."""

    name: str
    kind: str
    """The layer's class: Convolution or Pooling."""
    size: int
    stride: int
    pad: int
    in_shape: tuple[int, int, int]
    out_shape: tuple[int, int, int]
    """(C, H, W) of one sample, from the network's summary."""
    params: int
    """Weights and biases of the layer (W.size + b.size; 0 for a pooling)."""
    weights: int
    """Weights of the layer (W.size; 0 for a pooling)."""
    pair_weights: int
    """Weights of one filter for one input channel (FH·FW; 0 for a pooling)."""


@dataclass(frozen=True)
class Geometry:
    """Where a layer's output cells look on the input image, in closed form."""

    field: int
    """Side of one cell's receptive field, before the border cuts it."""
    jump: int
    """Input pixels between the fields of neighbouring cells."""
    first: float
    """Input row (or column) of the centre of cell 0's field; may lie in the padding."""

    def centre(self, i: int) -> float:
        return self.first + i * self.jump


def window_of(name: str, layer, in_shape, out_shape) -> Window | None:
    """The window `layer` reads, or None for a layer that works pixel by pixel (or on everything)."""
    if isinstance(layer, (Convolution, BlockedConvolution)):
        FN, C, FH, FW = layer.W.shape
        return Window(name, "Convolution", FH, layer.stride, layer.pad, tuple(in_shape), tuple(out_shape),
                      int(layer.W.size + np.size(layer.b)), int(layer.W.size), int(FH * FW))
    if isinstance(layer, (Pooling, FastPooling)):
        return Window(name, "Pooling", layer.pool_h, layer.stride, layer.pad, tuple(in_shape), tuple(out_shape), 0, 0, 0)
    return None


def windows_of(network) -> tuple[Window, ...]:
    """The network's convolutions and poolings in order, with the shapes its summary works out."""
    found = []
    for row in network.summary():
        layer = network.layers.get(row.name)
        window = window_of(row.name, layer, row.input_shape, row.output_shape) if layer is not None else None
        if window is not None:
            found.append(window)
    return tuple(found)


def geometry(windows: tuple[Window, ...]) -> tuple[Geometry, ...]:
    """Each window's receptive field, jump and first centre: r ← r + (k − 1)·j, j ← j·s."""
    field, jump, first = 1, 1, 0.0
    out = []
    for w in windows:
        field, first = field + (w.size - 1) * jump, first + ((w.size - 1) / 2 - w.pad) * jump
        jump *= w.stride
        out.append(Geometry(field, jump, first))
    return tuple(out)


def field_mask(windows: tuple[Window, ...], cell: tuple[int, int]) -> np.ndarray:
    """The pixels of the first window's input that `cell` of the last window's output depends on.

    A 1 at the cell is copied to every entry of the window that made it (a row of col) and added
    back onto the input by `col2im`, as backward sends a gradient; what is not zero is the field.
    """
    _, oh, ow = windows[-1].out_shape
    mask = np.zeros((1, 1, oh, ow))
    mask[0, 0, cell[0], cell[1]] = 1.0
    for w in reversed(windows):
        _, h, wd = w.in_shape
        col = np.repeat(mask.reshape(-1, 1), w.size * w.size, axis=1)
        mask = (col2im(col, (1, 1, h, wd), w.size, w.size, w.stride, w.pad) > 0).astype(np.float64)
    return mask[0, 0] > 0


def bounds(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the mask's pixels, half-open as a slice: x[top:bottom, left:right]."""
    rows, columns = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    return int(rows[0]), int(rows[-1]) + 1, int(columns[0]), int(columns[-1]) + 1


def cell_at(g: Geometry, side: tuple[int, int], y: float, x: float) -> tuple[int, int]:
    """The output cell whose field is centred nearest input pixel (y, x) (kept inside the map)."""
    return tuple(min(max(math.floor((p - g.first) / g.jump + 0.5), 0), n - 1) for p, n in zip((y, x), side))


def carry(cell: tuple[int, int], source: Geometry, target: Geometry, side: tuple[int, int]) -> tuple[int, int]:
    """The cell of another layer whose field is centred where `cell`'s is (stepping keeps the field in place)."""
    return cell_at(target, side, source.centre(cell[0]), source.centre(cell[1]))


# -- the stack ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StackRow:
    """k stacked 3×3 convolutions against one filter of the same field: their weights per pair of
    channels (one input channel, one output channel) and in all, for C channels in and out."""

    layers: int
    field: int
    terms: tuple[int, ...]
    """Each stacked layer's weights per pair of channels (their sum is `stacked_pair`)."""
    stacked_pair: int
    single_pair: int
    stacked_all: int
    single_all: int


@dataclass(frozen=True)
class StackResult:
    depth: int
    channels: int
    layer: int
    """The layer stepped to (1 … depth): its centre cell's field is the one marked."""
    rows: tuple[StackRow, ...]
    sides: tuple[int, ...]
    """Side of the input and of each layer's output: 2n + 1, 2n − 1, …, 1."""
    cone: tuple[np.ndarray, ...]
    """For the input and each output, the cells the marked cell depends on (itself in its own layer)."""


def convolution(channels: int, size: int) -> Convolution:
    """The library's Convolution with C filters of C × size × size (zeros: only the shapes count here)."""
    return Convolution(np.zeros((channels, channels, size, size), np.float32), np.zeros(channels, np.float32))


def stack_windows(depth: int, channels: int) -> tuple[Window, ...]:
    """`depth` 3×3 convolutions without padding on an input just large enough for one output cell."""
    side = depth * (STACKED - 1) + 1
    windows = []
    for i in range(1, depth + 1):
        layer = convolution(channels, STACKED)
        out = side - (STACKED - 1)
        windows.append(window_of(f"Conv{i}", layer, (channels, side, side), (channels, out, out)))
        side = out
    return tuple(windows)


def compute_stack(depth: int, channels: int, layer: int) -> StackResult:
    windows = stack_windows(depth, channels)
    shapes = geometry(windows)
    rows = []
    for k in range(1, depth + 1):
        single = convolution(channels, shapes[k - 1].field)
        terms = tuple(w.pair_weights for w in windows[:k])
        rows.append(StackRow(k, shapes[k - 1].field, terms, sum(terms),
                             int(single.W[0, 0].size), sum(w.weights for w in windows[:k]),
                             int(single.W.size)))
    layer = min(layer, depth)
    sides = (windows[0].in_shape[1], *(w.out_shape[1] for w in windows))
    centre = sides[layer] // 2
    cone = []
    for i, side in enumerate(sides):
        if i < layer:
            cone.append(field_mask(windows[i:layer], (centre, centre)))
        else:
            own = np.zeros((side, side), bool)
            if i == layer:
                own[centre, centre] = True
            cone.append(own)
    return StackResult(depth, channels, layer, tuple(rows), sides, tuple(cone))


# -- DeepConvNet ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkResult:
    """DeepConvNet's windows with their geometry, and the field of one cell of one of them."""

    windows: tuple[Window, ...]
    shapes: tuple[Geometry, ...]
    input_shape: tuple[int, int, int]
    params: int
    """Parameters of the whole network."""
    layer: int
    """1 … len(windows): the window stepped to."""
    cell: tuple[int, int]
    mask: np.ndarray
    """(H, W) bool: the input pixels the cell depends on."""
    image: np.ndarray
    label: int

    @property
    def window(self) -> Window:
        return self.windows[self.layer - 1]

    @property
    def shape(self) -> Geometry:
        return self.shapes[self.layer - 1]

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        return bounds(self.mask)

    @property
    def side(self) -> tuple[int, int]:
        return self.window.out_shape[1:]

    @property
    def cut(self) -> bool:
        """Whether the border cuts the field (its pixels on the image are fewer than field²)."""
        return int(self.mask.sum()) < self.shape.field ** 2


@lru_cache(maxsize=1)
def deep_convnet() -> tuple[tuple[Window, ...], tuple[int, int, int], int]:
    """The book's DeepConvNet, built by the library with its defaults (the book's layers): its windows,
    input shape and parameter count."""
    network = DeepConvNet(conv="book", rng=0)
    return windows_of(network), network.input_shape, sum(int(p.size) for p in network.params.values())


def compute_network(layer: int, cell: tuple[int, int], index: int) -> NetworkResult:
    windows, input_shape, params = deep_convnet()
    layer = min(max(layer, 1), len(windows))
    _, oh, ow = windows[layer - 1].out_shape
    cell = (min(cell[0], oh - 1), min(cell[1], ow - 1))
    d = digit("synthetic-digits", index)
    return NetworkResult(windows, geometry(windows), input_shape, params, layer, cell,
                         field_mask(windows[:layer], cell), d.image, d.label)


@dataclass(frozen=True)
class ReceptiveFieldResult:
    settings: ReceptiveFieldSettings
    stack: StackResult
    network: NetworkResult


def compute(s: ReceptiveFieldSettings) -> ReceptiveFieldResult:
    return ReceptiveFieldResult(s, compute_stack(s.depth, s.channels, s.layer),
                                compute_network(s.layer, s.cell, s.index))
