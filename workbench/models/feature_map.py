"""One filter of a network's first convolution at work on one digit: the filter, its feature map as the
convolution computes it, and that map after the ReLU that follows (the book's §7.6 shows the first
layer's filters turning into edge and blob detectors; CNN Explainer lets its reader pick a filter and
see where it responds). The training pane's filters view draws it beside the filters.

The map is computed with the library's own layers, a book `Convolution` holding the network's first
convolution's weights, bias, stride and padding, then a book `Relu`: the same numbers the network's
(faster) layers give, without running the network's own layers, whose fast convolution rectifies its
output in place as it makes it (the map before the ReLU would be lost) and whose state a forward pass
would change. No Textual here: the pane only draws what `filter_map` returns.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.models.canvas import prepare
from workbench.nn.layers import Convolution, Relu


@dataclass(frozen=True)
class FilterMap:
    """Filter `index` (of `count`) on one image: its weights, the map before and after the ReLU."""

    index: int
    count: int
    weights: np.ndarray
    """(FH, FW): the filter's first input channel (the digits have one)."""
    conv: np.ndarray
    """(OH, OW): the convolution's output for this filter, bias added."""
    relu: np.ndarray | None
    """(OH, OW): `conv` after the ReLU that follows it; None if the network has none there."""
    stride: int
    pad: int

    @property
    def lit(self) -> float:
        """The fraction of the map the ReLU lets through (above 0): where the filter responds."""
        shown = self.relu if self.relu is not None else self.conv
        return float(np.mean(shown > 0)) if shown.size else 0.0


def first_convolution(network) -> tuple[object, object | None] | None:
    """The network's first convolution layer and the Relu right after it (or None), or None when its
    first layer of weights is not a convolution (the fully connected networks)."""
    layers = list(getattr(network, "layers", {}).values())
    for k, layer in enumerate(layers):
        W = getattr(layer, "W", None)
        if W is None:
            continue
        if np.ndim(W) != 4:
            return None
        after = layers[k + 1] if k + 1 < len(layers) else None
        return layer, after if isinstance(after, Relu) else None
    return None


def filter_count(network) -> int:
    """How many filters the network's first convolution has (0: it has none)."""
    found = first_convolution(network)
    return 0 if found is None else int(found[0].W.shape[0])


def digit_image(drawing: np.ndarray) -> np.ndarray:
    """A drawing from the canvas (28, 28) as the network takes it: made into an MNIST digit as the
    draw view's prediction makes it (`canvas.prepare`), shaped (1, 28, 28)."""
    return prepare(drawing)[np.newaxis]


def filter_map(network, image: np.ndarray, index: int) -> FilterMap:
    """Filter `index` (wrapped into range) of `network`'s first convolution on `image` (C, H, W) or
    (H, W). ValueError when the network's first layer of weights is not a convolution."""
    found = first_convolution(network)
    if found is None:
        raise ValueError("the first layer of this network is not a convolution, so it has no feature maps")
    layer, relu = found
    W, b = np.asarray(layer.W), np.asarray(layer.b)
    stride, pad = int(getattr(layer, "stride", 1)), int(getattr(layer, "pad", 0))
    index = int(index) % W.shape[0]
    x = np.asarray(image, dtype=W.dtype).reshape(1, W.shape[1], *np.shape(image)[-2:])
    conv = Convolution(W, b, stride, pad).forward(x)
    after = Relu().forward(conv) if relu is not None else None
    return FilterMap(index, W.shape[0], np.asarray(W[index, 0], dtype=np.float64),
                     np.asarray(conv[0, index], dtype=np.float64),
                     None if after is None else np.asarray(after[0, index], dtype=np.float64), stride, pad)
