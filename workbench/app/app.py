"""The workbench App and `make_app`, the one factory the CLI and the tests build it with."""
from __future__ import annotations

from collections.abc import Awaitable
from pathlib import Path

from textual.app import App, SystemCommand

from textual.binding import Binding
from textual.screen import Screen

from workbench.app.commands import LessonCommands, PaneCommands
from workbench.app.help_screen import HelpScreen
from workbench.app.home import HomeScreen
from workbench.app.lesson_screen import LessonScreen
from workbench.app.pane_screen import PaneScreen
from workbench.app.panes.registry import PaneSpec, pane_specs
from workbench.course.progress import ProgressStore
from workbench.course.files import load_course
from workbench.course.model import Course, Lesson

DARK = "textual-dark"

class WorkbenchApp(App[None]):
    """Lessons of *Deep Learning from Scratch*, each step a text beside a live pane."""

    TITLE = "workbench"
    CSS_PATH = ["app.tcss", "home.tcss", "lesson.tcss", "help.tcss"]
    """All styles load with the app: Textual skips CSS_PATH on the default screen (the home screen)."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {LessonCommands, PaneCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", tooltip="Quit workbench (progress is saved)"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Keys and help for this screen"),
        Binding("f1", "toggle_keys", "Keys", id="keys", show=False,
                tooltip="Show or hide the keys panel with help for the focused pane"),
        Binding("ctrl+t", "toggle_dark", "Theme", id="theme", show=False, tooltip="Switch light and dark theme"),
    ]

    def __init__(self, course: Course, store: ProgressStore, *, lesson_id: str | None = None,
                 step: int | None = None):
        super().__init__()
        self.course = course
        self.store = store
        self.panes: dict[str, PaneSpec] = dict(pane_specs())
        self.progress, self._load_notice = store.load()
        self._save_failed = False
        self._start = (lesson_id, step)
        self.last_opened: str | None = None
        self.theme = self.progress.theme if self.progress.theme in self.available_themes else DARK

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        if self._load_notice:
            self.notify(self._load_notice, title="Progress", severity="warning", timeout=10)
        if self.course.problems:
            self.notify(f"{len(self.course.problems)} problem(s) in the lesson files; "
                        "run `workbench lessons check` to see them", severity="warning", timeout=10)
        lesson_id, step = self._start
        if lesson_id is not None:
            self.open_lesson(lesson_id, step)

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self.progress.theme:
            self.progress.theme = theme
            self.save_progress()

    # -- lessons and progress -------------------------------------------------

    def open_lesson(self, lesson_id: str, step: int | None = None) -> Awaitable[object]:
        """Show a lesson at `step` (0-based), or where the learner left it; await to wait for it."""
        lesson = self.course.lesson(lesson_id)
        self.last_opened = lesson.id
        if step is None:
            step = self.resume_step(lesson)
        return self._show(LessonScreen(lesson, min(max(step, 0), len(lesson.steps) - 1)))

    def open_pane(self, name: str) -> Awaitable[object]:
        """Show one pane on its own, with its default settings."""
        return self._show(PaneScreen(self.panes[name]))

    def _show(self, screen: Screen) -> Awaitable[object]:
        """Replace the lesson or pane on top, or go there from home: the stack never grows past two."""
        if isinstance(self.screen, (LessonScreen, PaneScreen)):
            return self.switch_screen(screen)
        return self.push_screen(screen)

    def resume_step(self, lesson: Lesson) -> int:
        """The last step seen, or the first again once the lesson was read to its end."""
        last = self.progress.last_step.get(lesson.id, 0)
        return 0 if last >= len(lesson.steps) - 1 else last

    def record_step(self, lesson: Lesson, index: int) -> None:
        """Remember the step shown; reaching the last step finishes the lesson."""
        self.progress.last_step[lesson.id] = index
        if index == len(lesson.steps) - 1:
            self.progress.finished.add(lesson.id)
        self.save_progress()

    def save_progress(self) -> None:
        problem = self.store.save(self.progress)
        if problem and not self._save_failed:
            self._save_failed = True
            self.notify(problem, title="Progress", severity="warning", timeout=10)

    # -- actions --------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        yield SystemCommand("Toggle light/dark theme", "Switch between the light and the dark theme",
                            self.action_toggle_dark)
        yield SystemCommand("Help", "Keys and help for this screen", self.action_help)
        if len(self.screen_stack) > 1:
            yield SystemCommand("Home", "Back to the list of lessons", self.action_home)

    def action_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

def make_app(*, lesson_id: str | None = None, step: int | None = None, state_dir: Path | None = None,
             lessons_dir: Path | None = None, course: Course | None = None) -> WorkbenchApp:
    """Build the app: lessons from `lessons_dir` (the installed ones by default), progress in
    `state_dir` (default $WORKBENCH_STATE_DIR, else the user state folder), opening `lesson_id`."""
    course = course if course is not None else load_course(lessons_dir)
    return WorkbenchApp(course, ProgressStore(state_dir), lesson_id=lesson_id, step=step)
