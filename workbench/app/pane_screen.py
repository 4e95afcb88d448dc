"""One pane on its own, full screen (from the palette or `workbench open`), its help and settings beside it on `t`."""
from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Input, Static

from workbench.app.key_bar import KeyBar
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.localize import Localized
from workbench.app.messages import PaneShown
from workbench.app.pane_keys import PaneKeys
from workbench.app.presenter import ClassroomLine
from workbench.app.shell import (KEYS_PANEL_MIN_WIDTH, ROOM_FOR_TEXT_AND_KEYS, SIDE_BY_SIDE_WIDTH, TEXT_AND_PANE_COLUMNS,
                                 TEXT_AND_PANE_ROWS, ShellScreen, take_turns)
from workbench.app.text_column import TextColumn, scroll_text_or_pane
from workbench.app.too_small import LaidOutForNewSizes, too_small
from workbench.app.widgets.title_line import TitleLine
from workbench.i18n import t
from workbench.models.catalog import PaneEntry


def sentence_case(title: str) -> str:
    """A pane's title (lower case in the catalog, for use inside sentences) as a title bar shows it: its
    first letter upper case, unless its first word is a name from the book's code (im2col, col2im), which
    keeps its spelling, or carries a Korean particle ("sin과 cos": Korean has no capitals, and "Sin과" read
    as a typo)."""
    first_word = title.split(" ", 1)[0].rstrip(",:;")
    if not (first_word.isalpha() and first_word.isascii()):
        return title
    return f"{title[:1].upper()}{title[1:]}"


KEYS_PANEL_WIDTH = 34
"""The keys panel's width, its border in it (keys_panel.tcss)."""


def pane_width(size: Size, text_beside: bool, keys_shown: bool) -> int:
    """The cells a pane will be wide on a screen of `size`, as lesson.tcss lays it out: the whole width under
    SIDE_BY_SIDE_WIDTH (text above it, or taking turns) or with the text folded away (`text_beside` False),
    less the keys panel (F1) where it is shown, which takes the text's place under ROOM_FOR_TEXT_AND_KEYS;
    beside the text, half of the width under that, three fifths from it, less the pane area's border. Told
    to a pane before it is mounted (`Pane.width_hint`), so that its first layout is at its width class."""
    keys = KEYS_PANEL_WIDTH if keys_shown and size.width >= KEYS_PANEL_MIN_WIDTH else 0
    if size.width < SIDE_BY_SIDE_WIDTH:
        return size.width
    if not text_beside or (keys and size.width < ROOM_FOR_TEXT_AND_KEYS):
        return size.width - keys
    share = 1 / 2 if size.width < ROOM_FOR_TEXT_AND_KEYS else 3 / 5
    return round((size.width - keys) * share) - 1


