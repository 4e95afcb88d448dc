"""A pane that shows its presenter's measurement in place of its own while it follows.

The presenter's figures come with its position (`workbench.classroom.figures`: a summary of one kind).
A follower shows them when they were made with the settings it shows, marked as the presenter's;
with other settings, or none, it shows its own again. Timings and float16 tables work this way.
"""
from __future__ import annotations

from typing import Any

from workbench.classroom.position import settings_text


class SharedFigures:
    """Mixin: `show_presenters_figures` for a pane whose measurement a presenter shares as a `SUMMARY`."""

    SUMMARY: type
    presenters: Any = None
    """What the pane shows of the presenter's (None: its own)."""
    _presenters_key: tuple | None = None

    def measured_settings(self) -> Any:
        """The settings the pane's own measurement is of (None while it has none)."""
        return self.settings

    def presenters_figures(self, shared) -> Any:
        """The pane's form of the presenter's summary `shared` (None where it does not fit this pane)."""
        raise NotImplementedError

    def show_presenters_figures(self, shared, settings: dict[str, str]) -> None:
        """Show the presenter's measurement (`shared`; None: the pane's own again), if it is of this pane's
        settings; a repeat of the last one changes nothing."""
        shared = shared if isinstance(shared, self.SUMMARY) else None
        own = self.measured_settings()
        key = (shared, tuple(sorted(settings.items()))) if shared is not None and own is not None else None
        if key == self._presenters_key:
            return
        self._presenters_key = key
        same = key is not None and settings == dict(settings_text(own))
        self.presenters = self.presenters_figures(shared) if same else None
        self.refresh_view()
