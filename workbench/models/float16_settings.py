"""The float16 pane's settings: how many test images the three forms of the network are compared on."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import integer


@dataclass(frozen=True)
class Float16Settings:
    """`images`: the first n images of the network's test part (0: all of them)."""

    images: int = integer(0, min=0, max=10000)
