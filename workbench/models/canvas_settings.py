"""The canvas pane's settings: the brush, and whether a drawing is prepared as MNIST digits were."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import flag, number


@dataclass(frozen=True)
class CanvasSettings:
    """How the canvas draws, and whether the drawing is prepared as MNIST digits were."""

    brush: float = number(1.4, min=0.5, max=3.0)
    centre: bool = flag(True)
