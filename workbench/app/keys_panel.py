"""The keys panel (F1): the keys active here and the focused pane's help, beside the pane.

Our own rather than Textual's HelpPanel, which lists Textual's keys too and repeats each label before
its tooltip. It reads the same bindings as the help screen, so a key is documented once; the pane's
keys come first, since they are the ones a learner looks up while using it.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from workbench.app.help_screen import focused_help, key_rows
from workbench.i18n import t


PANEL_TEXT = 29
"""Cells of the panel's text: its 34 columns less its border, padding and scrollbar."""


class KeysPanel(VerticalScroll, can_focus=False):
    """Our keys on this screen and the focused pane's help; follows focus and step changes."""

    DEFAULT_CSS = """
    KeysPanel {
        width: 34;
        height: 1fr;
        border-left: vkey $panel-lighten-2;
        background: $surface;
        padding: 0 1;
    }
    KeysPanel Markdown {
        margin: 0;
        padding: 0;
        background: $surface;
    }
    """

    def compose(self) -> ComposeResult:
        # formulas and numbers with units stay whole, as in lessons and the help screen
        from workbench.app.lesson_markdown import LessonMarkdown

        yield LessonMarkdown(column=PANEL_TEXT)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.update_text())
        self.update_text()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def update_text(self) -> None:
        if self.is_attached:
            self.query_one(Markdown).update(keys_text(self.screen))


def keys_text(screen) -> str:
    """Markdown: the focused pane's keys, the screen's, the app's, then the pane's help (on a screen
    without a pane, the home screen, the screen's own: what ✓ and • on the list mean)."""
    pane_help = focused_help(screen)
    pane_rows, screen_rows = key_rows(screen, "widget"), key_rows(screen, "screen")
    if not pane_help:                   # a widget without help of its own (the lesson list) is the screen's
        pane_rows, screen_rows = [], pane_rows + screen_rows
        pane_help = getattr(screen, "HELP", None) or ""
    sections = [(t("help.keys"), pane_rows), (t("help.keys_here"), screen_rows),
                (t("help.everywhere"), key_rows(screen, "app"))]
    parts = [f"### {title}\n" + "\n".join(rows) for title, rows in sections if rows]
    parts.append(pane_help)
    return "\n\n".join(part.strip() for part in parts if part.strip()) + "\n"
