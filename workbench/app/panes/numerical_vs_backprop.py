"""The numerical-versus-backprop pane: one iteration's gradient of TwoLayerNet both ways, on the same
batch, timed side by side (`workbench.models.numerical_vs_backprop`).

The measurement runs as a job that starts when the pane shows new settings: backprop first (it
takes a fraction of a millisecond), then the numerical gradient with a progress bar, parameter by
parameter, then the comparison and an estimate for the book's size. Leaving the pane cancels it.

A follower's measurement waits while it follows (forty at once would time each other): the presenter's
comes with its position instead, and the pane shows it (`show_presenters_figures`) until the student
takes over.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.panes.measuring import MeasuringPane, progress_to, step_in
from workbench.app.panes.shared_figures import SharedFigures
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.unchanged import show_text
from workbench.classroom.speed import SpeedSummary
from workbench.i18n import t
from workbench.i18n.cells import cell_len
from workbench.i18n.numbers import percent
from workbench.jobs import JobContext, JobProgress
from workbench.models.digits import sci
from workbench.models.numerical_vs_backprop import (BOOK_BATCH, BOOK_HIDDEN, DTYPES, ParamComparison, SpeedPlan, SpeedRun,
                                                    run_comparison)
from workbench.models.numerical_vs_backprop_shared import SpeedFigures, figures_of, summary

SIZES = (1, 2, 5, 10, 20, 50, 100)
"""The hidden sizes and batch sizes the keys step through."""
BAR = 14
BOOK_ITERATIONS = 10_000
"""The book's section 4.5 trains for 10,000 iterations."""


def count(value: int) -> str:
    """15910 → 15,910 (Korean writes thousands the same way)."""
    return f"{value:,}"


def duration(seconds: float) -> str:
    """A time as a person reads it: 0.06 ms, 1.52 s, 12 min, 34 h. Each unit is chosen by the value as
    rounded for it: 0.9999 ms is "1.0 ms" beside 1.9 ms (it read "1.000 ms"), 999.97 ms "1.00 s"."""
    if round(seconds * 1e3, 3) < 1:
        return t("numerical-vs-backprop.ms", value=f"{seconds * 1e3:.3f}")
    if round(seconds * 1e3, 1) < 1000:
        return t("numerical-vs-backprop.ms", value=f"{seconds * 1e3:.1f}")
    if round(seconds, 1) < 120:
        return t("numerical-vs-backprop.s", value=f"{seconds:.2f}" if round(seconds, 2) < 10 else f"{seconds:.1f}")
    if seconds < 2 * 3600:
        return t("numerical-vs-backprop.min", value=f"{seconds / 60:.0f}")
    if seconds < 3 * 86400:
        return t("numerical-vs-backprop.h", value=f"{seconds / 3600:.0f}")
    return t("numerical-vs-backprop.days", value=f"{seconds / 86400:.0f}")


