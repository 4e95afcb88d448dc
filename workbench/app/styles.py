"""A widget's styles read from the .tcss file beside its module, into its DEFAULT_CSS.

The project keeps CSS in .tcss files, not in Python strings; a widget has no CSS_PATH of its own
(only an App or a Screen does), so `DEFAULT_CSS = pane_css(__file__)` reads the file when the class
is defined. The rules stay the widget's default CSS, scoped to it as before, so what outranks what
is unchanged (the app's .tcss files still outrank them all).

A module with two widgets keeps one .tcss for both, and each widget takes the rules that begin with
its name (`pane_css(__file__, "StepCounter")`): given the whole file, Textual would scope the other
widget's rules to this one ("TitleLine StepCounter"), rules that were never there.
"""
from __future__ import annotations

import re
from pathlib import Path

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_TYPE_NAME = re.compile(r"[A-Za-z_][\w-]*")


def pane_css(module_file: str, widget: str | None = None) -> str:
    """The styles in the .tcss file beside `module_file` (a module's `__file__`): all of them, or
    with `widget` only the rules whose selectors all begin with that type name."""
    css = Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
    if widget is None:
        return css
    mine = [rule for rule in rules(css) if owner(rule) == widget]
    if not mine:
        raise ValueError(f"no rule in {Path(module_file).with_suffix('.tcss').name} begins with {widget}")
    return "".join(mine)


def rules(css: str) -> list[str]:
    """The top-level rules of a stylesheet, each with the comments and blank lines before it (a
    nested rule stays inside its parent's braces)."""
    pieces, start, depth, at = [], 0, 0, 0
    while at < len(css):
        if css.startswith("/*", at):
            end = css.find("*/", at + 2)
            at = len(css) if end < 0 else end + 2
            continue
        if css[at] == "{":
            depth += 1
        elif css[at] == "}":
            depth -= 1
            if depth == 0:
                pieces.append(css[start:at + 1])
                start = at + 1
        at += 1
    return pieces


def owner(rule: str) -> str:
    """The type name that every selector of `rule` begins with ("GradcheckPane.-tight #gc-bug" →
    GradcheckPane); a rule whose selectors begin with different names, or none, belongs to no one ("")."""
    selectors = _COMMENT.sub("", rule).split("{", 1)[0].split(",")
    names = {match.group() if (match := _TYPE_NAME.match(selector.strip())) else "" for selector in selectors}
    return names.pop() if len(names) == 1 else ""
