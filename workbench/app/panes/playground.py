"""The playground: a small network learning to separate two classes of points, its boundary redrawn live.

The map shows the plane coloured by the class the network predicts at each point and by how sure it
is, with the training points on top; beside it (below it, in a narrow pane) the loss and the accuracy
grow epoch by epoch. A narrow pane (a lesson's, beside the text) has NARROW_NUMBERS cells beside the map:
there the numbers take their short captions and where the run is gets the whole width under the map. Space trains (a job in the one job runner, at the `speed` setting's pace) and
pauses; `.` runs one epoch, or moves forward through the epochs already run; `,` goes back through
them; `r` starts again from the initial weights; `[` and `]` show each hidden unit's own output over
the plane, then the network's again; `1`–`5` choose the points, `a` the activation, `n` new points
and weights (the next seed). Changing what a run depends on starts it over, and keeps it running if
it was; the run it leaves is set aside (a few are kept), and coming back to its settings (a lesson's
step before, the data set or activation chosen again, the pane opened again) takes it up where it was.

A follower of a presenter trains nothing: the presenter's curves, latest figures and trained weights
come with the position (`show_presenters_run`) and are drawn in place of the pane's own; the map is
drawn from the presenter's weights when this pane's network has the presenter's shape (hidden layers
and activation as the presenter's settings say), and stays this computer's network, saying so, if not.
A network of more than SMALL_NETWORK parameters sends its weights at most every WEIGHTS_EVERY while it
trains (the latest as soon as it stops), so forty followers do not fetch 10 KB a second each. The epoch
the presenter stepped back to with `,` comes as its cursor, its weights as the run's: the follower
marks that epoch on the plots, says its figures and draws its map.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Static

from workbench.app.messages import CursorMoved
from workbench.app.panes.base import Pane, failure_text
from workbench.app.panes.plane_map import GLYPHS, MapLook, MapPainter, PlaneMap
from workbench.app.plotting import Figure, Plot, legend_mark, nice_ticks, theme_rgb
from workbench.app.styles import pane_css
from workbench.classroom.run import RunSummary
from workbench.i18n import t
from workbench.i18n.cells import cell_len
from workbench.i18n.numbers import grouped, num, percent, significant
from workbench.jobs import FINISHED, JobDone
from workbench.models.playground import (DATASETS, EpochRecord, KeptRuns, PlaygroundPlan, Training, Viewer,
                                         describe_unit, grid, output_field, pixel_of, signed, train_live, unit_field)
from workbench.nn.plane import ACTIVATIONS

REDRAW = 6.0
"""Map redraws a second at most while training."""
PLOT_REDRAW = 1.5
"""Plot redraws a second at most while training (plotext's build is the dearest part of a frame)."""
WIDE = 60
"""Pane width (cells) from which the curves go beside the map rather than under it."""
NUMBERS_WIDE = 7
"""Lines of the numbers beside a wide map."""
NARROW_NUMBERS = 14
NARROW_PLOT = 6
"""In a narrow pane: cells for the numbers beside the map, lines for the plot under it."""
NARROW_STATE = 3
"""In a narrow pane: lines at most of where the run is, under the map (a classroom's words take two)."""
CURVES = {"loss": 0, "train": 1, "test": 2}
"""Each curve's place in the plots' legend, the figures beside the map (the plots have none of their own):
without colour it says the curve's marker, the same in the wide pane's two plots and the narrow one's."""
NARROW_CURVES = ("loss", "test")
"""The curves of a narrow pane's one plot (the wide one draws the training accuracy too)."""
LEGEND_KEYS = ("units", "points", "activation")
"""The legend's key hints (`playground.legend.<name>`), in order; those that do not fit are left out."""
SMALL_NETWORK = 200
"""Parameters up to which a presenter sends its weights with every update of its run (1.6 KB of JSON)."""
WEIGHTS_EVERY = 3.0
"""Seconds between the weights a presenter sends of a larger network while it trains."""


SET_ASIDE: WeakKeyDictionary = WeakKeyDictionary()
"""Each app's runs set aside (models.playground.KeptRuns): one learner's, outliving the pane that ran them."""


def set_aside_runs(app) -> KeptRuns:
    """The runs `app`'s playground panes set aside."""
    return SET_ASIDE.setdefault(app, KeptRuns())


class PlaygroundPane(Pane):
    """Points in the plane, a network from the library trained on them live, and its decision boundary."""

    PANE = "playground"
    LONG_JOBS = ("train",)
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("space", "play", id="playground.play"),
        Binding("comma", "step(-1)", id="playground.back", group=Binding.Group("steps")),
        Binding("full_stop", "step(1)", id="playground.step", group=Binding.Group("steps")),
        Binding("r", "reset", id="playground.reset"),
        Binding("left_square_bracket", "unit(-1)", id="playground.previous_unit", show=False,
                group=Binding.Group("unit")),
        Binding("right_square_bracket", "unit(1)", id="playground.next_unit", group=Binding.Group("unit")),
        Binding("a", "activation", id="playground.activation", show=False),
        Binding("N", "new_seed", id="playground.new_seed", show=False),   # n is the lesson's next step
        *(Binding(str(i + 1), f"dataset({i})", id=f"playground.dataset{i + 1}", show=False)
          for i in range(len(DATASETS))),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.training: Training | None = None
        self.viewer: Viewer | None = None
        self.view_epoch: int | None = None
        """The epoch shown when stepping back through a run; None: the latest."""
        self.message = ""
        self.map_draws = 0
        """How many times the map was drawn (for tests and the benchmark)."""
        self._painter: tuple[str, MapPainter] | None = None
        self._map_key: tuple | None = None
        self._plot_key: tuple | None = None
        self._grid: tuple[int, int, np.ndarray] | None = None
        self._layout: tuple | None = None
        self._state_rows = ""
        self._ticker = None
        self._speed: int | None = None
        self._at_start: bool | None = None
        """Whether `,` was dimmed when the footer was last refreshed (the run shown at epoch 0)."""
        self._shown: dict[str, Any] = {}
        self._plotted = 0.0
        self.presenters_run: RunSummary | None = None
        self.presenter_waits = False     # a follower's own run goes on, the presenter's is held back
        """The run of the presenter this app follows, whose curves and figures are drawn in place of the pane's own."""
        self._presenters_history: list[EpochRecord] = []
        self._presenters_map: tuple[Any, EpochRecord | None] = (None, None)
        """(what it was made from, the presenter's weights as a record the map draws, or None if they do
        not fit this network)."""
        self._presenters_settings: dict[str, str] = {}
        """The presenter's settings (key → text), handed with its run: the hidden layers and activation
        its weights were trained with."""
        self._weights_sent: tuple[float, Any, list] | None = None
        """(when, of which training, the arrays) a presenter last shared."""
        self.presenters_epoch: int | None = None
        """The epoch the presenter stepped back to (its cursor); None: its latest."""

    def compose_pane(self) -> ComposeResult:
        yield Static(id="pg-status")
        with Grid(id="pg-main"):
            yield PlaneMap(id="pg-map")
            yield Static(id="pg-numbers")
            yield Static(id="pg-state")
            yield Plot(id="pg-loss", classes="pg-plot")
            yield Plot(id="pg-accuracy", classes="pg-plot")
        yield Static(id="pg-legend")

    def on_mount(self) -> None:
        super().on_mount()
        self._ticker = self.set_interval(1 / REDRAW, self._tick, pause=True)

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        """Textual's own hook as the layout gives the pane its size: lay the map out again whenever that
        size changed. Opening the keys panel (F1) beside the pane sends it no Resize in Textual 8.2 (the
        reflow compares with a map rebuilt at the new size meanwhile), which left a 40-column map and
        a 3-column status beside it breaking inside its words ("epo" over "ch")."""
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed and self.is_mounted:
            self.call_after_refresh(self.refresh_view)
        return changed

    # -- the run ---------------------------------------------------------------------------------

    def running(self) -> bool:
        job = self.jobs.get("train")
        return job is not None and not job.done

    def show(self, plan: PlaygroundPlan) -> None:
        if self.training is None or self.training.plan.settings.training_key != plan.settings.training_key:
            was_running = self.running()
            self.set_aside()
            self.take_up(plan)
            if was_running:
                self.play()
        elif self.training.plan is not plan:
            self.training.plan = replace(self.training.plan, settings=plan.settings)
            if self.running() and self._speed != plan.settings.speed:
                self.stop_job()
                self.play()
        self.draw()

    def set_aside(self) -> None:
        """Stop the run and keep it aside (set_aside_runs), to be taken up where it was."""
        self.stop_job()
        if self.training is not None:
            set_aside_runs(self.app).put(self.training)

    def take_up(self, plan: PlaygroundPlan) -> None:
        """The plan's run where it was left, if one was set aside; else a fresh one."""
        self.start_over(plan, set_aside_runs(self.app).take(plan))

    def start_over(self, plan: PlaygroundPlan, training: Training | None = None) -> None:
        """Show `training`, or a fresh run of the plan: its network at the initial weights, epoch 0."""
        self.stop_job()
        self.training = training or Training(plan)
        self.viewer = Viewer(plan.settings)
        self.view_epoch = None
        self.message = ""
        self._map_key = self._plot_key = None

    def play(self) -> None:
        """Train from the latest epoch as a job, up to the `epochs` setting (or that many more, past it)."""
        training = self.training
        if training is None or training.problem is not None:
            return
        s = self.settings
        until = s.epochs if training.epoch < s.epochs else training.epoch + s.epochs
        self.view_epoch = None
        self._speed = s.speed
        self.start_job("train", lambda ctx: train_live(training, ctx, until, s.speed))
        self._ticker.resume()
        self.refresh_bindings()

    def stop_job(self) -> None:
        job = self.jobs.get("train")
        if job is not None and not job.done:
            job.cancel()
            job.wait(0.5)       # the epoch under way ends first (a few ms), so the run stands still after
        if self._ticker is not None:
            self._ticker.pause()

    def _tick(self) -> None:
        self.draw()

    def job_done(self, name: str, event: JobDone) -> None:
        self._ticker.pause()
        if event.reason not in (FINISHED, "cancelled"):
            self.message = failure_text(event)
        self.refresh_bindings()
        self.draw()

    # -- keys ------------------------------------------------------------------------------------

    def action_play(self) -> None:
        if self.running():
            self.stop_job()
            self.refresh_bindings()
            self.draw()
        else:
            self.play()
            self.draw()

    def shown_epoch(self) -> int | None:
        """The epoch of the pane's own run on screen: the one stepped back to, else the latest."""
        if self.training is None:
            return None
        return self.training.epoch if self.view_epoch is None else self.view_epoch

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """`,` dimmed at epoch 0 of a run standing still: there is no earlier epoch to go back to (it used
        to say "an earlier epoch" of epoch 0)."""
        if action == "step" and int(parameters[0]) < 0 and self.shown_epoch() == 0 and not self.running():
            return None
        return super().check_action(action, parameters)

    def action_step(self, direction: int) -> None:
        training = self.training
        if training is None:
            return
        if int(direction) < 0 and self.shown_epoch() == 0 and not self.running():
            return
        if self.running():
            self.stop_job()
        latest = training.epoch
        shown = self.shown_epoch()
        if int(direction) < 0:
            self.view_epoch = shown - 1 if shown > 0 else None     # `,` at epoch 0 only stops the run
        elif shown < latest:
            self.view_epoch = None if shown + 1 >= latest else shown + 1
        else:
            training.run_epoch()
            self.view_epoch = None
        self.refresh_bindings()
        self.draw()
        self.post_message(CursorMoved())

    def action_reset(self) -> None:
        was_running = self.running()
        self.start_over(self.result)
        if was_running:
            self.play()
        self.draw()

    def edit(self, key: str, text: str) -> bool:
        """New hidden layers from the settings dialog show the output again if the unit shown is gone."""
        if key == "hidden":
            from workbench.models.settings import SettingError, kinds

            try:
                hidden = kinds(type(self.settings))["hidden"].from_text(key, text)
            except SettingError as exc:
                self.error = exc
                return False
            unit = self.settings.unit if self.settings.unit <= sum(hidden) else 0
            return self.apply(hidden=hidden, unit=unit)
        return super().edit(key, text)

    def action_unit(self, step: int) -> None:
        count = sum(self.settings.hidden) + 1
        self.apply(unit=(self.settings.unit + int(step)) % count)

    def action_activation(self) -> None:
        self.apply(activation=ACTIVATIONS[(ACTIVATIONS.index(self.settings.activation) + 1) % len(ACTIVATIONS)])

    def action_new_seed(self) -> None:
        self.apply(seed=(self.settings.seed + 1) % 2 ** 32)

    def action_dataset(self, index: int) -> None:
        self.apply(dataset=DATASETS[int(index)])

    def leave(self) -> None:
        super().leave()
        if self._ticker is not None:
            self._ticker.pause()
        self.set_aside()

    def show_presenters_run(self, run: RunSummary | None, settings: dict[str, str]) -> None:
        """Draw the presenter's `run` (a follower's pane; None: the pane's own run again), unless a run of
        the pane's own is going (the student's, from before they followed again): then the numbers say so,
        as the classroom line tells of the presenter's. `settings`, the presenter's (key → text), say
        whether its weights fit this pane's network."""
        self._presenters_settings = settings
        waits = run is not None and self.running()
        if waits != self.presenter_waits:
            self.presenter_waits = waits
            self.draw()
        if run is not None and (self.running() or run.kind != "run" or run.runs):
            run = None
        if run == self.presenters_run:
            return
        self.presenters_run = run
        self._presenters_history = [] if run is None else presenters_history(run)
        self._plot_key = self._map_key = None
        if self.viewer is not None:
            self.viewer.shown = None        # the map's network is copied again from whichever record it draws
        self.refresh_bindings()
        self.draw()

    def shared_run(self) -> RunSummary | None:
        """The run in a few figures, which a presenter shares with its followers (None before the
        first epoch): followers of lesson 4.4 see the presenter's run without training themselves."""
        training = self.training
        if training is None or (training.epoch == 0 and not self.running()):
            return None
        s, history = self.settings, list(training.history)[1:]     # a copy: the job appends meanwhile
        record = training.latest
        state = ("running" if self.running() else "failed" if training.problem is not None
                 else "finished" if training.epoch >= s.epochs else "paused")
        return RunSummary.rounded(type(training.network).__name__, s.dataset, state, epoch=training.epoch,
                                  epochs=max(s.epochs, training.epoch), loss=record.loss,
                                  train_acc=record.train_acc, test_acc=record.test_acc,
                                  losses=[r.loss for r in history],
                                  accuracies=[(r.epoch, r.train_acc, r.test_acc) for r in history],
                                  weights=self.weights_to_share(self.shown_record()))

    def weights_to_share(self, record: EpochRecord) -> list | None:
        """The parameter arrays of the epoch shown (the latest, or the one stepped back to) in the
        network's order; while a network larger than
        SMALL_NETWORK trains, those sent last until WEIGHTS_EVERY has passed."""
        training, now, sent = self.training, time.monotonic(), self._weights_sent
        if record.params is None:
            return None
        if (self.running() and self.training.plan.param_count > SMALL_NETWORK and sent is not None
                and sent[1] is training and now - sent[0] < WEIGHTS_EVERY):
            return sent[2]
        arrays = [record.params[key] for key in training.network.params]
        self._weights_sent = (now, training, arrays)
        return arrays

    def shared_cursor(self) -> str:
        """The epoch stepped back to with `,` ("" for the latest); a follower's, the presenter's it marks."""
        epoch = self.marked_epoch()
        return "" if epoch is None else str(epoch)

    def follow_cursor(self, text: str) -> None:
        """Mark the epoch a presenter stepped back to ("" its latest); text that is no epoch changes nothing."""
        if text and not (text.isascii() and text.isdigit() and len(text) <= 6):
            return
        self.presenters_epoch = int(text) if text else None
        self._plot_key = None
        self.draw()

    def presenters_shown(self) -> EpochRecord | None:
        """The presenter's record of the epoch its cursor marks (the last carried at or before it), else its latest."""
        history = self._presenters_history
        if self.presenters_epoch is None or not history:
            return history[-1] if history else None
        return next((r for r in reversed(history) if r.epoch <= self.presenters_epoch), history[0])

    def marked_epoch(self) -> int | None:
        """The epoch the plots mark: the presenter's while its run is drawn, else the one stepped back to."""
        return self.presenters_epoch if self.presenters_run is not None else self.view_epoch

    def presenters_record(self) -> EpochRecord | None:
        """The presenter's latest epoch with its weights, for the map: None when the run carries none, or
        when they do not fit this network (other hidden layers or activation than the presenter's
        settings, or arrays of other sizes than this network's)."""
        run = self.presenters_run
        if run is None or not run.weights:
            return None
        s = self.settings
        key = (run, s.hidden, s.activation, self.training.plan.sizes)
        if self._presenters_map[0] != key:
            self._presenters_map = (key, self._fitted_record(run))
            self._map_key = None
            self.viewer.shown = None
        return self._presenters_map[1]

    def _fitted_record(self, run: RunSummary) -> EpochRecord | None:
        from workbench.classroom.position import settings_text

        theirs, mine = self._presenters_settings, dict(settings_text(self.settings))
        if any(theirs.get(key) != mine.get(key) for key in ("hidden", "activation")):
            return None
        params = self.training.network.params
        if len(run.weights) != len(params) or any(len(w) != p.size for w, p in zip(run.weights, params.values())):
            return None
        return EpochRecord(run.epoch, run.loss if run.loss is not None else float("nan"), run.train_acc or 0.0,
                           run.test_acc or 0.0, {key: np.asarray(w, dtype=p.dtype).reshape(p.shape)
                                                 for w, (key, p) in zip(run.weights, params.items())})

    # -- drawing ---------------------------------------------------------------------------------

    def shown_record(self):
        training = self.training
        return training.latest if self.view_epoch is None else training.record_at(self.view_epoch)

    def map_layout(self) -> tuple[int, int, bool]:
        """(cols, lines, wide) of the map for the pane's size, and the grid's tracks to match."""
        width = max(10, self.size.width)
        status = self.query_one("#pg-status", Static)
        height = max(6, self.size.height - (status.size.height or 1) - 1)
        state = self.query_one("#pg-state", Static)
        wide = width >= WIDE
        if wide:
            lines = height
            cols = min(2 * lines, width - 30)
        else:
            lines = max(4, min(height - NARROW_PLOT - 1, (width - NARROW_NUMBERS) // 2))
            cols = min(2 * lines, width - NARROW_NUMBERS)
        lines = max(3, min(lines, cols // 2))
        cols = 2 * lines
        key = (cols, lines, wide)
        if self._layout != key:
            self._layout, self._state_rows = key, ""
            main = self.query_one("#pg-main", Grid)
            mapped, loss, accuracy = (self.query_one(i) for i in ("#pg-map", "#pg-loss", "#pg-accuracy"))
            main.styles.grid_size_columns = 2
            main.styles.grid_columns = f"{cols} 1fr"
            if wide:
                main.styles.grid_size_rows = 3
                main.styles.grid_rows = f"{NUMBERS_WIDE} 1fr 1fr"
                mapped.styles.row_span = 3
                loss.styles.column_span = 1
                accuracy.display = True
                state.display = False
            else:
                main.styles.grid_size_rows = 3
                main.styles.grid_rows = f"{lines} 1 1fr"
                mapped.styles.row_span = 1
                loss.styles.column_span = 2
                accuracy.display = False
                state.display = True
                state.styles.column_span = 2
            self._plot_key = None
        return cols, lines, wide

    def painter(self) -> MapPainter:
        theme = self.app.theme
        if self._painter is None or self._painter[0] != theme:
            self._painter = (theme, MapPainter(MapLook(theme_rgb(self.app, "background"),
                                                        theme_rgb(self.app, "warning"),
                                                        theme_rgb(self.app, "primary"))))
        return self._painter[1]

    def draw(self) -> None:
        if self.training is None or not self.is_mounted:
            return
        at_start = self.check_action("step", (-1,)) is None
        if at_start != self._at_start:          # `,` dimmed at epoch 0, however the run got there or left it
            self._at_start = at_start
            self.refresh_bindings()
        cols, lines, wide = self.map_layout()
        record = self.shown_record()
        if self.presenters_run is not None:
            record = self.presenters_record() or record
        self.put("#pg-status", self.status_text())
        key = (id(record), self.settings.unit, cols, lines, self.app.theme)
        if key != self._map_key and record.params is not None:
            self._map_key = key
            self.query_one("#pg-map", PlaneMap).show(self.map_lines(record, cols, lines))
            self.map_draws += 1
        shared = self._presenters_history if self.presenters_run is not None else None
        numbers = self.numbers_text(self.presenters_shown() if shared else record,
                                    None if wide else self.size.width - cols - 1)
        self.put("#pg-numbers", numbers, layout=False)
        if not wide:
            self.put_state(self.where_text(), lines)
        self.put("#pg-legend", self.legend_text())
        plot_key = (len(self.training.history), self.marked_epoch(), wide, self.app.theme, self.presenters_run)
        now = time.monotonic()
        if plot_key != self._plot_key and (not self.running() or now - self._plotted >= 1 / PLOT_REDRAW):
            self._plot_key, self._plotted = plot_key, now
            # a copy: the job appends to the list meanwhile
            history = list(shared if shared is not None else self.training.history)
            if wide:
                self.query_one("#pg-loss", Plot).draw(lambda fig: self.plot_loss(fig, history))
                self.query_one("#pg-accuracy", Plot).draw(lambda fig: self.plot_accuracy(fig, history))
            else:
                self.query_one("#pg-loss", Plot).draw(lambda fig: self.plot_both(fig, history))

    def put(self, selector: str, content: Text, layout: bool = True) -> None:
        """Update a Static only when what it shows changed (the ticker redraws several times a second);
        `layout` False for one whose size the grid fixes, so an update does not lay the screen out again."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content, layout=layout)

    def put_state(self, where: Text, lines: int) -> None:
        """Where the run is, under a narrow pane's map, in as many lines (NARROW_STATE at most) as it takes."""
        main = self.query_one("#pg-main", Grid)
        width = max(1, main.size.width or self.size.width)
        height = max(1, min(NARROW_STATE, len(where.wrap(self.app.console, width))))
        rows = f"{lines} {height} 1fr"
        if self._state_rows != rows:
            self._state_rows = rows
            main.styles.grid_rows = rows
        self.put("#pg-state", where)

    def map_lines(self, record, cols: int, lines: int) -> list:
        rows = 2 * lines
        if self._grid is None or self._grid[:2] != (cols, rows):
            self._grid = (cols, rows, grid(cols, rows))
        points = self._grid[2]
        network = self.viewer.show(record)
        plan = self.training.plan
        where = describe_unit(plan, self.settings.unit)
        with np.errstate(all="ignore"):
            if where is None:
                values = signed(output_field(network, points, cols, rows), None)
            else:
                values = signed(unit_field(network, points, cols, rows, *where), self.settings.activation)
        x, labels = plan.points.x_train, plan.points.t_train
        col, row = pixel_of(x, cols, rows)
        return self.painter().draw(values, (col, row, labels))

    def status_text(self) -> Text:
        s, plan = self.settings, self.training.plan
        net = "–".join(map(str, plan.sizes))
        text = Text(t("playground.status", data=t(f"playground.dataset.{s.dataset}"), points=s.points,
                      noise=num(s.noise), net=net, activation=t(f"playground.activation.{s.activation}"), optimizer=_optimizer_name(s.optimizer),
                      lr=num(s.lr)))
        return text

    def state_text(self) -> tuple[str, str]:
        """(words, style) of where the run is."""
        training, colors = self.training, self.app.theme_variables
        if self.presenters_run is not None:
            if not self.presenters_run.weights:
                return t("classroom.pane.playground"), "bold"
            if self.presenters_record() is None:
                return t("classroom.pane.no_map"), f"bold {colors['text-warning']}"
            return t("classroom.pane.playground_map"), "bold"
        if training.problem is not None:
            return training.problem, f"bold {colors['text-error']}"
        if self.running() and self.presenter_waits:
            return t("classroom.pane.own_run", key="space"), f"bold {colors['text-success']}"
        if self.running():
            return t("playground.state.training"), f"bold {colors['text-success']}"
        if self.view_epoch is not None:
            return t("playground.state.looking_back", latest=training.epoch), "bold"
        if training.epoch == 0:
            return t("playground.state.ready"), "bold"
        if training.epoch >= self.settings.epochs:
            return t("playground.state.done"), "bold"
        return t("playground.state.paused"), "bold"

    def numbers_text(self, record, narrow: int | None = None) -> Text:
        """The figures of `record` and what the map shows; then, unless the pane is `narrow` (the column's
        cells beside the map: the map's caption in its short form where the long one does not fit, where
        the run is under the map), where the run is."""
        s, run = self.settings, self.presenters_run
        epochs = run.epochs if run is not None and run.epochs else max(s.epochs, self.training.epoch)
        text = Text()                                   # a presenter's total, not this pane's own settings'
        text.append(t("playground.numbers.epoch", epoch=record.epoch, epochs=max(epochs, record.epoch)),
                    style="bold")
        def figure(name: str, words: str) -> str:
            """The curve's mark, or as many spaces (a figure without a curve lines up with the others)
            where the column has room for them: "train 100.0 %" fills a narrow column."""
            mark = self.curve_mark(name)
            if narrow is None or name in NARROW_CURVES:
                return mark + words
            spaced = " " * cell_len(mark) + words
            return spaced if cell_len(spaced) <= narrow else words
        text.append("\n" + figure("loss", t("playground.numbers.loss", loss=significant(record.loss))),
                    style=self.line_style("loss"))
        text.append("\n" + figure("train", t("playground.numbers.train", acc=percent(record.train_acc))),
                    style=self.line_style("train"))
        text.append("\n" + figure("test", t("playground.numbers.test", acc=percent(record.test_acc))),
                    style=self.line_style("test"))
        text.append("\n" + self.unit_words(narrow), style="italic")
        if narrow is None:
            text.append("\n")
            text.append(self.where_text())
        return text

    def where_text(self) -> Text:
        """Where the run is, and the last job's failure if any."""
        state, style = self.state_text()
        text = Text(state, style=style)
        if self.message:
            text.append("\n" + self.message)
        return text

    def unit_words(self, width: int | None = None) -> str:
        """What the map shows; its short form where the long one is wider than `width` cells."""
        where = describe_unit(self.training.plan, self.settings.unit)
        key, values = "playground.unit.output", {}
        if where is not None:
            layer, unit = where
            key, values = "playground.unit.hidden", dict(layer=layer, unit=unit, units=self.training.plan.sizes[layer])
        words = t(key, **values)
        if width is not None and cell_len(words) > width:
            words = t(f"{key}_short", **values)
        return words

    def legend_text(self) -> Text:
        look = self.painter().look
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(GLYPHS[1] + " ", style="bold rgb({},{},{})".format(*look.class1))
        text.append(t("playground.legend.class1") + "  ")
        text.append(GLYPHS[0] + " ", style="bold rgb({},{},{})".format(*look.class0))
        text.append(t("playground.legend.class0") + "  ")
        width = self.query_one("#pg-legend").size.width
        for index, key in enumerate(LEGEND_KEYS):    # whole hints while they fit: "1–5" without "points" says nothing
            hint = (" · " if index else "") + t(f"playground.legend.{key}")
            if width and text.cell_len + cell_len(hint) > width:
                break
            text.append(hint, style="dim")
        return text

    # -- curves ----------------------------------------------------------------------------------

    LINES = {"loss": ("foreground", 0.0), "train": ("success", 0.4), "test": ("success", 0.0)}
    """Each curve's theme colour and fade; the numbers beside the map are written in the same colours."""

    def curve_mark(self, name: str) -> str:
        """Before each figure whose curve is drawn, in the curve's colour: its bar, or without colour its
        marker (`CURVES`), and a space."""
        return legend_mark(self.app, CURVES[name], cells=1) + " "

    def line_style(self, name: str) -> str:
        color, fade = self.LINES[name]
        return "rgb({},{},{})".format(*theme_rgb(self.app, color, fade))

    def _epochs_axis(self, fig: Figure, history) -> np.ndarray:
        epochs = np.array([r.epoch for r in history], dtype=float)
        last = max(self.settings.epochs, int(epochs[-1]) if len(epochs) else 0, 1)
        fig.limits(x=(0, last))
        ticks = [v for v in nice_ticks(0, last, 4) if v == int(v)]
        fig.ticks(x=ticks, x_labels=[grouped(int(v)) for v in ticks])
        marked = self.marked_epoch()
        if marked is not None:
            fig.vline(marked, color="foreground")
        return epochs

    def plot_loss(self, fig: Figure, history) -> None:
        epochs = self._epochs_axis(fig, history)
        loss = np.array([r.loss for r in history])
        fig.line(epochs, loss, color=self.LINES["loss"][0], fade=self.LINES["loss"][1], curve=CURVES["loss"])
        top = max(float(np.max(loss)) if len(loss) else 1.0, 1e-3) * 1.05
        fig.limits(y=(0, top))
        count = max(3, min(5, fig.plot.size.height // 3))
        ticks = nice_ticks(0, top, count)           # round values rather than plotext's thirds of the range
        if len(ticks) < 2:
            ticks = nice_ticks(0, top, count + 2)
        fig.ticks(y=ticks, y_labels=[f"{v:g}" for v in ticks])

    def plot_accuracy(self, fig: Figure, history) -> None:
        epochs = self._epochs_axis(fig, history)
        fig.limits(y=(40, 100))
        fig.ticks(y=[50, 75, 100], y_labels=["50", "75", "100"])
        fig.line(epochs, [100 * r.train_acc for r in history], color="success", fade=self.LINES["train"][1],
                 curve=CURVES["train"])
        fig.line(epochs, [100 * r.test_acc for r in history], color="success", curve=CURVES["test"])

    def plot_both(self, fig: Figure, history) -> None:
        """A narrow pane's one plot: the loss, and the test accuracy as a fraction, on one axis, from 0 to 1
        or to the loss's largest value above 1 (capped at 1, a loss of 7.58 beside the map was drawn as 1)."""
        epochs = self._epochs_axis(fig, history)
        loss = np.array([r.loss for r in history], dtype=float)
        top, ticks = both_axis(loss)
        fig.limits(y=(0, top))
        fig.ticks(y=ticks, y_labels=[f"{v:g}".removeprefix("0") if 0 < v < 1 else f"{v:g}" for v in ticks])
        fig.line(epochs, loss, color=self.LINES["loss"][0], curve=CURVES["loss"])
        fig.line(epochs, [r.test_acc for r in history], color="success", curve=CURVES["test"])


def both_axis(loss: np.ndarray) -> tuple[float, list[float]]:
    """(top, ticks) of the narrow pane's one axis: 0 to 1, the accuracy's range, while the loss stays within
    it; else up to the loss's largest finite value, labelled (a round tick below it could fall between the
    plot's three rows and not be drawn), so the curve reaches the figure beside the map."""
    finite = loss[np.isfinite(loss)]
    peak = float(finite.max()) if finite.size else 0.0
    if peak <= 1.0:
        return 1.0, [0.0, 0.5, 1.0]
    return peak * 1.05, [0.0, float(f"{peak:.2g}")]       # its largest value labelled at the top: "6.7"


def _optimizer_name(key: str) -> str:
    from workbench.nn.trainer import OPTIMIZERS

    return OPTIMIZERS[key]


def presenters_history(run: RunSummary) -> list[EpochRecord]:
    """The presenter's epochs as records the plots draw (without weights): each epoch the position carries
    both a loss and the accuracies of (the playground shares them for the same epochs). The latest epoch's
    loss is the run's own, unrounded, so that the figures beside the map round it once, as the presenter's
    pane does (the curve's 4 digits, rounded again to 3, read 0.0243 under the presenter's 0.0242)."""
    losses = dict(run.losses)
    if run.loss is not None and run.epoch in losses:
        losses[run.epoch] = run.loss
    return [EpochRecord(epoch, losses[epoch], train, test) for epoch, train, test in run.accuracies if epoch in losses]
