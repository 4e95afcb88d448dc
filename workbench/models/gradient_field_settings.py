"""The gradient pane's settings: the function and probe, h, the view, the arrows, and simpleNet's."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, integer, number, seed

FUNCTION_NAMES = ("function_2", "elongated", "saddle")
"""The functions of (x₀, x₁) the field shows (`gradient_field.FUNCTIONS`)."""
LIMIT = 10.0
VIEWS = ("field", "simplenet")
GLYPHS = ("arrows", "ascii")
WEIGHTS = ("book", "random")


@dataclass(frozen=True)
class GradientSettings:
    """The function and the probe, h, the view, how arrows are drawn, and simpleNet's label and weights."""

    function: str = choice("function_2", FUNCTION_NAMES)
    x0: float = number(3.0, min=-LIMIT, max=LIMIT)
    x1: float = number(4.0, min=-LIMIT, max=LIMIT)
    h: float = number(1e-4, min=1e-12, max=1.0, log=True)
    view: str = choice("field", VIEWS)
    glyphs: str = choice("arrows", GLYPHS)
    label: int = integer(2, min=0, max=2)
    weights: str = choice("book", WEIGHTS)
    seed: int = seed(0)
