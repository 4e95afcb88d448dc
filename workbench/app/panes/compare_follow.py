"""The comparison pane in a class: what a presenter's pane shares and how a follower's draws it.

A follower of a presenter trains nothing: the presenter's comparison comes with the position, each
run its curves view shows with its thinned curves (`show_presenters_run`), and the curves view (and
the grid's current cell) draws them, read-only, in place of the pane's own, until the student takes
over; the runs' table and the grid's cells come as its figures (`shared_figures`,
`show_presenters_figures`), and the runs view and the grid show them the same way. The view the
presenter shows, and the grid's cell it chose, come as its cursor (`follow_cursor`). The presenter's
runs are named as this pane's plan names them where it is of the same settings (`presenters_names`).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text

from workbench.app.no_break import figures
from workbench.app.panes.pane_part import PanePart
from workbench.classroom.compare import CompareSummary
from workbench.classroom.run import RunSummary
from workbench.i18n import t
from workbench.models.train import SYNTHETIC
from workbench.nn.util import smooth_curve


class CompareFollowing(PanePart):
    """The comparison, its cursor and its figures as a presenter shares them, and a follower's drawing of them."""

    def shared_run(self) -> RunSummary | None:
        """The comparison in a few figures, which a presenter shares with its followers (None before
        it starts): how far all its runs are, how many are done, and the best finished one."""
        plan = self.shown_plan()
        if plan is None or self.state == "idle":
            return None
        best = self.best_result()
        if self.state in ("loading", "training", "paused"):
            state = "paused" if self.state == "paused" else "running"
        else:
            state = "failed" if self.message else "stopped" if self.stopped_short(len(plan.runs)) else "finished"
        dataset = getattr(self.data, "name", None) or (plan.settings.dataset if plan.data.present else SYNTHETIC)
        asked = plan.settings.dataset if dataset == SYNTHETIC != plan.settings.dataset else ""     # said why
        return RunSummary.rounded("MultiLayerNet", dataset, state, asked=asked, iteration=self.progress.get("done", 0),
                                  iterations=self.progress.get("total") or 0, runs=len(plan.runs),
                                  runs_done=len(self.results), leader=best.name if best else None,
                                  test_acc=best.final_test_acc if best else None, series=self.shared_series())

    def shared_series(self) -> list[tuple[str, Any, list, int]]:
        """(name, smoothed loss per step, accuracies, index in the plan) of the runs the curves view shows
        (the current cell's pair in a grid); `RunSummary` thins them."""
        plan, series = self.shown_plan(), []
        for i in self.visible_runs():
            losses = list(self.losses.get(i) or [])        # copies: the job appends meanwhile
            smooth = smooth_curve(np.asarray(losses)) if len(losses) >= 11 else losses
            series.append((plan.runs[i].spec.name, smooth, list(self.accs.get(i) or []), i))
        return series

    def show_presenters_run(self, run: RunSummary | None, settings: dict[str, str]) -> None:
        """Draw the presenter's comparison `run` (a follower's pane; None: the pane's own again) in the
        view the presenter shows (its cursor), which stays when the student takes over. A run of the
        pane's own still going (the student's, from before they followed again) stays shown, and the
        status line says so.
        The presenter's `settings` are this pane's while it follows: nothing to check them against."""
        waits = run is not None and self.running()
        if waits != self.presenter_waits:
            self.presenter_waits = waits
            self.show_status()
        if run is not None and (self.running() or run.kind != "run" or not run.runs or not run.series):
            run = None
        if run == self.presenters_run:
            return
        self.presenters_run = run
        self._shown.clear()
        self._epochs_drawn = self._loss_key = None
        self.refresh_bindings()
        self.refresh_view()

    def shared_figures(self) -> CompareSummary | None:
        """The runs' table and the grid's cells, which a presenter shares with its followers beside its
        run (None before a comparison, and on a follower)."""
        plan = self.plan
        if plan is None or self.state == "idle" or self.presenters_run is not None:
            return None
        grid = plan.groups > 1 and "grid" in self.VIEWS
        return CompareSummary.of(len(plan.runs), self.results.values(), plan.runs[0].epochs if grid else 0, self.accs)

    def show_presenters_figures(self, shared, settings: dict[str, str]) -> None:
        """Keep the presenter's table and grid cells (`shared`; None: none) for the runs view and the grid."""
        shared = shared if isinstance(shared, CompareSummary) else None
        if shared != self.presenters_table:
            self.presenters_table = shared
            if self.presenters_run is not None:
                self.refresh_view()

    def shared_cursor(self) -> str:
        """The view shown, and in the grid its large cell (the one running, or chosen with , and .):
        "curves", "grid 3" ("" for the runs, where a step starts)."""
        if self.view == "grid":
            return f"grid {self.shown_cell()}"
        return "" if self.view == "runs" else self.view

    def follow_cursor(self, text: str) -> None:
        """Show the view (and the grid's cell) a presenter shows; text that is no cursor changes nothing."""
        view, *cell = text.split() or ["runs"]
        if view not in self.VIEWS or len(cell) > 1 or not all(c.isascii() and c.isdigit() and len(c) < 4 for c in cell):
            return
        self.cell = int(cell[0]) if cell else None
        self.view = view
        self._shown.clear()
        self.refresh_view()

    def presenters_status(self, run: RunSummary) -> Text:
        """"The presenter's runs: 37 % · 1 of 4 runs done · trained on the presenter's computer, drawn here"."""
        state = t(f"classroom.compare.{run.state}", percent=run.percent_done, done=run.runs_done, runs=run.runs)
        text = Text(figures(t("classroom.pane.compare", state=state)), style="bold")
        text.append(" · " + t("classroom.pane.read_only"), style="dim")
        if self.presenters_table is None:
            text.append("\n" + t("classroom.pane.compare_unshared"), style="dim")
        return text

    def presenters_runs(self, run: RunSummary) -> list[int] | None:
        """Each run the presenter's curves show (`run.series`) by its index in this pane's plan, which is
        of the presenter's settings when it has as many runs: as each series says (a grid's pair among its
        32 runs), or, from an older presenter whose series do not say, the runs this pane's curves view
        shows (a comparison's all, a grid's pair of the cell the presenter's cursor named). None when
        that cannot be told (another plan; an older presenter's grid whose curves name no cell)."""
        plan = self.shown_plan()
        if plan is None or run.runs != len(plan.runs):
            return None
        runs = [series.run for series in run.series]
        if None in runs:
            if plan.groups > 1 and self.cell is None:
                return None
            runs = self.visible_runs()
        return runs if len(runs) == len(run.series) and all(0 <= i < len(plan.runs) for i in runs) else None

    def presenters_names(self, run: RunSummary) -> list[str]:
        """The presenter's runs by name: this pane's own names for them (in the reader's language) when
        its plan, of the same settings, tells which runs they are; else as the presenter's legend said."""
        plan, runs = self.shown_plan(), self.presenters_runs(run)
        if runs is None:
            return [series.name for series in run.series]
        return [plan.runs[i].spec.name for i in runs]

    def presenters_legend(self, run: RunSummary) -> list[str]:
        """The curves' legend of the presenter's runs, as the presenter's own reads: a grid's pair by
        what tells them apart ("with batch norm", "without": its cell's scale is in the grid), a
        comparison's runs by name; in the reader's language where the runs are known."""
        plan, runs = self.shown_plan(), self.presenters_runs(run)
        if runs is not None and plan.groups > 1:
            return [plan.runs[i].spec.label for i in runs]
        return self.presenters_names(run)

    def presenters_name(self, run: RunSummary, name: str) -> str | None:
        """This pane's own name for the presenter's run it calls `name` (its best one, `run.leader`): of
        the runs its curves show or of its table's rows (a grid's best is seldom in the cell shown);
        None when neither has it, or this pane's plan is not of the presenter's runs."""
        plan, table = self.shown_plan(), self.presenters_table
        known = dict(zip((series.name for series in run.series), self.presenters_runs(run) or []))
        if plan is not None and table is not None and table.runs == len(plan.runs) == run.runs:
            known = {row.name: row.run for row in table.rows} | known
        return plan.runs[known[name]].spec.name if name in known else None
