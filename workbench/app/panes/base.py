"""The base of every pane: a focusable widget that shows one frozen settings object."""
from __future__ import annotations

from typing import Any, ClassVar

from textual.widget import Widget


class Pane(Widget, can_focus=True):
    """Subclasses declare `settings: reactive[S] = reactive(S())` and recompute in `watch_settings`.

    A lesson step, a palette command and a test all drive a pane the same way: by assigning a new
    settings object to `pane.settings`.
    """

    PANE_NAME: ClassVar[str] = ""
    HELP = ""

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        if settings is not None:
            self.set_reactive(type(self).settings, settings)
