"""Where a forward pass's time goes: DeepConvNet's layers timed on a batch, summed by kind, as a job
(`workbench.models.layer_times`)."""
from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.panes.base import Pane, failure_text
from workbench.app.panes.cells import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.network_status import bar
from workbench.i18n import t
from workbench.i18n.cells import wrap
from workbench.i18n.numbers import num, percent
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models.layer_times import ENGINES, LayerTimes, LayerTimesSettings, TimingPlan, run

BATCHES = (1, 10, 50, 100, 200, 256)
"""The batch sizes + and - step through."""
BAR = (6, 24)
"""The shortest and longest bar of a kind's share."""


def milliseconds(seconds: float) -> str:
    """A time in milliseconds, with more decimals the shorter it is: 78.4 ms, 1.07 ms, 0.012 ms."""
    ms = seconds * 1e3
    return t("layer-times.ms", value=num(ms, 1 if ms >= 10 else 2 if ms >= 1 else 3))


def run_key(s: LayerTimesSettings) -> tuple:
    return (s.batch, s.rounds, s.engine, s.seed)


def step_in(sizes: tuple[int, ...], value: int, direction: int) -> int:
    if direction > 0:
        return next((size for size in sizes if size > value), sizes[-1])
    return next((size for size in reversed(sizes) if size < value), sizes[0])


class LayerTimesPane(Pane):
    """The time of each kind of layer as a bar and a share of the whole forward pass; every layer below."""

    PANE = "layer-times"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "run", id="layer-times.run"),
        Binding("x", "cancel", id="layer-times.cancel", show=False),
        Binding("e", "engine", id="layer-times.engine"),
        Binding("plus,equals_sign", "batch(1)", id="layer-times.bigger", key_display="+"),
        Binding("minus", "batch(-1)", id="layer-times.smaller", key_display="-", show=False),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.run_key: tuple | None = None
        self.progress: JobProgress | None = None
        self.times: LayerTimes | None = None
        self.ended: JobDone | None = None

    def compose_pane(self) -> ComposeResult:
        yield Static(id="lt-head")
        with MarkedScroll(id="lt-body"):
            yield Static(id="lt-kinds")
            yield Static(id="lt-layers")
        yield Static(id="lt-status")

    # -- the run -------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(self.ensure_run)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.ensure_run()

    def ensure_run(self) -> None:
        """Time the pass when the settings on screen are not those of the times shown."""
        plan = self.result
        if plan is None or not self.is_attached or run_key(plan.settings) == self.run_key:
            return
        self.start_run(plan)

    @property
    def running(self) -> bool:
        return any(not job.done for job in self.jobs.values())

    def start_run(self, plan: TimingPlan) -> None:
        super().leave()
        self.run_key = run_key(plan.settings)
        self.progress, self.times, self.ended = None, None, None

        def work(ctx):
            def on_step(done, total):
                ctx.progress(done, total)
                ctx.checkpoint()
            return run(plan, on_step=on_step)

        self.start_job("measure", work)
        self.refresh_view()

    def leave(self) -> None:
        """Stop timing; a run cut short is timed again if the pane shows the same settings."""
        if self.running:
            self.run_key = None
            self.call_after_refresh(self.ensure_run)
        super().leave()

    def job_progress(self, name: str, event: JobProgress) -> None:
        self.progress = event
        self.refresh_view()

    def job_done(self, name: str, event: JobDone) -> None:
        self.progress, self.ended = None, event
        if event.reason == FINISHED:
            self.times = event.result
        self.refresh_view()

    # -- drawing -------------------------------------------------------------------------------------

    def show(self, plan: TimingPlan) -> None:
        width = max((self.query_one("#lt-body").size.width or 38) - 1, 20)
        s = plan.settings
        head = Text(t("layer-times.head", batch=s.batch, engine=t(f"layer-times.engine.{s.engine}")), style="bold")
        self.query_one("#lt-head", Static).update(head)
        self.query_one("#lt-kinds", Static).update(self.kind_bars(width))
        self.query_one("#lt-layers", Static).update(self.layer_rows(width))
        self.query_one("#lt-status", Static).update(self.status(width))

    def kind_bars(self, width: int) -> Text:
        """A bar per kind of layer, the longest first, with its share and its time; the total under them."""
        text = Text()
        if self.times is None:
            if self.progress is not None and self.progress.total:
                share = self.progress.done / self.progress.total
                text.append(t("layer-times.timing") + "\n", style="italic")
                text.append(bar(share, min(width - 7, BAR[1])), style=self.app.theme_variables["accent"])
                text.append(" " + percent(share, 0))
            return text
        times = self.times
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
        text.append("\n" + "\n".join(wrap(t("layer-times.total", total=milliseconds(times.total),
                                     each=milliseconds(times.total / times.batch), rounds=times.rounds), width)))
        if self.settings.engine == "fast":
            text.append("\n" + "\n".join(wrap(t("layer-times.fused"), width)), style="dim")
        return text

    def layer_rows(self, width: int) -> Text:
        """Every layer's own median time, in the order of the forward pass."""
        if self.times is None:
            return Text()
        rows = [(layer.name, milliseconds(layer.seconds),
                 percent(layer.seconds / self.times.total if self.times.total else 0.0, 1))
                for layer in self.times.layers]
        widths = [max(cell_len(row[k]) for row in rows) for k in range(3)]
        text = Text()
        text.append(t("layer-times.per_layer"), style="bold")
        for name, ms, share in rows:
            text.append("\n" + name.ljust(widths[0]) + "  " + ms.rjust(widths[1]) + "  " + share.rjust(widths[2]))
        return text

    def status(self, width: int) -> Text:
        if self.running:
            return Text(t("layer-times.status.running"), style="dim")
        if self.ended is not None and self.ended.reason != FINISHED:
            return Text(failure_text(self.ended) + " · " + t("layer-times.status.again"), style="bold")
        return Text("\n".join(wrap(t("layer-times.status.done"), width)), style="dim")

    # -- keys ----------------------------------------------------------------------------------------

    def action_run(self) -> None:
        if self.result is not None and not self.running:
            self.start_run(self.result)

    def action_cancel(self) -> None:
        super().leave()

    def action_engine(self) -> None:
        self.apply(engine=next(name for name in ENGINES if name != self.settings.engine))

    def action_batch(self, direction: int) -> None:
        self.apply(batch=step_in(BATCHES, self.settings.batch, int(direction)))
