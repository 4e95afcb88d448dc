"""The hyper-parameter search pane: random trials of learning rate and weight decay, scored on
validation images carved from the training data (never the test set, and the pane says so).

Views (keys 1–3): setup (the split, the ranges, what a trial is), scatter (each trial's validation
accuracy at its log lr and log λ, filling in as trials finish, the best five marked; under it the
best five's validation curves) and best (the best five listed, with their seeds).

g starts, space pauses and resumes, x stops (the trials so far stay), r narrows both ranges to what
the best five span and searches again. The job is `workbench.models.search.Search`, as
`workbench search` runs it.

A follower of a presenter searches nothing: the presenter's trials come with the position
(`show_presenters_figures`, `workbench.classroom.search`) and its views draw them in place of the
pane's own until the student takes over; the view shown is the presenter's (`follow_cursor`).
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widgets import Static

from workbench.app.messages import CursorMoved
from workbench.app.no_break import figures, together
from workbench.app.panes.base import Pane, failure_text
from workbench.app.panes.compare_table import pct, table_width
from workbench.app.panes.compare_views import (COLORS, PLOT_FRAME, epoch_ticks, legend, percent_axis_of,
                                                plotted_rows, text_table)
from workbench.app.panes.kept_key import KeptKey
from workbench.app.panes.run_controls import SET_ASIDE, FittedView, RunControls, view_tabs
from workbench.app.panes.search_clicks import SearchClicks
from workbench.app.panes.train_views import progress_line
from workbench.app.plotting import Figure, Plot, legend_marks, nice_ticks, theme_rgb
from workbench.app.styles import pane_css
from workbench.app.widgets.in_place import update_in_place
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.view_tabs import ViewTabs
from workbench.app.widgets.view_switcher import ViewSwitcher
from workbench.classroom.run import RunSummary
from workbench.classroom.search import SearchSummary
from workbench.i18n import t
from workbench.i18n.numbers import MINUS
from workbench.jobs import JobDone, JobProgress
from workbench.models.compare_settings import OPTIMIZER_NAMES
from workbench.models.scatter import BEST_MARKER, BOTH, CHOSEN_MARKER, LOWER_MARKER, OTHER_MARKER, shared_cells
from workbench.models.search import (BEST, Search, SearchPlan, TrialResult, TrialStarted, load_search_data,
                                     narrowed, of_the_best, one_of, ranked, scatter_groups)
from workbench.models.train import SYNTHETIC, fmt_time

VIEWS = ("setup", "scatter", "best")


SCATTER_ROWS = 6
"""The fewest rows the scatter is drawn in above the curves: three of points, its frame and its x axis (its
log λ ticks are as many as keep a row each, `row_ticks`)."""
CURVE_ROWS = 8
"""The fewest rows the best five's validation curves get (five of curves): at 80×24 with the text folded
they got two, labelled 100 and 0, and curves at 17 % and 56 % read as one band."""


class SearchPane(SearchClicks, KeptKey, RunControls, Pane):
    PANE = "search"
    LONG_JOBS = ("run",)
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "start", id="search.start"),
        Binding("space", "pause", id="search.pause"),
        Binding("space", "resume", id="search.resume"),
        Binding("x", "stop", id="search.stop"),
        Binding("r", "narrow", id="search.narrow"),
        Binding("k", "kept", id="search.kept"),
        *(Binding(str(i + 1), f"view('{name}')", id=f"search.view_{name}", show=False)
          for i, name in enumerate(VIEWS)),
    ]
    view: reactive[str] = reactive("setup", init=False)
    RUN_FIELDS = {"state": lambda: "idle", "message": str, "trials": list, "current": lambda: None,
                  "data": lambda: None, "run_settings": lambda: None, "progress": dict, "failed": bool, "chosen": lambda: None}
    RANGES = ("lr_min", "lr_max", "wd_min", "wd_max")

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.state = "idle"
        self.message = ""
        self.trials: list[TrialResult] = []
        self.current: TrialStarted | None = None
        self.data = None
        self.run_settings = None
        self.progress: dict[str, Any] = {}
        self.failed = False
        """Whether the last search ended in an error (its message says which)."""
        self.chosen: int | None = None
        """The index of the trial a click chose, said in the status (search_clicks; None: none)."""
        self._shown: dict[str, Any] = {}
        self.presenters: SearchSummary | None = None
        """The search of the presenter this app follows, drawn in place of the pane's own."""
        self._presenters_trials: list[TrialResult] = []
        self.scatter_both = False
        """Whether the scatter as last drawn has BOTH in a cell (its caption then names it)."""
        self.keep_no_runs()

    def on_mount(self) -> None:
        """Take up the trials a search pane set aside as it went (`take_up`), once Pane's on_mount,
        which Textual calls after this one, has computed the settings' plan."""
        self.call_later(self.take_up)

    def take_up(self) -> None:
        """The searches a search pane set aside as it went (`RunControls.take_up`), drawn at once; a search
        narrowed (r) from the ranges in use, left shown, is shown again with its ranges in the settings (the
        search of those ranges kept), not the step's own search the learner had gone on from."""
        left, view = SET_ASIDE.get(self.app, {}).get(self.PANE, (None, None, (None, None)))[2]
        super().take_up()
        if left != self.run_settings and self.narrowed_from_these(left) \
                and self.apply(**{k: getattr(left, k) for k in self.RANGES}):
            self.show_the_settings_run()            # as the new settings are drawn, if not already
            if self.run_settings == left:
                self.view = view or self.view
        self._shown.clear()
        self.refresh_bindings()
        self.refresh_view()

    def narrowed_from_these(self, settings) -> bool:
        """Whether `settings`, kept, differ from those in use in their ranges alone (r narrowed them)."""
        s = self.result.settings if self.result is not None else None
        return settings is not None and s is not None and any(k.settings == settings for k in self.kept_runs) \
            and replace(settings, **{k: getattr(s, k) for k in self.RANGES}) == s

    def leave(self) -> None:
        """Stop the search, and set its trials aside for the next search pane (`set_aside`)."""
        super().leave()
        self.set_aside()

    def run_made_with(self):
        return self.run_settings

    def lighten(self, values: dict[str, Any]) -> None:
        """A search set aside keeps what its status says of its data (its name and sizes), not the images
        (the synthetic digits' 500 held 1.6 MB)."""
        data = values.get("data")
        if data is not None:
            values["data"] = replace(data, **{name: np.empty((len(getattr(data, name)), 0), np.uint8)
                                              for name in ("x_train", "t_train", "x_val", "t_val")})

    def compose_pane(self) -> ComposeResult:
        yield ViewTabs(id="search-tabs")
        yield Static(id="search-status")
        yield Static(id="search-progress")
        with ViewSwitcher(initial=f"view-{self.view}", id="search-views"):
            with MarkedScroll(id="view-setup"):
                yield Static(id="search-plan")
            with FittedView("fit_scatter", id="view-scatter"):
                yield Static(id="search-scatter-empty")
                yield Plot(id="search-scatter")
                yield Static(id="search-scatter-caption", classes="search-caption")
                yield Plot(id="search-curves")
                yield Static(id="search-curves-caption", classes="search-caption")
            with MarkedScroll(id="view-best"):
                yield Static(id="search-best")

    def watch_view(self, view: str) -> None:
        """Switch at once; render the view's content after that frame (see ComparePane.watch_view)."""
        if (switcher := self.query_one_optional("#search-views", ViewSwitcher)) is None:
            return                          # not composed yet: it will be, showing this view
        switcher.current = f"view-{view}"
        self.put("#search-tabs", self.tabs())
        self.call_after_refresh(self.refresh_view)
        self.post_message(CursorMoved())

    def action_view(self, name: str) -> None:
        self.view = name

    def width(self) -> int:
        return max(20, self.size.width - 2)

    def put(self, selector: str, content: Any) -> None:
        """Update a Static only when its content changed, laying the screen out again only when its rows
        did (`update_in_place`): a follower's every new trial of the presenter's updated every line."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            update_in_place(self.query_one(selector, Static), content)

    # -- rendering ---------------------------------------------------------------------------------

    def show_the_settings_run(self) -> bool:
        if not super().show_the_settings_run():
            return False
        self._shown.clear()
        self.refresh_bindings()
        return True

    def show(self, plan: SearchPlan) -> None:
        self.show_the_settings_run()
        self.put("#search-tabs", self.tabs())
        self.set_class(self.chosen_trial() is not None, "-chosen")
        self.put("#search-status", self.status_text())
        lines = self.progress_lines()
        self.put("#search-progress", "\n".join(lines))
        self.query_one("#search-progress", Static).display = bool(lines)
        if self.view == "setup":
            self.put("#search-plan", self.plan_text(plan))
        elif self.view == "scatter":
            self.show_scatter()
        else:
            self.put("#search-best", self.best_text())

    def tabs(self) -> Text:
        return view_tabs(VIEWS, self.view, "search", self.size.width)

    def status_text(self) -> Text:
        if self.presenters is not None:
            return self.presenters_status()
        s = self.run_settings or self.settings
        best = ranked(self.trials)[:1]
        values = {"done": len(self.trials), "trials": s.trials,
                  "acc": pct(best[0].val_acc) if best else "--"}
        key = {"idle": "search.status.idle" + (".one" if s.trials == 1 else ""), "loading": "search.status.loading", "training": "search.status.training",
               "paused": "search.status.paused"}.get(self.state)
        if key is None:
            key = "search.status.stopped" if len(self.trials) < s.trials else "search.status.done"
        elsewhere = self.elsewhere_line()
        if self.state == "idle" and elsewhere:          # not "Ready: g runs": g waits for that search
            said, elsewhere = elsewhere, ""
        else:                                           # "… not kept …; g trains them again"
            said = (self.state == "idle" and self.let_go_line()) or figures(
                of_the_best(key, **values) if key == "search.status.done" else t(key, **values))
        text = Text(said, style="bold")                               # "정확도 56.0 %" never split
        if self.message:
            text.append("  " + self.message)
        chosen = self.chosen_line()
        if chosen:                                      # a trial clicked in the table or the scatter
            text.append("\n" + figures(chosen))
        if elsewhere:
            text.append("\n" + elsewhere, style="dim")
        self.add_kept_line(text, "search.status.kept")      # the learner's own search, out of sight: k
        return text

    def progress_lines(self) -> list[str]:
        lines = [self.data.text()] if self.data is not None and self.state != "idle" else []
        info = self.progress
        if self.state in ("training", "paused") and info.get("total"):
            tail = t("compare.progress.left", left=fmt_time(info.get("seconds_left", math.nan)))
            lines.append(progress_line(t("search.progress", done=int(info.get("trials_done", 0)),
                                         total=int(info["total"])), info.get("done", 0) / info["total"],
                                       self.width(), tail))
        return lines

    def plan_text(self, plan: SearchPlan) -> Text:
        s = plan.settings
        text = Text()
        text.append(t("search.plan.title" + one_of(s), trials=s.trials, epochs=s.epochs), style="bold")
        text.append("\n" + t("search.plan.ranges", lr_min=log_value(s.lr_min), lr_max=log_value(s.lr_max),
                             wd_min=log_value(s.wd_min), wd_max=log_value(s.wd_max)))
        if not plan.data.present:           # first: the line under it names the images used instead
            text.append("\n" + t("compare.plan.missing", name=plan.data.label),
                        style=self.app.theme_variables["text-warning"])
        text.append("\n" + t("search.plan.split", first=s.train_size, train=plan.train_images,
                             val=plan.validation_images, name=plan.used_label))
        text.append("\n" + t("search.plan.honest"), style=f"bold {self.app.theme_variables['text-success']}")
        text.append("\n" + t("search.plan.network" + (".one" if plan.iterations_per_trial == 1 else ""),
                             hidden="×".join(map(str, s.hidden)),
                             optimizer=OPTIMIZER_NAMES.get(s.optimizer, s.optimizer),
                             batch=s.batch_size, iterations=plan.iterations_per_trial))
        text.append("\n" + of_the_best("search.plan.start", s.trials), style="dim")     # "Ready: g runs …" says g
        return text

    def best_text(self) -> Text:
        trials = self.shown_trials()
        if not trials:
            return Text(t("search.best.empty"))
        top = ranked(trials)[:BEST]
        styles = [_rgb(self.app, COLORS[k % len(COLORS)]) + (" bold reverse" if r.index == self.chosen else "")
                  for k, r in enumerate(top)]
        text = Text()
        text.append(of_the_best("search.best.title", len(trials)) + "\n", style="bold")
        text.append_text(best_table(top, styles, self.table_room(), [self.trial_meta(r) for r in top]))
        n = narrowed(self.shown_settings(), trials)
        text.append("\n\n" + of_the_best("search.best.narrow", len(trials), lr_min=log_value(n.lr_min),
                                         lr_max=log_value(n.lr_max), wd_min=log_value(n.wd_min),
                                         wd_max=log_value(n.wd_max)), style="dim")
        text.append("\n" + t("search.best.click"), style="dim")
        return text

    def table_room(self) -> int:
        """Cells the best five's table has: its view's width less a scrollbar, once laid out, also while the
        view has none yet (the table and its lines below bring one, and 6.4's table, fitted a cell too wide
        before, wrapped its seeds under its rows)."""
        view = self.query_one("#view-best")
        room = view.scrollable_content_region.width
        if room and not view.show_vertical_scrollbar:
            room -= view.styles.scrollbar_size_vertical
        return room or self.width()

    def fit_scatter(self) -> None:
        """The curves go where the view has no room for them at `CURVE_ROWS` under a scatter of
        `SCATTER_ROWS` and the captions (the best five are listed in 3 as well): beside a lesson's text
        at 80×24 the scatter is drawn alone. Nothing once the pane is being removed (a call after the
        next refresh finds its views gone when the step moved on meanwhile)."""
        if not self.is_attached or not self.children:
            return
        if not self.shown_trials():                 # no point yet: the line that says so alone (`show_scatter`)
            return
        try:
            height = self.query_one("#view-scatter").size.height
            captions = sum(max(1, self.query_one(selector).size.height)
                           for selector in ("#search-scatter-caption", "#search-curves-caption"))
        except NoMatches:                           # the lesson moved on: its views are being removed, one by one
            return
        short = 0 < height < SCATTER_ROWS + CURVE_ROWS + captions
        for selector in ("#search-curves", "#search-curves-caption"):
            self.query_one(selector).display = not short

    def show_scatter(self) -> None:
        empty = not self.shown_trials()
        self.query_one("#search-scatter-empty").display = empty
        for selector in ("#search-scatter", "#search-scatter-caption"):
            self.query_one(selector).display = not empty
        if empty:                                       # the curves come back with the first point (`fit_scatter`)
            for selector in ("#search-curves", "#search-curves-caption"):
                self.query_one(selector).display = False
            self.put("#search-scatter-empty", self.empty_scatter_text())
            return
        self.fit_scatter()
        self.call_after_refresh(self.fit_scatter)      # again once the status lines above have their height
        key = (len(self.trials), self.app.theme, self.run_settings, self.presenters, self.chosen)
        if self._shown.get("scatter") != key:
            self._shown["scatter"] = key
            self.query_one("#search-scatter", Plot).draw(self._plot_scatter)
            self.query_one("#search-curves", Plot).draw(self._plot_curves)
        self.show_scatter_caption()
        top = ranked(self.shown_trials())[:BEST]
        entries = [(f"#{r.index + 1}", _rgb(self.app, COLORS[k % len(COLORS)])) for k, r in enumerate(top)]
        picked = next((k for k, r in enumerate(top) if r.index == self.chosen), None)     # its name reversed
        curves = legend(entries, self.width(), legend_marks(self.app, len(entries)), picked=picked)
        curves.append("  " + t("search.plot.epochs"), style="dim")
        self.put("#search-curves-caption", curves)

    def empty_scatter_text(self) -> Text:
        """What the scatter will show, in its place before a trial has finished: before a search, what a point
        is and that g starts it; during one, that the first point comes when a trial ends. An empty frame
        and axes stood there, and empty boxes under them."""
        if self.presenters is None and self.state in ("idle", "done"):
            return Text(t("search.scatter.empty.idle"))
        s = self.shown_settings()
        return Text(t("search.scatter.empty.running", trials=s.trials))

    def show_scatter_caption(self) -> None:
        """The scatter's legend: each group's marker, BOTH where a cell of the scatter holds two, the axes.
        Nothing once the pane is being removed (called again after the next refresh)."""
        if not self.is_attached or not self.children:
            return
        caption = Text()                 # each entry whole on a line ("● lower" over "half" beside the text)
        for (group, color, fade, marker), key in zip(reversed(self.scatter_groups()), ("top", "upper", "lower")):
            if not group and key != "top":      # five trials or fewer: no other half to name
                continue
            caption.append(f"{marker}\u00a0", style=_rgb(self.app, color, fade))
            caption.append(together(of_the_best("search.plot.top", len(self.scatter_groups()[2][0])) if key == "top"
                                    else t(f"search.plot.{key}")) + "  ")
        if self.scatter_both:                   # named only where the scatter as drawn has a cell of two
            caption.append(f"{BOTH}\u00a0" + together(t("search.plot.both")) + "  ")
        chosen = self.chosen_trial()
        if chosen is not None:                  # the trial clicked, marked over the others (`_plot_scatter`)
            caption.append(f"{CHOSEN_MARKER}\u00a0", style="bold")
            caption.append(together(t("search.plot.chosen", trial=chosen.index + 1)) + "  ", style="bold reverse")
        caption.append(", ".join(together(part) for part in t("search.plot.axes").split(", ")), style="dim")
        self.put("#search-scatter-caption", caption)

    def scatter_axes(self, rows: int) -> tuple[tuple[float, float], tuple[float, float], dict]:
        """The scatter's x and y limits (the ranges with a margin) and its ticks with their labels (for
        `Figure.ticks`), for a plot of `rows` rows of points."""
        s = self.shown_settings()
        x_range = (math.log10(s.lr_min), math.log10(s.lr_max))
        y_range = (math.log10(s.wd_min), math.log10(s.wd_max))
        pad_x = max(0.05 * (x_range[1] - x_range[0]), 0.05)
        pad_y = max(0.05 * (y_range[1] - y_range[0]), 0.05)
        x_limits, y_limits = (x_range[0] - pad_x, x_range[1] + pad_x), (y_range[0] - pad_y, y_range[1] + pad_y)
        ticks = {}
        for axis, (low, high) in (("x", x_range), ("y", y_range)):
            if not high > low:
                values = np.array([low])
            elif axis == "y":           # as many as the rows keep apart: a short scatter mislabelled log λ
                values = row_ticks(low, high, y_limits, rows)
            else:
                values = nice_ticks(low, high, 4)
            ticks[axis] = values
            ticks[f"{axis}_labels"] = [f"{v:g}".replace("-", MINUS) for v in values]     # log₁₀ λ: −8 … −4
        return x_limits, y_limits, ticks

    def scatter_groups(self) -> list[tuple[list[TrialResult], str, float, str]]:
        """The trials in the order they are drawn, each group with its colour, fade and marker (its own,
        so the groups stay apart without colour): the lower half, the upper half, the best five (drawn
        over the others); the halves are the other trials' (`models.search.scatter_groups`)."""
        lower, upper, top = scatter_groups(self.shown_trials())
        return [(lower, "primary", 0.6, LOWER_MARKER), (upper, "primary", 0.0, OTHER_MARKER),
                (top, "success", 0.0, BEST_MARKER)]

    def scatter_shared(self, width: int, height: int) -> list[tuple[float, float, int]]:
        """Where the scatter, `width` × `height` cells with its frame, has trials of two groups in one cell
        (`models.scatter.shared_cells`): (x, y, group on top) for each, where BOTH is drawn."""
        rows = max(1, height - PLOT_FRAME)
        x_limits, y_limits, ticks = self.scatter_axes(rows)
        columns = width - 2 - max(map(len, ticks["y_labels"]))     # less the frame and plotext's y labels
        kinds = [([math.log10(r.lr) for r in group], [math.log10(r.weight_decay) for r in group])
                 for group, *_ in self.scatter_groups()]
        return shared_cells(kinds, x_limits, y_limits, columns, rows)

    def _plot_scatter(self, fig: Figure) -> None:
        x_limits, y_limits, ticks = self.scatter_axes(plotted_rows(fig))
        fig.limits(x=x_limits, y=y_limits)
        fig.ticks(**ticks)
        groups = self.scatter_groups()
        for group, color, fade, marker in groups:
            fig.points([math.log10(r.lr) for r in group], [math.log10(r.weight_decay) for r in group],
                       color=color, fade=fade, marker=marker)
        shared = self.scatter_shared(fig.plot.size.width, fig.plot.size.height)
        for x, y, kind in shared:
            _, color, fade, _ = groups[kind]          # a trial hid another here: BOTH, in the colour on top
            fig.points([x], [y], color=color, fade=fade, marker=BOTH)
        chosen = self.chosen_trial()
        if chosen is not None:                    # the trial clicked, over every other point in its cell
            fig.points([math.log10(chosen.lr)], [math.log10(chosen.weight_decay)], color="foreground",
                       marker=CHOSEN_MARKER)
        if bool(shared) != self.scatter_both:     # the caption names BOTH when this picture has it (a resize,
            self.scatter_both = bool(shared)      # the status lines' height, can move trials into one cell)
            self.call_later(self.show_scatter_caption)

    def _plot_curves(self, fig: Figure) -> None:
        """The best five's validation accuracy by epoch, the y axis spanning what they reach."""
        s = self.shown_settings()
        curves = self.presenters_curves()
        lines = []
        for r in ranked(self.shown_trials())[:BEST]:
            epochs, accs = (curves.get(r.index, ([], [])) if curves is not None
                            else (range(1, len(r.val_accs) + 1), r.val_accs))
            lines.append((list(epochs), [100 * a for a in accs], r.index == self.chosen))
        fig.limits(x=(0, s.epochs))
        fig.ticks(**epoch_ticks(fig, s.epochs))
        percent_axis_of(fig, [a for _, accs, _ in lines for a in accs])
        order = sorted(range(len(lines)), key=lambda k: lines[k][2])      # the chosen trial's drawn last, on top
        for k in order:
            epochs, accs, chosen = lines[k]
            fig.line(epochs, accs, color=COLORS[k % len(COLORS)], curve=k, bold=chosen)

    # -- for a presenter's followers -----------------------------------------------------------------

    def shown_trials(self) -> list[TrialResult]:
        """The trials the views draw: the presenter's while this app follows a search, else the pane's own."""
        return self._presenters_trials if self.presenters is not None else self.trials

    def shown_settings(self):
        """The settings the trials shown were drawn with: the presenter's ranges and epochs for its trials."""
        shown, settings = self.presenters, self.run_settings or self.settings
        if shown is None:
            return settings
        return replace(settings, lr_min=shown.lr_range[0], lr_max=shown.lr_range[1], wd_min=shown.wd_range[0],
                       wd_max=shown.wd_range[1], epochs=shown.epochs)

    def presenters_curves(self) -> dict[int, tuple[list[int], list[float]]] | None:
        """The presenter's best trials' validation curves by trial, as (epochs, accuracies); None for the pane's own."""
        if self.presenters is None:
            return None
        return {trial.index: ([p[0] for p in trial.curve], [p[1] for p in trial.curve])
                for trial in self.presenters.trials if trial.curve}

    def presenters_status(self) -> Text:
        """"The presenter's search: 7 trials, best validation accuracy 91.2 % · trained on the presenter's
        computer, drawn here"."""
        best = ranked(self._presenters_trials)[:1]
        acc = pct(best[0].val_acc) if best and math.isfinite(best[0].val_acc) else "--"
        text = Text(figures(t("classroom.pane.search", done=len(self._presenters_trials), acc=acc)), style="bold")
        text.append(" · " + t("classroom.pane.read_only"), style="dim")
        return text

    def shared_figures(self) -> SearchSummary | None:
        """The trials so far, which a presenter shares with its followers (None before a search)."""
        settings = self.run_settings
        if settings is None or self.state == "idle" or self.presenters is not None:
            return None
        trials = list(self.trials)          # a copy: a trial may end meanwhile
        return SearchSummary.of((settings.lr_min, settings.lr_max), (settings.wd_min, settings.wd_max),
                                settings.epochs, trials, ranked(trials)[:BEST])

    def show_presenters_figures(self, shared, settings: dict[str, str]) -> None:
        """Draw the presenter's trials (`shared`; None: the pane's own again), unless a search of the
        pane's own is going (the student's, from before they followed again)."""
        shared = shared if isinstance(shared, SearchSummary) and not self.running() else None
        if shared == self.presenters:
            return
        self.presenters = shared
        self._presenters_trials = [] if shared is None else [
            TrialResult(trial.index, trial.seed, trial.lr, trial.weight_decay,
                        math.nan if trial.val_acc is None else trial.val_acc,
                        math.nan if trial.train_acc is None else trial.train_acc,
                        tuple(p[1] for p in trial.curve), (), None, 0.0) for trial in shared.trials]
        self._shown.clear()
        self.refresh_bindings()
        self.refresh_view()

    def shared_cursor(self) -> str:
        """The view shown ("" for the setup, where a step starts): followers show the same."""
        return "" if self.view == "setup" else self.view

    def follow_cursor(self, text: str) -> None:
        """Show the view a presenter shows; text that names none changes nothing."""
        view = text or "setup"
        if view in VIEWS:
            self.view = view

    def shared_run(self) -> RunSummary | None:
        """The search in a few figures, which a presenter shares with its followers (None before it
        starts): trials done of how many, and the best validation accuracy so far with its lr and λ."""
        settings = self.run_settings
        if settings is None or self.state == "idle":
            return None
        if self.state in ("loading", "training", "paused"):
            state = "paused" if self.state == "paused" else "running"
        else:
            state = "failed" if self.failed else "stopped" if len(self.trials) < settings.trials else "finished"
        best = ranked(self.trials)[:1]
        best = best[0] if best and math.isfinite(best[0].val_acc) else None
        plan = self.result
        dataset = getattr(self.data, "name", None) or (
            settings.dataset if plan is not None and plan.data.present else SYNTHETIC)
        asked = settings.dataset if dataset == SYNTHETIC != settings.dataset else ""        # said why
        return RunSummary.rounded("MultiLayerNet", dataset, state, asked=asked, kind="search", runs=settings.trials,
                                  runs_done=len(self.trials), val_acc=best.val_acc if best else None,
                                  leader=f"lr={best.lr:.3g} λ={best.weight_decay:.2g}" if best else None)

    # -- keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return not self.running()
        if action in ("pause", "resume"):
            return self.pause_key_fits(action)
        if action == "stop":
            return self.running()
        if action == "narrow":
            return not self.running() and len(self.trials) >= 2
        if action == "kept":
            return self.kept_target() is not None
        return True

    def action_start(self) -> None:
        if self.running() or self.result is None:
            return
        settings = self.settings
        self.run_settings, self.trials, self.current, self.data = settings, [], None, None
        self.job_settings = settings
        self.progress, self.message, self.state, self.failed, self.chosen = {}, "", "loading", False, None
        self._shown.clear()
        if self.view == "setup":
            self.view = "scatter"

        def work(ctx):
            data = load_search_data(settings)
            ctx.emit(data)
            return Search(settings, data).run(ctx)

        self.start_job("run", work)
        self.refresh_bindings()
        self.refresh_view()

    def action_narrow(self) -> None:
        """Cut both ranges to the best five's and search again (the settings change: the form shows it)."""
        if self.running() or len(self.trials) < 2:
            return
        done = len(self.trials)                 # counted first: the new settings put this search aside
        if self.apply(**{k: getattr(narrowed(self.run_settings or self.settings, self.trials), k)
                         for k in ("lr_min", "lr_max", "wd_min", "wd_max")}):
            self.action_start()
            self.message = of_the_best("search.narrowed", done)

    def job_progress(self, name: str, event: JobProgress) -> None:
        kept = self.job_run_kept()
        if kept is not None:                 # its settings are not in use: it goes on out of sight
            with kept.in_place_of(self):
                self.take(event.items)
                self.follow(event)
            self.put("#search-status", self.status_text())
            return
        self.take(event.items)
        self.follow(event)
        self.refresh_view()

    def take(self, items) -> None:
        from workbench.models.search import SearchData

        for item in items:
            if isinstance(item, TrialResult):
                self.trials.append(item)
            elif isinstance(item, TrialStarted):
                self.current = item
            elif isinstance(item, SearchData):
                self.data = item

    def job_done(self, name: str, event: JobDone) -> None:
        if self.ended_out_of_sight(event):
            return
        self.end_run(event)
        self._shown.clear()
        self.refresh_bindings()
        self.refresh_view()

    def end_run(self, event: JobDone) -> None:
        """The search's last trials and its end: stopped (x, or the pane left), finished or failed."""
        self.take(event.items)
        self.state = "done"
        if event.reason == "failed":
            self.message, self.failed = failure_text(event), True
            self.state = "idle" if not self.trials else "done"


