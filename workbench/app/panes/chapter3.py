"""The base of panes that use chapter 3's trained network (`workbench.models.trained`).

On mount it finds the network, or trains it as a job whose progress the pane's `NetworkStatus`
shows; `network_ready(found)` is called once it is there. A lesson reuses a pane from step to step
and calls `leave()` at every step, so here `leave()` only stops the jobs once the pane is closing:
the network and the figures computed from it stay right for the next step, and training that was
cut short by a step would start again from nothing.
"""
from __future__ import annotations

from typing import Any

from workbench.app.panes.base import Pane, failure_text
from workbench.app.widgets.network_status import NetworkStatus
from workbench.i18n import t
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models import trained


class Chapter3Pane(Pane):
    """A pane with `self.found`, chapter 3's network, once it is found or trained."""

    NETWORK_JOB = "network"

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.found: trained.Chapter3Network | None = None
        self._closing = False

    def on_mount(self) -> None:
        self.load_network()

    def on_unmount(self) -> None:
        self._closing = True            # Pane.on_unmount runs next and calls leave()

    def leave(self) -> None:
        if self._closing:
            super().leave()

    # -- the network ---------------------------------------------------------------------------------

    def network_work(self, retrain: bool):
        """What the network job runs; a pane that needs more than the network extends it."""
        return lambda ctx: trained.obtain(ctx, retrain=retrain)

    def load_network(self, retrain: bool = False) -> None:
        """Find the network, or train it, as a job: the pane stays responsive and shows progress."""
        self.found = None
        self.query_one(NetworkStatus).looking()
        self.start_job(self.NETWORK_JOB, self.network_work(retrain))

    def network_ready(self, result: Any) -> None:
        """The network job's result arrived (`self.found` is set already)."""

    def job_progress(self, name: str, event: JobProgress) -> None:
        if name == self.NETWORK_JOB:
            self.query_one(NetworkStatus).progress(event)

    def job_done(self, name: str, event: JobDone) -> None:
        if name != self.NETWORK_JOB:
            return
        status = self.query_one(NetworkStatus)
        if event.reason != FINISHED:
            status.failed(failure_text(event))
            return
        result = event.result
        self.found = result[0] if isinstance(result, tuple) else result
        status.ready(self.found)
        if self.found.notice:
            self.app.notify(self.found.notice, title=t(f"{self.PANE}.network_trained"), timeout=8)
        self.network_ready(result)

    def action_retrain(self) -> None:
        self.load_network(retrain=True)
        self.refresh_view()
