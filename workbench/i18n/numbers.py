"""Numbers as the interface shows them: a true minus sign (−, as in the lesson texts), no float noise."""
from __future__ import annotations

import math

MINUS = "\u2212"


def num(value: float, places: int | None = None) -> str:
    """`value` with `places` decimals (or as short as exact, up to 6 significant digits), minus as −.

    num(-0.7) → "−0.7", num(0.3, 2) → "0.30", num(-0.0) → "0", num(1e-7) → "1e−07".
    """
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return ("−" if value < 0 else "") + "∞"
    text = f"{value:.{places}f}" if places is not None else f"{value:.6g}"
    if text.lstrip("-").strip("0.") == "" and "e" not in text:
        text = text.lstrip("-")   # no "−0"
    return text.replace("-", MINUS)


def trimmed(value: float, places: int = 4) -> str:
    """`value` to at most `places` decimals, trailing zeros dropped, minus as −: 0.3, 0.5744, −1, 2.3026."""
    value = float(value)
    if not math.isfinite(value):
        return num(value)
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", MINUS)


def subscript(n: int) -> str:
    """A whole number in subscript digits, as an index is written: 2 → ₂, 10 → ₁₀."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def percent(fraction: float, places: int = 1) -> str:
    """A fraction as a percentage, with a space before the sign as Korean (and SI) writes it:
    percent(0.9912) → "99.1 %", percent(0.5, 0) → "50 %". The app writes every percentage this way."""
    return f"{num(100 * float(fraction), places)} %"
