"""Where a forward pass's time goes: DeepConvNet's layers timed on a batch, summed by kind, as a job
(`workbench.models.layer_times`).

While the app follows a presenter its own timing waits (`ClassroomApp.hold_job`); the presenter's timings
come with its position instead (`shared_figures`, `workbench.classroom.timings`), and the pane shows them
(`show_presenters_figures`) until the student takes over: before, every follower's pane stayed empty.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.panes.measuring import MeasuringPane, progress_to, step_in
from workbench.app.panes.shared_figures import SharedFigures
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.network_status import bar
from workbench.app.widgets.unchanged import show_text
from workbench.classroom.timings import TimingsSummary
from workbench.i18n import t
from workbench.i18n.cells import wrap
from workbench.i18n.numbers import grouped, num, percent
from workbench.jobs import JobContext
from workbench.models.layer_times import ENGINES, LayerTime, LayerTimes, TimingPlan, run

BATCHES = (1, 10, 50, 100, 200, 256)
"""The batch sizes + and - step through."""
BAR = (6, 24)
"""The shortest and longest bar of a kind's share."""


def milliseconds(seconds: float) -> str:
    """A time in milliseconds, with more decimals the shorter it is: 1,166 ms, 78.4 ms, 1.07 ms, 0.012 ms
    (a second or more grouped as every count is, not "1166.0")."""
    ms = seconds * 1e3
    if round(ms) >= 1000:
        return t("layer-times.ms", value=grouped(round(ms)))
    return t("layer-times.ms", value=num(ms, 1 if ms >= 10 else 2 if ms >= 1 else 3))


