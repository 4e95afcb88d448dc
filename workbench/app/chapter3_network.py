"""Chapter 3's trained network, found or trained once for the whole app, in one job that outlives
steps, panes and screens.

Lesson 3.4 moves between the batch-inference pane and the digit canvas; a job owned by a pane was
cancelled whenever the pane went, so on a slow machine the network started training again at every
such step and was never ready. Here the app owns the job (`app.chapter3`): a pane asks for the
network with `request(pane)`, gets the progress so far at once and every event after it
(`pane.network_event(event)`), and the network itself as soon as it is there, however often the
learner steps back and forth meanwhile. The job also reads the data the network is tested on.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from workbench.i18n import t
from workbench.jobs import FINISHED, Job, JobDone, JobEvent, JobProgress

JOB = "chapter3.network"
REPLACED = ("record", "other", "mismatch", "damaged", "better")
"""The reasons a kept network was trained again that the learner did not ask for."""


@dataclass
class NetworkUpdate(Message):
    """An event of the app's chapter-3 network job, on the UI thread."""

    event: JobEvent


def find_or_train(retrain: bool):
    """The job's work: the network (found, or trained and kept) and the images it is tested on."""
    def work(ctx) -> tuple[Any, ...]:
        from workbench.models import trained          # NumPy: not while the app starts

        found = trained.obtain(ctx, retrain=retrain)
        if found.test_part is None:                   # a kept network: its test images read or drawn again
            ctx.progress(0, None, phase="test_data")
            ctx.flush()
        return (found, *trained.evaluation_set(found.record, found.test_part))
    return work


class SharedNetwork:
    """The app's one chapter-3 network job and the panes listening to it."""

    def __init__(self, app):
        self.app = app
        self.job: Job | None = None
        self.latest: JobProgress | None = None
        self.done: JobDone | None = None
        self.listeners: list = []

    @property
    def ready(self) -> bool:
        return self.done is not None and self.done.reason == FINISHED

    def request(self, pane, retrain: bool = False) -> None:
        """`pane` wants the network: it gets what is known now and every event from here on. A job is
        started when none has run, the last one failed or was cancelled, or `retrain` is asked."""
        if pane not in self.listeners:
            self.listeners.append(pane)
        running = self.job is not None and not self.job.done
        if retrain or not (running or self.ready):
            self.start(retrain)
        elif self.done is not None:
            pane.network_event(self.done)
        elif self.latest is not None:
            pane.network_event(self.latest)

    def forget(self, pane) -> None:
        """`pane` is closing; the job goes on for the next one."""
        if pane in self.listeners:
            self.listeners.remove(pane)

    def start(self, retrain: bool = False) -> None:
        self.latest = self.done = None
        self.job = self.app.jobs.start(JOB, find_or_train(retrain),
                                       deliver=lambda event: self.app.post_message(NetworkUpdate(event)))

    def notify_replaced(self, done: JobDone) -> None:
        """Say once why a kept network was replaced (damaged, another version's, better data here), or that
        the one trained now could not be kept (a read-only or full disk).
        A first training, or one the learner asked for, is said by the panes' status line alone: a
        notice over the lesson text repeated it, and stayed on screen across steps."""
        found = done.result[0] if done.reason == FINISHED and done.result else None
        if found is not None and found.not_kept:      # a read-only or full disk: used, but not kept
            self.app.notify(t("trained.not_kept", reason=found.not_kept), title=t("trained.notice.not_kept"),
                            severity="warning", timeout=10)
        elif found is not None and found.reason in REPLACED:
            self.app.notify(found.notice, title=t("trained.notice.replaced"), timeout=8)

    def handle(self, event: JobEvent) -> None:
        """An event of the job (UI thread): kept, and handed to every listening pane still on screen."""
        if self.job is None or event.run_id != self.job.run_id:
            return
        if isinstance(event, JobProgress):
            self.latest = event
        else:
            self.done = event
            self.notify_replaced(event)
        self.listeners = [pane for pane in self.listeners if pane.is_attached]
        for pane in list(self.listeners):
            pane.network_event(event)
