"""A list of choices that survives being removed while it mounts.

Textual's Select sets its shown value as it mounts, in a label its child SelectCurrent composes.
When the dialog holding it is removed at that moment (a settings dialog made ahead, off screen,
as the learner steps on or quits on a busy machine), Textual mounts nothing more into widgets
being removed, so the child composes empty, and Select's mount then finds no label: NoMatches,
which ended the whole app with a traceback (seen twice in one run of the suite at load 10). A
Select whose child has no label is on its way out: there is nothing to show the value in.
"""
from __future__ import annotations

from textual import events
from textual.widgets import Select
from textual.widgets._select import SelectCurrent


class ChoiceList(Select):
    """A Select that ends its mount quietly when it is being removed before its label exists."""

    def _on_mount(self, event: events.Mount) -> None:
        """Runs before Select's own mount handler (Textual calls each class's, subclass first)."""
        current = self.query(SelectCurrent)
        if not current or not current.first().children:
            event.prevent_default()     # removed while mounting: Select's handler would look for the label
