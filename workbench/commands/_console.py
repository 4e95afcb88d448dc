"""What `workbench compare` and `workbench search` share: a job run from the main thread with Ctrl+C
stopping it cleanly, a progress line (redrawn on a terminal, a plain line every tenth otherwise),
tables measured in cells (Hangul takes two) and plotext line charts sized to the terminal.
"""
from __future__ import annotations

import math
import queue
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from workbench.commands._stopping import SaysStillStopping
from workbench.textout import dumb_terminal, no_color
from workbench.textout import is_terminal as _isatty      # this module's name, which tests replace to fake a terminal
from workbench.i18n.cells import FILLER, cell_len, for_plotext
from workbench.i18n.numbers import num
from workbench.models.axes import percent_axis, scale_ticks
from workbench.models.scatter import BOTH
from workbench.textout import bar, bar_percent, fit_progress, page_columns, progress_width, wrapped

BAR_WIDTHS = (20, 16, 12, 8)
PLOT_HEIGHT = 12
FRAME_ROWS = 5
"""A chart's rows that are not its plot's: title, frame top and bottom, x ticks, x label."""
MARKERS = ("*", "o", "+", "x", "#", "@")
LINE_COLORS = ("blue+", "green+", "red+", "cyan+", "magenta+", "yellow")
"""plotext's own first colours, named so that the legend under a chart is drawn in them too."""
LEGEND_INDENT = "    "


class JobConsole(SaysStillStopping):
    """Runs one job, hands its items to `take` in the main thread and shows its progress."""

    def __init__(self, out=None):
        from workbench.cli import safe_line

        self.out = out or sys.stdout
        self.safe = lambda text: safe_line(text, self.out)
        self.tty = _isatty(self.out)            # the lines broken to its width
        self.live = self.tty and not dumb_terminal()     # and the bar redrawn in place, the charts in colour
        self.color = self.live and not no_color()
        self.bar_shown = False
        self.last_bar = 0.0
        self.last_tenth = 0
        self.stopping = False
        """Ctrl+C came: the job ends after its current step, and the progress is no longer drawn."""

    def write(self, text: str) -> None:
        self.out.write(self.safe(text))
        self.out.flush()

    def line(self, text: str = "") -> None:
        self.clear_bar()
        self.write(text + "\n")

    def say(self, text: str = "") -> None:
        """A line of prose broken at words to fit the page (`columns`): a terminal's, or 80 cells into a
        file or a pipe, where a trial's line ran to 97 cells and `less` cut it anywhere (console52). A
        chart, a table or JSON goes to `line`."""
        self.line(wrapped(text, self.columns() - 1))

    def table_width(self) -> int:
        """The cells a table may take: the page's (`page_columns`), one left free."""
        return table_width(self.out)

    def columns(self) -> int:
        """The page's width: the terminal's, or in a file or a pipe $COLUMNS, else 80 (`page_columns`)."""
        return page_columns(self.out, self.tty)

    def run_job(self, name: str, work: Callable, take: Callable[[Sequence[Any], Any], None],
                stopping: str) -> tuple[Any, bool]:
        """Run `work` as a job; every event's items go to `take(items, event)`. Ctrl+C cancels the job
        (which ends after its current step) and prints `stopping`; a second one is said to be heard
        ("still stopping"), as train's is, and the job still ends after its step, so nothing done is
        lost. Returns (JobDone, interrupted)."""
        from workbench.jobs import JobDone, JobRunner

        events: queue.Queue = queue.Queue()
        job = JobRunner(deliver=events.put).start(name, work)
        interrupted, done = False, None
        while done is None:
            try:
                try:
                    event = events.get(timeout=0.2)
                except queue.Empty:
                    continue
                if isinstance(event, JobDone):
                    done = event        # first: a Ctrl+C while its items are printed cannot lose it
                take(event.items, event)
            except KeyboardInterrupt:
                if not interrupted:
                    interrupted = self.stopping = True
                    job.cancel()
                    self.say(stopping)
                else:
                    self.still_stopping()
        self.clear_bar()
        return done, interrupted

    def progress(self, fraction: float, text: str, plain: str) -> None:
        """On a terminal, `[####....] text` redrawn at most ten times a second; otherwise the line
        `plain` each time another tenth of the work is done."""
        if self.stopping:                # no bar after "stopping…" that looks like the work goes on
            return
        if self.live:
            now = time.monotonic()
            if now - self.last_bar >= 0.1:
                self.last_bar = now
                line = fit_progress(lambda cells: f"[{bar(fraction, cells)}] {bar_percent(fraction):>5} {text}",
                                    progress_width(stream=self.out), BAR_WIDTHS)
                self.write("\r" + line + "\x1b[K")
                self.bar_shown = True
        else:
            tenth = int(max(0.0, min(1.0, fraction)) * 10)
            if tenth > self.last_tenth:
                self.last_tenth = tenth
                self.line(plain)

    def clear_bar(self) -> None:
        if self.bar_shown:
            self.write("\r\x1b[K")
            self.bar_shown = False


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool], width: int | None = None
          ) -> str:
    """Columns padded to their widest cell (in terminal cells), numbers (`right`) aligned right.

    Within `width` cells when given (a terminal): the columns closer together first; a table that still
    does not fit becomes a line per row, each cell named by its header and broken at words, since the
    terminal's own wrapping cut rows mid-word ("stopp" / "ed") and scattered the columns."""
    for gap in ("  ", " "):
        text = _columns(headers, rows, right, gap)
        if width is None or max(cell_len(line) for line in text.splitlines()) <= width:
            return text
    return "\n".join(row_lines(headers, row, width) for row in rows)


