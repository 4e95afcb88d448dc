"""The workbench App and `make_app`, the one factory the CLI and the tests build it with."""
from __future__ import annotations

import gc
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workbench.app.commands import LanguageCommands, LessonCommands, PaneCommands
from workbench.app.help_screen import HelpScreen
from workbench.app.home import HomeScreen
from workbench.app.localize import Localized, localize
from workbench.app.messages import JobUpdate, LessonFinished, StepShown
from workbench.app.shell import KEYS_PANEL_MIN_WIDTH, ShellScreen
from workbench.app.themes import DARK, LIGHT, LIGHT_THEME, RENAMED
from workbench.course.progress import ProgressStore
from workbench.course.files import load_course
from workbench.course.model import Course, Lesson
from workbench.i18n import choose_language, language, set_language, t
from workbench.jobs import FINISHED, JobDone, JobRunner
from workbench.models.catalog import PANES, PaneEntry


CHECK_JOB = "app.check-lessons"


def _lesson_and_pane_screens() -> tuple[type, type]:
    """LessonScreen and PaneScreen, imported when the first lesson or pane opens: with them come the
    panes' base, the settings form and Textual's Markdown, which the home screen does without."""
    from workbench.app.lesson_screen import LessonScreen
    from workbench.app.pane_screen import PaneScreen

    return LessonScreen, PaneScreen


JOB_NICENESS = 5
"""Jobs (training above all) run this much nicer than the interface's thread, with the fast engine's
threads: on two cores, three busy threads would otherwise take turns and keys wait (Linux only)."""


