"""One pane on its own, opened from the command palette, to explore it beyond a lesson's steps."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from workbench.app.panes.registry import PaneSpec
from workbench.course.settings import describe


class PaneScreen(Screen):
    """A pane with its default settings, its help beside it."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-medium"), (120, "-wide")]
    BINDINGS = [Binding("escape", "home", "Home", id="pane.home", tooltip="Back to the list of lessons")]

    def __init__(self, spec: PaneSpec):
        super().__init__()
        self.spec = spec

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-bar"):
            yield Static(f"[b]{self.spec.title.capitalize()}[/b]", id="lesson-title")
            yield Static("Escape: home", id="step-counter")
        with Container(id="lesson-body"):
            with VerticalScroll(id="text", can_focus=False):
                settings = "\n".join(f"- {line}" for line in describe(self.spec.settings))
                yield Markdown(f"{self.spec.widget.HELP}\n### Settings a lesson can give it\n{settings}\n")
            with Container(id="pane-area"):
                yield self.spec.create()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#pane-area > *").focus()

    def action_home(self) -> None:
        self.app.pop_screen()
