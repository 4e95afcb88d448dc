"""A lesson: the step's text beside its live pane, stepped with → ← (or n p)."""
from __future__ import annotations

import asyncio

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Markdown, Static

from workbench.app.key_bar import KeyBar
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.localize import Localized
from workbench.app.messages import LessonFinished, PaneShown, StepShown, WantsRoom
from workbench.app.pane_keys import PaneKeys
from workbench.app.pane_screen import pane_width
from workbench.app.panes.base import Pane
from workbench.app.presenter import ClassroomLine, PresenterBar
from workbench.app.shell import (ROOM_FOR_TEXT_AND_KEYS, TEXT_AND_PANE_COLUMNS, TEXT_AND_PANE_ROWS, ShellScreen,
                                 take_turns)
from workbench.app.too_small import LaidOutForNewSizes
from workbench.app.text_column import TextColumn, scroll_text_or_pane
from workbench.app.widgets.title_line import StepCounter, TitleLine
from workbench.course.model import Lesson
from workbench.i18n import t


ROOM_FOR_LIVE_WORK = 60
"""A pane narrower than this gets the whole width (the text folds away) when its live work starts."""


class LessonScreen(Localized, PaneKeys, LaidOutForNewSizes, ShellScreen, Screen):
    """One lesson, one step at a time; each step sets the pane's settings so text and numbers agree."""

    HORIZONTAL_BREAKPOINTS = TEXT_AND_PANE_COLUMNS
    VERTICAL_BREAKPOINTS = TEXT_AND_PANE_ROWS
    BINDINGS = [
        Binding("left,p", "previous", id="lesson.previous"),
        Binding("right,n", "next", id="lesson.next"),
        Binding("escape", "home", id="lesson.home"),
        Binding("t", "toggle_text", id="lesson.text"),
        Binding("up", "scroll_text(-1)", id="lesson.scroll_up", show=False),
        Binding("down", "scroll_text(1)", id="lesson.scroll_down", show=False),
        Binding("pageup", "scroll_text(-10)", id="lesson.page_up", show=False),
        Binding("pagedown", "scroll_text(10)", id="lesson.page_down", show=False),
    ]
    index: reactive[int] = reactive(0, init=False, repaint=False)
    text_folded: reactive[bool] = reactive(False, init=False)

    def __init__(self, lesson: Lesson, index: int = 0):
        super().__init__()
        self.lesson = lesson
        self.stepped = False
        """Whether the learner has moved through this lesson since it opened (only then can it finish)."""
        self._showing = asyncio.Lock()
        self.folded_for_room = False
        """Whether the text was folded for a pane's live work (not by t): a later step shows its text
        again once that work is over."""
        self.building = True
        """True from a step key (and from the start)  until its step is on screen: more step keys meanwhile are dropped."""
        self.set_reactive(LessonScreen.index, index)

    @property
    def HELP(self) -> str:  # noqa: N802 - Textual's name
        return t("lesson.help")

    def compose(self) -> ComposeResult:
        yield self.lesson_bar()
        yield PresenterBar(id="presenter-bar")
        with Container(id="lesson-body"):
            with TextColumn(id="text"):
                yield LessonMarkdown(id="step-text")
            yield Container(id="pane-area")
        yield ClassroomLine()
        yield KeyBar()

    def lesson_bar(self) -> Horizontal:
        """The lesson's number and title, then the step counter with the step's title."""
        number, short = self.lesson.number, self.lesson.short_title
        return Horizontal(TitleLine(number, self.lesson.title, short, id="lesson-title"),
                          StepCounter(number, short, id="step-counter"), id="lesson-bar")

    async def on_mount(self) -> None:
        await self.show_step()

    @property
    def step(self):
        return self.lesson.steps[self.index]

    @property
    def wanted_keys(self) -> tuple[str, ...]:
        """The keys the step's text tells the learner to press, then those the pane's own text names now
        (a caption's "z draws this cell large"): the footer keeps them in view."""
        named = self.pane.named_keys() if self.pane is not None else ()
        return self.step.keys + tuple(key for key in named if key not in self.step.keys)

    @property
    def explained_keys(self) -> tuple[str, ...] | None:
        """The keys a text in view says the use of, which alone may go without a label in the footer: all
        those named while the step's text is on screen (None), only the pane's own caption's once t has
        folded the text away (or the pane has it on a small terminal)."""
        if not self.text_folded:
            return None
        return self.pane.named_keys() if self.pane is not None else ()

    @property
    def pane(self) -> Pane | None:
        """The step's pane, if it has one. The pane area is found by its id: a query of the whole screen
        took a follower a few milliseconds five times a second (`_catch_up`)."""
        area = self.query_one_optional("#pane-area")
        return next((child for child in area.children if isinstance(child, Pane)), None) if area is not None else None

    async def watch_index(self) -> None:
        await self.show_step()

    class TextFolded(Message):
        """The step's text folded away or came back: the presenter's followers are laid out the same."""

    def watch_text_folded(self, folded: bool) -> None:
        self.set_class(folded, "-text-folded")
        self.refresh_bindings()      # the footer: keys the folded text explained want their labels
        self.focus_pane_after_refresh()
        self.post_message(self.TextFolded())

    def focus_pane(self, asked: int | None = None) -> None:
        """Give the pane the keys whenever it is on screen (folding and resizing can hide and show it), and
        keep them with it while text and pane take turns: the text in view names the pane's keys, and the
        key bar lists them, after `t` twice as when the lesson opened. Not when another widget still in
        view took them after they were asked for (`asked`: the count of `_focus_moves` then), as on the
        pane screen: a click into the pane's field just after `t` lost its keys at the next refresh."""
        pane = self.pane
        if pane is None or self.focused is pane:
            return
        if self.keys_taken_since(asked):
            return
        if pane in self.focus_chain or self.focused is None or self.focused not in self.focus_chain:
            pane.focus(scroll_visible=False)

    async def show_step(self) -> None:
        """Show the current step's text and pane, and say so (the app remembers the step).

        One at a time: keys pressed quickly queue their steps instead of interleaving them.
        """
        async with self._showing:
            try:
                if self.going():
                    return
                with self.app.batch_update():
                    await self._show_step()
            finally:
                self.building = False
    def go_to_step(self, index: int) -> bool:
        """Show step `index` (0-based), unless a step is still being built (then the move is dropped:
        keys pressed while a slow pane builds must not pile up and skip steps)."""
        if self.building or not 0 <= index < len(self.lesson.steps):
            return False
        if index != self.index:
            self.building = True
            self.index = index
        return True

    def show_presenter(self) -> None:
        """Fill the presenter's title bar (presenter mode shows it instead of the lesson bar)."""
        total = len(self.lesson.steps)
        self.query_one(PresenterBar).show(self.lesson.number, self.lesson.title, self.index + 1, total,
                                          self.step.title)

    async def _show_step(self) -> None:
        step, total = self.step, len(self.lesson.steps)
        last = self.index == total - 1
        self.show_counter()
        self.show_presenter()
        await self._show_pane()
        self.set_class(step.pane is None, "-no-pane")
        if step.pane is None or (self.folded_for_room and not self.pane_busy()):
            self.text_folded = self.folded_for_room = False
        self.show_turn_hint()
        await self.query_one("#step-text", Markdown).update(step.text)
        self.query_one("#text", TextColumn).scroll_home(animate=False)
        self.focus_pane_after_refresh()
        self.make_settings_ahead(self.pane)
        self.refresh_bindings()
        self.post_message(StepShown(self.lesson.id, self.index, total, self.stepped))
        if last and self.stepped:
            self.post_message(LessonFinished(self.lesson.id))

    def show_counter(self) -> None:
        """"Step 3/6 · title" in the lesson bar, and on the last step what → does then."""
        total = len(self.lesson.steps)
        head = t("lesson.step_counter", index=self.index + 1, total=total, title="")
        after = f"   {t(self.after_last_step())}" if self.index == total - 1 else ""
        self.query_one(StepCounter).show(head, self.step.title, after)

    def after_last_step(self) -> str:
        """What → does after the last step: the next lesson, or, after the course's last, the list."""
        return "lesson.next_lesson" if self.app.course.following(self.lesson) is not None else "lesson.course_done"

    async def _show_pane(self) -> None:
        """Give the current pane the step's settings, or swap in the step's pane."""
        step, area = self.step, self.query_one("#pane-area")
        current = self.pane     # a pane that goes away stops its jobs (Pane.leave, on unmount)
        if step.pane is None:
            await area.remove_children()
            return
        entry = self.app.panes.get(step.pane)
        if entry is None or step.pane_settings is None:
            await area.remove_children()
            problem = step.problem or t("catalog.unknown_pane", name=step.pane, hint="", panes=", ".join(self.app.panes))
            await area.mount(Static(t("lesson.pane_problem", problem=problem), classes="pane-problem"))
            return
        widget = entry.load_widget()
        if current is not None and type(current) is widget:
            current.settings = step.pane_settings
            self._scroll_pane_home(current)
        else:
            await area.remove_children()
            current = widget(step.pane_settings)
            current.width_hint = area.size.width or pane_width(
                self.size if self.size.width else self.app.size, not self.text_folded,
                self.app.keys_shown)
            await area.mount(current)
            current.focus()
        self.post_message(PaneShown(step.pane, step.pane_settings))

    @staticmethod
    def _scroll_pane_home(pane) -> None:
        """Back to the top of a pane kept for the next step, as its text is: the reader had scrolled it
        for the step before (3.4's second step opened with its first lines out of view)."""
        for widget in (pane, *pane.query("*")):
            if widget.scroll_offset != (0, 0):
                widget.scroll_home(animate=False)

    async def action_next(self) -> None:
        if self.building:
            return
        self.stepped = True
        if self.index < len(self.lesson.steps) - 1:
            self.go_to_step(self.index + 1)
            return
        following = self.app.course.following(self.lesson)
        if following is None:
            self.app.notify(t("lesson.all_done"), title=t("lesson.finished_title"))
            self.app.pop_screen()
        else:
            self.building = True      # this screen is on its way out
            await self.app.open_lesson(following.id, 0)

    async def action_previous(self) -> None:
        """The step before; at a lesson's first step, the last step of the lesson before (as → after
        the last step opens the next lesson). At the course's first step ← is shown dim and does nothing."""
        if self.building:
            return
        self.stepped = True
        if self.index > 0:
            self.go_to_step(self.index - 1)
            return
        preceding = self.app.course.preceding(self.lesson)
        if preceding is not None:
            self.building = True      # this screen is on its way out
            await self.app.open_lesson(preceding.id, len(preceding.steps) - 1)

    def action_home(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous":       # None: listed dim, and the key does nothing
            return True if self.index > 0 or self.app.course.preceding(self.lesson) is not None else None
        if action == "toggle_text":    # nothing to fold without a pane, or with the keys panel in its place
            keys_instead = self.has_class("-keys-shown") and self.size.width < ROOM_FOR_TEXT_AND_KEYS
            return self.step.pane is not None and not keys_instead
        return True

    def size_changed(self, size: Size) -> None:
        super().size_changed(size)
        self.show_turn_hint(size)
        self.focus_pane_after_refresh()

    def show_turn_hint(self, size: Size | None = None) -> None:
        """When text and pane take turns, say under the text how to see the pane."""
        turns = take_turns(size or self.size) and self.step.pane is not None
        self.query_one("#text", TextColumn).hint = t("lesson.pane_hint") if turns else ""

    @on(WantsRoom)
    def _make_room(self, message: WantsRoom) -> None:
        """Fold the text away when a pane's live work needs more width than the text leaves it."""
        message.stop()
        area = self.query_one("#pane-area")
        if self.text_folded or take_turns(self.size) or area.size.width >= ROOM_FOR_LIVE_WORK:
            return
        self.text_folded = self.folded_for_room = True
        message.pane.room_made()

    def pane_busy(self) -> bool:
        """Whether the pane's live work (a training, a comparison) still runs."""
        running = getattr(self.pane, "running", None)
        return bool(running()) if callable(running) else False

    def action_toggle_text(self) -> None:
        self.text_folded = not self.text_folded
        self.folded_for_room = False

    def on_click(self, event: events.Click) -> None:
        """A click on "→ next lesson" (or "→ finish the course") at the end of the step counter does what → does."""
        counter = self.query_one(StepCounter)
        if event.widget is counter and event.screen_x >= counter.region.right - cell_len(counter.after.strip()):
            self.app.call_later(self.action_next)      # from the app: → may replace this screen

    @on(TextColumn.HintClicked)
    def _hint_clicked(self, message: TextColumn.HintClicked) -> None:
        """A click on "t: show the pane" does what t does."""
        message.stop()
        if self.check_action("toggle_text", ()):
            self.action_toggle_text()

    def action_scroll_text(self, lines: int) -> None:
        """Scroll the text; with the text folded away or fitting, the first part of the pane that scrolls."""
        scroll_text_or_pane(self.query_one("#text", TextColumn), self.pane, int(lines))

    def on_unmount(self) -> None:
        pane = self.pane
        if pane is not None:
            pane.leave()
