"""The one plot helper every pane uses: theme colours, at most 500 points a series, at most 4 redraws a second.

    plot = Plot()                                   # in compose()
    plot.draw(lambda fig: (fig.line(x, y, label="loss", color="primary"), fig.labels("iteration")))

`draw` keeps the drawing function; the figure is rebuilt at most every 0.25 s (a later call within
that time replaces the pending one), and on resize or theme change. Between rebuilds the last
picture is reused, so a busy pane never pays plotext's `build()` more than four times a second.
Colours are theme variable names ("primary", "success", …), so plots follow light and dark themes.
Without colour (NO_COLOR) the curves a legend names (`curve=k`) each take a marker of their own, which
`legend_mark` shows in the legend.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot

from workbench.app import glyphs
from workbench.models.series import MAX_POINTS, bucket_means

MIN_INTERVAL = 0.25

CURVE_MARKERS = ("braille", "•", "+", "x", "○", "■")
"""Each curve's plotext marker in a plot without colour (NO_COLOR), by its place in the plot's legend:
drawn alike in braille, the curves of a plot could not be told apart on a black-and-white projector."""
ASCII_CURVE_MARKERS = ("*", "o", "+", "x", "#", "@")
"""The same in ASCII mode (one marker a cell), as the console's charts mark their lines."""
LEGEND_BAR = "━━"
"""A curve's mark in a legend with colour: a bar in the curve's colour."""
BRAILLE_BAR = "⠒⠒"
"""The mark of a curve drawn in braille, in a legend without colour."""


def colourless(app: App) -> bool:
    """Whether `app` draws without colour (NO_COLOR, which Textual honours by drawing in grey)."""
    return bool(getattr(app, "no_color", False))


def curve_marker(index: int) -> str:
    """The plotext marker of the `index`-th curve of a plot without colour (the glyph mode's)."""
    markers = ASCII_CURVE_MARKERS if glyphs.ascii_mode() else CURVE_MARKERS
    return markers[index % len(markers)]


def legend_mark(app: App, index: int, cells: int = 2) -> str:
    """`cells` cells that stand for the `index`-th curve of a plot in its legend: a bar, drawn in the curve's
    colour by the caller; without colour, the curve's own marker ("⠒⠒", "••", "++", "xx" …; "⠒", "•" in a
    legend of one-cell bars, whose layout stays as it is with colour)."""
    if not colourless(app):
        return LEGEND_BAR[0] * cells
    marker = curve_marker(index)
    return (BRAILLE_BAR[0] if marker == "braille" else marker) * cells


def legend_marks(app: App, count: int) -> list[str] | None:
    """The marks of a legend of `count` curves without colour (`legend_mark`); None with colour (bars)."""
    return [legend_mark(app, k) for k in range(count)] if colourless(app) else None


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


