"""What a pane that runs one long job as "run" shares: is it running, pause and resume, stop, the
state that follows the job's events, and the tabs of its views.

A pane using it keeps `state` ("idle", "loading", "training", "paused", "done") and `progress`, and
calls `follow(event)` from `job_progress`; space and x call `action_pause` and `action_stop`. Space has
two bindings, pause and resume, of which `check_action` lets the one that fits the state show in the
footer.

The pane shows the run made with the settings in use, or none (their plan): a lesson step, the settings
dialog or the palette that changes them keeps the run shown till then (a `KeptRun`, all of the pane's
RUN_FIELDS) for when they are back (`show_the_settings_run`), its job feeding it out of sight
(`job_run_kept`, `KeptRun.in_place_of`) and the status line saying so (`elsewhere_line`). As the
playground does (models.playground.KeptRuns), it keeps the few runs set aside last (KEEP_FINISHED and the
one the job still feeds), the oldest going first; settings whose run was let go show their plan and a
line saying so (`let_go_line`). A finished run kept is said in the status, and k brings it back
(kept_key.KeptKey).

A pane that goes away (its lesson left with Escape or for another, a step of another pane, the language
switched) can hand its runs to the next pane of its name (`set_aside`, `take_up`: the app's SET_ASIDE, as
the playground's KeptRuns outlive its pane): the comparisons and the training pane do, so that a finished
6.3 grid or a network trained in 7.4 is there again when the learner comes back rather than minutes of
training away. Its job is stopped as it goes (`leave`),
a run it fed keeping what it did so far, as x leaves it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Vertical

from workbench.i18n import t
from workbench.jobs import JobDone, JobProgress

KEEP_FINISHED = 2
"""Finished runs of other settings kept at most, the oldest set aside going first (the run a job still
feeds is kept besides). What a kept run holds is mostly its network, not its epochs' parameters: about
300 MiB of buffers for DeepConvNet, 57 for SimpleConvNet (0.6 and 1.7 an epoch's parameters), measured
with tracemalloc; their images (210 MiB of Fashion-MNIST) are one copy shared by every run that holds
them (load_dataset's `shared`). Ten settings tried kept ten of them."""
KEPT_CHANGES = 3
"""Settings a kept run's line names at most ("trials = 5, epochs = 1, …"): a comparison's runs, each written
out, would fill the status."""
RUNNING = ("loading", "training", "paused")
"""A run's states while its job still feeds it."""
SET_ASIDE: WeakKeyDictionary = WeakKeyDictionary()
"""Each app's runs of the panes gone (`RunControls.set_aside`), by pane name: one learner's, for the next
pane of that name (`take_up`)."""


class RunControls:
    """Pause, resume and stop the pane's "run" job, and follow its state."""

    state: str
    progress: dict
    RUN_FIELDS: dict[str, Callable[[], Any]] = {}
    """The pane's attributes that describe its run, each with a function giving its value before any run."""
    kept_runs: list[KeptRun]
    """Runs of other settings than those in use, kept for when they are back (the pane sets it to [])."""
    job_settings: Any
    """The settings of the run the job feeds: shown, or kept while other settings are in use."""
    let_go: list
    """Settings whose kept run was let go (KEEP_FINISHED), to say so when they are back (the pane sets it to [])."""

    def keep_no_runs(self) -> None:
        """No runs kept yet, none let go, no job (the pane's __init__ calls it)."""
        self.kept_runs, self.let_go, self.job_settings = [], [], None

    def run_made_with(self) -> Any:
        """The settings the run shown was made with (None before a run)."""
        raise NotImplementedError

    def show_the_settings_run(self) -> bool:
        """Show the run made with the settings in use, or none (their plan), keeping the run shown till
        now for when its settings are back: a lesson step that changes the settings (6.3 step 3 back to
        2, 7.4 step 8 back to 7) shows its own, not the last run's. A job of a kept run goes on feeding
        it. Whether the run shown changed (the pane then draws everything again)."""
        kept_runs = self.kept_runs
        wanted, shown = self.result.settings, self.run_made_with()
        if shown == wanted or (shown is None and not any(kept.settings == wanted for kept in kept_runs)):
            return False
        if shown is not None:
            kept_runs.append(KeptRun.taken_from(self))
            self.let_go = [s for s in self.let_go if s != shown]
        kept = next((k for k in kept_runs if k.settings == wanted), None)
        if kept is not None:
            kept_runs.remove(kept)
        (kept or KeptRun.idle(self)).put_into(self)
        self.let_go_of_the_oldest()
        return True

    def set_aside(self) -> None:
        """The pane goes away: hand its run shown, its kept runs and the settings let go to the next pane
        of its name (`take_up`), with the view shown. Its jobs are stopped (`leave`, before): a run one fed
        ends here as x ends it, keeping what it did so far (its last events are not waited for)."""
        if getattr(self, "runs_set_aside", False):        # once: `leave` runs again as the pane unmounts
            return
        self.runs_set_aside = True
        shown = self.run_made_with()
        runs = [*self.kept_runs, *([KeptRun.taken_from(self)] if shown is not None else [])]
        for kept in runs:
            if kept.values.get("state") in RUNNING:
                with kept.in_place_of(self):
                    self.end_run(JobDone(0, "run", "cancelled"))
        for kept in runs:
            self.lighten(kept.values)
        if runs or self.let_go:
            SET_ASIDE.setdefault(self.app, {})[self.PANE] = (runs, list(self.let_go), (shown, getattr(self, "view", None)))

    def lighten(self, values: dict[str, Any]) -> None:
        """Leave out of a run set aside (its RUN_FIELDS' `values`) what only a run still going needs."""

    def take_up(self) -> None:
        """The runs a pane of this name set aside as it went (`set_aside`): the one of the settings in
        use shown at once, in the view it was left in; the others kept (KEEP_FINISHED)."""
        runs, let_go, (left, view) = SET_ASIDE.get(self.app, {}).pop(self.PANE, ([], [], (None, None)))
        if not runs and not let_go:
            return
        self.kept_runs, self.let_go = runs, let_go
        if self.result is not None and self.show_the_settings_run() and left is not None \
                and self.run_made_with() == left and view is not None:
            self.view = view
        self.let_go_of_the_oldest()

    def end_run(self, event: JobDone) -> None:
        """The run's last items and its end (the pane's own)."""
        raise NotImplementedError

    def let_go_of_the_oldest(self) -> None:
        """Keep KEEP_FINISHED finished runs of other settings at most, letting those set aside longest ago
        go (a run its job still feeds stays), and remember their settings to say so when they are back."""
        finished = [k for k in self.kept_runs if k.values.get("state") not in RUNNING]
        for old in finished[:max(0, len(finished) - KEEP_FINISHED)]:
            self.kept_runs.remove(old)
            if old.settings not in self.let_go:
                self.let_go.append(old.settings)

    def let_go_line(self) -> str:
        """The status's line, in place of "Ready", when the settings in use had a run that was let go
        ("" when not)."""
        wanted = self.result.settings if self.result is not None else None
        let_go = self.run_made_with() is None and wanted is not None and wanted in self.let_go
        return t("pane.run_let_go", keep=KEEP_FINISHED) if let_go else ""

    def job_run_kept(self) -> KeptRun | None:
        """The kept run the job feeds, when the settings in use are others (None: the job's run is shown)."""
        return next((k for k in self.kept_runs if k.settings is self.job_settings), None)

    def ended_out_of_sight(self, event) -> bool:
        """End the kept run the job fed with `event` (the job is done), where it is kept, and say whether
        it was one: the run shown, of the settings in use, is left as it is."""
        kept = self.job_run_kept()
        if kept is None:
            return False
        with kept.in_place_of(self):
            self.end_run(event)
        self.let_go_of_the_oldest()
        self.refresh_bindings()
        self.refresh_view()
        return True

    def elsewhere_line(self) -> str:
        """A line for the status while the job goes on for a kept run ("" when it does not)."""
        return t("pane.run_elsewhere") if self.job_run_kept() is not None and self.running() else ""

    def running(self) -> bool:
        job = self.jobs.get("run")
        return job is not None and not job.done

    def action_pause(self) -> None:
        job = self.jobs.get("run")
        if job is None or job.done:
            return
        if job.paused:
            job.resume()
            self.state = "training"
        else:
            job.pause()
            self.state = "paused"
        self.refresh_bindings()
        self.refresh_view()

    def action_resume(self) -> None:
        self.action_pause()

    def pause_key_fits(self, action: str) -> bool:
        """Whether space's binding ``action`` ("pause" or "resume") is the one the run's state calls for."""
        return self.state == ("paused" if action == "resume" else "training")

    def action_stop(self) -> None:
        job = self.jobs.get("run")
        if job is not None and not job.done:
            job.cancel()

    def follow(self, event: JobProgress) -> None:
        """Keep `progress` and `state` up to date with a progress event (refreshing the footer's keys)."""
        self.progress = {**event.info, "done": event.done, "total": event.total}
        before = self.state
        if self.state == "loading" and event.total:
            self.state = "training"
        if event.paused:
            self.state = "paused"
        if self.state != before:
            self.refresh_bindings()


class KeptRun:
    """A pane's run (what its job reported, its state: the pane's RUN_FIELDS) while other settings are in use."""

    def __init__(self, settings: Any, values: dict[str, Any]) -> None:
        self.settings, self.values = settings, values

    @classmethod
    def taken_from(cls, pane: RunControls) -> KeptRun:
        return cls(pane.run_made_with(), {name: getattr(pane, name) for name in pane.RUN_FIELDS})

    @classmethod
    def idle(cls, pane: RunControls) -> KeptRun:
        """No run: each field's value before one."""
        return cls(None, {name: before() for name, before in pane.RUN_FIELDS.items()})

    def put_into(self, pane: RunControls) -> None:
        for name, value in self.values.items():
            setattr(pane, name, value)

    @contextmanager
    def in_place_of(self, pane: RunControls):
        """The pane holding this run for a moment, so that its job's events are taken as when it is shown."""
        shown = KeptRun.taken_from(pane)
        self.put_into(pane)
        try:
            yield
        finally:
            self.values = KeptRun.taken_from(pane).values
            shown.put_into(pane)


class FittedView(Vertical):
    """A run's view whose plots are chosen by its height: the pane's method `fit` runs whenever the
    view's size changes (status lines above it grow as a run ends), not only when the pane draws."""

    def __init__(self, fit: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fit = fit

    def on_resize(self) -> None:
        for node in self.ancestors:
            method = getattr(node, self.fit, None)
            if callable(method):
                method()
                return


def view_tabs(views: Sequence[str], current: str, area: str, width: int, *, wrap: bool = False) -> Text:
    """"1 runs  2 curves …", the current view reversed. Where not every name fits, the current view
    is named and then, nearest it first, each other view whose name still fits; the rest show
    their number alone. With `wrap`, every view is named instead, on a second row (or more) where
    one does not hold them all. A `width` of 0 (the pane's first frame, before the layout gives it its
    width) names every view on one row: it named the current one alone ("1 runs  2")."""
    labels = [f" {i} {t(f'{area}.view.{name}')} " for i, name in enumerate(views, start=1)]
    if width <= 0:
        width = sum(cell_len(label) for label in labels) + 2
    if wrap:
        return _rows_of_tabs(labels, views, current, width)
    bare = [f" {i} " for i in range(1, len(views) + 1)]
    here = views.index(current) if current in views else 0
    shown = [False] * len(views)
    used = sum(cell_len(b) for b in bare)
    for i in sorted(range(len(views)), key=lambda i: (abs(i - here), i)):
        grown = used - cell_len(bare[i]) + cell_len(labels[i])
        if i == here or grown <= width - 2:
            shown[i], used = True, grown
    text = Text()
    for i, name in enumerate(views):
        text.append(labels[i] if shown[i] else bare[i], style="reverse bold" if name == current else "dim")
    return text


def _rows_of_tabs(labels: Sequence[str], views: Sequence[str], current: str, width: int) -> Text:
    """Every tab named, a new row begun between two tabs where the next would pass `width` − 2."""
    text, used = Text(), 0
    for label, name in zip(labels, views):
        if used and used + cell_len(label) > width - 2:
            text.append("\n")
            used = 0
        text.append(label, style="reverse bold" if name == current else "dim")
        used += cell_len(label)
    return text
