"""What the home, lesson and pane screens share: the too-small guard, the keys panel (F1) beside them,
and the widths and heights at which text and pane change their layout."""
from __future__ import annotations

from textual.geometry import Size

from workbench.app.too_small import Guarded

KEYS_PANEL_MIN_WIDTH = 80
"""Narrower than this, F1 opens the help screen instead of a panel beside the screen."""
ROOM_FOR_TEXT_AND_KEYS = 120
"""From this width the keys panel sits beside text and pane; narrower, it takes the text's place."""
SIDE_BY_SIDE_WIDTH = 80
"""From this width text and pane sit side by side; narrower, the text is above the pane..."""
TURNS_BELOW_HEIGHT = 32
"""...unless the terminal is lower than this: then they take turns, and `t` switches (lesson.tcss)."""
TEXT_AND_PANE_COLUMNS = [(0, "-narrow"), (SIDE_BY_SIDE_WIDTH, "-medium"), (ROOM_FOR_TEXT_AND_KEYS, "-wide")]
TEXT_AND_PANE_ROWS = [(0, "-low"), (TURNS_BELOW_HEIGHT, "-tall")]
"""The breakpoints of the screens with text and pane: the classes lesson.tcss lays them out by."""


def take_turns(size: Size) -> bool:
    """Whether text and pane show one at a time (a narrow, low terminal), `t` switching."""
    return size.width < SIDE_BY_SIDE_WIDTH and size.height < TURNS_BELOW_HEIGHT


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
        panels = self.query("KeysPanel")
        if shown and not panels:
            from workbench.app.keys_panel import KeysPanel      # with Markdown: loaded when first shown

            self.query_one(self.BODY).mount(KeysPanel())
        elif panels and not shown:
            panels.remove()
        if self.has_class("-keys-shown") != shown:
            self.set_class(shown, "-keys-shown")
            self.refresh_bindings()
