"""The pane registry: pane name → settings class, widget class and palette title."""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from workbench.course.settings import build_settings

_SPECS: dict[str, PaneSpec] = {}
_NOT_PANES = {"registry", "base"}


@dataclass(frozen=True)
class PaneSpec:
    """What the app knows about a pane: the name lessons use, a title, its settings and its widget."""

    name: str
    title: str
    """Lower-case noun phrase; the palette shows "Open <title>"."""
    settings: type
    widget: type

    def build(self, raw: Mapping[str, Any] | None = None) -> Any:
        """Settings from lesson data (defaults for what it leaves out); SettingError when invalid."""
        return build_settings(self.settings, raw or {})

    def create(self, settings: Any = None, **kwargs: Any):
        """A new widget of this pane showing `settings` (the defaults when None)."""
        return self.widget(settings if settings is not None else self.settings(), **kwargs)


def register_pane(name: str, *, title: str, settings: type) -> Callable[[type], type]:
    """Class decorator: make a `Pane` subclass available to lessons, the palette and the checker."""

    def register(widget: type) -> type:
        if name in _SPECS and _SPECS[name].widget.__qualname__ != widget.__qualname__:
            raise ValueError(f"two panes are called {name!r}: {_SPECS[name].widget} and {widget}")
        _SPECS[name] = PaneSpec(name, title, settings, widget)
        widget.PANE_NAME = name
        return widget

    return register


def pane_specs() -> Mapping[str, PaneSpec]:
    """Every pane, after importing each module of `workbench.app.panes`."""
    from workbench.app import panes

    for module in pkgutil.iter_modules(panes.__path__):
        if module.name not in _NOT_PANES and not module.name.startswith("_"):
            importlib.import_module(f"{panes.__name__}.{module.name}")
    return MappingProxyType(dict(sorted(_SPECS.items())))


def settings_classes() -> dict[str, type]:
    """Pane name → settings class, the form the lesson checker takes."""
    return {name: spec.settings for name, spec in pane_specs().items()}
