"""The base of panes that measure as a job whenever they show something not measured yet
(`numerical-vs-backprop`, `layer-times`, `float16`).

Their figures are timings and accuracies taken on this computer, so they are measured live, and new
settings must never stand beside the figures of old ones: a change starts a new run (cancelling the
one under way), `g` runs it again, `x` stops it, and leaving the pane stops it too. What the run
depends on (`measure_key`), what it does (`measurement`), what it found (`clear_figures`, `take`,
`finished`) and how it is drawn stay with each pane.

A pane that names its figures (`FIGURES`) keeps its last finished run past its own end (`KEPT`, by app
and pane name): coming back to 4.4's step (8 s of numerical gradients here) or 8.2's (layer times, float16)
shows the figures at once for the same settings, rather than measuring them again while the learner
waits; `g` measures again.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any
from weakref import WeakKeyDictionary

from rich.text import Text

from workbench.app.no_break import item_lines, items, together
from workbench.app.panes.base import Pane, failure_text
from workbench.app.widgets.network_status import bar
from workbench.i18n import t
from workbench.i18n.numbers import percent
from workbench.jobs import FINISHED, JobContext, JobDone, JobProgress

JOB = "measure"
"""The name of the one job such a pane runs."""
KEPT: WeakKeyDictionary = WeakKeyDictionary()
"""Each app's last finished run of each measuring pane that names its FIGURES: {pane name: (measure_key,
the figures by attribute, how the run ended)}: timings and differences, a few hundred bytes."""


class MeasuringPane(Pane):
    """A pane whose figures come from its "measure" job, run again whenever `measure_key` changes.

    A subclass defines `measurement`, `clear_figures` and `finished` (`take`, if its job emits items;
    `measure_key`, if its figures depend on more or less than its settings); `progress` and `ended` are
    kept here for its status line.
    """

    FIGURES: tuple[str, ...] = ()
    """The attributes holding a run's figures, kept past the pane (`KEPT`); none: measured on every visit."""

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.measured_for: Hashable | None = None
        """The key of the run on screen (None: no run, or one cut short, to be made again)."""
        self.progress: JobProgress | None = None
        self.ended: JobDone | None = None

    # -- what each pane says -------------------------------------------------------------------------

    def measure_key(self) -> Hashable | None:
        """What the figures depend on (equal keys: nothing to measure again); None while a run cannot start.

        By default every setting of the result on screen (the model's plan, which holds its `settings`).
        """
        return None if self.result is None else self.result.settings

    def measurement(self) -> Callable[[JobContext], Any]:
        """The job's work for what the pane shows now (read here, on the UI thread); returns the figures."""
        raise NotImplementedError

    def clear_figures(self) -> None:
        """Forget the figures of the last run, as a new one starts."""

    def take(self, items: list) -> None:
        """Items the job emitted (figures that arrive before its end)."""

    def finished(self, result: Any) -> None:
        """The run's result, once it ended without being stopped."""

    # -- the run -------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Pane.on_mount (called after this one) computes the first result; the run starts after it.
        self.call_after_refresh(self.ensure_run)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.ensure_run()

    def ensure_run(self) -> None:
        """Measure when what the pane shows is not what the figures on screen were measured for."""
        key = self.measure_key()
        if key is None or not self.is_attached or key == self.measured_for:
            return
        kept = KEPT.get(self.app, {}).get(self.PANE)
        if kept is not None and kept[0] == key:          # this run, finished before the pane went
            self.stop_measuring()
            self.measured_for, self.progress, self.ended = key, None, kept[2]
            for name, value in kept[1].items():
                setattr(self, name, value)
            self.refresh_view()
            return
        self.start_run()

    @property
    def running(self) -> bool:
        return any(not job.done for job in self.jobs.values())

    def start_run(self) -> None:
        self.stop_measuring()
        self.measured_for = self.measure_key()
        self.progress, self.ended = None, None
        self.clear_figures()
        self.start_job(JOB, self.measurement())
        self.refresh_view()
        self.refresh_bindings()

    def stop_measuring(self) -> None:
        """Cancel the run under way; its figures so far stay, and `g` measures again."""
        super().leave()
        if self.is_attached:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`x` in the footer while a run is under way (the status says "x stops"), and out of it
        otherwise, where it would do nothing; `g` dimmed meanwhile, as it waits for the run's end."""
        if action == "cancel":
            return self.running
        if action == "run" and self.running:
            return None
        return super().check_action(action, parameters)

    def leave(self) -> None:
        """Stop measuring; a run cut short is made again if the pane shows the same thing."""
        if self.running:
            self.measured_for = None
            self.call_after_refresh(self.ensure_run)
        self.stop_measuring()

    def job_progress(self, name: str, event: JobProgress) -> None:
        self.take(event.items)
        self.progress = event
        self.refresh_view()

    def job_done(self, name: str, event: JobDone) -> None:
        self.take(event.items)
        self.progress, self.ended = None, event
        self.refresh_bindings()
        if event.reason == FINISHED:
            self.finished(event.result)
            if self.FIGURES:
                KEPT.setdefault(self.app, {})[self.PANE] = (
                    self.measured_for, {name: getattr(self, name) for name in self.FIGURES}, event)
        self.refresh_view()

    # -- drawing -------------------------------------------------------------------------------------

    def progress_bar(self, label: str, length: int) -> Text:
        """`label` in italics over a bar `length` cells long and the share done; empty before any progress."""
        text = Text()
        if self.progress is not None and self.progress.total:
            share = self.progress.done / self.progress.total
            text.append(label + "\n", style="italic")
            text.append(bar(share, length), style=self.app.theme_variables["accent"])
            text.append(" " + percent(share, 0))
        return text

    def run_status(self, running: bool, ended: JobDone | None, width: int | None = None) -> Text:
        """The status line from the pane's catalog (`<PANE>.status.*`): under way, ended early and why,
        or done (its keys, wrapped to `width` when given, between its items as every such hint)."""
        if running:
            return Text(t(f"{self.PANE}.status.running"), style="dim")
        if ended is not None and ended.reason != FINISHED:          # the dot with the reason, the hint whole
            return Text(failure_text(ended) + "\u00a0· " + together(t(f"{self.PANE}.status.again")), style="bold")
        done = t(f"{self.PANE}.status.done")           # broken between its items: never "e the other" over "engine"
        return Text(items(done) if width is None else "\n".join(item_lines(done, width)), style="dim")

    # -- keys ----------------------------------------------------------------------------------------

    def action_run(self) -> None:
        if self.measure_key() is not None and not self.running:
            self.start_run()

    def action_cancel(self) -> None:
        self.stop_measuring()


def progress_to(ctx: JobContext, *names: str) -> Callable[..., None]:
    """A model's progress callback, `(done, total, *info)`, that reports to the job (`info` under `names`)
    and lets it pause or be cancelled there."""
    def report(done, total, *info) -> None:
        ctx.progress(done, total, **dict(zip(names, info)))
        ctx.checkpoint()
    return report


def step_in(sizes: tuple[int, ...], value: int, direction: int) -> int:
    """The next size up or down from `value` in `sizes` (what + and - step through)."""
    if direction > 0:
        return next((size for size in sizes if size > value), sizes[-1])
    return next((size for size in reversed(sizes) if size < value), sizes[0])
