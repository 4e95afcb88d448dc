"""A dialog that a click beside it closes, as in most programs a learner knows."""
from __future__ import annotations

from textual import events


class ClickOutsideCloses:
    """Mixin for a modal screen: a click on the dimmed screen around its dialog does what Escape does
    there (`CLOSE_ACTION`); a click inside the dialog goes on to what was clicked."""

    CLOSE_ACTION = "close"

    async def on_click(self, event: events.Click) -> None:
        if event.widget is self:
            event.stop()
            await self.run_action(self.CLOSE_ACTION)
