"""The footer: the keys that matter here on one line, as many as fit, never a garbled one.

Textual's Footer gives every binding a grid column, so at 80 columns and below labels overlap and
break. This bar lists the screen's keys first (step, home), then the keys the app puts first (the
presenter's, in presenter mode: `footer_first`, hidden ones included), then the keys the text on
screen tells the learner to press (the screen's `wanted_keys`, even those the footer does not list otherwise), then
the focused pane's own, then those every pane has (settings), then the app's; it stops at the first
that does not fit, so a key is never shown without the ones before it, and always keeps "? Help" at
the right end, where every key is listed. When the keys the text names do not fit with their labels,
the last of them lose their labels first (the text says what they do). When the text names a range
such as "1–6" (by its first key), the keys inside it that it also names are not listed again; a key
named alone (`5`) keeps its own label. A click on a key presses it.
"""
from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.keys import format_key
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

    def groups(self) -> dict[str, list[tuple[Binding, bool, str]]]:
        """(binding, enabled, key text) of each action of ours to list, by group: the screen's, those the
        app puts first, those the text names (in the order it names them), the pane's own, those of
        every pane, the app's."""
        screen, app = self.screen, self.app
        wanted = {key: i for i, key in enumerate(getattr(screen, "wanted_keys", ()))}
        groups: dict[str, list[tuple[Binding, bool, str]]] = {
            "screen": [], "first": [], "wanted": [], "widget": [], "pane": [], "app": []}
        seen: set[str] = set()
        first = getattr(app, "footer_first", frozenset())      # presenter mode: the presenter's keys
        ranged = {char for active in screen.active_bindings.values() if is_ours(active.binding)
                  and format_key(active.binding.key.split(",")[0]) in wanted for char in range_keys(active.binding)}
        for active in screen.active_bindings.values():
            binding = active.binding
            keys = [format_key(key) for key in binding.key.split(",")]
            if not binding.show and all(key in ranged for key in keys):
                continue                      # the text names `1` to `6` and `3`: "1–6" lists them all
            named = [wanted[char] for char in keys if char in wanted]
            if not (binding.show or named or binding.id in first) or not is_ours(binding) or binding.id in seen:
                continue
            seen.add(binding.id)
            group = ("screen" if active.node is screen else "first" if binding.id in first
                     else "app" if active.node is app else "wanted" if named
                     else "pane" if binding.id.startswith(COMMON_PREFIX) else "widget")
            groups[group].append((binding, active.enabled, app.get_key_display(binding)))
        groups["wanted"].sort(key=lambda item: min(wanted.get(format_key(k), len(wanted))
                                                   for k in item[0].key.split(",")))
        return groups

    def items(self) -> list[tuple[Binding, bool, str]]:
        """Every action the bar may list, in its order."""
        return [item for group in self.groups().values() for item in group]

    def choose(self, width: int) -> list[tuple[Binding, bool, str, bool]]:
        """(binding, enabled, key text, with its label) of what is shown in `width` cells, help last."""
        width += cell_len(GAP)                 # the last item's gap, counted in its cells, is never drawn
        groups = self.groups()
        help_ = [(*item, True) for group in groups.values() for item in group if item[0].id == "app.help"]
        listed = {name: [item for item in group if item[0].id != "app.help"] for name, group in groups.items()}
        tail = sum(_cells(item) for item in help_)
        chosen = [(*item, True) for item in listed["screen"] + listed["first"] + listed["wanted"]]
        for index in range(len(chosen) - 1, len(listed["screen"]) + len(listed["first"]) - 1, -1):
            if 1 + sum(_cells(item) for item in chosen) + tail <= width:
                break
            chosen[index] = (*chosen[index][:3], False)       # the text says what the key does
        used = 1 + sum(_cells(item) for item in chosen)
        for binding, enabled, key in listed["widget"] + listed["pane"] + listed["app"]:
            need = _cells((binding, enabled, key, True))
            if used + need + tail > width:
                break
            chosen.append((binding, enabled, key, True))
            used += need
        return chosen + help_

    def render(self) -> Text:
        width = self.size.width
        styles = self.app.theme_variables
        key_style = f"bold {styles.get('footer-key-foreground', styles['accent'])}"
        text, self._spans = Text(" "), []
        for binding, enabled, key, labelled in self.choose(width):
            start = text.cell_len
            text.append(key, style=key_style if enabled else "dim")
            if labelled:
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


def range_keys(binding: Binding) -> list[str]:
    """The keys a binding shown as a range stands for ("1–6": 1 to 6); none for any other binding."""
    display = binding.key_display or ""
    if len(display) != 3 or display[1] != "–" or not display[0] < display[2]:
        return []
    return [chr(code) for code in range(ord(display[0]), ord(display[2]) + 1)]


def _cells(item: tuple) -> int:
    binding, _, key, labelled = item
    return cell_len(f"{key} {binding.description}{GAP}" if labelled else f"{key}{GAP}")
