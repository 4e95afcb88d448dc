"""A ContentSwitcher that shows, as it mounts, the view last asked of it.

Textual's `ContentSwitcher` sets its children's display from the `initial` it was built with as it
mounts, after a pane may already have set `current`: a view asked for between the pane's compose and
its switcher's mount (a follower catching up, a lesson step's settings, a kept run taken up) was lost,
the pane saying "curves" and showing its setup (class51). Here each `current` set becomes the view
the mount shows, so the order cannot matter.
"""
from __future__ import annotations

from textual.widgets import ContentSwitcher


class ViewSwitcher(ContentSwitcher):
    """A pane's views (training, comparison, search): the last one asked for is the one shown."""

    def watch_current(self, old: str | None, new: str | None) -> None:
        self._initial = new                 # what `ContentSwitcher._on_mount` shows, if it is still to run
        super().watch_current(old, new)
