"""The `?` help screen and the F1 keys panel's text: the keys here (from the bindings), then the help.

Keys are documented once, in the bindings: this screen, the keys panel, the footer and the tooltips all
read them, and the help screen and the keys panel show one text, in one order.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.keys import _character_to_key, format_key
from textual.screen import ModalScreen, Screen

from workbench.app.key_bar import KeyBar, range_keys
from workbench.app.click_outside import ClickOutsideCloses
from workbench.app.localize import Localized, is_ours
from workbench.app.too_small import Guarded
from workbench.app.widgets.focus_restyle import FocusScroll
from workbench.i18n import t

if TYPE_CHECKING:   # Markdown is loaded with the first screen that shows it, not with the app
    from textual.widgets import Markdown


DIALOG_HELP = Binding("f1", "app.help", id="help.open", key_display="F1")
"""F1 in a dialog (go-to, settings, data sets): its keys and help. A dialog hides the app's keys, F1 and ?
too, so F1 did nothing there; ? stays a character, typed into the dialog's fields."""


class HelpScreen(ClickOutsideCloses, Localized, Guarded, ModalScreen):
    """Keys and help for the screen it was opened over; Escape, q, ? or F1 closes it.

    A modal screen hides the app's bindings, so the keys that open it must close it here.
    """

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", id="help.close")]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        # loaded with the first screen that shows Markdown; formulas and numbers with units stay whole, as in lessons
        from workbench.app.lesson_markdown import LessonMarkdown

        with FocusScroll(id="help-box"):
            yield LessonMarkdown(help_markdown(self.under), open_links=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.app.pop_screen()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A click on a key closes the help and presses that key on the screen the help is of, where the
        key does what its line says (here it would only close the help); `?`, which would open this help
        again, only closes it, as `?` does here."""
        key = clicked_key(event.href)
        if key is None:
            return
        event.stop()
        self.app.pop_screen()               # not awaited: it waits for this screen's handlers, this one too
        if key != "question_mark":
            self.app.call_later(self.app.simulate_key, key)


def key_rows(screen: Screen, group: str) -> list[str]:
    """One Markdown line per action of ours in `group` ("screen", "widget" or "app") active on
    `screen`: all its keys, then what it does. A key that a line for several stands for ("1–6", "hjkl",
    "+ -") has no line of its own, as in the footer."""
    rows, seen = [], set()
    ours = [active for active in screen.active_bindings.values()
            if is_ours(active.binding) and binding_group(screen, active.node) == group]
    ranged = {key for active in ours for key in range_keys(active.binding)}
    for active in ours:
        binding = active.binding
        if binding.id in seen or not range_keys(binding) and all(map(ranged.__contains__, keys_of(binding))):
            continue
        seen.add(binding.id)
        rows.append(f"- **{key_links(screen, binding)}** {binding.tooltip or binding.description}")
    return rows


KEY_LINK = "key:"
"""How the link of a key in the help begins: "key:full_stop" is `.`, which a click on it presses."""


def key_links(screen: Screen, binding: Binding) -> str:
    """The keys of `binding` (and of the bindings that share its id) as the help writes them, each a
    link to the key it names, so that a click on it does what the key does."""
    named: dict[str, Binding] = {}
    for same in _same_id(screen, binding):
        named.setdefault(key_name(screen.app.get_key_display(same)), same)
    return " ".join(_linked(screen, name, same) for name, same in named.items())


def _linked(screen: Screen, name: str, binding: Binding) -> str:
    """`name` linked to its key; one that stands for several keys ("h j k l", "+ -") key by key. A range
    ("1–6") stays unlinked: a click on it could not say which of its keys it means."""
    ranged = range_keys(binding)
    if not ranged:
        return f"[{_escaped(name)}]({KEY_LINK}{binding.key})"
    parts = name.split(" ")
    if len(parts) != len(ranged):
        return _escaped(name)
    keys = [_character_to_key(char) for char in ranged]
    return " ".join(f"[{_escaped(part)}]({KEY_LINK}{key})" if key in screen.active_bindings else _escaped(part)
                    for part, key in zip(parts, keys))


def _escaped(text: str) -> str:
    """`text` with its ASCII punctuation escaped, as Markdown reads it literally (a key "[" or "*")."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def clicked_key(href: str) -> str | None:
    """The key a link of the help names (`KEY_LINK`), None for any other link."""
    if not href.startswith(KEY_LINK):
        return None
    return href[len(KEY_LINK):] or None


def keys_of(binding: Binding) -> list[str]:
    """The keys of a binding as the footer writes them: "plus,equals_sign" → ["+", "="]."""
    return [format_key(key) for key in binding.key.split(",")]


def binding_group(screen: Screen, node: object) -> str:
    """Whose binding this is: the app's, the screen's, or a widget's (the focused pane and its parents)."""
    return "app" if node is screen.app else "screen" if node is screen else "widget"


def focused_help(screen: Screen) -> str:
    """The help of the focused widget or its nearest parent that has one (the pane), else ""."""
    focused = screen.focused
    while focused is not None and not getattr(focused, "HELP", None):
        focused = focused.parent if focused.parent is not screen else None
    return focused.HELP if focused is not None else ""


def help_text(screen: Screen) -> str:
    """Markdown, the same for `?` and F1: the focused pane's keys, the screen's, the app's, then the pane's
    help and the screen's.

    The pane's keys come first: a learner asks for help while using the pane, and its keys are the
    ones that change from pane to pane, while the screen's (steps, home, the text) are the same on
    every step and always in the footer. On a screen without a pane (home), the screen's keys and help.
    """
    pane_help = focused_help(screen)
    pane_rows, screen_rows = key_rows(screen, "widget"), key_rows(screen, "screen")
    if not pane_help:                   # a widget without help of its own (the lesson list) is the screen's
        pane_rows, screen_rows = [], pane_rows + screen_rows
    sections = [(t("help.keys"), pane_rows), (t("help.keys_here"), screen_rows)]
    parts = [f"### {title}\n" + "\n".join(rows) for title, rows in sections if rows]
    app = screen.app
    if getattr(app, "following", None) is not None:
        parts.append(t("help.following"))
    elif getattr(app, "presenting", False):
        parts.append(t("help.presenting"))
    everywhere = key_rows(screen, "app")        # none under a dialog, which hides the app's keys
    if everywhere:
        parts.append(f"### {t('help.everywhere')}\n" + "\n".join(everywhere))
    parts += [pane_help, getattr(screen, "HELP", None) or ""]
    return "\n\n".join(part.strip() for part in parts if part.strip()) + "\n"


def help_markdown(screen: Screen) -> str:
    """`help_text` as the help's Markdown widget takes it: the catalog's no-break spaces ("4\u00a0뒤집기")
    as word joiners, which Markdown's clean-up of whitespace leaves alone and the paragraph turns back into
    no-break spaces (`no_break.unjoin`), so a label stays on the row of its value as it does in the pane."""
    return as_markdown(help_text(screen))


def as_markdown(text: str) -> str:
    """A help text with its no-break spaces as word joiners (`help_markdown`)."""
    from workbench.app.no_break import JOINER

    return text.replace("\u00a0", JOINER)


KEY_NAMES = {"⏎": "Enter", "esc": "Esc", "pgup": "PgUp", "pgdn": "PgDn", "pageup": "PgUp", "pagedown": "PgDn",
             "hjkl": "h j k l"}
WORD_KEYS = re.compile(r"(shift\+)?(f\d{1,2}|space|tab|home|end|del|delete|backspace|ins|insert|enter|escape|up|down|left|right)")
"""Keys named by a word, which the help capitalizes ("space" → "Space"); other displays stay as written."""


def key_name(display: str) -> str:
    """A key as the help spells it: "^q" → "Ctrl+Q", "⏎" → "Enter", "pgdn" → "PgDn"."""
    if display in KEY_NAMES:
        return KEY_NAMES[display]
    if display.startswith("^") and len(display) > 1:
        return "Ctrl+" + display[1:].upper()
    if WORD_KEYS.fullmatch(display):
        return "+".join(part[:1].upper() + part[1:] for part in display.split("+"))
    return display


def _same_id(screen: Screen, binding: Binding) -> list[Binding]:
    return [active.binding for active in screen.active_bindings.values() if active.binding.id == binding.id]
