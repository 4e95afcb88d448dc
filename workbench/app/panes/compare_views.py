"""What the comparison and search panes draw as Rich Text from plain numbers: small braille charts
(the batch-norm grid's cells), legends, and tables measured in cells; a legend's entry and a table's
row may name what a click on them picks in their style's meta (GRID_CELL, PICKED_RUN); the runs' colours.
No state, no computing."""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from workbench.app.plotting import nice_ticks, theme_rgb
from workbench.models.axes import percent_axis

COLORS = ("primary", "warning", "success", "error", "accent", "secondary")
"""The theme's colours of a comparison's runs, in the plan's order (a grid's pair: the first two)."""
GRID_CELL = "grid-cell"
"""The meta key of a small cell's chart and scale in the grid: the cell's index (what a click picks)."""
PICKED_RUN = "compare-run"
"""The meta key of a run's row in the runs' table and its name in the legend: its index, what a click picks."""
BRAILLE = 0x2800
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Bit of the braille dot at (row 0–3, column 0–1) of a cell."""


def rgb_style(app, name: str) -> str:
    """The Rich style of the theme's colour `name` in `app` ("rgb(r,g,b)")."""
    return "rgb({},{},{})".format(*theme_rgb(app, name))


def braille_chart(series: Sequence[tuple[Sequence[float], str]], width: int, height: int, x_max: int,
                  y_range: tuple[float, float] = (0.0, 1.0), frame: str = "dim", dotted: bool = False) -> Text:
    """Lines of values (one per epoch, x = 1…x_max) drawn in braille: `width` × `height` cells, each
    2 × 4 dots; each series in its style (the later one wins a shared cell). A dotted baseline. `dotted`
    (without colour, where the styles look alike): every series after the first drawn a dot in three,
    so that the lines of a cell are told apart by their look."""
    width, height = max(width, 2), max(height, 1)
    dots_w, dots_h = 2 * width, 4 * height
    bits = np.zeros((height, width), dtype=np.int32)
    owner = np.full((height, width), -1, dtype=np.int32)
    low, high = y_range
    for k, (values, _) in enumerate(series):
        ys = [v for v in values if v is not None and math.isfinite(v)]
        if not ys:
            continue
        xs = np.linspace(0, dots_w - 1, max(x_max, 2))[:len(values)] if x_max > 1 else np.zeros(len(values))
        points = []
        for x, v in zip(xs, values):
            if v is None or not math.isfinite(v):
                continue
            frac = (min(max(v, low), high) - low) / (high - low)
            points.append((int(round(x)), int(round((1 - frac) * (dots_h - 1)))))
        for (x0, y0), (x1, y1) in zip(points, points[1:] or points):
            steps = max(abs(x1 - x0), abs(y1 - y0), 1)
            for s in range(steps + 1):
                if dotted and k and (x0 + s) % 3:
                    continue
                x = int(round(x0 + (x1 - x0) * s / steps))
                y = int(round(y0 + (y1 - y0) * s / steps))
                row, col = divmod(y, 4)[0], x // 2
                bits[row, col] |= _DOTS[y % 4][x % 2]
                owner[row, col] = k
    text = Text()
    for row in range(height):
        if row:
            text.append("\n")
        for col in range(width):
            if bits[row, col]:
                text.append(chr(BRAILLE + int(bits[row, col])), style=series[owner[row, col]][1])
            elif row == height - 1:
                text.append("⠤" if col % 2 == 0 else "⠀", style=frame)
            else:
                text.append("⠀")
    return text


def legend(entries: Sequence[tuple[str, str]], width: int, marks: Sequence[str] | None = None,
           picked: int | None = None, pick: str | None = None) -> Text:
    """"━━ name  ━━ name …" with each line in its style, wrapped at an entry to `width` cells; `marks`
    (two cells each, `plotting.legend_mark`) in place of the bars: without colour, each curve's marker.
    The `picked` entry's name is drawn reversed (with or without colour); with `pick`, entry k names k
    under that meta key, for a click on it."""
    text, used = Text(), 0
    for k, (name, style) in enumerate(entries):
        size = cell_len(name) + 5
        if used and used + size > width:
            text.append("\n")
            used = 0
        meta = Style(meta={pick: k}) if pick else Style()
        text.append(f"{marks[k] if marks else '━━'} ", style=Style.parse(style) + meta)
        text.append(name, style=Style(bold=True, reverse=True) + meta if k == picked else meta)
        text.append("  ")
        used += size
    text.rstrip()
    return text


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool],
               styles: Sequence[str] | None = None, metas: Sequence[Style | None] | None = None) -> Text:
    """A table as Text: columns as wide as their widest line (in cells), `right` ones right-aligned;
    `styles[i]` colours row i's first cell (its run's colour); `metas[i]` is added to all of row i
    (what a click on it picks). A cell of several lines (a run's name wrapped to its column) makes its
    row as many lines high, the row's other cells on its first."""
    cells = [[str(value).split("\n") for value in row] for row in rows]
    widths = [max(cell_len(line) for row in [[[str(h)] for h in headers], *cells] for line in row[i])
              for i in range(len(headers))]

    def cell(value: str, i: int) -> str:
        pad = " " * (widths[i] - cell_len(value))
        return pad + value if right[i] else value + pad
    text = Text(" ".join(cell(str(h), i) for i, h in enumerate(headers)).rstrip(), style="bold")
    for r, row in enumerate(cells):
        for k in range(max(len(lines) for lines in row)):
            text.append("\n")
            start = len(text)
            for i, lines in enumerate(row):
                if i:
                    text.append(" ")
                text.append(cell(lines[k] if k < len(lines) else "", i),
                            style=(styles[r] if styles and i == 0 else ""))
            if metas and metas[r] is not None:
                text.stylize(metas[r], start, len(text))
    return text


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


PLOT_FRAME = 3
"""Rows of a plot that hold no points: the frame's top and bottom and the x axis's labels."""


def plotted_rows(fig) -> int:
    """The rows a plot draws its points in: its height less its frame (PLOT_FRAME)."""
    return max(1, fig.plot.size.height - PLOT_FRAME)


def percent_axis_of(fig, values: Iterable[float]) -> None:
    """The y axis of an accuracy plot for `values` (in %), as every accuracy chart draws it
    (`percent_axis`): spanning them with a margin, round ticks each on a row of its own; 0–100 only
    when they span most of it (a fixed 0–100 pressed curves at 10–25 % into a row or two)."""
    axis = percent_axis(values, plotted_rows(fig))
    fig.limits(y=(axis.low, axis.high))
    fig.ticks(y=axis.ticks, y_labels=axis.labels)


def epoch_ticks(fig, epochs: int) -> dict:
    """x ticks of a plot over `epochs` for `fig.ticks`: about 4, 3 or 2 round whole epochs, the most whose
    labels keep two cells between them at the plot's width (plotext drops a label that collides: 201 epochs
    in a half beside a lesson's text read "0 50    150")."""
    cells = max(1, fig.plot.size.width - 5)          # less the y labels ("100┤") and the frame
    epochs = max(int(epochs), 1)
    for count in (4, 3, 2):
        ticks = [int(v) for v in nice_ticks(0, epochs, count) if v == int(v)]
        room = cells * (ticks[1] - ticks[0]) / epochs if len(ticks) > 1 else cells
        if room >= len(str(ticks[-1])) + 2:
            break
    return {"x": ticks, "x_labels": [str(v) for v in ticks]}
