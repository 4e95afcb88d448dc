"""Showing text in a Static only when it changed, and laying the screen out only when its rows did.

While a job runs, a pane shows its whole view again at every progress event: the gradient-check pane's
seven lines and blocks, of which one or two (the progress bar, a row of the table) changed. Each
`Static.update` laid the whole screen out and drew a frame, on the UI thread a learner's key waits on
(about 14 layouts and frames in 0.4 s of a check). `show_text` makes an update that changes nothing cost
nothing, and one that keeps the widget's rows a redraw of it without a layout.
"""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from workbench.app.widgets.in_place import hidden, needs_layout, update_in_place


def show_text(static: Static, content: Any) -> bool:
    """Show `content` in `static` unless it shows the same already; whether it was shown. The screen is
    laid out again only if the text takes other rows than it has (`update_in_place`), or, in a widget
    as wide as its text (`width: auto`, the gradient check's table), another width."""
    if same(static.content, content):
        return False
    if not auto_width(static) or hidden(static) or not static.content_size.width:
        update_in_place(static, content)
        return True
    width = natural_width(static)
    static.update(content, layout=False)
    if natural_width(static) != width or needs_layout(static):
        static.refresh(layout=True)
    return True


def auto_width(static: Static) -> bool:
    return static.styles.width is not None and static.styles.width.is_auto


def natural_width(static: Static) -> int:
    """The width the widget's text asks for (the layout gives an auto-width widget this, or its most)."""
    return static.get_content_width(static.container_size, static.app.size)


def same(shown: Any, content: Any) -> bool:
    """Whether `content` draws as `shown` does: equal strings, or rich Texts with the same characters,
    spans and style; anything else only if it is the same object."""
    if type(shown) is not type(content):
        return False
    if isinstance(content, str):
        return shown == content
    if isinstance(content, Text):
        return shown == content and text_settings(shown) == text_settings(content)
    return shown is content


def text_settings(text: Text) -> tuple:
    return text.style, text.justify, text.overflow, text.no_wrap, text.end, text.tab_size
