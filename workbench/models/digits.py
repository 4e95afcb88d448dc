"""Numbers written with every digit their dtype holds, and small numbers in a short exponent form.

The numerical-differentiation panes are about the last digits (0.1999999999990898, not 0.2), so
they print a value the way NumPy's repr does: the shortest text that reads back as the same float32
or float64, with a true minus sign.
"""
from __future__ import annotations

import math

import numpy as np

from workbench.i18n.numbers import MINUS


def digits(value) -> str:
    """Every digit of a float32 or float64 (the shortest text that reads back as it): 0.1999999999990898."""
    scalar = value if isinstance(value, np.floating) else np.float64(value)
    if np.isnan(scalar):
        return "nan"
    if np.isinf(scalar):
        return ("−" if scalar < 0 else "") + "∞"
    if scalar == 0:
        return "0.0"
    magnitude = abs(float(scalar))
    if 1e-4 <= magnitude < 1e16:
        text = np.format_float_positional(scalar, unique=True, trim="0")
    else:
        text = np.format_float_scientific(scalar, unique=True, trim="-", exp_digits=1)
    return text.replace("+", "").replace("-", MINUS)


def sci(value: float, places: int = 1) -> str:
    """9.1e−13, 1.0e−6: `places` decimals and an exponent without padding; 0 for zero, nan, ∞."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "∞"
    if value == 0:
        return "0"
    mantissa, _, exponent = f"{value:.{places}e}".partition("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def power_of_ten(value: float) -> str:
    """1e−4 for 0.0001, and 3e−5 for a step that is not a power of ten; 1, 10 … 1000 as they are."""
    if 1 <= value < 1e4:
        return f"{value:g}"
    mantissa, _, exponent = f"{value:.0e}".partition("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)
