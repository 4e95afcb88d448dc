"""The console command that prints what a pane shows (its twin), as a line to copy, in one table.

`workbench open PANE` into a pipe or a script cannot start the app; it names the pane's twin with the
pane's settings carried over where the twin takes them (`workbench open im2col --set stride=2 | cat` →
`workbench shapes conv --input 1,1,4,4 --filter 1,1,3,3 --stride 2 --pad 0`). One row per pane, read by
`command_line`, so a pane gains a twin by a row, not by a sentence of its own.
"""
from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Twin:
    """A pane's console twin.

    `words` follow `workbench`; a `{setting}` among them is that setting's value (`{a|b}`: the first of
    them that is not empty). `options` maps a setting to how the twin takes it: "--x {value}",
    "--set {key}={value}", a bare "{value}" (a positional argument), or a flag alone ("--book-delta",
    given when the setting is true); `rest` is how every other setting is given (compare's and
    search's --set), None to leave them out. A setting goes on the line when it differs from the
    pane's default, or always when named in `always`; `only` gives a setting only while another
    setting has a value ("filter": ("layer", "conv"))."""

    words: str
    options: Mapping[str, str] = field(default_factory=dict)
    rest: str | None = None
    always: tuple[str, ...] = ()
    only: Mapping[str, tuple[str, str]] = field(default_factory=dict)


_COMPARE = "--set {key}={value}"
TWINS: dict[str, Twin] = {
    "im2col": Twin("shapes {layer}", {"input": "--input {value}", "filter": "--filter {value}",
                                      "pool": "--size {value}", "stride": "--stride {value}", "pad": "--pad {value}"},
                   always=("input", "filter", "pool", "stride"),
                   only={"filter": ("layer", "conv"), "pool": ("layer", "pool")}),
    "shapes": Twin("shapes {network}", {"layers": "{value}", "input": "--input {value}", "batch": "--batch {value}"},
                   always=("layers",), only={"layers": ("network", "custom")}),
    "gradcheck": Twin("gradcheck", {"net": "--net {value}", "bug": "--break {value}", "where": "--where {value}",
                                    "h": "--h {value}", "kinks": "--kinks {value}", "samples": "--samples {value}",
                                    "batch": "--batch {value}", "seed": "--seed {value}", "book_delta": "--book-delta",
                                    "impl": "--impl {value}", "folder": "--folder {value}"}),
    "graph": Twin("graph {expression|graph}", {"inputs": "--set {value}"}),
    "train": Twin("train", {key: f"--{key.replace('_', '-')} {{value}}" for key in (
        "net", "dataset", "optimizer", "lr", "epochs", "batch_size", "train_size", "test_size", "seed", "conv",
        "impl", "folder")}),
    "compare-optimizers": Twin("compare optimizers", rest=_COMPARE),
    "compare-weight-init": Twin("compare weight-init", rest=_COMPARE),
    "compare-batch-norm": Twin("compare batch-norm", rest=_COMPARE),
    "compare-overfitting": Twin("compare overfitting", rest=_COMPARE),
    "compare": Twin("compare free", rest=_COMPARE),
    "search": Twin("search", {"trials": "--trials {value}", "epochs": "--epochs {value}"}, rest=_COMPARE),
    "exercises": Twin("exercises check", {"folder": "{value}", "chapter": "{value}", "part": "{value}"}),
    "glossary": Twin("glossary"),
}
"""Pane (or a screen of the app a learner may take for one, the glossary) → its console twin."""


def command_line(name: str, settings=None) -> str | None:
    """The twin of pane `name` with `settings` carried over, as one line to copy; None without a twin."""
    twin = TWINS.get(name)
    if twin is None:
        return None
    values, defaults, kinds = _values(settings)
    words = ["workbench"] + [_word(word, values, kinds) for word in twin.words.split()]
    for key, value in values.items():
        form = twin.options.get(key, twin.rest)
        gate = twin.only.get(key)
        if form is None or (gate and _text(kinds, gate[0], values.get(gate[0])) != gate[1]):
            continue
        if key not in twin.always and value == defaults.get(key):
            continue
        text = _text(kinds, key, value)
        if "{value}" not in form:                       # a flag: given when the setting is true
            words += [form] if value is True else []
        elif text or "{key}" in form:
            words += [part.format(key=key, value=text) for part in form.split(" ")]
    return " ".join(shlex.quote(word) for word in words if word)


def _values(settings) -> tuple[dict, dict, dict]:
    """(the settings' values, the class's defaults, their kinds), each by setting name; empty for None."""
    if settings is None:
        return {}, {}, {}
    from dataclasses import fields

    from workbench.models.settings import defaults, kinds

    return ({f.name: getattr(settings, f.name) for f in fields(settings)}, defaults(type(settings)),
            kinds(type(settings)))


def _word(word: str, values: dict, kinds: dict) -> str:
    """A word of the twin's command: as it is, or `{a|b}` filled with the first setting that is not empty."""
    if not (word.startswith("{") and word.endswith("}")):
        return word
    return next((text for key in word[1:-1].split("|") if (text := _text(kinds, key, values.get(key)))), "")


def _text(kinds: dict, key: str, value) -> str:
    """A setting's value as typed on a command line (`1,3,7,7`, `0.001`, `true`)."""
    if value is None:
        return ""
    kind = kinds.get(key)
    text = kind.to_text(value) if kind is not None else str(value)
    numbers = isinstance(value, tuple) and all(isinstance(item, (int, float)) for item in value)
    return text.replace(", ", ",") if numbers else text          # sizes as options take them: 1,3,7,7
