"""What the symmetry and batch-norm-steps panes share: a `step` setting from 0 to a last step, moved
by `.` (one further, or `step(n)` n further) and `,` (one back), with `r` back to 0; a key that would
do nothing there is dimmed."""
from __future__ import annotations


class Stepping:
    """Mixin for a Pane whose settings have `step`; subclasses set LAST, the last step there is."""

    LAST = 0

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`.` (and every step forward) dimmed at the last step, `,` at step 0: they would do nothing."""
        if action == "step":
            step, direction = self.settings.step, int(parameters[0])
            if (direction > 0 and step >= self.LAST) or (direction < 0 and step <= 0):
                return None
        return super().check_action(action, parameters)

    def action_step(self, direction: int) -> None:
        self.apply(step=min(max(self.settings.step + int(direction), 0), self.LAST))

    def action_to_start(self) -> None:
        self.apply(step=0)
