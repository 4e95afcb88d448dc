"""The base of every pane: a focusable widget that shows one frozen settings object."""
from __future__ import annotations

from typing import Any, ClassVar

from textual.widget import Widget


class Pane(Widget, can_focus=True):
    """Subclasses declare `settings: reactive[S] = reactive(S())` and implement `draw`.

    A lesson step, a palette command and a test all drive a pane the same way: by assigning a new
    settings object to `pane.settings`, whose watcher recomputes and redraws through `draw`.
    """

    PANE_NAME: ClassVar[str] = ""
    HELP = ""

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        if settings is not None:
            self.set_reactive(type(self).settings, settings)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        self.draw()

    def watch_settings(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        """`draw`, if the pane is still on screen (a late callback may find it removed)."""
        if self.is_mounted and self.is_attached:
            self.draw()

    def draw(self) -> None:
        """Recompute from `self.settings` through workbench.nn and update every child."""
        raise NotImplementedError
