"""A pane whose own keys change settings through `apply` with every value checked by its kind.

`Pane.apply` replaces fields with `dataclasses.replace`, which runs the settings' `__post_init__` but
not each field's kind, so a key that adds a layer could step past the allowed range. A pane with
this mixin reads each changed value as lesson data would be read: out of range, it is refused in
place with the kind's message, and the last good settings stay.
"""
from __future__ import annotations

from typing import Any

from workbench.models.settings import SettingError, build_settings


class CheckedApply:
    """Mixin for a Pane: `apply(**changes)` checks every changed value against its setting's kind."""

    def apply(self, **changes: Any) -> bool:
        try:
            build_settings(type(self.settings), changes, self.settings)
        except SettingError as exc:
            self.error = exc
            return False
        return super().apply(**changes)