def row_ticks(low: float, high: float, limits: tuple[float, float], rows: int) -> list[float]:
    """Round ticks from low to high, as many (four down to two) as fall on rows of their own in a plot
    of `rows` rows spanning `limits`: plotext prints only one of two labels on a row, a wrong one."""
    for count in (4, 3, 2):
        ticks = [float(v) for v in nice_ticks(low, high, count)]
        places = [round((v - limits[0]) / (limits[1] - limits[0]) * (rows - 1)) for v in ticks]
        if len(set(places)) == len(places):
            return ticks
    return [low, high]


def _rgb(app, name: str, fade: float = 0.0) -> str:
    return "rgb({},{},{})".format(*theme_rgb(app, name, fade))


BEST_COLUMNS = ("trial", "lr", "wd", "val", "train", "seed")
NARROW_COLUMNS = (0, 1, 2, 3, 5)
"""The best five's columns beside a lesson's text: the training accuracy goes (6.4's text names the seeds)."""
FITS = ((tuple(range(len(BEST_COLUMNS))), False, 3), (NARROW_COLUMNS, False, 3), (NARROW_COLUMNS, True, 3),
        (NARROW_COLUMNS, True, 2), (NARROW_COLUMNS[:-1], True, 2))
"""The best five's table, widest first: (columns, short headings, figures of lr and λ); the seed goes last,
only where even a 10-digit seed would wrap under its row (a click on a row names its seed)."""


