"""The footer: the keys that matter here on one line, as many as fit, never a garbled one.

Textual's Footer gives every binding a grid column, so at 80 columns and below labels overlap and
break. This bar lists the screen's keys first (step, home), then the focused pane's own, then those
every pane has (settings), then the app's; it stops at the first that does not fit, so a key is never
shown without the ones before it, and always keeps "? Help" at the right end, where every key is listed.
A click on a key presses it.
"""
from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from rich.cells import cell_len
from rich.text import Text

from workbench.app.localize import is_ours

GAP = "  "
COMMON_PREFIX = "pane."
"""Ids of the keys every pane has (from the Pane base): shown after the pane's own."""


class KeyBar(Widget):
    """One line of `key label` items from the active bindings of ours that are shown."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def items(self) -> list[tuple[Binding, bool, str]]:
        """(binding, enabled, key text) of each shown action of ours: screen first, then the pane's own,
        then those of every pane, then the app's."""
        screen, app = self.screen, self.app
        groups: dict[str, list[tuple[Binding, bool, str]]] = {"screen": [], "widget": [], "pane": [], "app": []}
        seen: set[str] = set()
        allowed = getattr(app, "footer_keys", None)      # presenter mode: the presenter's keys only
        for active in screen.active_bindings.values():
            binding = active.binding
            if allowed is not None and binding.id not in allowed:
                continue
            if not (binding.show or allowed is not None) or not is_ours(binding) or binding.id in seen:
                continue
            seen.add(binding.id)
            group = ("app" if active.node is app else "screen" if active.node is screen
                     else "pane" if binding.id.startswith(COMMON_PREFIX) else "widget")
            groups[group].append((binding, active.enabled, app.get_key_display(binding)))
        return groups["screen"] + groups["widget"] + groups["pane"] + groups["app"]

    def render(self) -> Text:
        width = self.size.width
        styles = self.app.theme_variables
        key_style = f"bold {styles.get('footer-key-foreground', styles['accent'])}"
        items = self.items()
        reserved = [item for item in items if item[0].id == "app.help"]
        others = [item for item in items if item[0].id != "app.help"]
        tail_width = sum(cell_len(f"{key} {b.description}{GAP}") for b, _, key in reserved)
        chosen, used = [], 1
        for binding, enabled, key in others:
            need = cell_len(f"{key} {binding.description}{GAP}")
            if used + need + tail_width > width:
                break
            chosen.append((binding, enabled, key))
            used += need
        text, self._spans = Text(" "), []
        for binding, enabled, key in chosen + reserved:
            start = text.cell_len
            text.append(key, style=key_style if enabled else "dim")
            text.append(" " + binding.description, style="" if enabled else "dim")
            self._spans.append((start, text.cell_len, binding.key.split(",")[0]))
            text.append(GAP)
        text.truncate(width)
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
