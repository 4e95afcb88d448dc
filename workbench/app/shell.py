"""What the home, lesson and pane screens share: the too-small guard, the keys panel (F1) beside them,
and the widths and heights at which text and pane change their layout."""
from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.timer import Timer

from workbench.app.too_small import Guarded

if TYPE_CHECKING:
    from workbench.app.panes.base import Pane

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
SETTINGS_AHEAD_AFTER = 1.0
"""Seconds a pane is on screen before its settings dialog is made, off screen, for `s` (sooner, a learner
stepping through panes would make one for every pane they pass)."""


def staying(widget) -> bool:
    """Whether `widget` is not on its way out: F1 pressed again before the panel it had removed was gone
    found that panel, mounted none, and left the text folded away beside no panel. Textual keeps these
    flags private: read with defaults, as `going` does."""
    return not any(getattr(widget, flag, False) for flag in ("_closing", "_closed", "_pruning"))


def take_turns(size: Size) -> bool:
    """Whether text and pane show one at a time (a narrow, low terminal), `t` switching."""
    return size.width < SIDE_BY_SIDE_WIDTH and size.height < TURNS_BELOW_HEIGHT


class ShellScreen(Guarded):
    """Mixin for our main screens: the keys panel is shown beside each while the app says so, at the
    right end of the screen's `BODY` (between its title bar and its key bar)."""

    BODY = "#lesson-body"
    _settings_ahead: Timer | None = None

    def on_screen_resume(self) -> None:
        self.show_keys_panel(self.app.keys_shown)

    def going(self) -> bool:
        """Whether the screen is on its way out as it mounts or resumes: the app quit as it was pushed (a
        follower's tick opened a lesson at that moment). Textual then mounts nothing more into it, at any
        depth, so what its mount fills or focuses may not be there (it ended the app with NoMatches and
        a traceback). Textual keeps these flags private: read with defaults."""
        app = self.app
        return any(getattr(node, flag, False) for node, flag in
                   ((self, "_closing"), (self, "_closed"), (self, "_pruning"), (app, "_exit"), (app, "_closing")))

    def size_changed(self, size: Size) -> None:
        super().size_changed(size)
        self.show_keys_panel(self.app.keys_shown)

    def show_keys_panel(self, shown: bool) -> None:
        """Mount or remove the keys panel (never on a screen narrower than KEYS_PANEL_MIN_WIDTH)."""
        shown = shown and self.size.width >= KEYS_PANEL_MIN_WIDTH
        panels = [panel for panel in self.query("KeysPanel") if staying(panel)]
        if shown and not panels:
            from workbench.app.keys_panel import KeysPanel      # with Markdown: loaded when first shown

            self.query_one(self.BODY).mount(KeysPanel())
        elif panels and not shown:
            for panel in panels:
                panel.remove()
        if self.has_class("-keys-shown") != shown:
            self.set_class(shown, "-keys-shown")
            self.refresh_bindings()

    def make_settings_ahead(self, pane: Pane | None) -> None:
        """Make `pane`'s settings dialog off screen once it has been shown a moment, so that its first
        opening only draws it: made as `s` is pressed, its hundred widgets were composed, styled and
        laid out first (210 ms of the interface at 80×24 for the training pane's, 80 made ahead)."""
        if self._settings_ahead is not None:
            self._settings_ahead.stop()
        if pane is not None:
            self._settings_ahead = self.set_timer(SETTINGS_AHEAD_AFTER, lambda: self._make_settings(pane))

    def _make_settings(self, pane: Pane) -> None:
        if not pane.is_attached or not pane.children or pane.screen is not self or not self.app.makes_ahead:
            return                                   # gone, going, or following a presenter
        if not self.is_active:                       # the palette or a dialog is open: once it has closed
            self.make_settings_ahead(pane)
            return
        pane.prepare_settings_screen()
