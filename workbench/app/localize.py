"""Bindings described by the catalog: the footer, the help screen and tooltips in the interface language.

Our bindings carry an `id` of the form `<area>.<name>` and no text (`Binding("right,n", "next",
id="lesson.next")`); the catalog file of that area holds `<area>.key.<name>` (the short label the
footer shows) and, optionally, `<area>.key.<name>.tip` (a tooltip and the line in the help screen). `Localized` gives each instance a copy of its class's bindings with
those texts filled in, so keys are documented once and in the learner's language.
"""
from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from workbench.i18n import has, t


def label_key(binding_id: str) -> str:
    """The catalog key of a binding's label: "lesson.next" → "lesson.key.next"."""
    area, _, name = binding_id.partition(".")
    return f"{area}.key.{name}"


def is_ours(binding: Binding) -> bool:
    """Whether a binding was declared by workbench (its id has a label in the catalog), not by Textual."""
    return bool(binding.id) and has(label_key(binding.id))


def localized(binding: Binding, show: bool = True) -> Binding:
    """`binding` with its label and tooltip from the catalog, if it is one of ours.

    Textual hides a binding declared without a description, so `show` restores the declared intent.
    """
    if not is_ours(binding):
        return binding
    label = label_key(binding.id)
    tip = f"{label}.tip"
    return replace(binding, description=t(label), tooltip=t(tip) if has(tip) else "", show=show)


def _declared_show(cls: type) -> dict[str, bool]:
    """Binding id → `show` as written in the BINDINGS of `cls` and its bases."""
    shown: dict[str, bool] = {}
    for base in reversed(cls.__mro__):
        for binding in base.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                shown[binding.id] = binding.show
    return shown


def localize(node: DOMNode) -> None:
    """Replace `node`'s bindings with localized copies of its class's merged bindings."""
    merged = type(node)._merged_bindings
    if merged is None:
        return
    shown = _declared_show(type(node))
    node._bindings = BindingsMap.from_keys(
        {key: [localized(b, shown.get(b.id or "", True)) for b in bindings]
         for key, bindings in merged.key_to_bindings.items()})


class Localized:
    """Mixin for our screens, widgets and the app: bindings in the interface language from the start."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localize(self)
