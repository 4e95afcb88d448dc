"""What every pane with `impl = mine` does alike: run the learner's code the view waits for, in a job,
and run it again when they save a file.

The pane's model says, in its result, whether a run of the learner's parts is pending (`state.pending`)
and for which key (`state.key`: the folder's files and the settings the run reads). The mixin starts
the pane's `mine_run(settings, cancelled)` as a job once per key, cancels a run the settings have left
behind, recomputes when the run is kept, and polls the folder's files so that a save starts a new run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.app.panes.base import failure_text
from workbench.jobs import CANCELLED, FINISHED
from workbench.models.settings import SettingError

POLL_SECONDS = 0.5
"""How often the pane looks whether the learner saved a file of their folder."""


class MineRuns:
    """Mixed into a Pane: `mine_state()`, `mine_key(settings)` and `mine_run(settings, cancelled)` are the pane's."""

    _running_key: tuple | None = None

    def mine_state(self) -> Any:
        """The learner's run state of the result shown (with `.key` and `.pending`), None without impl = mine."""
        raise NotImplementedError

    def mine_key(self, settings) -> tuple:
        raise NotImplementedError

    def mine_run(self, settings, cancelled) -> Any:
        """Run the learner's code for `settings` and keep the result where the model finds it."""
        raise NotImplementedError

    def start_mine_polling(self) -> None:
        self.set_interval(POLL_SECONDS, self.poll_mine)

    def poll_mine(self) -> None:
        """A file of the folder saved since the run shown was made: compute again (a new run is pending)."""
        state = self.mine_state()
        if state is not None and self.error is None and self.mine_key(self.settings) != state.key:
            self.recompute()

    def run_mine_if_needed(self) -> None:
        """Start the run the view waits for, once per key; a run for other settings is cancelled."""
        state = self.mine_state()
        if state is None or not state.pending or self._running_key == state.key:
            return
        running = self.jobs.get("mine")
        if running is not None and not running.done:
            running.cancel()
        self._running_key = state.key
        settings, work = self.settings, self.mine_run
        self.start_job("mine", lambda ctx: work(settings, lambda: ctx.cancelled))

    def mine_done(self, event) -> None:
        """The run ended: show it (it is kept now), or say why it could not run."""
        self._running_key = None
        if event.reason == FINISHED:
            self.recompute()
        elif event.reason != CANCELLED:
            self.error = SettingError("impl", failure_text(event))


def shown_path(folder: Path, file: str) -> str:
    """The learner's file as they know it: relative to where workbench started when it is below it."""
    path = folder / file
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
