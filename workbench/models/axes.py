"""The y axis of an accuracy chart, in percent, from the accuracies it draws: one rule for the console's
charts (`workbench compare`, `workbench search`) and the app's comparison, search and training plots;
and round ticks for any other axis (`scale_ticks`: the console search's log₁₀ lr and log₁₀ λ).

A fixed 0–100 axis squashed curves at 10–25 % (the first epochs of a weight-init or optimizer comparison,
a search's poor trials) into one or two rows; this axis spans the data with a margin, out to round
ticks at both ends, and keeps 0–100 only when the data spans most of it. Pure arithmetic: no plotting
library here.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

FULL = (0.0, 100.0)
FULL_FROM = 90.0
"""A range at least this wide (in points) is drawn as the whole 0–100: the data spans most of it."""
MIN_SPAN = 10.0
"""The narrowest range: one point, or curves a point apart, still sit in a readable band."""
MARGIN = 0.1
"""The margin each side, as a share of the data's spread (at least MIN_MARGIN points)."""
MIN_MARGIN = 2.0
STEPS = (1, 2, 5, 10, 20, 25, 50)
"""Tick steps in points: every tick a whole percentage."""
MOST_TICKS = 6
ROOMY_WIDER = 1.25
"""How much wider a range may get for a free row between tick labels."""


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

    The data's lowest and highest, widened by a margin and to at least MIN_SPAN points, out to the
    nearest multiples of a round step, which are its ticks (`fitting_ticks`): both ends are labelled.
    The whole 0–100 when that is FULL_FROM points or wider, or when there is no data yet."""
    low, high = data_span(values)
    ticks = fitting_ticks(low, high, rows) if high - low < FULL_FROM else None
    if ticks is None or ticks[-1] - ticks[0] >= FULL_FROM:
        ticks = fitting_ticks(*FULL, rows) or list(FULL)
    return PercentAxis(ticks[0], ticks[-1], tuple(ticks))


def fitting_ticks(low: float, high: float, rows: int) -> list[float] | None:
    """Round ticks from at or below `low` to at or above `high` for a plot `rows` rows high, each on a
    row of its own (plotext prints only one of two labels on a row, which one depending on the
    interpreter): of the smallest step that gives three to MOST_TICKS of them with a free row between
    their labels, unless that spans over ROOMY_WIDER times the range they could span on rows side by
    side (0–40 for curves at 10–26 % where 0–30 fits); else two. None if no step fits."""
    roomy, tight = _smallest_step(low, high, rows, 3, 2), _smallest_step(low, high, rows, 3, 1)
    if roomy and (not tight or _span(roomy) <= ROOMY_WIDER * _span(tight)):
        return roomy
    return tight or _smallest_step(low, high, rows, 2, 1)


def _smallest_step(low: float, high: float, rows: int, least: int, gap: int) -> list[float] | None:
    """The ticks of the smallest round step that gives `least` to MOST_TICKS, `gap` rows apart or more."""
    for step in STEPS:
        ticks = round_ticks(low, high, step)
        if least <= len(ticks) <= MOST_TICKS and _rows_apart(ticks, rows, gap):
            return ticks
    return None


def _span(ticks: list[float]) -> float:
    return ticks[-1] - ticks[0]


def data_span(values: Iterable[float]) -> tuple[float, float]:
    """The values' lowest and highest (within 0–100), a margin each side, at least MIN_SPAN points
    apart and inside 0–100; 0–100 without any."""
    finite = [min(max(float(v), 0.0), 100.0) for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return FULL
    lowest, highest = min(finite), max(finite)
    margin = max(MIN_MARGIN, MARGIN * (highest - lowest))
    low, high = lowest - margin, highest + margin
    if high - low < MIN_SPAN:
        middle = (low + high) / 2
        low, high = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    if low < 0:
        low, high = 0.0, high - low
    if high > 100:
        low, high = low - (high - 100), 100.0
    return max(low, 0.0), min(high, 100.0)


def round_ticks(low: float, high: float, step: int) -> list[float]:
    """The multiples of `step` from the one at or below `low` to the one at or above `high` (0–100 are
    multiples of every step)."""
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [float(k * step) for k in range(first, last + 1)]


def _rows_apart(ticks: list[float], rows: int, gap: int) -> bool:
    """Whether `ticks`, the first and last at the plot's edges, fall at least `gap` rows apart in a plot
    `rows` rows high."""
    low, high = ticks[0], ticks[-1]
    places = [round((v - low) / (high - low) * (max(rows, 1) - 1)) for v in ticks]
    return all(b - a >= gap for a, b in zip(places, places[1:]))


SCALE_STEPS = (0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100)
"""Tick steps of `scale_ticks`, in the axis's own units."""


def scale_ticks(low: float, high: float, limits: tuple[float, float], places: int, most: int = 5) -> list[float]:
    """Round ticks from `low` to `high` on an axis drawn over `limits` with `places` distinct places for a
    label (a y axis's rows, or how many labels fit across an x axis): the multiples of the smallest step
    of SCALE_STEPS that gives two to `most` of them, each at a place of its own; `[low, high]` when none
    does (or `[low]` for a range of one value). The console's search scatter read plotext's own −7.88 …
    −4.32 for log₁₀ λ from 1e−8 to 1e−4; these are −8 … −4."""
    if not high > low:
        return [low]
    for step in SCALE_STEPS:
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        ticks = [round(k * step, 10) + 0.0 for k in range(first, last + 1)]
        if 2 <= len(ticks) <= most and _apart(ticks, limits, places):
            return ticks
    return [low, high]


def _apart(ticks: list[float], limits: tuple[float, float], places: int) -> bool:
    """Whether `ticks` fall at places of their own on an axis of `places` places spanning `limits`."""
    low, high = limits
    spots = [round((v - low) / (high - low) * (max(places, 1) - 1)) for v in ticks]
    return len(set(spots)) == len(spots)
