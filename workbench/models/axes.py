"""The y axis of an accuracy chart, in percent, from the accuracies it draws: one rule for the console's
charts (`workbench compare`, `workbench search`) and the app's comparison, search and training plots.

A fixed 0–100 axis squashed curves at 10–25 % (the first epochs of a weight-init or optimizer comparison,
a search's poor trials) into one or two rows; this axis spans the data with a margin, out to round
values, and keeps 0–100 only when the data spans most of it. Pure arithmetic: no plotting library here.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

FULL = (0.0, 100.0)
FULL_FROM = 80.0
"""A range at least this wide (in points) is drawn as the whole 0–100: the data spans most of it."""
MIN_SPAN = 10.0
"""The narrowest range: one point, or curves a point apart, still sit in a readable band."""
MARGIN = 0.1
"""The margin each side, as a share of the data's spread (at least MIN_MARGIN points)."""
MIN_MARGIN = 2.0
STEPS = (1, 2, 5, 10, 20, 25, 50)
"""Tick steps in points: every tick a whole percentage."""
MOST_TICKS = 6


@dataclass(frozen=True)
class PercentAxis:
    """A y axis in percent: its limits and round ticks between them (labels as the axis writes them)."""
    low: float
    high: float
    ticks: tuple[float, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f"{v:g}" for v in self.ticks)

    @property
    def full(self) -> bool:
        """Whether the axis is the whole 0–100."""
        return (self.low, self.high) == FULL


def percent_axis(values: Iterable[float], rows: int) -> PercentAxis:
    """The axis for accuracies `values` (in %; NaN and None left out) drawn in a plot `rows` rows high.

    The data's lowest and highest, widened by a margin, to at least MIN_SPAN points, out to multiples of
    5 (of 10 past 40 points wide), within 0–100; 0–100 when that is FULL_FROM points or wider, or when
    there is no data yet."""
    low, high = percent_range(values)
    return PercentAxis(low, high, tuple(percent_ticks(low, high, rows)))


def percent_range(values: Iterable[float]) -> tuple[float, float]:
    """The limits `percent_axis` draws `values` between (see there)."""
    finite = [min(max(float(v), 0.0), 100.0) for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return FULL
    lowest, highest = min(finite), max(finite)
    margin = max(MIN_MARGIN, MARGIN * (highest - lowest))
    low, high = _at_least(lowest - margin, highest + margin, MIN_SPAN)
    step = 5.0 if high - low <= 40 else 10.0
    low, high = step * math.floor(low / step), step * math.ceil(high / step)    # 0 and 100 are multiples
    return FULL if high - low >= FULL_FROM else (low + 0.0, high + 0.0)


def _at_least(low: float, high: float, span: float) -> tuple[float, float]:
    """(low, high) widened about its middle to `span` points, then moved inside 0–100 if it sticks out."""
    if high - low < span:
        middle = (low + high) / 2
        low, high = middle - span / 2, middle + span / 2
    if low < 0:
        low, high = 0.0, max(high - low, span)
    if high > 100:
        low, high = min(low - (high - 100), 100 - span), 100.0
    return max(low, 0.0), min(high, 100.0)


def percent_ticks(low: float, high: float, rows: int) -> list[float]:
    """Whole-percent ticks from low to high for a plot `rows` rows high: the most (up to MOST_TICKS) of
    one round step, three or more where they fit; with a free row between their labels, else a row each
    (plotext prints only one of two labels on a row, which one depending on the interpreter); on both
    ends first, so the axis says where it starts and stops. Else the two ends alone."""
    for least in (3, 2):
        for gap in (2, 1):
            for ends in (True, False):
                for step in STEPS:
                    ticks = [float(v) for v in range(math.ceil(low / step) * step, math.floor(high) + 1, step)]
                    if (least <= len(ticks) <= MOST_TICKS and _rows_apart(ticks, low, high, rows, gap)
                            and (not ends or (ticks[0] == low and ticks[-1] == high))):
                        return ticks
    return [float(low), float(high)]


def _rows_apart(ticks: list[float], low: float, high: float, rows: int, gap: int) -> bool:
    """Whether `ticks` fall at least `gap` rows apart in a plot `rows` rows high spanning low–high."""
    places = [round((v - low) / (high - low) * (max(rows, 1) - 1)) for v in ticks]
    return all(b - a >= gap for a, b in zip(places, places[1:]))
