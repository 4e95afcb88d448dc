"""The convolution pane's settings: the image, the filter, stride and pad, the bias, the cell, the direction."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, integer, number, shape

DATASETS = ("synthetic-digits", "mnist", "fashion-mnist")
FILTER_NAMES = ("vertical-edge", "horizontal-edge", "diagonal-edge", "outline", "sharpen", "blur")
"""The classic 3×3 filters the pane offers (`conv.FILTERS`)."""


@dataclass(frozen=True)
class ConvSettings:
    """Which image, which filter, the stride and pad, the bias, and the output cell under the cursor."""

    dataset: str = choice("synthetic-digits", DATASETS)
    index: int = integer(0, min=0, max=9999)
    filter: str = choice("vertical-edge", FILTER_NAMES)
    bias: float = number(0.0, min=-10, max=10)
    stride: int = integer(1, min=1, max=4)
    pad: int = integer(0, min=0, max=3)
    cell: tuple[int, int] = shape((12, 12), names=("row", "column"), min=0, max=99, position=True)
    direction: str = choice("forward", ("forward", "backward"))
    dout: float = number(1.0, min=-10, max=10)
    picture: str = choice("map", ("map", "input"))
    """The picture a narrow pane shows (a wide one shows both): the feature map or the input."""

    def __post_init__(self):
        from workbench.models.conv import FILTERS          # the model, and NumPy, load on first use
        from workbench.models.im2col import output_size

        filter_size = len(FILTERS[self.filter])
        for axis in ("height", "width"):
            output_size(28, filter_size, self.stride, self.pad, axis=axis)
