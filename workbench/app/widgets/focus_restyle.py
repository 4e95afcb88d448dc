"""A focusable container whose focus change restyles itself only, when no rule can restyle its insides.

Textual restyles a widget and its whole subtree as it gains or loses the focus (`Widget.watch_has_focus`),
for rules such as `ListView:focus > ListItem`. A pane is focusable and holds tens to hundreds of widgets;
restyling them all at every focus change was the largest single share of the stylesheet's time in the
app tests (a third of it), for one rule of ours on the pane itself (`Pane:focus`, app.tcss). Here the
subtree is restyled only when some rule has `:focus` or `:blur` before its last part and that part could
be this widget (its type, a class or its id; the rest of the selector is not looked at, so in doubt the
subtree is restyled as before). `:focus-within` is Textual's other path (`Screen._update_focus_styles`)
and is left to it.
"""
from __future__ import annotations

from textual._context import NoActiveAppError
from textual.css.model import CombinatorType, Selector
from textual.containers import VerticalScroll
from textual.widget import Widget

FOCUS_STATES = frozenset({"focus", "blur"})

_found: tuple[object, tuple[Selector, ...]] | None = None
"""The stylesheet's rules (the list, which Textual replaces at every parse) and their selectors that
name a focus state before the last part of their rule's selector."""


def focus_selectors(rules: list) -> tuple[Selector, ...]:
    """The selectors in `rules` with `:focus` or `:blur` in a part before the last (`A:focus B`, `A:blur > B`):
    those whose match depends on an ancestor's focus."""
    global _found
    if _found is not None and _found[0] is rules:
        return _found[1]
    found = []
    for rule in rules:
        for selector_set in rule.selector_set:
            selectors = selector_set.selectors
            last = len(selectors) - 1                  # the last part: its selectors joined by SAME
            while last > 0 and selectors[last].combinator == CombinatorType.SAME:
                last -= 1
            found.extend(s for s in selectors[:last] if s.pseudo_classes & FOCUS_STATES)
    _found = (rules, tuple(found))
    return _found[1]


def focus_reaches_inside(widget: Widget) -> bool:
    """Whether a focus change of `widget` may restyle a widget inside it: a focus selector before the
    last part that `widget` matches, its focus state aside."""
    return any(selector._check(widget) for selector in focus_selectors(widget.app.stylesheet.rules))


class FocusRestylesItself:
    """Mixin for a focusable widget with many descendants, before its Widget class: its focus changes
    restyle it alone unless a rule says otherwise (module docstring). Not a Widget itself, which would
    set `can_focus` (False) for the classes after it."""

    def watch_has_focus(self: Widget, _has_focus: bool) -> None:
        try:
            app = self.app
        except NoActiveAppError:                    # as Textual's own: nothing to restyle without an app
            return
        if focus_reaches_inside(self):
            super().watch_has_focus(_has_focus)
        else:
            app.stylesheet.update_nodes([self], animate=True)


class FocusScroll(FocusRestylesItself, VerticalScroll):
    """A VerticalScroll that takes the focus to scroll what it holds (the help's box, a hundred widgets of
    Markdown), restyling itself only as it does."""
