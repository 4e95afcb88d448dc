"""Keys typed into a field act in the order they were typed, however fast they come.

Textual's `Input` inserts a printable character as its key event arrives, but runs its editing keys
(backspace, delete, ←, →, Home, End…) through its bindings only when the key event has bubbled up to the
app, through each ancestor's message queue. Keys that arrive together — a quick "⌫1", keys queued while
a training run holds the UI thread, a terminal that sends them in one read — are then applied out of
order: "0.001", End, ⌫, 1 gave "0.001" with the 1 typed and then deleted (Textualize/textual#6605). Here
a field runs its own bindings for a key as the key arrives, as the app would run them later (the focused
widget is the first place the app looks, and priority bindings were already tried before the key reached
it); a key it has no binding for goes on up as before. `install()` does it for every `Input`, the
command palette's too. Idempotent.
"""
from __future__ import annotations

from textual import events
from textual.widgets import Input


async def run_own_binding(widget: Input, event: events.Key) -> bool:
    """Run `widget`'s own (non-priority) binding for the key of `event` now; False if it has none or none
    ran (its `check_action` refused), so that the key goes on up to the screen and the app."""
    bindings = widget._bindings
    keymap = widget.app._keymap
    if keymap:
        bindings = bindings.copy()
        bindings.apply_keymap(keymap)
    for binding in bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            return True
    return False


def install() -> None:
    """Make every `Input` run its editing keys as they arrive (see the module's docstring)."""
    if getattr(Input._on_key, "keys_in_order", False):
        return
    typed = Input._on_key

    async def _on_key(self: Input, event: events.Key) -> None:
        if not event.is_printable and await run_own_binding(self, event):
            event.stop()                # not again when it reaches the app
            event.prevent_default()
        await typed(self, event)        # the cursor's blink restarts; a printable character is inserted

    _on_key.keys_in_order = True
    Input._on_key = _on_key
