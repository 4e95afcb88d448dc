"""The derivative pane's settings: the function, the probe x, the step h, the difference, dtype and view."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import choice, number

FUNCTION_NAMES = ("function_1", "square", "cube", "sine", "exp")
"""The functions of x the pane differentiates (`derivative.FUNCTIONS`)."""
DIFFERENCE_NAMES = ("central", "forward")
DTYPE_NAMES = ("float64", "float32")
VIEWS = ("tangent", "error")
X_LIMIT = 50.0


@dataclass(frozen=True)
class DerivativeSettings:
    """The function, the probe x, the step h, which difference and dtype the readout uses, and the view."""

    function: str = choice("function_1", FUNCTION_NAMES)
    x: float = number(5.0, min=-X_LIMIT, max=X_LIMIT)
    h: float = number(1e-4, min=1e-100, max=10.0, log=True)
    difference: str = choice("central", DIFFERENCE_NAMES)
    dtype: str = choice("float64", DTYPE_NAMES)
    view: str = choice("tangent", VIEWS)