class Figure:
    """What a drawing function may do to a plot: series, points, lines, limits, ticks and labels."""

    def __init__(self, plot: Plot):
        self.plot = plot
        self.plt = plot.plt

    def color(self, name: str, fade: float = 0.0) -> tuple[int, int, int]:
        return theme_rgb(self.plot.app, name, fade)

    def line(self, x: Sequence[float], y: Sequence[float], *, color: str, label: str | None = None,
             fade: float = 0.0, curve: int | None = None, bold: bool = False) -> None:
        """A line through (x, y), reduced to at most 500 points by bucket means. `curve` is its place in
        the legend of a plot whose legend shows `legend_mark`s: without colour, that says its marker.
        `bold`: in quarter blocks, which read thicker than braille (a curve picked among others)."""
        x, y = bucket_means(x, y, MAX_POINTS)
        if len(x):
            if curve is not None and colourless(self.plot.app):
                marker = curve_marker(curve)
            elif glyphs.ascii_mode():
                marker = "*"                                            # ASCII: one marker a cell
            else:
                marker = "hd" if bold else "braille"
            self.plt.plot(x, y, label=label, color=self.color(color, fade), marker=marker)

    def points(self, x: Sequence[float], y: Sequence[float], *, color: str, marker: str = "●",
               fade: float = 0.0, label: str | None = None, curve: int | None = None) -> None:
        """Separate points (the caller keeps them few); those of the legend's `curve`, without colour,
        take that curve's marker (one drawn in braille keeps `marker`)."""
        if curve is not None and colourless(self.plot.app) and curve_marker(curve) != "braille":
            marker = curve_marker(curve)
        if len(x):
            self.plt.scatter(list(x), list(y), marker=marker, color=self.color(color, fade), label=label)

    def vline(self, x: float, *, color: str) -> None:
        self.plt.vline(x, self.color(color))

    def limits(self, x: tuple[float, float] | None = None, y: tuple[float, float] | None = None) -> None:
        if x is not None:
            self.plt.xlim(*x)
            self.plot.x_range = (float(x[0]), float(x[1]))
        if y is not None:
            self.plt.ylim(*y)

    def ticks(self, x: Sequence[float] | None = None, y: Sequence[float] | None = None,
              x_labels: Sequence[str] | None = None, y_labels: Sequence[str] | None = None) -> None:
        if x is not None:
            self.plt.xticks(list(x), list(x_labels) if x_labels is not None else None)
        if y is not None:
            self.plt.yticks(list(y), list(y_labels) if y_labels is not None else None)

    def labels(self, x: str = "", y: str = "") -> None:
        if x:
            self.plt.xlabel(x)
        if y:
            self.plt.ylabel(y)


class Plot(PlotextPlot):
    """A plotext plot drawn by a function of a `Figure`, rebuilt at most every MIN_INTERVAL seconds."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._draw_fn: Callable[[Figure], None] | None = None
        self._version = 0
        self._built: tuple[tuple, Text] | None = None
        self._last_build = 0.0
        self._pending = None
        self.builds = 0
        """How many times the figure was built (for tests and benchmarks)."""
        self.x_range: tuple[float, float] | None = None
        """The x limits the figure last set (None: plotext chose them)."""

    def draw(self, fn: Callable[[Figure], None]) -> None:
        """Draw the plot with `fn` from now on; the screen updates within MIN_INTERVAL seconds."""
        first = self._draw_fn is None
        self._draw_fn = fn
        self._version += 1
        wait = MIN_INTERVAL - (time.monotonic() - self._last_build)
        if first or wait <= 0:
            self.refresh()
        elif self._pending is None:
            self._pending = self.set_timer(wait, self._flush)

    def _flush(self) -> None:
        self._pending = None
        self.refresh()

    def render(self) -> RenderResult:
        key = (self._version, self.size.width, self.size.height, self.app.theme, glyphs.mode())
        if self._built is not None and self._built[0] == key:
            return self._built[1]
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        self.x_range = None
        if self._draw_fn is not None and self.size.width > 4 and self.size.height > 2:
            self._draw_fn(Figure(self))
        picture = super().render()
        self._built = (key, picture)
        if self._draw_fn is not None:
            self._last_build = time.monotonic()
            self.builds += 1
        return picture

    def x_at(self, column: int) -> float | None:
        """The x on the plot's axis under `column` of the widget, from the x limits the figure set and the
        frame as drawn (its first column inside is the lower limit, its last the upper); None outside the
        frame or without limits: where a click on the plot points."""
        if self._built is None or self.x_range is None:
            return None
        lines = self._built[1].plain.split("\n")
        frame = next((line for line in reversed(lines) if "└" in line and "┘" in line), None)
        if frame is None:
            return None
        first, last = cell_len(frame[:frame.index("└")]) + 1, cell_len(frame[:frame.rindex("┘")]) - 1
        if last <= first or not first <= column <= last:
            return None
        low, high = self.x_range
        return low + (column - first) / (last - first) * (high - low)
