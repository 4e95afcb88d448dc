"""The base of panes that use chapter 3's trained network (`workbench.models.trained`).

On mount it asks the app for the network (`app.chapter3`, `workbench.app.chapter3_network`): found,
or trained in the app's one job, whose progress the pane's `NetworkStatus` shows; the job outlives
the pane, so stepping through a lesson never starts the training again. `network_ready(result)`
is called once the network is there, with (found, test images, test labels, what they are).
"""
from __future__ import annotations

from typing import Any

from workbench.app.panes.base import Pane, failure_text
from workbench.app.widgets.network_status import NetworkStatus
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models import trained


class Chapter3Pane(Pane):
    """A pane with `self.found`, chapter 3's network, once it is found or trained."""

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.found: trained.Chapter3Network | None = None

    def on_mount(self) -> None:
        self.load_network()

    def on_unmount(self) -> None:
        self.app.chapter3.forget(self)

    # -- the network ---------------------------------------------------------------------------------

    def load_network(self, retrain: bool = False) -> None:
        """Ask the app for the network (found, or trained as its job): the pane stays responsive and
        shows the progress, from wherever the job is now."""
        self.found = None
        self.query_one(NetworkStatus).looking()
        self.app.chapter3.request(self, retrain)

    def network_ready(self, result: Any) -> None:
        """The network is there (`self.found` is set already); `result` also holds the test images."""

    def network_event(self, event: JobProgress | JobDone) -> None:
        """An event of the app's network job. A pane being removed (the learner stepped on as the event
        came) may have lost its status line already: the event is then for no one."""
        statuses = self.query(NetworkStatus)
        if not statuses:
            return
        status = statuses.first()
        if isinstance(event, JobProgress):
            status.progress(event)
            return
        if event.reason != FINISHED:
            status.failed(failure_text(event))
            return
        result = event.result
        if self.found is result[0]:
            return
        self.found = result[0]
        status.ready(self.found)
        self.network_ready(result)

    def action_retrain(self) -> None:
        self.load_network(retrain=True)
