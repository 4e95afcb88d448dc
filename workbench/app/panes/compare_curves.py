"""The comparison pane's curves view: every run's smoothed loss per iteration, its training and its test
accuracy per epoch, overlaid in one plot each under a legend (a grid's current pair, named by its cell and
scale); where the view is short, the plot the book's figure shows. A click on a run's name (or its row of
the table, or `,` `.`) picks it: drawn last, bold, the others dimmed.
"""
from __future__ import annotations

import time

import numpy as np
from rich.text import Text
from textual import events

from workbench.app.messages import CursorMoved
from workbench.app.no_break import glued
from workbench.app.panes.compare_views import COLORS, PICKED_RUN, epoch_ticks, legend, percent_axis_of, rgb_style
from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.train_curves import PlotCaption
from workbench.app.plotting import Figure, Plot, legend_marks, nice_ticks
from workbench.i18n import cell_len, t
from workbench.i18n.numbers import grouped
from workbench.models.compare import short_scale
from workbench.nn.util import smooth_curve

LOSS_REDRAW = 2.0
"""Redraws of the loss curves a second while training."""
DIMMED = 0.6
"""How far toward the background the runs not picked are drawn, while one is."""
SHORT_CURVES = 18
"""Rows below which the curves view shows one kind of plot: both need about 9 to say anything. Beside a
lesson's text at 80×24 the view has 16–18 rows (18 in Korean, whose data line wraps in two), full screen
19; where all three show, the loss keeps 7 of them (`#compare-loss`'s min-height: at 1fr to the
accuracies' 2fr it had 5, two rows of points)."""


