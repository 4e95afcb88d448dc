"""Numbers written with every digit their dtype holds; `sci` and `power_of_ten` (the short exponent
forms) are workbench.i18n.numbers', shared with the console.

The numerical-differentiation panes are about the last digits (0.1999999999990898, not 0.2), so
they print a value the way NumPy's repr does: the shortest text that reads back as the same float32
or float64, with a true minus sign.
"""
from __future__ import annotations

import numpy as np

from workbench.i18n.numbers import MINUS, power_of_ten, sci  # noqa: F401 - the panes' names for them


def digits(value) -> str:
    """Every digit of a float32 or float64 (the shortest text that reads back as it): 0.1999999999990898."""
    scalar = value if isinstance(value, np.floating) else np.float64(value)
    if np.isnan(scalar):
        return "nan"
    if np.isinf(scalar):
        return (MINUS if scalar < 0 else "") + "∞"
    if scalar == 0:
        return "0.0"
    magnitude = abs(float(scalar))
    if 1e-4 <= magnitude < 1e16:
        text = np.format_float_positional(scalar, unique=True, trim="0")
    else:
        text = np.format_float_scientific(scalar, unique=True, trim="-", exp_digits=1)
    return text.replace("+", "").replace("-", MINUS)