def table_width(stream=None) -> int:
    """The cells a table printed to `stream` (stdout) may take: its page's width (`page_columns`: the
    terminal's, or in a file or a pipe $COLUMNS, else 80) less one, the last cell left free."""
    stream = sys.stdout if stream is None else stream
    return page_columns(stream, _isatty(stream)) - 1


def _columns(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool], gap: str) -> str:
    widths = [max(cell_len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def cell(text: str, i: int) -> str:
        pad = " " * (widths[i] - cell_len(text))
        return pad + text if right[i] else text + pad
    lines = [gap.join(cell(str(h), i) for i, h in enumerate(headers)).rstrip()]
    lines.append(gap.join("-" * w for w in widths))
    lines += [gap.join(cell(str(v), i) for i, v in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)


def row_lines(headers: Sequence[str], row: Sequence[str], width: int) -> str:
    """A table's row as prose in `width` cells: "SGD: train 77.4 % · test 75.3 % · …" (empty cells left
    out), each header on the line of its value where the pair fits, the lines after the first indented."""
    from workbench.i18n.cells import NO_BREAK

    named = [f"{header} {value}" for header, value in zip(headers[1:], row[1:]) if str(value).strip()]
    text = f"{row[0]}: " + " · ".join(pair.replace(" ", NO_BREAK) if cell_len(pair) <= width - 2 else pair
                                      for pair in named)
    return wrapped(text, width, hang=2).replace(NO_BREAK, " ")


def percent(value: float, digits: int = 1) -> str:
    """A fraction as a percentage, as the interface writes them (97.3 %); "--" when not measured."""
    from workbench.i18n.numbers import percent as spaced

    return "--" if value is None or not math.isfinite(value) else spaced(value, digits)


RANK_MARKERS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")
"""The marks of ranked curves (`ranked_chart`): the best curve is drawn with 1, the next with 2, …"""
CONNECTOR = "·"
"""What joins a ranked curve's points without colour: its own mark only where it has a value."""


RANKED_HEIGHT = PLOT_HEIGHT + 4
"""The rows of `ranked_chart`, as tall as the search's scatter: at 7 rows of plot five curves within 40
points of each other fell on the same rows."""


def ranked_chart(series: Sequence[tuple[str, Sequence[float], Sequence[float]]], title: str, xlabel: str,
                 width: int, color: bool, accuracies: Sequence[float]) -> tuple[str, bool, dict[int, int]]:
    """Curves in rank order (the best first), each told apart by its rank (1, 2, …) at its values, the
    best drawn last (`marked_chart`): the search's best five, on a percent axis spanning `accuracies`."""
    axis = percent_axis(accuracies, RANKED_HEIGHT - FRAME_ROWS)
    return marked_chart(series, [RANK_MARKERS[i % len(RANK_MARKERS)] for i in range(len(series))], title, xlabel,
                        width, color, (axis.low, axis.high, list(axis.ticks), list(axis.labels)))


def value_axis(values: Sequence[float], rows: int) -> tuple[float, float, list[float], list[str]]:
    """(low, high, ticks, labels) of an axis for `values` (a loss; the non-finite left out) in a plot
    `rows` rows high: a margin round them and round ticks written as the console writes numbers."""
    found = [v for v in values if math.isfinite(v)] or [0.0, 1.0]
    low, high = min(found), max(found)
    pad = max(0.05 * (high - low), 0.01 * max(abs(high), 1))
    scale = 10.0 ** math.floor(math.log10(high - low + 2 * pad))     # round steps at the span's own size
    ticks = [round(v * scale, 12) for v in scale_ticks(low / scale, high / scale,
                                                       ((low - pad) / scale, (high + pad) / scale), rows)]
    return low - pad, high + pad, ticks, [num(v) for v in ticks]


def marked_chart(series: Sequence[tuple[str, Sequence[float], Sequence[float]]], marks: Sequence[str], title: str,
                 xlabel: str, width: int, color: bool, axis: tuple[float, float, Sequence[float], Sequence[str]],
                 colors: Sequence[str] | None = None) -> tuple[str, bool, dict[int, int]]:
    """Curves each told apart by its mark (`marks`: a rank, a run's number) at its values and drawn so
    that the first lies over the second, the second over the third…: drawn cell by cell in their
    markers the curves covered each other (a flat 10 % line hid three) and the one to look at, drawn
    first, was the most hidden. Without colour, dots (·) join a curve's points. `axis` is the y axis
    (low, high, ticks, labels), one for every curve so that they can be laid over each other; `colors`
    each curve's (plotext's first ones by default). Returns the picture, whether a cell holds points of
    two curves (it shows the upper one's mark, and the key says so), and the curves none of whose points
    shows → the curve above that they lie under most (alike to the cell)."""
    colors = list(colors) if colors is not None else [line_color(i) for i in range(len(series))]
    series = [(label, *finite_points(x, y)) for label, x, y in series]
    xs = [v for _, x, _ in series for v in x]
    if not xs:
        return chart(lambda plt: None, title, xlabel, width, RANKED_HEIGHT, color), False, {}
    low, high = min(xs), max(xs)
    ticks = whole_ticks(xs)

    def frame(plt) -> None:
        pad = 0.02 * max(high - low, 1)
        plt.xlim(low - pad, high + pad)
        plt.ylim(axis[0], axis[1])
        plt.yticks(list(axis[2]), list(axis[3]))
        if ticks:
            plt.xticks(ticks)

    def drawn(indices, line: bool, points: bool) -> Callable:
        def draw(plt) -> None:
            frame(plt)
            for i in indices:
                _, x, y = series[i]
                if line and len(x) > 1:
                    plt.plot(list(x), list(y), color=colors[i], marker="braille" if color else CONNECTOR)
                elif line and len(x) == 1 and not points:
                    # a curve of one point (one epoch) has no line, and a frame without points has no
                    # ticks: without them the laid-over marks stood a label's width left of the frame
                    plt.scatter(list(x), list(y), color=colors[i], marker=CONNECTOR)
                if points and len(x):
                    plt.scatter(list(x), list(y), color=colors[i], marker=marks[i])
        return draw

    bottom_first = list(range(len(series)))[::-1]          # the first drawn last, on top
    alone = [chart(drawn([i], False, True), title, xlabel, width, RANKED_HEIGHT, False).splitlines()
             for i in range(len(series))]
    cells = [{(r, c) for r, row in enumerate(rows) if "│" in row[1:] for c in range(*inside(row)) if row[c] == marks[i]}
             for i, rows in enumerate(alone)]
    shared = any(cells[i] & cells[j] for i in range(len(cells)) for j in range(i))
    under = {i: max(range(i), key=lambda j: (len(cells[i] & cells[j]), -j)) for i in range(1, len(cells))
             if cells[i] and cells[i] <= set().union(*cells[:i])}
    if color:
        return chart(drawn(bottom_first, True, True), title, xlabel, width, RANKED_HEIGHT, color), shared, under
    lines = chart(drawn(bottom_first, True, False), title, xlabel, width, RANKED_HEIGHT, color).splitlines()
    out = []
    for r, base in enumerate(lines):
        row = list(base.ljust(max([len(base), *(len(rows[r]) for rows in alone)])))
        for i in bottom_first:
            for c, char in enumerate(alone[i][r]):
                if char == marks[i]:
                    row[c] = char
        out.append("".join(row).rstrip())
    return "\n".join(out), shared, under


def inside(row: str) -> tuple[int, int]:
    """The columns of a chart's row inside its frame, after the y axis ("2.3┤" or "│") and before the
    right edge: read in each picture's own row, since a frame without points has no tick labels."""
    left = row.index("┤") if "┤" in row else row.index("│")
    return left + 1, row.rindex("│")


def finite_points(x: Sequence[float], y: Sequence[float]) -> tuple[list[float], list[float]]:
    """A curve's points whose value is a number: a run that diverged has NaN and infinite losses."""
    pairs = [(a, b) for a, b in zip(x, y) if b is not None and math.isfinite(b)]
    return [a for a, _ in pairs], [b for _, b in pairs]


def ranked_legend(rows: Sequence[Sequence[str]], color: bool, width: int, marks: Sequence[str] | None = None,
                  colors: Sequence[str] | None = None) -> str:
    """The key under `marked_chart`: a line per curve, its mark (its rank by default) then its cells in
    columns ("1  #19  lr 0.0649  weight decay 7.61e−7  validation 20.0 %"), a mark in its line's colour
    (`colors`, plotext's first ones by default); a line wider than `width` cells is broken between
    words, under its own text."""
    import plotext as plt

    widths = [max(cell_len(row[k]) for row in rows if k < len(row)) for k in range(max(map(len, rows), default=0))]
    lines = []
    for i, row in enumerate(rows):
        mark = marks[i] if marks is not None else RANK_MARKERS[i % len(RANK_MARKERS)]
        cells = [text + " " * (widths[k] - cell_len(text)) for k, text in enumerate(row)]
        line = (LEGEND_INDENT + mark + "  " + "  ".join(cells)).rstrip()
        if cell_len(line) > width:
            line = LEGEND_INDENT + wrapped(mark + "  " + "  ".join(row), width - len(LEGEND_INDENT), hang=3
                                           ).replace("\n", "\n" + LEGEND_INDENT)
        at = len(LEGEND_INDENT)
        hue = colors[i] if colors is not None else line_color(i)
        lines.append(line[:at] + plt.colorize(mark, hue) + line[at + 1:] if color else line)
    return "\n".join(lines)


def line_color(index: int) -> str:
    return LINE_COLORS[index % len(LINE_COLORS)]


def line_marker(index: int) -> str:
    return MARKERS[index % len(MARKERS)]


def legend(entries: Sequence[tuple[int, str]], width: int, color: bool) -> str:
    """"━━ SGD   ━━ Adam" (each bar in its line's colour) or, without colour, "* SGD   o Adam" (each
    line's marker), indented as the plot is and broken between entries to `width` cells."""
    import plotext as plt

    lines, line, used = [], LEGEND_INDENT, len(LEGEND_INDENT)
    for index, label in entries:
        key = plt.colorize("━━", line_color(index)) if color else line_marker(index)
        size = (2 if color else 1) + 1 + cell_len(label)
        if used > len(LEGEND_INDENT) and used + 3 + size > width:
            lines.append(line)
            line, used = LEGEND_INDENT, len(LEGEND_INDENT)
        if used > len(LEGEND_INDENT):
            line, used = line + "   ", used + 3
        line, used = line + f"{key} {label}", used + size
    if used > len(LEGEND_INDENT):
        lines.append(line)
    return "\n".join(lines)


def whole_ticks(values: Sequence[float], most: int = 10) -> list[int]:
    """Ticks for an axis of whole numbers (epochs, iterations): each value when there are few, else five
    spread over them; [] for other values. plotext's own ticks fell between them (1.25 epochs, 50.8 iterations)."""
    found = sorted(set(values))
    if not found or not all(float(v).is_integer() for v in found):
        return []
    if len(found) <= most:
        return [int(v) for v in found]
    low, high = found[0], found[-1]
    return sorted({int(round(low + (high - low) * i / 4)) for i in range(5)})


TICK_CELLS = 8
"""Cells an x tick's label needs, its gap included ("−4.5" and room to tell it from the next)."""


def scatter_chart(kinds: Sequence[tuple[Sequence[float], Sequence[float], str]], title: str, xlabel: str,
                  width: int, height: int, color: bool, x_range: tuple[float, float], y_range: tuple[float, float]
                  ) -> tuple[str, bool]:
    """A plotext scatter of kinds of points, (xs, ys, marker) each, the later drawn over the earlier, over
    `x_range` × `y_range` (a margin round them) with round ticks labelled as the console writes numbers
    (`scale_ticks`; −4, where plotext wrote -4.32). Without colour a cell where points of two kinds fall
    shows BOTH: each kind is drawn alone on the same frame and the pictures are laid over each other.
    Returns the picture and whether BOTH is in it (for the legend to say so)."""
    def limits(low: float, high: float) -> tuple[float, float]:
        pad = max(0.05 * (high - low), 0.05)
        return low - pad, high + pad

    x_limits, y_limits = limits(*x_range), limits(*y_range)
    x_ticks = scale_ticks(*x_range, x_limits, max(2, (width - 8) // TICK_CELLS))
    y_ticks = scale_ticks(*y_range, y_limits, height - FRAME_ROWS)

    def frame(plt) -> None:
        plt.xlim(*x_limits)
        plt.ylim(*y_limits)
        plt.xticks(x_ticks, [num(v) for v in x_ticks])
        plt.yticks(y_ticks, [num(v) for v in y_ticks])

    def drawn(chosen) -> Callable:
        def draw(plt) -> None:
            frame(plt)
            for xs, ys, marker in chosen:
                plt.scatter(list(xs), list(ys), marker=marker)
        return draw

    kinds = [kind for kind in kinds if len(kind[0])]     # plotext draws no ticks on a plot without points
    if color or len(kinds) < 2:
        return chart(drawn(kinds), title, xlabel, width, height, color), False
    alone = [chart(drawn([kind]), title, xlabel, width, height, color) for kind in kinds]
    picture = laid_over(alone, [marker for *_, marker in kinds])
    return picture, BOTH in picture


def laid_over(pictures: Sequence[str], markers: Sequence[str]) -> str:
    """Pictures of one frame, each with its own kind of points (`markers`), as one: a cell holds the frame,
    the one marker found there, or BOTH where two kinds fall."""
    rows = [picture.splitlines() for picture in pictures]
    lines = []
    for row in zip(*rows):
        size = max(len(line) for line in row)
        cells = []
        for chars in zip(*(line.ljust(size) for line in row)):
            found = [c for c, marker in zip(chars, markers) if c == marker]
            cells.append(BOTH if len(found) > 1 else found[0] if found else chars[0])
        lines.append("".join(cells).rstrip())
    return "\n".join(lines)


def chart(draw: Callable, title: str, xlabel: str, width: int, height: int, color: bool) -> str:
    """A plotext picture drawn by `draw(plt)`, `width` cells wide: drawn again narrower when Hangul
    labels (one cell each to plotext, two on screen) make it wider."""
    import plotext as plt

    def build(size: int) -> str:
        plt.main()
        plt.clear_figure()
        plt.plotsize(size, height)
        draw(plt)
        plt.title(for_plotext(title))    # Hangul as two cells, so a Korean title does not shrink the chart
        plt.xlabel(for_plotext(xlabel))
        plt.theme("pro" if color else "clear")   # never a white block on a dark terminal
        return plt.build().replace(FILLER, "")

    try:
        picture = build(width)
        over = max(cell_len(line) for line in plt.uncolorize(picture).splitlines()) - width
        if over > 0:
            picture = build(width - over)
    except Exception as exc:    # noqa: BLE001 - a plotting problem never costs the run its results
        return f"({type(exc).__name__}: {exc})"
    if not color:
        picture = plt.uncolorize(picture)
    return "\n".join(line.rstrip() for line in picture.splitlines())