class PaneScreen(Localized, PaneKeys, LaidOutForNewSizes, ShellScreen, Screen):
    """A pane with the given settings, full screen; `t` shows its help and settings beside it."""

    HORIZONTAL_BREAKPOINTS = TEXT_AND_PANE_COLUMNS
    VERTICAL_BREAKPOINTS = TEXT_AND_PANE_ROWS
    BINDINGS = [
        Binding("escape", "home", id="pane_screen.home"),
        Binding("t", "toggle_text", id="pane_screen.text", show=False),
        Binding("up", "scroll(-1)", id="pane_screen.scroll_up", show=False),
        Binding("down", "scroll(1)", id="pane_screen.scroll_down", show=False),
        Binding("pageup", "scroll(-10)", id="pane_screen.page_up", show=False),
        Binding("pagedown", "scroll(10)", id="pane_screen.page_down", show=False),
    ]
    FALLBACK_KEYS = frozenset({"up", "down"})
    """Keys a pane's cursor takes first (the im2col and convolution panes' ↑ ↓): the screen scrolls with
    them only beside a pane that does not use them."""

    text_folded: reactive[bool] = reactive(True, init=False)

    def __init__(self, entry: PaneEntry, settings: Any = None):
        super().__init__()
        self.entry = entry
        self.initial_settings = settings if settings is not None else entry.settings()
        self.hint = ""
        """The hint beside the title, as shown."""
        self._placed: tuple[bool, bool] | None = None
        """(text and pane take turns, too small) at the last size: only a change of these can hide or show
        the pane, so only it asks to give the pane the keys back."""

    @property
    def title_text(self) -> str:
        return sentence_case(self.entry.title)

    @property
    def pane_settings(self) -> Any:
        panes = self.query("#pane-area > *")
        return panes.first().settings if panes else self.initial_settings

    def compose(self) -> ComposeResult:
        self.set_class(True, "-text-folded")
        with Horizontal(id="lesson-bar"):
            yield TitleLine("", self.title_text, id="lesson-title")
            yield Static(t("pane_screen.hint"), id="step-counter")
        with Container(id="lesson-body"):
            yield TextColumn(id="text")          # the help in it is made as `t` first shows it (show_help)
            with Container(id="pane-area"):
                pane = self.entry.load_widget()(self.initial_settings)
                pane.width_hint = pane_width(self.app.size, False, self.app.keys_shown)
                yield pane
        yield ClassroomLine()
        yield KeyBar()

    def on_mount(self) -> None:
        if self.going():
            return
        self.query_one("#pane-area > *").focus()
        self.make_settings_ahead(self.query_one("#pane-area > *"))
        self.post_message(PaneShown(self.entry.name, self.initial_settings))

    def help_markdown(self) -> str:
        """The pane's help and its settings, with their allowed values and defaults, as Markdown."""
        settings = "\n".join(f"- **{name}**: {allowed}; {t('settings.default', value=default)}"
                             + (f" — {help_text}" if help_text else "")
                             for name, allowed, default, help_text in self.entry.describe())
        return f"{self.entry.help}\n\n### {t('pane_screen.settings')}\n{settings}\n"

    def show_help(self) -> AwaitMount | None:
        """Make the help beside the pane, unless it is made already: only as it is first shown. Folded away
        until `t`, it was half of a pane screen's widgets (38 of the graph pane's 74, 74 of im2col's 119),
        composed, styled and kept for every pane opened, and most were never looked at."""
        text = self.query_one("#text", TextColumn)
        if text.query_children(LessonMarkdown):
            return None
        return text.mount(LessonMarkdown(self.help_markdown()), before=0)

    def watch_text_folded(self, folded: bool) -> None:
        if not folded:
            self.show_help()
        self.set_class(folded, "-text-folded")
        self.focus_pane_after_refresh()

    def size_changed(self, size: Size) -> None:
        """Every Resize to another size: the pane's keys are given back only when its place can have
        changed (text and pane take turns, or the terminal is too small), not after a learner's first
        click into a field."""
        super().size_changed(size)
        self.show_hint()
        self.query_one("#text", TextColumn).hint = t("lesson.pane_hint") if take_turns(size) else ""
        placed = (take_turns(size), too_small(size))
        if placed != self._placed:
            self._placed = placed
            self.focus_pane_after_refresh()

    def show_hint(self) -> None:
        """The keys beside the title as they act now: in a field of the pane's settings (the training
        pane's setup), `s` and `t` type into it, so the hint names Enter and Escape instead."""
        typing = isinstance(self.focused, Input)
        self.hint = t(hint_for(self.title_text, self.size.width, typing))
        self.query_one("#step-counter", Static).update(self.hint)

    def on_click(self, event: events.Click) -> None:
        """A click on a key the hint beside the title names ("s: edit") presses that key."""
        counter = self.query_one("#step-counter", Static)
        offset = event.get_content_offset(counter) if event.widget is counter else None
        key = hint_key_at(self.hint, offset.x) if offset is not None else None
        if key is not None:
            event.stop()
            # sent by the app: a key this screen sent would stop at it, short of the app's bindings
            self.app.call_later(self.app.simulate_key, key)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.show_hint()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.show_hint()

    def focus_pane(self, asked: int | None = None) -> None:
        """Give the pane the keys when it is on screen, unless another widget of the screen, still in
        view, took them after they were asked for (`asked`: the count of `_focus_moves` then). It took
        a field's focus back from a click into it the first moment after the screen opened."""
        pane = self.query_one("#pane-area > *")
        if pane not in self.focus_chain or self.focused is pane:
            return
        if self.keys_taken_since(asked):
            return
        pane.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_text":    # the keys panel stands in for the help when narrow
            return not (self.has_class("-keys-shown") and self.size.width < ROOM_FOR_TEXT_AND_KEYS)
        return True

    async def action_toggle_text(self) -> None:
        """Show or fold away the help; shown for the first time, once it is made and filled: the keys
        pressed after `t` (↓ scrolls the help) find it there, as they did when it was made with the screen."""
        if self.text_folded:
            made = self.show_help()
            if made is not None:
                await made
        self.text_folded = not self.text_folded

    @on(TextColumn.HintClicked)
    async def _hint_clicked(self, message: TextColumn.HintClicked) -> None:
        """A click on "t: show the pane" does what t does."""
        message.stop()
        await self.action_toggle_text()

    def action_scroll(self, lines: int) -> None:
        """Scroll the help beside the pane; with the help folded away or fitting, the pane's first part
        that runs past the fold (keys of the pane's own, such as a cursor's arrows, come first)."""
        scroll_text_or_pane(self.query_one("#text", TextColumn), self.query_one("#pane-area > *"), int(lines))

    def action_home(self) -> None:
        self.app.pop_screen()


HINT_SEPARATOR = " · "
"""What stands between the parts of the hint beside a pane's title, in every language."""


def hint_key_at(hint: str, x: int) -> str | None:
    """The key (as Textual names it) of the part of `hint` ("t: help and settings · s: edit · …") that
    cell `x` falls on, None between the parts."""
    start = 0
    for part in hint.split(HINT_SEPARATOR):
        if start <= x < start + cell_len(part) and ":" in part:
            return part.split(":", 1)[0].strip().lower()
        start += cell_len(part + HINT_SEPARATOR)
    return None


BAR_MARGINS = 4
"""The title bar's padding (1 each side) and the gap before the hint (2)."""


def hint_for(title: str, width: int, typing: bool = False) -> str:
    """The catalog key of the hint beside a pane's title: the whole hint where both fit on the bar, else
    only `t` (the footer shows s and Escape), so that a title such as "Numerical gradient versus
    backprop" is not cut at 80 columns. While a field has the keys (`typing`), what Enter and Escape
    do there (the footer says it too), or Escape alone where both do not fit."""
    key = "pane_screen.hint.typing" if typing else "pane_screen.hint"
    whole = cell_len(title) + cell_len(t(key)) + BAR_MARGINS
    return key if whole <= width else f"{key}.short"
