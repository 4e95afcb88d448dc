"""The comparison's runs kept: the run of other settings set aside for when they are back, the runs set
aside as the pane goes (Escape, another lesson) and taken up by the next (`RunControls`), lightened of
their images, and named again in the language in use once shown (after a language switch they kept the
old one's words).
"""
from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.run_controls import RUNNING
from workbench.models.compare import ComparePlan
from workbench.models.settings import SettingError


class CompareKept(PanePart):
    """The comparison's side of `RunControls`: its run's settings, taking up and setting aside, the names."""

    def take_up(self) -> None:
        """The runs set aside (`RunControls.take_up`), those kept for other settings named at once as their
        plans name them now: after a language switch they kept the old language's words until shown."""
        super().take_up()
        for kept in self.kept_runs:
            try:
                plan = self.entry.compute(kept.settings)
            except (SettingError, ValueError, ArithmeticError):        # its data set gone meanwhile: as it was
                continue
            with kept.in_place_of(self):
                self.named_as_now(plan)

    def leave(self) -> None:
        """Stop the job, and set the runs aside for the next pane of this name (a 6.3 grid left with
        Escape is there again when the lesson is back)."""
        super().leave()
        self.set_aside()

    def lighten(self, values: dict[str, Any]) -> None:
        """A comparison set aside keeps what its status says of its data (its name and sizes), not the
        images: they held 22 MB of a kept 6.3 grid (the synthetic digits), its curves and table 0.3 (20 epochs)."""
        data = values.get("data")
        if data is not None:
            values["data"] = dataclasses.replace(data, **{name: np.empty((len(getattr(data, name)), 0), np.uint8)
                                                          for name in ("x_train", "t_train", "x_test", "t_test")})

    def run_made_with(self):
        return self.plan.settings if self.plan is not None else None

    def show_the_settings_run(self) -> bool:
        if not super().show_the_settings_run():
            return False
        self.named_as_now()
        self._shown.clear()
        self._epochs_drawn = self._loss_key = None
        self.refresh_bindings()
        return True

    def named_as_now(self, plan: ComparePlan | None = None) -> None:
        """A run kept, now shown, named as the plan of its settings names them now (`plan`, else the
        settings' in use): after a language switch (its runs set aside as the pane was built again), in the
        new language; its legend and table kept the old one's words. Not a run its job still feeds: the job
        knows it by its settings."""
        plan = plan or self.result
        if self.plan is not None and plan is not None and self.plan is not plan and self.plan.settings == plan.settings \
                and self.state not in RUNNING and len(self.plan.runs) == len(plan.runs):
            self.plan = plan
            self.results = {i: dataclasses.replace(r, name=plan.runs[i].spec.name) for i, r in self.results.items()}
