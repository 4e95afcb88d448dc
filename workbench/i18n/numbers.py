"""Numbers as the interface shows them: a true minus sign (−, as in the lesson texts), no float noise."""
from __future__ import annotations

import math

MINUS = "\u2212"


def num(value: float, places: int | None = None) -> str:
    """`value` with `places` decimals (or as short as exact, up to 6 significant digits), minus as −.

    num(-0.7) → "−0.7", num(0.3, 2) → "0.30", num(-0.0) → "0", num(1e-7) → "1e−7" (an exponent
    unpadded, as `sci` writes it).
    """
    value = float(value)
    if not math.isfinite(value):
        return _not_finite(value)
    text = f"{value:.{places}f}" if places is not None else f"{value:.6g}"
    if text.lstrip("-").strip("0.") == "" and "e" not in text:
        text = text.lstrip("-")   # no "−0"
    return exponent_form(text)


def _not_finite(value: float) -> str:
    """nan, ∞ or −∞: how every function here writes a value that is not a finite number."""
    return "nan" if math.isnan(value) else (MINUS if value < 0 else "") + "∞"


def exponent_form(text: str) -> str:
    """A number Python formatted ("4.54e-05", "1e+300", "-3.5") as the interface writes it: a true
    minus and an exponent without padding or plus sign ("4.54e−5", "1e300", "−3.5")."""
    mantissa, e, exponent = text.partition("e")
    if e:
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def sci(value: float, places: int = 1) -> str:
    """`value` in scientific notation with `places` decimals, the exponent unpadded with a true minus:
    9.1e−13, 1.0e−5, −2.5e3; 0 for zero, nan, ∞ and −∞; between 1 and 10 without an exponent (1.0, 1.6:
    "1.0e0" read as a typo of 1.0). Every pane, table and console line writes a tolerance or an error this way."""
    value = float(value)
    if not math.isfinite(value):
        return _not_finite(value)
    if value == 0:
        return "0"
    text = exponent_form(f"{value:.{places}e}")
    return text.removesuffix("e0")


def power_of_ten(value: float) -> str:
    """A step or a rate read in powers of ten: 1e−4 for 0.0001, 3e−5 for a step that is not a power of
    ten; 1, 10 … 1000 as they are."""
    value = float(value)
    if not math.isfinite(value):
        return _not_finite(value)
    if 1 <= value < 1e4:
        return f"{value:g}"
    return exponent_form(f"{value:.0e}")


def trimmed(value: float, places: int = 4) -> str:
    """`value` to at most `places` decimals, trailing zeros dropped, minus as −: 0.3, 0.5744, −1, 2.3026."""
    value = float(value)
    if not math.isfinite(value):
        return num(value)
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", MINUS)


def significant(value: float, digits: int = 3) -> str:
    """`value` to `digits` significant figures, written out, trailing zeros kept, minus as −: 0.024249 →
    "0.0242", 0.2131 → "0.213", 2.302 → "2.30", 0 → "0". Halves round up, on the exact value. A training
    loss as the training and playground panes and the classroom line all write it: a follower's line
    said "loss 0.024" under its playground's "0.0242", one in 3 decimals, the other in 4."""
    from decimal import ROUND_HALF_UP, Context, Decimal

    value = float(value)
    if not math.isfinite(value):
        return num(value)
    rounded = Context(prec=digits, rounding=ROUND_HALF_UP).plus(Decimal(value))
    if rounded.is_zero():
        return "0"
    rounded = rounded.quantize(Decimal(1).scaleb(rounded.adjusted() - digits + 1))   # 1 → 1.00
    return format(rounded, "f").replace("-", MINUS)


def subscript(n: int) -> str:
    """A whole number in subscript digits, as an index is written: 2 → ₂, 10 → ₁₀."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def percent(fraction: float, places: int = 1) -> str:
    """A fraction as a percentage, with a space before the sign as Korean (and SI) writes it:
    percent(0.9912) → "99.1 %", percent(0.5, 0) → "50 %". The app writes every percentage this way."""
    return f"{num(100 * float(fraction), places)} %"


UNITS = ("", "k", "M", "G", "T", "P", "E")
"""The units of a large count, each a thousand times the one before (SI's prefixes)."""


def unit_count(value: float) -> str:
    """A count to three significant figures with a unit: 12 345 → "12.3k", 999 500 → "1.00M",
    2 480 040 000 100 000 → "2.48P"; past E in scientific notation, 10²¹ → "1.00e21". Below 1000 it
    stays as it is (999 → "999"; a fraction to three figures). Halves round up, on the exact value,
    and a count that rounds to a thousand of a unit takes the next one: never "1000k".

    Trailing zeros stay (1.00M, 10.0G, 100k): three figures always, so a column of them lines up.
    """
    from decimal import ROUND_HALF_UP, Context, Decimal

    if isinstance(value, float) and not math.isfinite(value):
        return num(value)
    rounded = Context(prec=3, rounding=ROUND_HALF_UP).plus(Decimal(value))
    sign = MINUS if rounded < 0 else ""
    power = rounded.adjusted()                 # 10**power is the leading figure's place
    if power < 3:
        if rounded == rounded.to_integral_value() and value == int(value):
            return sign + str(abs(int(value)))
        return sign + format(abs(rounded), "f")
    figures = "".join(map(str, rounded.as_tuple().digits)).ljust(3, "0")
    group = power // 3
    if group >= len(UNITS):
        return f"{sign}{figures[0]}.{figures[1:]}e{power}"
    lead = power % 3 + 1
    return sign + figures[:lead] + ("." + figures[lead:] if lead < 3 else "") + UNITS[group]


def grouped(count: int) -> str:
    """A whole count with its thousands grouped by commas, as the lesson texts write it in English and
    Korean alike: 2,500, 18,432, −1,000; 999 as it is."""
    return f"{int(count):,}".replace("-", MINUS)


BYTE_UNITS = (("EB", 6), ("PB", 5), ("TB", 4), ("GB", 3), ("MB", 2), ("KB", 1))
"""The units of a byte count, each 1,024 times the one before, as the book's and NumPy's sizes are counted."""


def human_bytes(count: int, places: int = 1) -> str:
    """A count of bytes in units of 1,024, as every pane and console line writes one: 1023 → "1023 B",
    2048 → "2.0 KB", 3·2²⁰ → "3.0 MB", on up to EB (a deep network's col for a large batch is easily
    terabytes: "5.6 TB", not "5734.4 GB"). `places` decimals: the float16 pane's weights in whole KB."""
    larger = None
    for unit, power in BYTE_UNITS:
        if count >= 1024 ** power:
            value = count / 1024 ** power
            if larger is not None and round(value, places) >= 1024:   # 1,048,000 is "1.0 MB", not "1024.0 KB"
                unit, value = larger, value / 1024
            return f"{num(value, places)} {unit}"
        larger = unit
    return f"{count} B"


def short_count(count: int) -> str:
    """A count for a narrow column: whole and grouped up to 9,999, then `unit_count` ("12.3k"), so it
    takes at most five cells until a thousand E. The im2col inspector's and the shape tracer's tables."""
    return grouped(count) if abs(count) < 10_000 else unit_count(count)
