"""The training pane: train a network of the book as a job and watch it learn; then look inside.

Views (keys 1–5): setup (the settings and what they would train), curves (loss per iteration, raw
and smoothed, accuracy per epoch, progress), results (test accuracy, confusion matrix, misclassified
test images), filters (the first layer's filters before training and after, one test image's
feature maps) and draw (a digit drawn by hand, classified by the trained network).

g starts a run, space pauses and resumes, x stops; `,` and `.` move the post-run views through the
epochs (every epoch's parameters and test predictions are kept in memory); w saves the network,
l loads the one saved for these settings; d downloads the data set when it is missing.
The run is `workbench.models.train.TrainingRun` in a job, as `workbench train` runs it. The pane
shows the run of the settings in use, or their plan: a lesson step, the settings dialog or the palette
that changes them keeps the run shown till then for when they are back (`show_the_settings_run`, shared
with the comparisons in `run_controls`), its job going on out of sight.

The view modules beside it each draw one view (train_curves, train_results, train_filters, train_drawing),
train_epochs keeps the epoch they show, train_status the lines above them, train_files saves, loads and
downloads, train_follow what a presenter shares and a follower draws, train_kept the runs kept for other
settings, set aside and taken up, and across a language switch; this module lays the pane out, shows the
settings' plan, and runs the job.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.reactive import reactive
from textual.widgets import Input, Static

from workbench.app.messages import CursorMoved, RunMoved, WantsRoom
from workbench.app.panes.base import Pane, failure_text
from workbench.app.panes.kept_key import KeptKey
from workbench.app.panes.run_controls import KeptRun, RunControls, view_tabs
from workbench.app.panes.train_curves import PlotCaption, TrainCurves
from workbench.app.panes.train_drawing import TrainDrawing
from workbench.app.panes.train_epochs import TrainEpochs
from workbench.app.panes.train_files import TrainFiles
from workbench.app.panes.train_filters import TrainFilters
from workbench.app.panes.train_follow import TrainFollowing
from workbench.app.panes.train_kept import TrainKept
from workbench.app.panes.train_results import TrainResults
from workbench.app.panes.train_status import TrainStatus
from workbench.app.panes.train_views import chain_lines
from workbench.app.plotting import Plot
from workbench.app.settings_form import SettingField, SettingsForm
from workbench.app.styles import pane_css
from workbench.app.widgets.digit_canvas import DigitCanvas
from workbench.app.widgets.in_place import update_in_place
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.view_tabs import KeyedStatic, ViewTabs
from workbench.app.widgets.view_switcher import ViewSwitcher
from workbench.classroom.results import ResultsSummary
from workbench.classroom.run import RunSummary
from workbench.i18n import t
from workbench.i18n.numbers import grouped
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models import train_mine
from workbench.models.train import (EpochRecord, TrainingData, TrainingRun, TrainPlan, TrainSettings,
                                    build_network, fmt_time, load_data, test_split_only)
from workbench.models.mine import MineFailure, printed_lines
from workbench.nn.trainer import StepEvent, StopEvent

VIEWS = ("setup", "curves", "results", "filters", "draw")
FORM_KEYS = ("net", "dataset", "optimizer", "lr", "epochs", "batch_size", "train_size", "test_size", "seed",
             "conv", "impl")
SMOOTHING = 0.9
PREDRAW_EVERY = 1.0
"""Seconds between two drawings of the newest epoch's results while training (TrainPane.epoch_ended)."""


class RunStarted:
    """The first item of a run: the data and the run (read on the UI thread only once it is over)."""

    def __init__(self, data: TrainingData, training: TrainingRun | None):
        self.data, self.training = data, training


FILTER, EPOCH, FILTERS_EPOCH, PAIR, DIGIT = map(Binding.Group, ("filter", "epoch", "filters_epoch", "pair", "digit"))
"""The pairs of keys the footer lists as one item under one label (`train.key.filter`: ", . Filter")."""


