"""Small helpers shared by the plot panes: round ticks, and theme colours in the form plotext takes."""
from __future__ import annotations

import math

import numpy as np
from textual.app import App
from textual.color import Color


def theme_rgb(app: App, name: str, fade: float = 0.0) -> tuple[int, int, int]:
    """The theme variable `name` ("primary", "success", …) as an RGB tuple, blended `fade` of the
    way toward the background, so plots follow the light and dark themes."""
    variables = app.theme_variables
    color = Color.parse(variables[name])
    if fade:
        color = color.blend(Color.parse(variables["background"]), fade)
    return color.rgb


def nice_ticks(low: float, high: float, count: int = 5) -> np.ndarray:
    """About `count` round tick values (steps of 1, 2, 2.5 or 5 × 10ⁿ) between low and high."""
    if not high > low:
        raise ValueError(f"high ({high}) must be greater than low ({low})")
    raw = (high - low) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10)), key=lambda candidate: abs(math.log(candidate / raw)))
    first = math.ceil(low / step - 1e-9) * step
    ticks = np.arange(first, high + step * 1e-9, step)
    return np.round(ticks, 10) + 0.0
