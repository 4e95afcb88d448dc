"""What a pane that runs one long job as "run" shares: is it running, pause and resume, stop, the
state that follows the job's events, and the tabs of its views.

A pane using it keeps `state` ("idle", "loading", "training", "paused", "done") and `progress`, and
calls `follow(event)` from `job_progress`; space and x call `action_pause` and `action_stop`. Space has
two bindings, pause and resume, of which `check_action` lets the one that fits the state show in the
footer.
"""
from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Vertical

from workbench.i18n import t
from workbench.jobs import JobProgress


class RunControls:
    """Pause, resume and stop the pane's "run" job, and follow its state."""

    state: str
    progress: dict

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
    one does not hold them all."""
    labels = [f" {i} {t(f'{area}.view.{name}')} " for i, name in enumerate(views, start=1)]
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
