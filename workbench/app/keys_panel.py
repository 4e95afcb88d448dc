"""The keys panel (F1): the keys active here and the focused pane's help, beside the pane.

Our own rather than Textual's HelpPanel, which lists Textual's keys too and repeats each label before
its tooltip. It shows the help screen's text (`help_text`), so a key is documented once and both list
the keys in one order, the pane's first. A click on a key in it presses that key.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from workbench.app.help_screen import as_markdown, clicked_key, help_text
from workbench.app.styles import pane_css


PANEL_TEXT = 29
"""Cells of the panel's text: its 34 columns less its border, padding and scrollbar."""


class KeysPanel(VerticalScroll, can_focus=False):
    """Our keys on this screen and the focused pane's help; follows focus and step changes."""

    DEFAULT_CSS = pane_css(__file__)

    def compose(self) -> ComposeResult:
        # formulas and numbers with units stay whole, as in lessons and the help screen
        from workbench.app.lesson_markdown import LessonMarkdown

        yield LessonMarkdown(column=PANEL_TEXT, open_links=False)

    shown_text: str | None = None
    """The text the panel shows (before LessonMarkdown glues it)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.update_text())
        self.update_text()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A click on a key of the panel presses it, sent by the app as a key the terminal sent: it reaches
        the focused pane, the screen and the app through their bindings, as the key does (F1 hides the
        panel, `?` opens the help)."""
        key = clicked_key(event.href)
        if key is not None:
            event.stop()
            self.app.simulate_key(key)

    def update_text(self) -> None:
        """Show the keys of the screen now. The panel may be on its way out as it mounts (F1 twice before
        it was drawn): its text is gone then, and it has nothing to show (it ended the app with NoMatches).
        The same text is not shown again: the screen's bindings are updated at every focus change and step,
        and each update made every block of the panel again (a hundred widgets), for the same keys."""
        if self.is_attached:
            text = help_text(self.screen)
            if text == self.shown_text:
                return
            self.shown_text = text
            for markdown in self.query_children(Markdown):
                markdown.update(as_markdown(text))

