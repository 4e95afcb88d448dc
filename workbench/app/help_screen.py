"""The `?` help screen: the screen's help, its keys (from the bindings), the focused pane's help, the global keys.

Keys are documented once, in the bindings: this screen, the footer and the tooltips all read them.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from workbench.app.key_bar import KeyBar
from workbench.app.localize import Localized, is_ours
from workbench.i18n import t


class HelpScreen(Localized, ModalScreen):
    """Keys and help for the screen it was opened over; Escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q", "close", id="help.close")]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(help_text(self.under))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.app.pop_screen()


def key_rows(screen: Screen, *, app_keys: bool) -> list[str]:
    """One Markdown line per action of ours active on `screen`: all its keys, then what it does."""
    rows, seen = [], set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not is_ours(binding) or (active.node is screen.app) != app_keys or binding.id in seen:
            continue
        seen.add(binding.id)
        keys = [key_name(screen.app.get_key_display(b)) for b in _same_id(screen, binding)]
        rows.append(f"- **{' '.join(dict.fromkeys(keys))}** {binding.tooltip or binding.description}")
    return rows


def help_text(screen: Screen) -> str:
    """Markdown: the screen's own help, its keys, the focused pane's help, then the global keys."""
    parts = [getattr(screen, "HELP", None) or ""]
    rows = key_rows(screen, app_keys=False)
    if rows:
        parts.append(f"### {t('help.keys_here')}\n" + "\n".join(rows))
    focused = screen.focused
    while focused is not None and not getattr(focused, "HELP", None):
        focused = focused.parent if focused.parent is not screen else None
    if focused is not None:
        parts.append(focused.HELP)
    parts.append(f"## {t('help.everywhere')}\n" + "\n".join(key_rows(screen, app_keys=True)))
    return "\n\n".join(part.strip() for part in parts if part.strip()) + "\n"


def key_name(display: str) -> str:
    """A key as the help spells it: "^q" → "Ctrl+Q", "enter" → "Enter"."""
    if display.startswith("^") and len(display) > 1:
        return "Ctrl+" + display[1:].upper()
    return display[:1].upper() + display[1:] if len(display) > 1 else display


def _same_id(screen: Screen, binding: Binding) -> list[Binding]:
    return [active.binding for active in screen.active_bindings.values() if active.binding.id == binding.id]
