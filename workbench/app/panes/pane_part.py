"""A part of a pane's class kept in a module of its own (the training pane's curves, the comparisons'
grid, …): a mixin whose keys and drawing behave as the pane's own methods do.

`Pane` guards the `action_*` methods and `show` of each subclass, and labels the settings in the messages
of its `edit`, `apply` and `_recompute` (base.py's `guard`), but only those in the subclass's own body: a
mixin's would run bare, a failing key ending the app. A mixin made from `PanePart` has them guarded and
labelled as it is defined. Its `BINDINGS`, `DEFAULT_CSS` and `@on` handlers would not count (Textual reads
them from its widget classes only): they stay with the pane, and a mixin handles a message by its
handler's name (`on_click`).
"""
from __future__ import annotations

from typing import Any

from workbench.app.panes.base import guard


class PanePart:
    """A mixin of a pane: its actions and `show` guarded, its settings' changes labelled, as Pane's own."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard(cls)
