"""Go to any step from inside the app: a prompt (`:`) that takes `7.1/2`, `7.1` or a step number,
and the palette's list of every step (`7.1/2 Padding`)."""
from __future__ import annotations

import re
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workbench.app.click_outside import ClickOutsideCloses
from workbench.app.help_screen import DIALOG_HELP
from workbench.app.key_bar import KeyBar
from workbench.app.localize import Localized
from workbench.app.styles import pane_css
from workbench.course.model import Course, Lesson
from workbench.i18n import t
from workbench.i18n.numbers import grouped

_WHERE = re.compile(r"\s*(?P<lesson>[^\s/]+?)?\s*(?:[/\s]\s*(?P<step>\d+))?\s*")


class NoSuchStep(ValueError):
    """What the learner typed names no step; the message says why, in the interface language."""


def find_step(text: str, course: Course, current: Lesson | None) -> tuple[Lesson, int]:
    """`7.1/2`, `7.1 2`, `conv-layer/2`, `7.1` (its first step) or `2` (a step of `current`) →
    (lesson, 0-based step)."""
    match = _WHERE.fullmatch(text)
    if not text.strip() or match is None:
        raise NoSuchStep(t("goto.empty" if current is not None else "goto.empty.no_lesson"))
    name, step = match["lesson"], match["step"]
    if name is not None and name.isdigit() and step is None:
        name, step = None, name                       # a bare number is a step of this lesson
    if name is None:
        if current is None:
            raise NoSuchStep(t("goto.no_lesson", text=text.strip()))
        lesson = current
    else:
        lesson = next((lesson for lesson in course.lessons if name in (lesson.number, lesson.id)), None)
        if lesson is None:
            numbers = [lesson.number for lesson in course.lessons] or ["?"]
            raise NoSuchStep(t("goto.unknown_lesson", name=name, first=numbers[0], last=numbers[-1]))
    index = int(step) - 1 if step is not None else 0
    if not 0 <= index < len(lesson.steps):
        raise NoSuchStep(t("goto.bad_step", number=lesson.number, steps=len(lesson.steps), step=grouped(int(step))))
    return lesson, index


class GoToScreen(ClickOutsideCloses, Localized, ModalScreen[tuple[str, int] | None]):
    """A one-line prompt; Enter goes to the step typed (or says what is wrong), Escape closes, F1 explains.
    Outside a lesson it asks for a lesson, as a step number alone names none there."""

    BINDINGS = [Binding("escape", "dismiss(None)", id="goto.cancel"), DIALOG_HELP]
    CLOSE_ACTION = "dismiss(None)"
    DEFAULT_CSS = pane_css(__file__)

    def __init__(self, course: Course, current: Lesson | None):
        super().__init__()
        self.course, self.current = course, current

    @property
    def HELP(self) -> str:  # noqa: N802 - Textual's name
        return t("goto.help")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("goto.title"), id="goto-title")
            yield Input(placeholder=t("goto.placeholder" if self.current is not None else "goto.placeholder.no_lesson"),
                        id="goto-input")
            yield Static(t("goto.hint"), id="goto-hint")
            yield Static(id="goto-error")
        yield KeyBar()       # its own: the screen's beneath showed keys the prompt takes as text (G, ?)

    @on(Input.Submitted)
    def go(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            lesson, index = find_step(event.value, self.course, self.current)
        except NoSuchStep as exc:
            self.query_one("#goto-error", Static).update(str(exc))
            return
        self.dismiss((lesson.id, index))


class StepCommands(Provider):
    """Every step of every lesson, found by typing (`7.1/2`, a word of its title)."""

    def steps(self):
        for lesson in self.app.course.lessons:
            for index, step in enumerate(lesson.steps):
                yield (f"{lesson.number}/{index + 1} {step.title}", lesson.title,
                       partial(self.app.open_lesson, lesson.id, index))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self.steps():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