class CompareCurves(PanePart):
    """The curves view (`show_curves`), the runs it draws (`visible_runs`) and the run picked among them."""

    def run_names(self) -> list[tuple[str, str]]:
        plan = self.shown_plan()
        if plan is None:
            return []
        return [(run.spec.name, rgb_style(self.app, COLORS[i % len(COLORS)])) for i, run in enumerate(plan.runs)]

    def fit_curves(self) -> None:
        """Where the curves view is too short for all three plots (a lesson at 80×24 left the loss one
        row), keep the plot the book's figure shows: the loss, or the accuracies (FIRST). Nothing once the
        pane is being removed: a call after the next refresh found its views gone when the step moved on
        meanwhile (a follower's ← as the presenter's curves came in ended their browser's session)."""
        if not self.is_attached or not self.children:
            return
        empty = self.no_curves_yet()
        self.query_one("#compare-curves-empty").display = empty
        short = 0 < self.query_one("#view-curves").size.height < SHORT_CURVES
        for selector in ("#compare-loss", "#compare-loss-caption"):
            self.query_one(selector).display = not empty and (not short or self.FIRST == "loss")
        self.query_one("#compare-accuracies").display = not empty and (not short or self.FIRST == "accuracy")

    def no_curves_yet(self) -> bool:
        """Whether no run has a step to draw (before a run, or as it loads): the view then says what its
        plots will show in their place, where they were empty frames (a presenter's curves are drawn)."""
        return self.presenters_run is None and not any(self.losses.values())

    def empty_curves_text(self) -> Text:
        key = "compare.curves.empty.idle" if self.state in ("idle", "done") else "compare.curves.empty.running"
        return Text(t(key), style="dim")

    def show_curves(self, live: bool = False) -> None:
        self.fit_curves()
        self.call_after_refresh(self.fit_curves)       # again once the status lines above have their height
        plan, run = self.shown_plan(), self.presenters_run
        if run is not None:
            names = [(name, rgb_style(self.app, COLORS[k % len(COLORS)])) for k, name in enumerate(self.presenters_legend(run))]
        elif plan is not None and plan.groups > 1:
            names = [(plan.runs[i].spec.label, rgb_style(self.app, COLORS[i % 2])) for i in range(2)]
        else:
            names = self.run_names()
        pickable = plan is not None and plan.groups == 1 and len(names) > 1
        marks = legend(names, self.width(), legend_marks(self.app, len(names)), self.picked_run(),
                       PICKED_RUN if pickable else None)
        self.put("#compare-legend", self.cell_named(marks))
        if self.no_curves_yet():
            self.put("#compare-curves-empty", self.empty_curves_text())
        now = time.monotonic()
        steps = (sum(len(v) for v in self.losses.values()), self.app.theme, self.cell, run, self.picked_run())
        if self._loss_key != steps and (not live or now - self._loss_drawn >= 1 / LOSS_REDRAW):
            self._loss_drawn, self._loss_key = now, steps
            self.query_one("#compare-loss", Plot).draw(self._plot_loss)
        epochs = (tuple(len(v) for v in self.accs.values()), self.app.theme, self.cell, run, self.picked_run())
        if self._epochs_drawn != epochs and (not live or now - self._accuracy_drawn >= 1 / LOSS_REDRAW):
            self._epochs_drawn, self._accuracy_drawn = epochs, now
            self.query_one("#compare-train", Plot).draw(lambda fig: self._plot_accuracy(fig, 1))
            self.query_one("#compare-test", Plot).draw(lambda fig: self._plot_accuracy(fig, 2))
        self.put("#compare-loss-caption", t("compare.plot.loss"))
        for which in ("train", "test"):     # the x axis is epochs: the loss plot's above counts iterations
            self.query_one(f"#compare-{which}-caption", PlotCaption).show(Text(), f"compare.plot.{which}_epochs")

    def curves_cell(self) -> int | None:
        """The grid's cell whose pair the curves view draws (None: not a grid's, or a presenter's whose
        curves do not say which)."""
        plan, run = self.shown_plan(), self.presenters_run
        if plan is None or plan.groups < 2:
            return None
        if run is None:
            return self.shown_cell()
        runs = self.presenters_runs(run)
        return plan.runs[runs[0]].spec.group if runs else None

    def cell_named(self, marks: Text) -> Text:
        """A grid's curves legend (`marks`: with batch norm, without) after the cell it draws, its place
        and weight scale ("scale 3/16: w = 0.293"), on the legend's row where both fit: the pair alone did
        not say which of the 16 it was, on the presenter's screen or a follower's."""
        cell, plan = self.curves_cell(), self.shown_plan()
        if cell is None:
            return marks
        scale = next(short_scale(r.spec.weight_init) for r in plan.runs if r.spec.group == cell)
        text = Text(glued(t("compare.grid.caption", cell=cell + 1, cells=plan.groups, scale=scale)), style="bold")
        text.append("  " if cell_len(text.plain) + 2 + cell_len(marks.plain.split("\n")[0]) <= self.width() else "\n")
        return text + marks

    def visible_runs(self) -> list[int]:
        """The runs the curves show: all of them, or the current cell's pair in a grid."""
        plan = self.shown_plan()
        if plan is None:
            return []
        if plan.groups > 1:
            group = self.shown_cell()
            return [i for i, r in enumerate(plan.runs) if r.spec.group == group]
        return list(range(len(plan.runs)))

    def color_of(self, run: int) -> str:
        plan = self.shown_plan()
        if plan is not None and plan.groups > 1:
            return COLORS[[i for i, r in enumerate(plan.runs) if r.spec.group == plan.runs[run].spec.group].index(run)]
        return COLORS[run % len(COLORS)]

    def curve_sets(self) -> list[tuple[str, np.ndarray, np.ndarray, list]]:
        """What the curves view draws, one (colour, steps, smoothed loss, (epoch, train, test) points) a
        run: the presenter's runs while this app follows a comparison, else the pane's own visible ones."""
        run = self.presenters_run
        if run is not None:
            return [(COLORS[k % len(COLORS)], np.array([p[0] for p in series.losses], dtype=float),
                     np.array([p[1] for p in series.losses], dtype=float), list(series.accuracies))
                    for k, series in enumerate(run.series)]
        sets = []
        for i in self.visible_runs():
            losses = self.losses.get(i) or []
            y = smooth_curve(np.asarray(losses)) if len(losses) >= 11 else np.asarray(losses, dtype=float)
            sets.append((self.color_of(i), np.arange(1, len(y) + 1), y, list(self.accs.get(i) or [])))
        return sets

    def picked_run(self) -> int | None:
        """The run picked, where the curves show every run (not a grid's pair) and it is one of them."""
        plan = self.shown_plan()
        if self.picked is None or plan is None or plan.groups > 1 or not 0 <= self.picked < len(plan.runs):
            return None
        return self.picked

    def drawing_order(self, sets: list) -> list[tuple[int, tuple, float, bool]]:
        """(k, the k-th curve set, fade, bold) in the order to draw them: all alike, or with a run picked,
        the others dimmed first and the picked one last, on top, bold."""
        picked = self.picked_run()
        if picked is None or picked >= len(sets):
            return [(k, curves, 0.0, False) for k, curves in enumerate(sets)]
        others = [(k, curves, DIMMED, False) for k, curves in enumerate(sets) if k != picked]
        return others + [(picked, sets[picked], 0.0, True)]

    def _plot_loss(self, fig: Figure) -> None:
        first, last = None, 0
        for k, (color, steps, y, _), fade, bold in self.drawing_order(self.curve_sets()):   # k: the legend's k-th
            if not len(y):
                continue
            fig.line(steps, np.where(np.isfinite(y), y, np.nan), color=color, curve=k, fade=fade, bold=bold)
            first = int(steps[0]) if first is None else min(first, int(steps[0]))
            last = max(last, int(steps[-1]))
        if first is not None and last > first:
            ticks = [v for v in nice_ticks(first, last, 4) if v == int(v)]
            fig.ticks(x=ticks, x_labels=[grouped(int(v)) for v in ticks])

    def _plot_accuracy(self, fig: Figure, index: int) -> None:
        plan, sets = self.shown_plan(), self.curve_sets()
        if self.presenters_run is not None:      # the same settings: the plan's epochs, or as far as the runs went
            planned = [r.epochs for r in plan.runs] if plan is not None else []
            epochs = max(planned + [drawn[-1][0] for *_, drawn in sets if drawn], default=1)
        else:
            epochs = max((plan.runs[i].epochs for i in self.visible_runs()), default=1) if plan else 1
        fig.limits(x=(0, max(epochs, 1)))
        fig.ticks(**epoch_ticks(fig, epochs))
        # The train and the test plot on one axis, so that the gap between them reads as it is.
        percent_axis_of(fig, [100 * p[i] for *_, drawn in sets for p in drawn for i in (1, 2)])
        for k, (color, _, _, drawn), fade, bold in self.drawing_order(sets):
            if drawn:
                fig.line([p[0] for p in drawn], [100 * p[index] for p in drawn], color=color, curve=k, fade=fade,
                         bold=bold)

    def on_click(self, event: events.Click) -> None:
        """A click on a run's row of the table or its name in the legend picks it (again: all alike)."""
        run = event.style.meta.get(PICKED_RUN) if event.style is not None else None
        if run is None:
            return
        event.stop()
        self.pick(None if run == self.picked else run)

    def pick(self, run: int | None) -> None:
        """Draw `run`'s curves on top and bold, the others dimmed (None: all alike); its row and legend marked."""
        self.picked = run
        self._shown.pop("#compare-table", None)
        self.refresh_bindings()
        self.refresh_view()
        self.post_message(CursorMoved())

    def action_pick(self, step: int) -> None:
        """, and .: the previous or the next run picked, all alike before the first and after the last."""
        plan = self.shown_plan()
        runs = len(self.presenters_run.series) if self.presenters_run is not None else len(plan.runs) if plan else 0
        order = [None, *range(runs)]
        at = order.index(self.picked) if self.picked in order else 0
        self.pick(order[(at + int(step)) % len(order)])

    def action_unpick(self) -> None:
        self.pick(None)