class WorkbenchApp(Localized, App[None]):
    """Lessons of *Deep Learning from Scratch*, each step a text beside a live pane."""

    TITLE = "workbench"
    CSS_PATH = [Path(__file__).parent / name for name in ("app.tcss", "home.tcss", "lesson.tcss", "help.tcss",
                                                           "settings.tcss")]
    """All styles load with the app (Textual skips CSS_PATH on the default screen, the home screen);
    absolute, so a subclass elsewhere (a benchmark's harness) finds them too."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {LessonCommands, PaneCommands, LanguageCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", id="app.quit", priority=True),
        Binding("question_mark", "help", id="app.help"),
        Binding("f1", "toggle_keys", id="app.keys", show=False),
        Binding("ctrl+p", "command_palette", id="app.palette", show=False, priority=True),
        Binding("ctrl+t", "toggle_dark", id="app.theme", show=False),
    ]

    def __init__(self, course_root: Path | None, store: ProgressStore, *, lesson_id: str | None = None,
                 step: int | None = None, pane: tuple[str, Any] | None = None, lang: str | None = None,
                 course: Course | None = None):
        self.store = store
        self.progress, self._load_notice = store.load()
        set_language(choose_language(lang, self.progress.language))
        self._asked_language = lang
        super().__init__()
        self.course_root = course_root
        self.course = course if course is not None else load_course(course_root, language())
        self.panes: dict[str, PaneEntry] = dict(PANES)
        self.jobs = JobRunner(deliver=lambda event: None, niceness=JOB_NICENESS)
        self._save_failed = False
        self._start = (lesson_id, step, pane)
        self.last_opened: str | None = None
        self.keys_shown = False
        """Whether the keys panel (F1) is shown beside the screens."""
        self.register_theme(LIGHT_THEME)
        saved = RENAMED.get(self.progress.theme or "", self.progress.theme)
        self.theme = saved if saved in self.available_themes else DARK

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        if self._load_notice:
            self.notify(self._load_notice, title=t("app.progress"), severity="warning", timeout=10)
        if self._asked_language is not None and self.progress.language != self._asked_language:
            self.progress.language = self._asked_language    # --lang is remembered; the locale is not
            self.save_progress()
        lesson_id, step, pane = self._start
        if pane is not None:
            self.open_pane(*pane)
        elif lesson_id is not None:
            self.open_lesson(lesson_id, step)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """What the first screen does not need, once it is on screen: check the lessons (every text
        parsed, every step's settings built, which loads the panes' models and NumPy) in a job, so that
        the first lesson then opens at once and a lesson author hears of a problem."""
        # Python's full collections walk every object alive, and start-up leaves tens of thousands
        # (modules, styles, widgets) that live as long as the app. Setting them aside keeps a
        # collection during training short (60–95 ms pauses before, measured by
        # benchmarks/bench_train_pane.py), so keys stay prompt. Again once the models are loaded.
        gc.freeze()
        course = self.course
        self.jobs.start(CHECK_JOB, lambda ctx: course.problems,
                        deliver=lambda event: self.post_message(JobUpdate(event)))

    @on(JobUpdate)
    def _lessons_checked(self, message: JobUpdate) -> None:
        event = message.event
        if event.name != CHECK_JOB or not isinstance(event, JobDone):
            return
        gc.freeze()
        problems = event.result if event.reason == FINISHED else self.course.read_problems
        if problems:
            self.notify(t("app.lesson_problems", count=len(problems), first=str(problems[0])),
                        severity="warning", timeout=15)

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self.progress.theme:
            self.progress.theme = theme
            self.save_progress()

    # -- language ---------------------------------------------------------------------------

    async def switch_language(self, lang: str) -> None:
        """Show the interface (and the lessons that have a translation) in `lang`, and remember it."""
        set_language(lang)
        self.progress.language = lang
        self.save_progress()
        self.course = load_course(self.course_root or self.course.root, lang)
        localize(self)
        screen = self.screen
        LessonScreen, PaneScreen = _lesson_and_pane_screens()
        reopen: tuple | None = None
        if isinstance(screen, LessonScreen):
            reopen = ("lesson", screen.lesson.id, screen.index)
        elif isinstance(screen, PaneScreen):
            reopen = ("pane", screen.entry.name, screen.pane_settings)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        localize(self.screen)
        await self.screen.recompose()
        if reopen is not None and reopen[0] == "pane":
            await self.open_pane(reopen[1], reopen[2])
        elif reopen is not None:
            await self.open_lesson(reopen[1], reopen[2])

    # -- lessons, panes and progress -----------------------------------------------------------

    def open_lesson(self, lesson_id: str, step: int | None = None) -> Awaitable[object]:
        """Show a lesson at `step` (0-based), or where the learner left it; await to wait for it."""
        LessonScreen, _ = _lesson_and_pane_screens()
        lesson = self.course.lesson(lesson_id)
        self.last_opened = lesson.id
        if step is None:
            step = self.resume_step(lesson)
        return self._show(LessonScreen(lesson, min(max(step, 0), len(lesson.steps) - 1)))

    def open_pane(self, name: str, settings: Any = None) -> Awaitable[object]:
        """Show one pane on its own, full screen, with `settings` (its defaults when None)."""
        _, PaneScreen = _lesson_and_pane_screens()
        return self._show(PaneScreen(self.panes[name], settings))

    def _show(self, screen: Screen) -> Awaitable[object]:
        """Replace the lesson or pane on top, or go there from home: the stack never grows past two."""
        if isinstance(self.screen, _lesson_and_pane_screens()):
            return self.switch_screen(screen)
        return self.push_screen(screen)

    def resume_step(self, lesson: Lesson) -> int:
        """The last step seen, or the first again once the lesson was read to its end."""
        last = self.progress.last_step.get(lesson.id, 0)
        return 0 if last >= len(lesson.steps) - 1 else last

    @on(StepShown)
    def record_step(self, message: StepShown) -> None:
        """Remember the step shown, and the lesson as the one home starts on next time."""
        self.progress.last_step[message.lesson_id] = message.index
        self.progress.current = message.lesson_id
        self.save_progress()

    @on(LessonFinished)
    def record_finished(self, message: LessonFinished) -> None:
        self.progress.finished.add(message.lesson_id)
        self.save_progress()

    def save_progress(self) -> None:
        problem = self.store.save(self.progress)
        if problem and not self._save_failed:
            self._save_failed = True
            if problem != self._load_notice:       # said at start-up already
                self.notify(problem, title=t("app.progress"), severity="warning", timeout=10)

    # -- actions --------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit at once, whatever jobs are running or paused (they run in daemon threads)."""
        self.jobs.cancel_all()
        self.exit(return_code=0)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_keys(self) -> None:
        """Show or hide the keys panel beside every screen; where there is no room for it, the help."""
        screen = self.screen
        if not isinstance(screen, ShellScreen) or (not self.keys_shown and screen.size.width < KEYS_PANEL_MIN_WIDTH):
            if not isinstance(screen, HelpScreen):
                self.action_help()
            return
        self.keys_shown = not self.keys_shown
        screen.show_keys_panel(self.keys_shown)

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def get_system_commands(self, screen: Screen):
        yield SystemCommand(t("app.command.theme"), t("app.command.theme.help"), self.action_toggle_dark)
        yield SystemCommand(t("app.command.help"), t("app.command.help.help"), self.action_help)
        yield SystemCommand(t("app.command.keys"), t("app.command.keys.help"), self.action_toggle_keys)
        if len(self.screen_stack) > 1:
            yield SystemCommand(t("app.command.home"), t("app.command.home.help"), self.action_home)
        yield SystemCommand(t("app.command.quit"), t("app.command.quit.help"), self.action_quit)

    def action_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("app.palette.placeholder")))


def make_app(*, lesson_id: str | None = None, step: int | None = None, state_dir: Path | None = None,
             lessons_dir: Path | None = None, course: Course | None = None, pane: tuple[str, Any] | None = None,
             lang: str | None = None) -> WorkbenchApp:
    """Build the app: lessons from `lessons_dir` (the installed ones by default), progress in
    `state_dir` (default $WORKBENCH_STATE_DIR, else the user state folder), opening `lesson_id` (at
    0-based `step`) or `pane` (a name and its settings), in `lang` (else the remembered language,
    else the locale)."""
    return WorkbenchApp(lessons_dir, ProgressStore(state_dir), lesson_id=lesson_id, step=step, pane=pane,
                        lang=lang, course=course)