class TrainPane(TrainStatus, TrainCurves, TrainEpochs, TrainResults, TrainFilters, TrainDrawing, TrainFiles,
                TrainFollowing, TrainKept, KeptKey, RunControls, Pane):
    """Train a network as a job, with live curves; then its confusion matrix, mistakes and filters."""

    PANE = "train"
    VIEWS = VIEWS
    """The views, keys 1–5 (a presenter's cursor names one)."""
    LONG_JOBS = ("run",)
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "start", id="train.start"),
        Binding("space", "pause", id="train.pause"),
        Binding("space", "resume", id="train.resume"),
        Binding("x", "stop", id="train.stop"),
        Binding("i", "explain", id="train.explain", show=False),      # the folded line names it
        Binding("comma", "filter(-1)", id="train.filter_back", group=FILTER),   # the filters view: its own , .
        Binding("full_stop", "filter(1)", id="train.filter_next", group=FILTER),
        Binding("comma", "epoch(-1)", id="train.back", group=EPOCH),
        Binding("full_stop", "epoch(1)", id="train.step", group=EPOCH),
        Binding("less_than_sign", "filters_epoch(-1)", id="train.filters_back", group=FILTERS_EPOCH,
                show=False),                                     # its scrubber names them
        Binding("greater_than_sign", "filters_epoch(1)", id="train.filters_step", group=FILTERS_EPOCH,
                show=False),
        *(Binding(str(i + 1), f"view('{name}')", id=f"train.view_{name}", show=False)
          for i, name in enumerate(VIEWS)),
        Binding("left_square_bracket", "pair(-1)", id="train.pair_back", group=PAIR, show=False),
        Binding("right_square_bracket", "pair(1)", id="train.pair_next", group=PAIR, show=False),
        Binding("escape", "unpick", id="train.unpick", show=False),
        Binding("left_square_bracket", "digit(-1)", id="train.digit_back", group=DIGIT, show=False),
        Binding("right_square_bracket", "digit(1)", id="train.digit_next", group=DIGIT, show=False),
        Binding("w", "save", id="train.save", show=False),
        Binding("l", "load", id="train.load", show=False),
        Binding("d", "download", id="train.download", show=False),
        Binding("e", "draw", id="train.draw"),
        Binding("c", "clear", id="train.clear"),
        Binding("k", "kept", id="train.kept"),
    ]
    view: reactive[str] = reactive("setup", init=False)
    RUN_FIELDS = {"state": lambda: "idle", "message": str, "losses": list, "smooth": list, "_average": float,
                  "records": list, "epoch_shown": lambda: None, "digit": int, "stop": lambda: None,
                  "explaining": bool, "data": lambda: None, "training": lambda: None, "run_settings": lambda: None,
                  "progress": dict, "continue_from": lambda: None, "mine_run": bool, "failure": lambda: None,
                  "printed": lambda: None,
                  "pair": lambda: None, "picked": lambda: None}

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.state = "idle"          # idle, loading, training, paused, done
        self.message = ""            # what the status line says besides the state (saved, loaded, ...)
        self.losses: list[float] = []
        self.smooth: list[float] = []
        self._average = 0.0
        self.records: list[EpochRecord] = []
        self.epoch_shown: int | None = None     # None: the latest record
        self.digit = 0
        self.stop: StopEvent | None = None
        self.explaining = False
        """A stop's whole explanation is shown in place of the views (`i`), where it was folded to its cause."""
        self._folds = False
        self.data: TrainingData | None = None
        self.training: TrainingRun | None = None
        self.run_settings: TrainSettings | None = None
        self.progress: dict[str, Any] = {}
        self.download_progress: tuple[int, int, str] | None = None
        self._viewer = None
        self._viewer_key: tuple | None = None
        self._drawn: dict[str, tuple] = {}
        self._views: dict[tuple, tuple] = {}
        self._predrawn_at = float("-inf")
        self._predraw_timer = None
        self.drawing: np.ndarray | None = None
        self._shown: dict[str, Text | str] = {}
        self._loss_drawn = 0.0
        self.folded_note = False
        """Whether a lesson folded its text away for this pane's run (the status says how to undo it)."""
        self.continue_from: Path | None = None
        """The file loaded last (l): the next start (g) goes on from its parameters."""
        self.mine_run = False
        """The run shown trained the learner's own parts (impl = mine), in the sandbox's child."""
        self.failure: MineFailure | None = None
        """How the learner's code failed in that run, or None."""
        self.printed: dict | None = None
        """What the learner's code printed in that run ({"lines", "count"}), or None."""
        self.pair: tuple[int, int] | None = None
        """The cell of the confusion matrix (true, predicted) whose mistakes the results list (None: all)."""
        self.picked: int | None = None
        """The test image the results draw large with the network's answer (None: none)."""
        self.presenters_run: RunSummary | None = None
        self.presenter_waits = False     # a follower's own run goes on, the presenter's is held back
        """The run of the presenter this app follows, drawn in place of the pane's own (which it keeps)."""
        self.presenters_epoch: int | None = None
        """The epoch the presenter stepped its results or filters back to (None: its latest)."""
        self.presenters_results: ResultsSummary | None = None
        """The confusion matrix of the presenter's epoch shown, as its figures said."""
        self.kept_runs: list[KeptRun] = []
        self.let_go: list = []
        self.job_settings: TrainSettings | None = None

    # -- layout ------------------------------------------------------------------------------------

    def compose_pane(self) -> ComposeResult:
        yield ViewTabs(id="train-tabs")
        with MarkedScroll(id="train-status-box"):     # what went wrong and what to try may run past its rows
            yield Static(id="train-status")
        yield Static(id="train-progress")
        with ViewSwitcher(initial=f"view-{self.view}", id="train-views"):
            with MarkedScroll(id="view-setup"):
                yield SettingsForm(self.entry, self.settings, keys=FORM_KEYS, compact=True, focus_help=True,
                                   id="train-form")
                yield Static(id="train-plan")
            with Vertical(id="view-curves"):
                with Container(id="train-plots"):
                    with Vertical(id="train-loss-box", classes="train-plot"):
                        yield Plot(id="train-loss")
                        yield PlotCaption(id="train-loss-caption", classes="train-caption")
                    with Vertical(id="train-accuracy-box", classes="train-plot"):
                        yield Plot(id="train-accuracy")
                        yield PlotCaption(id="train-accuracy-caption", classes="train-caption")
                yield Static(id="train-epoch-text")
            with MarkedScroll(id="view-results"):
                yield KeyedStatic(id="train-scrubber-results", classes="train-scrubber")
                yield Static(id="train-confusion")
                yield Static(id="train-pairs")
                yield Static(id="train-misclassified")
            with MarkedScroll(id="view-filters"):
                yield KeyedStatic(id="train-scrubber-filters", classes="train-scrubber")
                yield Static(id="train-filters")
                yield Static(id="train-feature-maps")
            with MarkedScroll(id="view-draw"):
                yield DigitCanvas(id="train-canvas")
                yield Static(id="train-draw")

    def on_mount(self) -> None:
        super().on_mount()
        for field in self.query(SettingField):    # one line a field (the app's sheet spaces them for the dialog)
            field.styles.margin = (0, 0, 0, 0)
            field.query_one(".setting-name").styles.width = 12
            field.query_one(".setting-hint").styles.padding = (0, 0, 0, 12)
        self.call_later(self.take_up)

    def watch_view(self, view: str) -> None:
        self.explaining = False              # a view asked for is shown, in place of a stop's explanation
        if (switcher := self.query_one_optional("#train-views", ViewSwitcher)) is not None:   # else composed with it
            switcher.current = f"view-{view}"
        self.refresh_view()
        self.refresh_bindings()              # e and c belong to the draw view, [ ] and Escape to some
        self.post_message(CursorMoved())

    def action_view(self, name: str) -> None:
        self.view = name

    @on(Input.Submitted)
    def _back_to_keys(self, event: Input.Submitted) -> None:
        """After Enter in a field, the pane's keys (g, space, …) work again."""
        self.call_after_refresh(self.focus)

    # -- rendering ---------------------------------------------------------------------------------

    def show(self, plan: TrainPlan) -> None:
        self.show_the_settings_run()
        self.show_tabs()
        self.show_status()
        if self.view == "setup":
            self.query_one("#train-plan", Static).update(self.plan_text(plan))
        elif self.view == "curves":
            self.show_curves()
        elif self.view == "results":
            self.show_results()
        elif self.view == "filters":
            self.show_filters()
        elif self.view == "draw":
            board = self.query_one("#view-draw")
            layout = "horizontal" if self.size.width >= 60 else "vertical"     # bars beside or under
            if board.styles.layout is None or board.styles.layout.name != layout:
                board.styles.layout = layout        # the bars' width is known once laid out: drawn again then
                self.call_after_refresh(self.show_prediction)
            self.show_prediction()

    def tabs(self) -> Text:
        """The views and their keys, every one named (on two rows where one does not hold them: beside
        a lesson's text at 80 columns)."""
        return view_tabs(VIEWS, self.view, "train", self.size.width, wrap=True)

    def show_tabs(self) -> None:
        """The tabs, with their rows as their height. Left to `auto`, the height of an earlier drawing
        stayed: after a language switch from the palette the new pane drew its tabs before it had a
        width (a tab a row), and its redraw at its width came while that layout was still pending, which
        Textual (8.2) lays out with the box model it had already measured: empty rows under the tabs."""
        tabs = self.tabs()
        self.put("#train-tabs", tabs)
        self.query_one("#train-tabs").styles.height = len(tabs.plain.splitlines()) or 1

    def width(self) -> int:
        return max(20, self.size.width - 2)

    def put(self, selector: str, content: Text | str) -> None:
        """Update a Static only when its content changed (progress arrives four times a second), laying
        the screen out again only when its rows did (`update_in_place`)."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            update_in_place(self.query_one(selector, Static), content)

    def plan_text(self, plan: TrainPlan) -> Text:
        s = plan.settings
        text = Text()
        if self.failure is not None:
            text.append_text(self.failure_text())
            text.append("\n\n")
        elif self.printed:
            text.append("\n".join(printed_lines(self.printed)) + "\n\n", style="dim")
        text.append(t("train.plan.network", net=plan.network_name, params=f"{plan.param_count:,}"), style="bold")
        text.append("\n" + chain_lines([name for name, _, _ in plan.layers], self.width()))
        if s.impl == "mine":
            name, theirs = train_mine.optimizer_name(s)
            optimizer = t("mine.train.optimizer_theirs" if theirs else "mine.train.optimizer_library", name=name)
            text.append("\n" + t("mine.train.parts", parts=", ".join(train_mine.parts(s)), folder=s.folder,
                                 optimizer=optimizer), style="bold")
            text.append("\n" + t("mine.train.limit", limit=fmt_time(train_mine.time_limit(plan)),
                                 rate=f"{train_mine.SLOWEST:g}"))
        data = plan.data
        if data.present:
            text.append("\n" + t("train.plan.data", name=data.label, where=data.where))
        else:
            colors = self.app.theme_variables
            missing = "train.plan.missing_test_split" if test_split_only(data.name) else "train.plan.missing"
            text.append("\n" + t(missing, name=data.label), style=colors["text-warning"])
        text.append("\n" + t("train.plan.steps", train=grouped(plan.train_images), test=grouped(plan.test_images),
                             per_epoch=grouped(plan.iter_per_epoch), total=grouped(plan.max_iter)))
        if s.uses_conv and s.impl == "library":
            text.append("\n" + t(f"train.plan.conv.{s.conv}"))
        text.append("\n" + t("train.plan.start"), style="dim")
        return text

    # -- keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "load"):
            return not self.running()
        if action in ("pause", "resume"):                     # their process cannot pause
            return self.pause_key_fits(action) and not self.mine_run
        if action == "stop":
            return self.running()
        if action == "filter":
            return self.filter_check(int(parameters[0]))
        if action == "epoch":
            return len(self.records) > 1 and not self.filters_count()     # the filters view's , . choose
        if action == "filters_epoch":
            return len(self.records) > 1 and self.view == "filters"
        if action in ("draw", "clear"):
            return self.view == "draw"
        if action == "pair":
            return self.view == "results" and self.shown_matrix() is not None
        if action == "digit":
            return self.view != "results"
        if action == "unpick":
            return self.view == "results" and (self.pair is not None or self.picked is not None)
        if action == "explain":
            return self.folds_stop()
        if action == "kept":
            return self.kept_target() is not None
        return True

    def action_start(self) -> None:
        if not self.running():
            load, self.continue_from = self.continue_from, None
            self.begin(load=load if load is not None and load.is_file() else None)

    def begin(self, load: Path | None, train: bool = True) -> None:
        """Start a run (or, with train False, only load `load` and evaluate it) as the 'run' job."""
        settings = self.settings
        self.run_settings = self.job_settings = settings
        self.losses, self.smooth, self._average = [], [], 0.0
        self.records, self.epoch_shown, self.stop, self.explaining = [], None, None, False
        self.pair = self.picked = None
        self.progress, self.message, self.state = {}, "", "loading"
        self.mine_run, self.failure = settings.impl == "mine", None
        plan = self.result
        self._drawn.clear()
        self._views.clear()
        if train:                   # a new run: its curves are what moves (the old results are gone)
            self.view = "curves"

        def work(ctx):
            data = load_data(settings)
            if settings.impl == "mine":             # their code, in the sandbox's child
                ctx.emit(RunStarted(data, None))
                return train_mine.train(plan, ctx)
            if not train:
                network = build_network(settings)
                run = TrainingRun(settings, data, network=network, load=load)
                ctx.emit(RunStarted(data, run), run.record())
                return None
            run = TrainingRun(settings, data, load=load)
            ctx.emit(RunStarted(data, run))
            return run.run(ctx)

        self.start_job("run", work)
        self.refresh_bindings()
        self.refresh_view()
        if train:
            self.post_message(WantsRoom(self))

    def room_made(self) -> None:
        """A lesson folded its text away to give the curves the width: say, while training, how to get
        it back."""
        self.folded_note = True
        self.show_status()

    # -- job events (UI thread) --------------------------------------------------------------------

    def job_progress(self, name: str, event: JobProgress) -> None:
        if name == "download":
            self.download_progress = (int(event.done), int(event.total or 1), event.info.get("file", ""))
            self.show_status()
            return
        kept = self.job_run_kept()
        if kept is not None:                 # its settings are not in use: it goes on out of sight
            with kept.in_place_of(self):
                self.take_progress(event)
            self.show_status()
            return
        before = self.state
        ended = self.take_progress(event)
        if self.state != before:
            self.refresh_bindings()
        self.show_status()
        if self.view == "curves":
            self.show_curves(live=True)
        if ended:
            self.epoch_ended()
            self.post_message(RunMoved())        # a presenter's followers see the epoch now

    def take_progress(self, event: JobProgress) -> bool:
        """Add a progress event's items to the run, its figures and state; whether an epoch ended."""
        ended = self.take(event.items)
        if event.info:
            self.progress = {**event.info, "done": event.done, "total": event.total}
        if self.state == "loading" and self.progress:
            self.state = "training"
        if event.paused:
            self.state = "paused"
        return ended

    def epoch_ended(self) -> None:
        """Draw the newest epoch's results now, while no key waits, so that `3`, `,` and `.` find it
        drawn (drawing it takes 30-80 ms of the interface's time). A results or filters view that
        follows the newest epoch shows it at once; one moved back to an earlier epoch keeps it, and
        only the newest epoch's results are made ready. At most once a second: a short run ends its
        epochs faster than that. Under a dialog it is only made ready, and shown once the dialog
        has closed (redrawn under a dialog, the pane was drawn again as the dialog closed: Escape
        then took 70-100 ms of the interface instead of 8)."""
        wait = self._predrawn_at + PREDRAW_EVERY - time.monotonic()
        if wait > 0:
            if self._predraw_timer is None:
                self._predraw_timer = self.set_timer(wait, self._predraw)
            return
        self._predraw()

    def _predraw(self) -> None:
        self._predraw_timer = None
        self._predrawn_at = time.monotonic()
        if not self.records or self.data is None or not self.is_attached or not self.children:
            return
        if self.screen is not self.app.screen:        # under the settings dialog or the palette: its
            self._make_newest_ready()                 # closing would redraw the pane, so draw it later
            self._predraw_timer = self.set_timer(PREDRAW_EVERY, self._predraw)
            return
        if self.epoch_shown is None and self.view == "filters":
            self.show_filters()
        elif self.epoch_shown is None:
            self.show_results()
        else:
            if self.view in ("results", "filters"):      # "epoch 2/5": the count of epochs moves on
                self.put(f"#train-scrubber-{self.view}", self.scrubber(self.shown_record()))
            self._make_newest_ready()

    def _make_newest_ready(self) -> None:
        """The newest epoch's results view, made and kept (`_views_of`) but not put on screen."""
        record = self.records[-1]
        self._views_of(self.results_key(record), record, lambda: self.results_views(record))

    def take(self, items) -> bool:
        """Add the job's items to the run's record; whether an epoch ended among them."""
        ended = False
        for item in items:
            if isinstance(item, StepEvent):
                self.losses.append(item.loss)
                n = len(self.losses)
                self._average = SMOOTHING * self._average + (1 - SMOOTHING) * item.loss
                self.smooth.append(self._average / (1 - SMOOTHING ** n))
            elif isinstance(item, EpochRecord):
                self.records.append(item)
                ended = True
            elif isinstance(item, StopEvent):
                self.stop = item
            elif isinstance(item, RunStarted):
                self.data, self.training = item.data, item.training
                self.digit = 0
        return ended

    def job_done(self, name: str, event: JobDone) -> None:
        if name == "download":
            self.download_progress = None
            if event.reason == FINISHED:
                self.message = t("train.download.done", name=event.result)
                self._recompute(self.settings)
            else:
                first = (event.message or "").splitlines()[0] if event.message else ""
                self.message = t("train.download.failed", reason=first or failure_text(event))
            self.refresh_view()
            return
        if self.ended_out_of_sight(event):
            return
        self.end_run(event)
        self._drawn.clear()
        self._views.clear()
        self.refresh_bindings()
        self.refresh_view()
        self.post_message(RunMoved())

    def end_run(self, event: JobDone) -> None:
        """The run's last items and its end: done, or idle again if nothing was trained; a failure's
        message, or what was loaded."""
        self.take(event.items)
        self.state = "done" if self.records or self.stop else "idle"
        if isinstance(event.result, MineFailure):
            self.failure = event.result
            self.state = "done" if self.records else "idle"
        self.printed = getattr(event.result, "printed", None)
        if event.reason == "failed":
            self.message = failure_text(event)
            self.state = "idle"
        elif self.training is not None and self.training.loaded and not self.losses:
            epoch = self.training.loaded_epoch
            self.message = (t("train.load.loaded", epoch=epoch, path=self.training.loaded) if epoch is not None
                            else t("train.load.loaded_unknown", path=self.training.loaded))
