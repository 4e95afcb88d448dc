"""The comparison panes of chapter 6: several networks trained in one job on the same mini-batches.

Views (keys 1–3): runs (before a run, what each run changes and the data; after, the final table:
accuracies, train–test gap, best epoch, time), curves (the runs' smoothed losses, training and test
accuracies overlaid, one plot each, a legend above) and, for batch normalization, the grid (16 weight
scales, each a small chart of the training accuracy with and without, filled in as the job goes;
the current cell drawn large beside it or under it, `,` and `.` choose it once the job is over, `z` draws
it in place of the grid: under the grid beside a lesson's text at 80×24 it would have two rows, and is left
out). The grid is offered only for more than one weight scale (6.3's step of one pair has its curves).

A click on a run's row of the table, or on its name in the curves' legend, picks it (`,` and `.` go
through the runs): its curves are drawn last, on top of the others, and bold, the others dimmed, its row
and its legend's name reversed; a second click, or Escape, shows them all alike again.

g starts, space pauses and resumes, x stops (the runs so far stay). The job is
`workbench.models.compare.Comparison`, as `workbench compare` runs it. The pane shows the run of the
settings in use, or their plan: a lesson step that changes them (6.3 step 3 back to 2) keeps the run
shown till then for when they are back (`show_the_settings_run`), its job going on out of sight.

The views are drawn by the modules beside this one (compare_table, compare_curves, compare_grid);
compare_follow is what a presenter shares and a follower draws, compare_kept the runs kept for other
settings, set aside and taken up again; this module lays the pane out, says where the runs are (status,
progress, plan), and runs the job.
"""
from __future__ import annotations

import math
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from workbench.app.messages import CursorMoved, RunMoved
from workbench.app.no_break import figures, together
from workbench.app.panes.base import Pane, failure_text
from workbench.app.panes.compare_curves import DIMMED, CompareCurves
from workbench.app.panes.compare_follow import CompareFollowing
from workbench.app.panes.compare_grid import CompareGrid, GridControls
from workbench.app.panes.compare_kept import CompareKept
from workbench.app.panes.kept_key import KeptKey
from workbench.app.panes.compare_table import CompareTable, pct
from workbench.app.panes.compare_views import COLORS, GRID_CELL, PICKED_RUN, rgb_style
from workbench.app.panes.run_controls import KEEP_FINISHED, FittedView, RunControls, view_tabs
from workbench.app.panes.train_curves import PlotCaption
from workbench.app.panes.train_views import progress_line
from workbench.app.plotting import Plot, legend_mark
from workbench.app.styles import pane_css
from workbench.classroom.compare import CompareSummary
from workbench.classroom.run import RunSummary
from workbench.app.widgets.in_place import update_in_place
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.view_tabs import ViewTabs
from workbench.app.widgets.view_switcher import ViewSwitcher
from workbench.i18n import t
from workbench.i18n.cells import wrap_even
from workbench.i18n.numbers import grouped
from workbench.jobs import JobDone, JobProgress
from workbench.models.compare import (ComparePlan, CompareStarted, Comparison, GroupStarted, RunEnded, RunEpoch,
                                      RunResult, RunStep, load_comparison_data, points, short_scale, signed)
from workbench.models.train import fmt_time

# Importers (the tests) take these from here, as before the pane's parts had modules of their own.
__all__ = ["BatchNormPane", "ComparePane", "FreePane", "GridPane", "OptimizersPane", "OverfittingPane",
           "WeightInitPane", "DIMMED", "GRID_CELL", "PICKED_RUN", "pct", "points", "short_scale", "signed"]


