"""The keys given back to a screen's pane after a refresh, unless another widget took them meanwhile.

A screen with a pane (a lesson's step, a pane on its own) gives the pane the keys once a refresh has
shown it again (the text folded away, a resize, a new step). A widget focused between the asking and
that refresh (a learner's click into the pane's field just after `t`) lost the keys at the refresh, and
what was typed next went to the pane. The screen counts the keys given to any other widget than the
pane, and the pane is given them back only when that count did not change since they were asked for,
or the widget that took them is no longer in view.
"""
from __future__ import annotations

PANE_AREA = "pane-area"
"""The id of the container a screen's pane is the child of."""


class PaneKeys:
    """Mixin for a Screen with a pane in `#pane-area`, before Screen: `focus_pane_after_refresh` asks for
    the screen's `focus_pane(asked)`, which calls `keys_taken_since(asked)` first."""

    _focus_moves = 0
    """How many times a widget other than the pane has taken the keys (`set_focus`)."""

    def set_focus(self, widget, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        """Textual's, counting the keys given to another widget than the pane (a click, Tab, a test)."""
        if widget is not None and widget is not self.focused and getattr(widget.parent, "id", None) != PANE_AREA:
            self._focus_moves += 1
        super().set_focus(widget, scroll_visible, from_app_focus)

    def focus_pane_after_refresh(self) -> None:
        """Give the pane the keys once the refresh under way has shown (or hidden) it: `focus_pane`."""
        self.call_after_refresh(self.focus_pane, self._focus_moves)

    def keys_taken_since(self, asked: int | None) -> bool:
        """Whether another widget, still in view, took the keys after they were asked for (`asked`: the
        count of moves then; None: asked by no refresh, nothing was taken)."""
        moved = asked is not None and asked != self._focus_moves
        return moved and self.focused is not None and self.focused in self.focus_chain
