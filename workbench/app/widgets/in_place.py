"""Updating a line of text without laying the whole screen out again, when its rows stay as they were.

Textual lays the screen out again after every `Static.update` (its size may change). A follower of a
presenter who trains updates its classroom line and the training pane's status lines twice a second, and
each layout of the whole screen cost it about 6 ms of the 35 ms a position (`benchmarks/bench_class_cpu.py`),
though their text nearly always takes the rows it had.
"""
from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Static


def update_in_place(static: Static, content: Any) -> None:
    """Show `content` in `static`, laying the screen out again only if it takes other rows than it has."""
    static.update(content, layout=False)
    if needs_layout(static):
        static.refresh(layout=True)


def refresh_in_place(widget: Widget) -> None:
    """Draw `widget` again (its render changed), laying the screen out only if it takes other rows."""
    widget.refresh()
    if needs_layout(widget):
        widget.refresh(layout=True)


def needs_layout(widget: Widget) -> bool:
    """Whether the widget's content, as it renders now, takes another number of rows than it has (or it
    has no room yet, not laid out: then the layout decides). Not while it or a widget around it is hidden
    (`display` off): showing it lays the screen out then (a follower's comparison at 80×24 hides the
    loss plot's caption, and its every position laid the screen out for it)."""
    if hidden(widget):
        return False
    width, height = widget.content_size
    return not width or widget.get_content_height(widget.size, widget.size, width) != height


def hidden(widget: Widget) -> bool:
    """Whether the widget or one around it has `display` off (taking no room until it is shown)."""
    return any(not node.display for node in widget.ancestors_with_self if isinstance(node, Widget))
