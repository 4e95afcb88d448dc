"""An input field that shows where its text is cut, and whose footer says what the keys do in it.

Textual's Input shows as much of the value as fits and hides the rest without a sign, so a graph
input such as `W 0.5 -0.5 0.2; 0.1 0.4 -0.3` reads as a different, shorter matrix in a narrow pane.
While the field has the keys it scrolls with the cursor; without them, the cut is marked.

While a field has the keys, every printable key types into it, so the keys of the pane, the screen
and the app bound to one (`+`, `.`, `s`, `?`) do nothing there: the field stands in front of each
with a hidden binding of its own, which takes it off the footer, and the footer lists what Enter,
Escape and Tab do instead.

A click that gives a field the keys selects its value, as Tab does, so what the learner types
replaces it: Textual's Input selected it on the focus and then, on the same click's mouse-down
handled after it, put the cursor where the click was (mostly past the end), and "0.001" with "0.01"
typed became "0.0010.01". A click in a field that has the keys already places the cursor there.
"""
from __future__ import annotations

import unicodedata

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS
from textual.message import Message
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input

from workbench.app.localize import Localized

MARK = "…"


def key_of(character: str) -> str:
    """The name Textual gives the key that types `character`: "a", "plus", "full_stop", "space"."""
    if character.isalnum():
        return character
    name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


TYPED_KEYS = tuple(key_of(chr(code)) for code in range(32, 127))
"""The keys that type a character into a field (printable ASCII), and so reach no binding there."""


class StyledAsMounted:
    """Mixin for an Input, before it: classes it takes before it has a parent restyle nothing.

    Textual's Input sets classes in its `__init__`: `-textual-compact` (its `compact` reactive) and, with
    a value, `-valid` from its validation; a class change restyles the widget at once. Every field of a
    pane or a settings dialog was so styled two or three times as it was made, in its parent's compose,
    and once more as it mounted. Without a parent nothing can show these styles: the widget is styled
    with its classes as it mounts (`App._register`)."""

    def update_node_styles(self, animate: bool = True) -> None:
        if self.parent is not None:
            super().update_node_styles(animate)


class Field(Localized, StyledAsMounted, Input):
    """An Input that marks a cut at either end while it does not have the keys, and hides the bindings
    of the keys it types from the footer."""

    BINDINGS = [
        Binding("enter", "submit", id="settings.apply"),
        Binding("enter", "submit_closing", id="settings.done"),    # in the dialog: its footer says it closes
        Binding("escape", "leave", id="settings.leave"),
        Binding("tab", "app.focus_next", id="settings.next"),
        *(Binding(key, "typed", show=False, id="settings.typed") for key in TYPED_KEYS),   # no label: not listed
    ]

    class Left(Message):
        """Escape in a field of a pane: the pane takes the keys back (the value typed applies as the
        field loses focus)."""

    _focusing_click = False
    """Whether the mouse-down on its way is the one that gives the field the keys."""

    def focus_on_click(self) -> bool:
        """Asked by the screen on a mouse-down over the field, before it focuses the field."""
        self._focusing_click = not self.has_focus
        return super().focus_on_click()

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        """The click that focused the field keeps its value selected, to type over (no cursor placed,
        no drag begun); a click in a field that had the keys goes on to Input's (the cursor there)."""
        focusing, self._focusing_click = self._focusing_click, False
        if focusing and self.select_on_focus and self.has_focus:
            event.prevent_default()
            self.select_all()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("leave", "submit"):   # in a dialog Escape closes it, as the dialog's footer says
            return not isinstance(self.screen, ModalScreen)
        if action == "submit_closing":      # Enter there applies and closes (the dialog closes it)
            return isinstance(self.screen, ModalScreen)
        return True

    async def action_submit_closing(self) -> None:
        """Enter in the settings dialog: submitted as anywhere; the dialog closes when all is good."""
        await self.action_submit()

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def action_typed(self) -> None:
        """Never run: the field types the key's character before any binding is looked up."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if y or not self.value or self.has_focus:
            return strip
        width = self.scrollable_content_region.width
        start = self.scroll_offset.x
        if width < 2:
            return strip
        style = self.rich_style + self.get_component_rich_style("input--placeholder")
        mark = Strip([Segment(MARK, style)])
        if self._value.cell_len > start + width:
            strip = Strip.join([strip.crop(0, width - 1), mark, strip.crop(width)])
        if start > 0:
            strip = Strip.join([mark, strip.crop(1)])
        return strip

    def cut(self) -> bool:
        """Whether part of the value is out of sight."""
        return self._value.cell_len > self.scrollable_content_region.width or self.scroll_offset.x > 0
