"""Bindings described by the catalog: the footer, the help screen and tooltips in the interface language.

Our bindings carry an `id` of the form `<area>.<name>` and no text (`Binding("right,n", "next",
id="lesson.next")`); the catalog file of that area holds `<area>.key.<name>` (the short label the
footer shows) and, optionally, `<area>.key.<name>.tip` (a tooltip and the line in the help screen). `Localized` gives each instance a copy of its class's bindings with
those texts filled in, so keys are documented once and in the learner's language.

Two keys that go together (`,` `.`, `[` `]`) are declared a pair by one Textual group naming one label:
`group=Binding.Group("filter")` on both reads `<area>.key.filter` ("Filter"), and the footer lists them
as one item, ", . Filter", as Textual's own Footer would, both keys wherever it lists one (`show=False` on
one of them says only that the pair is not listed for it alone); each keeps its own label in the help.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

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


@dataclass(frozen=True)
class Pair(Binding.Group):
    """A group of keys with its label from the catalog; its `name` (the label's) tells two pairs of one
    label apart (train's ", . Epoch" and "< > Epoch" are two items, not one)."""

    name: str = ""


def paired(binding: Binding) -> Binding.Group | None:
    """The group of `binding` with its label in the interface language (`<area>.key.<group>`)."""
    group = binding.group
    if group is None or isinstance(group, Pair):
        return group
    label = label_key(f"{binding.id.partition('.')[0]}.{group.description}")
    return Pair(t(label), group.compact, group.description) if has(label) else group


def localized(binding: Binding, show: bool = True) -> Binding:
    """`binding` with its label and tooltip from the catalog, if it is one of ours.

    Textual hides a binding declared without a description, so `show` restores the declared intent.
    """
    if not is_ours(binding):
        return binding
    label = label_key(binding.id)
    tip = f"{label}.tip"
    return replace(binding, description=t(label), tooltip=t(tip) if has(tip) else "", show=show,
                   group=paired(binding))


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
