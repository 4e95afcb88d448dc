"""The receptive-field pane's settings: the view, the stack of 3×3 convolutions, DeepConvNet's layer and cell."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, integer, shape

VIEWS = ("stack", "network")
"""`stack`: n 3×3 convolutions against one large filter (the book's figure); `network`: DeepConvNet's layers."""


@dataclass(frozen=True)
class ReceptiveFieldSettings:
    """How many 3×3 layers are stacked and how many channels they have; the layer stepped to (in the
    stack, or among DeepConvNet's convolutions and poolings) and the cell of its output under the cursor."""

    view: str = choice("stack", VIEWS)
    depth: int = integer(2, min=1, max=4)
    """3×3 convolutions in the stack: 2 cover 5 × 5, as the book's figure."""
    channels: int = integer(16, min=1, max=64)
    """Channels in and out of every convolution of the stack, for the count of all its weights."""
    layer: int = integer(2, min=1, max=9)
    """The layer whose output the field belongs to: in the stack 1 to depth, in DeepConvNet the
    n-th of its convolutions and poolings (Conv1, Conv2, Pool1, …, Pool3)."""
    cell: tuple[int, int] = shape((7, 7), names=("row", "column"), min=0, max=27, position=True)
    """The output cell of DeepConvNet's layer (kept inside its map)."""
    index: int = integer(0, min=0, max=9999)
    """The synthetic digit drawn under the field."""
