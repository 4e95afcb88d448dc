"""The training pane's runs kept: the run of other settings set aside for when they are back, the runs set
aside as the pane goes (Escape, another lesson) and taken up by the next (`RunControls`), and the run and
the drawing carried over a language switch (the pane's keepsake): a network trained for minutes is there
again when the learner comes back.
"""
from __future__ import annotations

from workbench.app.panes.pane_part import PanePart
from workbench.app.widgets.digit_canvas import DigitCanvas
from workbench.models.train import TrainSettings


class TrainKept(PanePart):
    """The training pane's side of `RunControls`, and its keepsake across a language switch."""

    def take_up(self) -> None:
        """The runs a training pane set aside as it went (`RunControls.take_up`), drawn at once."""
        super().take_up()
        self.refresh_bindings()
        self.refresh_view()

    def leave(self) -> None:
        """Stop the job and set the runs aside for the next training pane: a network trained for minutes
        is there again when the learner comes back to its lesson (Escape, another lesson, a step of another
        pane), a run still going kept stopped, as x leaves it. Not when the language switches: the run
        goes over as the pane's keepsake then."""
        super().leave()
        if self.PANE not in getattr(self.app, "keepsakes", {}):
            self.set_aside()

    def run_made_with(self) -> TrainSettings | None:
        return self.run_settings

    def show_the_settings_run(self) -> bool:
        if not super().show_the_settings_run():
            return False
        self._drawn.clear()
        self._views.clear()
        self.refresh_bindings()
        return True

    KEPT = ("state", "message", "losses", "smooth", "_average", "records", "epoch_shown", "digit", "stop", "data",
            "training", "run_settings", "progress", "continue_from", "drawing", "view", "mine_run", "failure",
            "printed", "kept_runs", "let_go", "pair", "picked")

    def keepsake(self) -> dict | None:
        """A finished run (its curves, records and network) and the drawing; a run still going stops."""
        if self.running() or (not self.records and self.drawing is None and not self.kept_runs):
            return None
        return {name: getattr(self, name) for name in self.KEPT}

    def take_keepsake(self, kept: dict) -> None:
        for name, value in kept.items():
            setattr(self, name, value)
        if self.drawing is not None:
            self.query_one("#train-canvas", DigitCanvas).load(self.drawing)
        self._drawn.clear()
        self.refresh_bindings()
        self.refresh_view()