class NumericalVsBackpropPane(SharedFigures, MeasuringPane):
    """Backprop's time, the numerical gradient's progress and time, their ratio and difference."""

    SUMMARY = SpeedSummary

    FIGURES = ("backprop", "params", "run")
    PANE = "numerical-vs-backprop"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "run", id="numerical-vs-backprop.run"),
        Binding("x", "cancel", id="numerical-vs-backprop.cancel"),
        Binding("plus,equals_sign", "hidden(1)", id="numerical-vs-backprop.bigger", key_display="+",
                group=Binding.Group("hidden")),
        Binding("minus", "hidden(-1)", id="numerical-vs-backprop.smaller", key_display="-",
                group=Binding.Group("hidden")),
        Binding("left_square_bracket", "batch(-1)", id="numerical-vs-backprop.fewer", show=False,
                group=Binding.Group("batch")),
        Binding("right_square_bracket", "batch(1)", id="numerical-vs-backprop.more", show=False,
                group=Binding.Group("batch")),
        Binding("f", "toggle_dtype", id="numerical-vs-backprop.dtype", show=False),
        Binding("d", "toggle_delta", id="numerical-vs-backprop.delta", show=False),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.backprop: tuple[float, int] | None = None
        self.params: list[ParamComparison] = []
        self.run: SpeedRun | None = None
        self.presenters: SpeedFigures | None = None
        """A presenter's measurement, shown in place of the pane's own while the app follows it."""

    def compose_pane(self) -> ComposeResult:
        with MarkedScroll(id="nb-body"):             # at 80×24 in 4.4 the book's estimate runs past the fold
            yield Static(id="nb-head")
            yield Static(id="nb-times")
            yield Static(id="nb-table")
            yield Static(id="nb-book")
            yield Static(id="nb-status")

    # -- the run -----------------------------------------------------------------------------------

    def measurement(self) -> Callable[[JobContext], SpeedRun]:
        plan = self.result

        def work(ctx):
            return run_comparison(plan, on_backprop=lambda seconds, repeats: ctx.emit(("backprop", (seconds, repeats))),
                                  on_evaluation=progress_to(ctx, "param"), on_param=lambda c: ctx.emit(("param", c)))
        return work

    def clear_figures(self) -> None:
        self.backprop, self.params, self.run = None, [], None

    def take(self, items) -> None:
        for kind, value in items:
            if kind == "backprop":
                self.backprop = value
            elif kind == "param":
                self.params.append(value)

    def finished(self, result: SpeedRun) -> None:
        self.run = result

    # -- the classroom: followers see the presenter's measurement --------------------------------------

    def own(self) -> SpeedFigures:
        return SpeedFigures(self.backprop, self.params, self.progress, self.run, self.ended, self.running)

    def shared_figures(self) -> SpeedSummary | None:
        """The measurement in figures, which a presenter shares with its followers (None before one)."""
        if self.result is None or (not self.running and self.backprop is None and self.ended is None):
            return None
        return summary(self.own())

    def measured_settings(self):
        return self.result.settings if self.result is not None else None

    def presenters_figures(self, shared):
        return figures_of(self.result, shared)

    # -- drawing -----------------------------------------------------------------------------------

    def show(self, plan: SpeedPlan) -> None:
        shown = self.presenters if self.presenters is not None else self.own()
        show_text(self.query_one("#nb-head", Static), self.head(plan))
        show_text(self.query_one("#nb-times", Static), self.times(shown))
        show_text(self.query_one("#nb-table", Static), self.table(plan, shown))
        show_text(self.query_one("#nb-book", Static), self.book(shown))
        show_text(self.query_one("#nb-status", Static), self.status(shown))

    def head(self, plan: SpeedPlan) -> Text:
        s = plan.settings
        text = Text()
        text.append(f"{plan.call} · {s.dtype}", style="bold")
        text.append("\n" + t("numerical-vs-backprop.batch", batch=s.batch_size, parameters=count(plan.parameters)))
        text.append("\n" + t("numerical-vs-backprop.cost", evaluations=count(plan.evaluations)))
        if s.book_delta:
            text.append("\n" + t("numerical-vs-backprop.book_delta"), style="italic")
        return text

    def text_width(self) -> int:
        """The cells a line of the pane's text has: its Static's width once laid out, else the pane's
        less its padding and the scrollbar's column."""
        return self.query_one("#nb-times", Static).size.width or max(20, self.size.width - 3)

    def times(self, shown: SpeedFigures) -> Text:
        """Backprop's time, the numerical one (or its progress), then the ratio and the difference. The
        labels' column is as wide as the longer label (오차역전파법 is 12 cells); a note or the progress
        bar that would not fit beside it at 80×24 goes on a line of its own, never wrapped into the labels."""
        backprop, run = shown.backprop, shown.run
        rows = [(t("numerical-vs-backprop.backprop"), duration(backprop[0]) if backprop else "…",
                 t("numerical-vs-backprop.median", repeats=backprop[1]) if backprop else ""),
                (t("numerical-vs-backprop.numerical"), duration(run.numerical_seconds) if run else "…", "")]
        width = max(cell_len(label) for label, _, _ in rows) + 2
        room = self.text_width()
        text = Text()
        for i, (label, value, note) in enumerate(rows):
            if i:
                text.append("\n")
            text.append(label + " " * (width - cell_len(label)))
            text.append(value, style="bold")
            if note:
                beside = width + cell_len(value) + 2 + cell_len(note) <= room
                text.append("  " + note if beside else "\n" + " " * width + note, style="dim")
        if shown.progress is not None:      # under the values, its blocks fewer where the line is short
            bar = self.bar(shown.progress)
            over = width + cell_len(bar) - room
            text.append("\n" + " " * width + (self.bar(shown.progress, max(4, BAR - over)) if over > 0 else bar))
        if run is not None:
            text.append("\n" + t("numerical-vs-backprop.ratio", ratio=count(round(run.ratio))), style="bold")
            text.append("\n" + t("numerical-vs-backprop.difference", difference=sci(run.largest_difference)),
                        style="bold")
            if run.kinks:
                text.append("\n" + t("numerical-vs-backprop.kinks", kinks=run.kinks), style="italic")
        return text

    def bar(self, event: JobProgress, blocks: int = BAR) -> str:
        share = event.done / event.total if event.total else 0.0
        filled = round(share * blocks)
        return "█" * filled + "░" * (blocks - filled) + f" {percent(share, 0):>5}  {event.info.get('param', '')}"

    def table(self, plan: SpeedPlan, shown: SpeedFigures) -> Text:
        """One row per parameter: its shape, the seconds its numerical gradient took, max |num − bp|."""
        done = {c.name: c for c in shown.params}
        header = [t("numerical-vs-backprop.column.param"), t("numerical-vs-backprop.column.shape"),
                  t("numerical-vs-backprop.column.time"), t("numerical-vs-backprop.column.difference")]
        rows = [header]
        for row in plan.rows:
            found = done.get(row.name)
            rows.append([row.name, "×".join(map(str, row.shape)),
                         duration(found.seconds) if found else "…", sci(found.largest_difference) if found else ""])
        widths = [max(cell_len(r[k]) for r in rows) for k in range(4)]
        text = Text()
        for i, row in enumerate(rows):
            line = "  ".join(cell + " " * (widths[k] - cell_len(cell)) for k, cell in enumerate(row)).rstrip()
            text.append(line + ("\n" if i < len(rows) - 1 else ""), style="bold" if i == 0 else "")
        return text

    def book(self, shown: SpeedFigures) -> Text:
        """The book's network estimated from one of its losses and backprops, timed at the end of the run."""
        if shown.run is None:
            return Text()
        book = shown.run.book
        text = Text()
        text.append(t("numerical-vs-backprop.book.title", hidden=BOOK_HIDDEN, batch=BOOK_BATCH), style="bold")
        text.append("\n" + t("numerical-vs-backprop.book.iteration", numerical=duration(book.numerical_seconds),
                             backprop=duration(book.backprop_seconds)))
        text.append("\n" + t("numerical-vs-backprop.book.training", iterations=count(BOOK_ITERATIONS),
                             numerical=duration(book.numerical_seconds * BOOK_ITERATIONS),
                             backprop=duration(book.backprop_seconds * BOOK_ITERATIONS)))
        return text

    def status(self, shown: SpeedFigures) -> Text:
        if self.presenters is not None:
            return Text(t("classroom.pane.measured"), style="dim")
        return self.run_status(shown.running, shown.ended)

    # -- keys --------------------------------------------------------------------------------------

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`+` `-` (and `]` `[`) dimmed at the ends of SIZES, where they would change nothing."""
        sizes = {"hidden": self.settings.hidden_size, "batch": self.settings.batch_size}
        if action in sizes and step_in(SIZES, sizes[action], int(parameters[0])) == sizes[action]:
            return None
        return super().check_action(action, parameters)

    def action_hidden(self, direction: int) -> None:
        self.apply(hidden_size=step_in(SIZES, self.settings.hidden_size, int(direction)))

    def action_batch(self, direction: int) -> None:
        self.apply(batch_size=step_in(SIZES, self.settings.batch_size, int(direction)))

    def action_toggle_dtype(self) -> None:
        self.apply(dtype=next(name for name in DTYPES if name != self.settings.dtype))

    def action_toggle_delta(self) -> None:
        self.apply(book_delta=not self.settings.book_delta)
