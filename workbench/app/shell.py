"""What the home, lesson and pane screens share: the too-small guard and the keys panel (F1) beside them."""
from __future__ import annotations

from textual.geometry import Size

from workbench.app.keys_panel import KeysPanel
from workbench.app.too_small import Guarded

KEYS_PANEL_MIN_WIDTH = 80
"""Narrower than this, F1 opens the help screen instead of a panel beside the screen."""


class ShellScreen(Guarded):
    """Mixin for our main screens: the keys panel is shown beside each while the app says so, at the
    right end of the screen's `BODY` (between its title bar and its key bar)."""

    BODY = "#lesson-body"

    def on_screen_resume(self) -> None:
        self.show_keys_panel(self.app.keys_shown)

    def size_changed(self, size: Size) -> None:
        super().size_changed(size)
        self.show_keys_panel(self.app.keys_shown)

    def show_keys_panel(self, shown: bool) -> None:
        """Mount or remove the keys panel (never on a screen narrower than KEYS_PANEL_MIN_WIDTH)."""
        shown = shown and self.size.width >= KEYS_PANEL_MIN_WIDTH
        panels = self.query(KeysPanel)
        if shown and not panels:
            self.query_one(self.BODY).mount(KeysPanel())
        elif panels and not shown:
            panels.remove()
        if self.has_class("-keys-shown") != shown:
            self.set_class(shown, "-keys-shown")
            self.refresh_bindings()