def log_value(value: float, figures: int = 3) -> str:
    """A learning rate or weight decay as the search writes it, to 3 figures (or `figures`): 0.00934, 5.36e−4,
    1e−8 (a true minus, no padded exponent), so the best five's table fits beside a lesson's text."""
    if value == 0 or abs(value) >= 1e-3:
        return f"{value:.{figures}g}".replace("-", MINUS)
    mantissa, exponent = f"{value:.{figures - 1}e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}".replace("-", MINUS)


def best_table(top: list[TrialResult], styles: list[str], width: int, metas=None) -> Text:
    """The best five in `width` cells, the first of `FITS` that fits (else the narrowest): every column,
    else without the training accuracy, else with short headings too ("#", "λ", "val."), else lr and λ to
    2 figures, else without the seeds: 6.4's table wrapped each trial's seed under its row at 80×24."""
    right = (False, True, True, True, True, True)
    for columns, short, digits in FITS:
        rows = [[f"#{r.index + 1}", log_value(r.lr, digits), log_value(r.weight_decay, digits), pct(r.val_acc),
                 pct(r.train_acc), str(r.seed)] for r in top]
        headers = [t(f"search.table.{key}" + ("_short" if short and key in ("trial", "wd", "val") else ""))
                   for key in BEST_COLUMNS]
        table = text_table([headers[i] for i in columns], [[row[i] for i in columns] for row in rows],
                           [right[i] for i in columns], styles, metas)
        if table_width(table) <= width:
            break
    return table
