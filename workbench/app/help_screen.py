"""The `?` help screen: the keys of the screen below, its help text and the focused pane's."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Markdown

GENERAL = """\
## Everywhere
- **Ctrl+Q** quit (progress is saved as you go)
- **?** this help · **F1** the keys panel, with help for the focused pane
- **Ctrl+P** command palette: open any lesson or pane, change the theme
- **Ctrl+T** light or dark theme
"""


class HelpScreen(ModalScreen):
    """Keys and help for the screen it was opened over; Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(help_text(self.under))
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.app.pop_screen()


def help_text(screen: Screen) -> str:
    """Markdown: the screen's own help, its keys, the focused pane's help, then the global keys."""
    parts = [getattr(screen, "HELP", None) or ""]
    rows = []
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if active.node is screen.app or binding.action in seen or not binding.description:
            continue
        seen.add(binding.action)
        keys = " or ".join(screen.app.get_key_display(b) for b in _same_action(screen, binding))
        rows.append(f"- **{keys}** {binding.tooltip or binding.description}")
    if rows:
        parts.append("### Keys here\n" + "\n".join(rows))
    focused = screen.focused
    while focused is not None and not getattr(focused, "HELP", None):
        focused = focused.parent if focused.parent is not screen else None
    if focused is not None:
        parts.append(focused.HELP)
    parts.append(GENERAL)
    return "\n\n".join(part.strip() for part in parts if part.strip()) + "\n"


def _same_action(screen: Screen, binding: Binding) -> list[Binding]:
    return [active.binding for active in screen.active_bindings.values()
            if active.binding.action == binding.action and active.node is not screen.app]
