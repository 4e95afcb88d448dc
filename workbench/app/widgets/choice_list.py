"""A list of choices that survives being removed while it mounts.

Textual's Select sets its shown value as it mounts, in a label its child SelectCurrent composes.
When the dialog holding it is removed at that moment (a settings dialog made ahead, off screen,
as the learner steps on or quits on a busy machine), Textual mounts nothing more into widgets
being removed, so the child composes empty, and Select's mount then finds no label: NoMatches,
which ended the whole app with a traceback (seen twice in one run of the suite at load 10). A
Select whose child has no label is on its way out: there is nothing to show the value in.

A value given before the label exists (`s` pressed as the settings dialog made ahead was still being
made: the dialog shows the pane's settings, and the list read as blank) is kept as the one the list
was made with, and shown as it mounts; Textual's Select looked for the label at once and ended the app
with NoMatches (the descent pane's test, 2 runs in 85 beside three busy processes).
"""
from __future__ import annotations

from textual import events
from textual.widgets import Select
from textual.widgets._select import SelectCurrent


class ChoiceList(Select):
    """A Select that ends its mount quietly when it is being removed before its label exists, and takes
    a value quietly before then."""

    def _watch_value(self, value) -> None:
        current = self.query(SelectCurrent)
        if not current or not current.first().query("#label"):
            self._value = value                         # what Select's mount shows (its first value)
            self.set_reactive(Select.value, Select.NULL)    # as before any mount: the mount sets it, and draws it
            return
        super()._watch_value(value)

    def _on_mount(self, event: events.Mount) -> None:
        """Runs before Select's own mount handler (Textual calls each class's, subclass first)."""
        current = self.query(SelectCurrent)
        if not current or not current.first().children:
            event.prevent_default()     # removed while mounting: Select's handler would look for the label