class ComparePane(CompareTable, CompareCurves, CompareGrid, CompareFollowing, CompareKept, KeptKey, RunControls,
                  Pane):
    """Runs of a comparison preset as one job; curves overlaid, a final table (and the grid)."""

    PANE = "compare"
    LONG_JOBS = ("run",)
    VIEWS: tuple[str, ...] = ("runs", "curves")
    FIRST = "loss"
    """The plot a short curves view keeps: the loss (figures 6-9 and 6-15) or the accuracies (6-18, 6-21)."""
    RUN_FIELDS = {"plan": lambda: None, "data": lambda: None, "losses": dict, "accs": dict, "results": dict,
                  "failures": dict, "group": int, "cell": lambda: None, "progress": dict, "message": str,
                  "state": lambda: "idle", "picked": lambda: None}
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "start", id="compare.start"),
        Binding("space", "pause", id="compare.pause"),
        Binding("space", "resume", id="compare.resume"),
        Binding("x", "stop", id="compare.stop"),
        Binding("1", "view(0)", id="compare.view_1", show=False),
        Binding("2", "view(1)", id="compare.view_2", show=False),
        Binding("3", "view(2)", id="compare.view_3", show=False),
        Binding("comma", "pick(-1)", id="compare.pick_back", show=False, group=Binding.Group("pick")),
        Binding("full_stop", "pick(1)", id="compare.pick_next", show=False, group=Binding.Group("pick")),
        Binding("escape", "unpick", id="compare.unpick", show=False),
        Binding("k", "kept", id="compare.kept"),
    ]
    view: reactive[str] = reactive("runs", init=False)

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.state = "idle"          # idle, loading, training, paused, done
        self.message = ""
        self.plan: ComparePlan | None = None       # the plan of the run shown (None before one)
        self.data = None
        self.losses: dict[int, list[float]] = {}
        self.accs: dict[int, list[tuple[int, float, float]]] = {}
        self.results: dict[int, RunResult] = {}
        self.failures: dict[int, str] = {}
        self.group = 0
        self.cell: int | None = None               # the grid cell drawn large (None: the current one)
        self.picked: int | None = None              # the run drawn on top and bold (None: all alike)
        self.zoomed = False                         # the large cell drawn in place of the grid (`z`)
        self.zoom_hinted = False                    # the large cell's caption names `z`
        self.progress: dict[str, Any] = {}
        self._shown: dict[str, Any] = {}
        self._loss_drawn = self._accuracy_drawn = 0.0
        self._loss_key: tuple | None = None        # what the plots were last drawn from: redrawn only when it changed
        self._epochs_drawn: tuple | None = None
        self.presenters_run: RunSummary | None = None
        self.presenter_waits = False     # a follower's own runs go on, the presenter's are held back
        """The comparison of the presenter this app follows, whose curves are drawn in place of the pane's own."""
        self.presenters_table: CompareSummary | None = None
        """Its table and grid cells, as its figures said (None: none came)."""
        self.keep_no_runs()

    def on_mount(self) -> None:
        """Take up the runs a pane of this name set aside as it went (`take_up`), once Pane's on_mount,
        which Textual calls after this one, has computed the settings' plan."""
        self.call_later(self.take_up)

    # -- layout ------------------------------------------------------------------------------------

    def compose_pane(self) -> ComposeResult:
        yield ViewTabs(id="compare-tabs")
        yield Static(id="compare-status")
        yield Static(id="compare-progress")
        with ViewSwitcher(initial=f"view-{self.view}", id="compare-views"):
            with MarkedScroll(id="view-runs"):
                yield Static(id="compare-table")
            with FittedView("fit_curves", id="view-curves"):
                yield Static(id="compare-legend")
                yield Static(id="compare-curves-empty")
                yield Plot(id="compare-loss", classes="compare-plot")
                yield Static(id="compare-loss-caption", classes="compare-caption")
                with Horizontal(id="compare-accuracies"):
                    with Vertical(id="compare-train-half", classes="compare-half"):   # apart: its caption filled
                        yield Plot(id="compare-train", classes="compare-plot")   # its half, touching the next
                        yield PlotCaption(id="compare-train-caption", classes="compare-caption")
                    with Vertical(classes="compare-half"):
                        yield Plot(id="compare-test", classes="compare-plot")
                        yield PlotCaption(id="compare-test-caption", classes="compare-caption")
            if "grid" in self.VIEWS:
                with Vertical(id="view-grid"):
                    yield Static(id="compare-grid")
                    with Vertical(id="compare-cell-box"):
                        yield Static(id="compare-cell-legend")
                        yield Plot(id="compare-cell")
                        yield Static(id="compare-cell-caption", classes="compare-caption")

    def watch_view(self, view: str) -> None:
        """Switch at once (the tabs and the last pictures); redraw the plots after that frame, so a key
        is answered before plotext rebuilds anything."""
        if (switcher := self.query_one_optional("#compare-views", ViewSwitcher)) is None:
            return                          # not composed yet: it will be, showing this view
        switcher.current = f"view-{view}"
        self.put("#compare-tabs", self.tabs())
        self._shown.pop("#compare-table", None)
        self.call_after_refresh(self.refresh_view)
        self.refresh_bindings()
        self.post_message(CursorMoved())

    def action_view(self, index: int) -> None:
        if 0 <= int(index) < len(self.VIEWS) and self.VIEWS[int(index)] in self.offered_views():
            self.view = self.VIEWS[int(index)]

    def offered_views(self) -> tuple[str, ...]:
        """The views that have something to show, in the order of VIEWS (their keys stay 1, 2, 3): the
        grid only for a plan of more than one weight scale (a single pair's grid is one cell, drawn
        larger by its curves view), or while following a presenter that shows one (the same view)."""
        plan = self.shown_plan()
        grid = plan is not None and plan.groups > 1
        return tuple(v for v in self.VIEWS if v != "grid" or grid or (v == self.view and self.follows()))

    def follows(self) -> bool:
        """Whether this app follows a presenter now: its views are the presenter's."""
        following = getattr(self.app, "following", None)
        return following is not None and following.attached

    def width(self) -> int:
        return max(20, self.size.width - 2)

    def put(self, selector: str, content: Any) -> None:
        """Update a Static only when its content changed (progress arrives four times a second), laying
        the screen out again only when its rows did (`update_in_place`): a follower's every position
        updated the status, progress, tabs and table, each a layout of the whole screen."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            update_in_place(self.query_one(selector, Static), content)

    def shown_plan(self) -> ComparePlan | None:
        """The plan of the run on screen, else of the settings as they are."""
        return self.plan if self.plan is not None else self.result

    # -- rendering ---------------------------------------------------------------------------------

    def show(self, plan: ComparePlan) -> None:
        self.show_the_settings_run()
        if self.view not in self.offered_views():      # a step of one pair after the grid's (6.3 step 3 to 2)
            self.view = "runs"
            return
        self.put("#compare-tabs", self.tabs())
        self.show_status()
        if self.view == "runs":
            self.put("#compare-table", self.table_text() if self.shown_results() else self.plan_text(plan))
        elif self.view == "curves":
            self.show_curves()
        elif self.view == "grid":
            self.show_grid()

    def tabs(self) -> Text:
        return view_tabs(self.offered_views(), self.view, "compare", self.size.width)

    def show_status(self) -> None:
        self.put("#compare-status", self.status_text())
        lines = self.progress_lines()
        self.put("#compare-progress", "\n".join(lines))
        self.query_one("#compare-progress", Static).display = bool(lines)

    def status_text(self) -> Text:
        if self.presenters_run is not None:
            return self.presenters_status(self.presenters_run)
        plan = self.shown_plan()
        runs = len(plan.runs) if plan else 0
        elsewhere = self.elsewhere_line()
        if self.state == "idle" and elsewhere:          # not "Ready: g trains": g waits for that run
            key, values, elsewhere = "pane.run_elsewhere", {}, ""
        elif self.state == "idle" and self.let_go_line():    # "… not kept …; g trains them again"
            key, values = "pane.run_let_go", {"keep": KEEP_FINISHED}
        elif self.state == "idle":
            key, values = "compare.status.idle" + (".one" if runs == 1 else ""), {"runs": runs}
        elif self.state == "loading":
            key, values = "compare.status.loading", {}
        elif self.state in ("training", "paused"):
            key = f"compare.status.{self.state}"
            values = {"done": len(self.results), "runs": runs}
        else:
            best = self.best_result()
            key = "compare.status.stopped" if self.stopped_short(runs) else "compare.status.done"
            if best is None:            # stopped before any run reported: not "best test accuracy -- (--)"
                key = "compare.status.stopped.none" + (".one" if runs == 1 else "")
            values = {"done": len(self.results), "runs": runs,
                      "acc": pct(best.final_test_acc) if best else "", "name": best.name if best else ""}
        text = Text(figures(t(key, **values)), style="bold")         # "정확도 95.5 %" on one row
        if self.message:
            text.append("  " + self.message)
        if elsewhere:
            text.append("\n" + elsewhere, style="dim")
        self.add_kept_line(text, "compare.status.kept")     # the learner's own runs, out of sight: k
        if self.presenter_waits:
            text.append("\n" + t("classroom.pane.own_run", key="x"), style="dim")
        return text

    def best_result(self) -> RunResult | None:
        """The finished run with the best final test accuracy, if any."""
        finished = [r for r in self.results.values() if math.isfinite(r.final_test_acc)]
        return max(finished, key=lambda r: r.final_test_acc, default=None)

    def stopped_short(self, runs: int) -> bool:
        """Whether the comparison ended before all `runs` reported, or one of them was stopped."""
        return len(self.results) < runs or any(r.stop_reason == "stopped" for r in self.results.values())

    def progress_lines(self) -> list[str]:
        info, width = self.progress, self.width()
        run = self.presenters_run
        if run is not None:
            if not run.iterations or run.state not in ("running", "paused"):
                return []
            return [progress_line(t("compare.progress.all"), run.iteration / run.iterations, width)]
        data = (wrap_even(self.data.short_text(), width)       # "images" not alone on a row (120×40 beside the text)
                if self.data is not None and self.state != "idle" else [])
        if self.state not in ("training", "paused") or not info.get("total"):
            return data
        fraction = info.get("done", 0) / info["total"]
        tail = t("compare.progress.left", left=fmt_time(info.get("seconds_left", math.nan)))
        label = (t("compare.progress.cell", cell=info.get("group", 0) + 1, cells=info.get("groups", 1))
                 if info.get("groups", 1) > 1 else t("compare.progress.all"))
        return data + [progress_line(label, fraction, width, tail)]

    def plan_text(self, plan: ComparePlan) -> Text:
        text = Text()
        title = "compare.plan.title" + (".one" if len(plan.runs) == 1 else "")
        text.append(t(title, runs=len(plan.runs), preset=t(f"compare.plan.preset.{plan.preset}")), style="bold")
        if plan.groups > 1:
            first = plan.runs[0]
            text.append("\n" + t("compare.plan.grid", groups=plan.groups, pair=", ".join(
                r.spec.label for r in plan.runs if r.spec.group == first.spec.group)))
        else:
            for i, run in enumerate(plan.runs):
                text.append(f"\n{legend_mark(self.app, i)} ", style=rgb_style(self.app, COLORS[i % len(COLORS)]))
                text.append(run.spec.name, style="bold")
                if run.unnamed and " ".join(f"{k}={v}" for k, v in run.unnamed) != run.spec.name:   # "lr=0.1" named so
                    label, value = self.entry.setting_label, self.entry.choice_label
                    text.append("  " + ", ".join(together(f"{label(k)} = {value(k, v)}") for k, v in run.unnamed),
                                style="dim")        # as the dialog labels them: 활성화 함수 = ReLU, not activation=relu
        first = plan.runs[0]
        text.append("\n" + t("compare.plan.network", net=" / ".join(dict.fromkeys(r.network_name for r in plan.runs)),
                             hidden="×".join(map(str, first.spec.hidden)),
                             params=" / ".join(dict.fromkeys(f"{r.param_count:,}" for r in plan.runs))))
        data = plan.data
        if data.present:
            text.append("\n" + t("train.plan.data", name=data.label, where=data.where))
        else:
            text.append("\n" + t("compare.plan.missing", name=data.label),
                        style=self.app.theme_variables["text-warning"])
        iterations = sorted({run.iterations for run in plan.runs})
        text.append("\n" + t("compare.plan.steps", train=grouped(plan.train_images), test=grouped(plan.test_images),
                             iterations="/".join(map(grouped, iterations)), total=grouped(plan.total_iterations)))
        grid = plan.groups > 1 and "grid" in self.VIEWS
        text.append("\n" + t("compare.plan.start_grid" if grid else "compare.plan.start"), style="dim")
        return text

    # -- keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return not self.running()
        if action in ("pause", "resume"):
            return self.pause_key_fits(action)
        if action == "stop":
            return self.running()
        if action == "view":
            index = int(parameters[0])
            return 0 <= index < len(self.VIEWS) and self.VIEWS[index] in self.offered_views()
        if action == "pick":
            plan = self.shown_plan()
            return plan is not None and plan.groups == 1 and len(plan.runs) > 1 and self.state != "idle" \
                or self.presenters_run is not None and len(self.presenters_run.series) > 1
        if action == "unpick":
            return self.picked is not None
        if action == "kept":
            return self.kept_target() is not None
        if action == "zoom":
            plan = self.shown_plan()
            return self.view == "grid" and plan is not None and plan.groups > 1
        if action == "cell":
            if not (self.view == "grid" and self.plan is not None and self.plan.groups > 1):
                return False
            plan = self.shown_plan()             # dim at the first and the last cell, where it moves nowhere
            return plan is None or 0 <= self.shown_cell() + int(parameters[0]) < plan.groups or None
        return True

    def action_start(self) -> None:
        if self.running() or self.result is None:
            return
        settings, plan = self.settings, self.result
        self.plan, self.job_settings, self.data = plan, plan.settings, None
        self.losses = {i: [] for i in range(len(plan.runs))}
        self.accs = {i: [] for i in range(len(plan.runs))}
        self.results, self.failures, self.group, self.cell, self.picked = {}, {}, 0, None, None
        self.progress, self.message, self.state = {}, "", "loading"
        self._shown.clear()
        self._epochs_drawn = self._loss_key = None
        wanted = "grid" if plan.groups > 1 and "grid" in self.VIEWS else "curves"
        if self.view == "runs" or (self.view in ("curves", "grid") and self.view != wanted):
            self.view = wanted     # a grid's run on the grid (6.3 step 3 after step 2's curves), a pair's on its curves

        def work(ctx):
            data = load_comparison_data(settings)
            return Comparison(settings, data, plan).run(ctx)

        self.start_job("run", work)
        self.refresh_bindings()
        self.refresh_view()

    def job_progress(self, name: str, event: JobProgress) -> None:
        kept = self.job_run_kept()
        if kept is not None:                 # its settings are not in use: it goes on out of sight
            with kept.in_place_of(self):
                self.take(event.items)
                self.follow(event)
            self.show_status()
            return
        self.take(event.items)
        if any(isinstance(item, (RunEpoch, RunEnded)) for item in event.items):
            self.post_message(RunMoved())       # a presenter's followers see the epoch now
        self.follow(event)
        self.show_status()
        if self.view == "curves":
            self.show_curves(live=True)
        elif self.view == "grid":
            self.show_grid()
        elif self.view == "runs" and self.results:
            self.put("#compare-table", self.table_text())

    def take(self, items) -> None:
        for item in items:
            if isinstance(item, RunStep):
                self.losses.setdefault(item.run, []).append(item.loss)
            elif isinstance(item, RunEpoch):
                self.accs.setdefault(item.run, []).append((item.epoch, item.train_acc, item.test_acc))
            elif isinstance(item, RunEnded):
                self.results[item.run] = item.result
            elif isinstance(item, GroupStarted):
                self.group = item.group
            elif isinstance(item, CompareStarted):
                self.data = item.data

    def job_done(self, name: str, event: JobDone) -> None:
        if self.ended_out_of_sight(event):
            return
        self.end_run(event)
        self._shown.clear()
        self._epochs_drawn = self._loss_key = None
        self.refresh_bindings()
        self.refresh_view()
        self.call_after_refresh(self.refresh_view)   # again once the lines above (status, data) have their height
        self.post_message(RunMoved())

    def end_run(self, event: JobDone) -> None:
        """The run's last items and its end (a failure's message; idle again if no run reported)."""
        self.take(event.items)
        self.state = "done"
        if event.reason == "failed":
            self.message = failure_text(event)
            self.state = "idle" if not self.results else "done"


class GridPane(GridControls, ComparePane):
    """The batch-norm comparison: its grid of weight scales besides the runs and the curves."""

    VIEWS = ("runs", "curves", "grid")
    BINDINGS = [
        Binding("comma", "cell(-1)", id="compare.cell_back", group=Binding.Group("cell")),   # ", . Cell": a pair
        Binding("full_stop", "cell(1)", id="compare.cell_next", group=Binding.Group("cell")),
        Binding("z", "zoom", id="compare.zoom"),
    ]


class OptimizersPane(ComparePane):
    PANE = "compare-optimizers"


class WeightInitPane(ComparePane):
    PANE = "compare-weight-init"


class BatchNormPane(GridPane):
    PANE = "compare-batch-norm"
    FIRST = "accuracy"


class OverfittingPane(ComparePane):
    PANE = "compare-overfitting"
    FIRST = "accuracy"


class FreePane(ComparePane):
    PANE = "compare"