class LayerTimesPane(SharedFigures, MeasuringPane):
    """The time of each kind of layer as a bar and a share of the whole forward pass; every layer below."""

    SUMMARY = TimingsSummary

    FIGURES = ("times",)
    PANE = "layer-times"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "run", id="layer-times.run"),
        Binding("x", "cancel", id="layer-times.cancel"),
        Binding("e", "engine", id="layer-times.engine"),
        Binding("plus,equals_sign", "batch(1)", id="layer-times.bigger", key_display="+", group=Binding.Group("batch")),
        Binding("minus", "batch(-1)", id="layer-times.smaller", key_display="-", show=False,
                group=Binding.Group("batch")),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.times: LayerTimes | None = None
        self.presenters: LayerTimes | None = None
        """A presenter's timings, shown in place of the pane's own while the app follows it."""

    def compose_pane(self) -> ComposeResult:
        yield Static(id="lt-head")
        with MarkedScroll(id="lt-body"):
            yield Static(id="lt-kinds")
            yield Static(id="lt-layers")
        yield Static(id="lt-status")

    # -- the run -------------------------------------------------------------------------------------

    def measurement(self) -> Callable[[JobContext], LayerTimes]:
        plan = self.result
        return lambda ctx: run(plan, on_step=progress_to(ctx))

    def clear_figures(self) -> None:
        self.times = None

    def finished(self, result: LayerTimes) -> None:
        self.times = result

    # -- the classroom -------------------------------------------------------------------------------

    def shared_figures(self) -> TimingsSummary | None:
        """The timings in figures, which a presenter shares with its followers (None before any)."""
        if self.times is None:
            return None
        return TimingsSummary(tuple((layer.name, layer.seconds) for layer in self.times.layers),
                              self.times.rounds, self.times.batch)

    def measured_settings(self):
        return self.result.settings if self.result is not None else None

    def presenters_figures(self, shared):
        return timings_of(self.result, shared)

    @property
    def shown_times(self) -> LayerTimes | None:
        return self.presenters if self.presenters is not None else self.times

    # -- drawing -------------------------------------------------------------------------------------

    def show(self, plan: TimingPlan) -> None:
        width = max(self.width_of(self.query_one("#lt-body")) - 1, 20)
        s = plan.settings
        key = "layer-times.head" + (".one" if s.batch == 1 else "")          # "1 image", not "1 images"
        head = Text(t(key, batch=s.batch, engine=t(f"layer-times.engine.{s.engine}")), style="bold")
        show_text(self.query_one("#lt-head", Static), head)
        show_text(self.query_one("#lt-kinds", Static), self.kind_bars(width))
        show_text(self.query_one("#lt-layers", Static), self.layer_rows(width))
        status = (Text(t("classroom.pane.measured"), style="dim") if self.presenters is not None
                  else self.run_status(self.running, self.ended, width))
        show_text(self.query_one("#lt-status", Static), status)

    def kind_bars(self, width: int) -> Text:
        """A bar per kind of layer, the longest first, with its share and its time; the total under them."""
        times, text = self.shown_times, Text()
        if times is None:
            return self.progress_bar(t("layer-times.timing"), min(width - 7, BAR[1]))
        rows = [(t(f"layer-times.kind.{kind}"), seconds) for kind, seconds in times.by_kind()]
        label = max(cell_len(name) for name, _ in rows) + 1
        shown = [(percent(seconds / times.total if times.total else 0.0, 0), milliseconds(seconds))
                 for _, seconds in rows]
        share_w = max(cell_len(share) for share, _ in shown)
        ms_w = max(cell_len(ms) for _, ms in shown)
        length = min(max(width - label - share_w - ms_w - 3, BAR[0]), BAR[1])
        for (name, seconds), (share, ms) in zip(rows, shown):
            fraction = seconds / times.total if times.total else 0.0
            text.append(name + " " * (label - cell_len(name)), style="bold" if fraction >= 0.5 else "")
            text.append(bar(fraction, length), style=self.app.theme_variables["accent"])
            text.append(" " + share.rjust(share_w) + " " + ms.rjust(ms_w) + "\n")
        total = "layer-times.total.presenters" if self.presenters is not None else "layer-times.total"
        text.append("\n" + "\n".join(wrap(t(total, total=milliseconds(times.total),
                                     each=milliseconds(times.total / times.batch), rounds=times.rounds), width)))
        if self.settings.engine == "fast":
            text.append("\n" + "\n".join(wrap(t("layer-times.fused"), width)), style="dim")
        return text

    def layer_rows(self, width: int) -> Text:
        """Every layer's own median time, in the order of the forward pass."""
        times = self.shown_times
        if times is None:
            return Text()
        rows = [(layer.name, milliseconds(layer.seconds),
                 percent(layer.seconds / times.total if times.total else 0.0, 1)) for layer in times.layers]
        widths = [max(cell_len(row[k]) for row in rows) for k in range(3)]
        text = Text()
        text.append(t("layer-times.per_layer"), style="bold")
        for name, ms, share in rows:
            text.append("\n" + name.ljust(widths[0]) + "  " + ms.rjust(widths[1]) + "  " + share.rjust(widths[2]))
        return text

    # -- keys ----------------------------------------------------------------------------------------

    def action_engine(self) -> None:
        self.apply(engine=next(name for name in ENGINES if name != self.settings.engine))

    def action_batch(self, direction: int) -> None:
        self.apply(batch=step_in(BATCHES, self.settings.batch, int(direction)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "batch" and self.settings is not None:     # dim at either end of BATCHES
            return step_in(BATCHES, self.settings.batch, int(parameters[0])) != self.settings.batch or None
        return super().check_action(action, parameters)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        if self.is_mounted:
            self.refresh_bindings()


def timings_of(plan: TimingPlan, shared: TimingsSummary) -> LayerTimes | None:
    """The presenter's timings as this pane's network's layers (their kinds its own), or None where the
    layers differ (another version of the network)."""
    if [name for name, _ in plan.layers] != [name for name, _ in shared.layers]:
        return None
    layers = tuple(LayerTime(name, kind, seconds) for (name, kind), (_, seconds) in zip(plan.layers, shared.layers))
    return LayerTimes(layers, shared.rounds, shared.batch)
