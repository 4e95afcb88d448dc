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

from workbench.app import glyphs
from workbench.app.classroom import ClassroomApp
from workbench.app.collector import TimedCollections
from workbench.app.commands import DataCommands, GlossaryCommands, LanguageCommands, LessonCommands, PaneCommands
from workbench.app.goto import GoToScreen, StepCommands
from workbench.app.help_screen import HelpScreen
from workbench.app.home import HomeScreen
from workbench.app.localize import Localized, localize
from workbench.app.messages import JobUpdate, LessonFinished, StepShown
from workbench.app.chapter3_network import NetworkUpdate, SharedNetwork
from workbench.app.shell import KEYS_PANEL_MIN_WIDTH, ShellScreen
from workbench.app.widgets import keys_in_order
from workbench.app.themes import (CONTRAST, CONTRAST_DARK_THEME, CONTRAST_LIGHT_THEME, DARK, LIGHT, LIGHT_THEME,
                                  RENAMED)
from workbench.course.progress import ProgressStore
from workbench.course.files import load_course
from workbench.course.model import Course, Lesson
from workbench.i18n import choose_language, language, set_language, t
from workbench.jobs import FINISHED, JobDone, JobRunner
from workbench.models.catalog import PANES, PaneEntry

keys_in_order.install()         # a field's ⌫ and → act where they were typed, however fast the keys come

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


class WorkbenchApp(ClassroomApp, Localized, App[None]):
    """Lessons of *Deep Learning from Scratch*, each step a text beside a live pane."""

    TITLE = "workbench"
    CSS_PATH = [Path(__file__).parent / name for name in ("app.tcss", "home.tcss", "lesson.tcss", "help.tcss",
                                                           "settings.tcss", "classroom.tcss")]
    """All styles load with the app (Textual skips CSS_PATH on the default screen, the home screen);
    absolute, so a subclass elsewhere (a benchmark's harness) finds them too."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {LessonCommands, StepCommands, PaneCommands, GlossaryCommands, DataCommands,
                               LanguageCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", id="app.quit", priority=True),
        Binding("question_mark", "help", id="app.help"),
        Binding("f1", "toggle_keys", id="app.keys", show=False),
        Binding("ctrl+p", "command_palette", id="app.palette", show=False, priority=True),
        Binding("ctrl+t", "toggle_dark", id="app.theme", show=False, priority=True),   # in the help and dialogs too
        Binding("colon", "go_to", id="app.goto", show=False),   # in the footer in presenter mode only
        Binding("F", "rejoin", id="app.rejoin"),
        Binding("E", "explore", id="app.explore"),     # a follower's way to explore on their own, named
        Binding("G", "glossary", id="glossary.open", show=False),   # g is a pane's "go" (train, check, descent)
    ]

    def __init__(self, course_root: Path | None, store: ProgressStore, *, lesson_id: str | None = None,
                 step: int | None = None, pane: tuple[str, Any] | None = None, lang: str | None = None,
                 course: Course | None = None, presenting: bool = False, share=None, follow=None,
                 glyph_mode: str | None = None):
        self.store = store
        self._collections = TimedCollections()
        self.progress, self._load_notice = store.load()
        # A course handed in (`workbench lesson`, `present`) was read in the language its command chose
        # from the file a moment ago; the file may say another since (a second window started in it),
        # and the lesson's text and the app's strings must not part ways: the course's language wins.
        set_language(choose_language(lang, course.language if course is not None else self.progress.language))
        self._asked_language = lang
        super().__init__()
        self.course_root = course_root
        self.course = course if course is not None else load_course(course_root, language())
        store.steps = course_step_ids(self.course)
        self.panes: dict[str, PaneEntry] = dict(PANES)
        self.jobs = JobRunner(deliver=lambda event: None, niceness=JOB_NICENESS)
        self.chapter3 = SharedNetwork(self)
        """Chapter 3's network, found or trained once, in a job that outlives steps and panes."""
        self._save_failed = False
        self._start = (lesson_id, step, pane)
        self._classroom = (presenting, share, follow)
        glyphs.set_mode(glyphs.choose(glyph_mode, self.progress.glyphs))
        self._asked_glyphs = glyph_mode
        self._ascii_filter = glyphs.line_filter()
        self._ascii_filter.enabled = glyphs.ascii_mode()
        self._filters.append(self._ascii_filter)
        self.last_opened: str | None = None
        self.keys_shown = False
        """Whether the keys panel (F1) is shown beside the screens."""
        self.keepsakes: dict[str, object] = {}
        """While the language switches: what each pane handed over (`Pane.keepsake`), by pane name."""
        for theme in (LIGHT_THEME, CONTRAST_LIGHT_THEME, CONTRAST_DARK_THEME):
            self.register_theme(theme)
        saved = RENAMED.get(self.progress.theme or "", self.progress.theme)
        self.theme = saved if saved in self.available_themes else DARK

    def get_driver_class(self):
        """Textual's driver for the platform; on Linux and macOS the one that answers Escape promptly
        (driver.py); served (textual-serve's web driver in TEXTUAL_DRIVER), the one that ends the app
        when its server has gone (served_driver.py). Any other (Windows, a test's) is left as it is."""
        driver = super().get_driver_class()
        named = (driver.__module__, driver.__name__)
        if named == ("textual.drivers.web_driver", "WebDriver"):
            from workbench.app.served_driver import ServedDriver

            return ServedDriver
        if named != ("textual.drivers.linux_driver", "LinuxDriver"):
            return driver
        from workbench.app.driver import PromptEscapeDriver

        return PromptEscapeDriver

    def on_unmount(self) -> None:
        self._collections.stop()

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        if self._load_notice:
            self.notify(self._load_notice, title=t("app.progress"), severity="warning", timeout=10)
        if self._asked_language is not None and self.progress.language != self._asked_language:
            self.progress.language = self._asked_language    # --lang is remembered; the locale is not
            self.save_progress()
        if self._asked_glyphs is not None and self.progress.glyphs != self._asked_glyphs:
            self.progress.glyphs = self._asked_glyphs     # --glyphs is remembered, like the theme
            self.save_progress()
        self.setup_classroom(*self._classroom)
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
        self._collections.start(self)
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
            key = "app.lesson_problems" + (".one" if len(problems) == 1 else "")     # not "1 problem(s)"
            self.notify(t(key, count=len(problems), first=str(problems[0])), severity="warning", timeout=15)

    @property
    def makes_ahead(self) -> bool:
        """Whether to make at idle what a key may soon ask for (a pane's settings dialog): not while
        following a presenter, when a student's keys are few and every follower on the server would
        make it at once."""
        return self.following is None or not self.following.attached

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self.progress.theme and theme not in CONTRAST:
            self.progress.theme = theme
            self.save_progress()

    # -- language ---------------------------------------------------------------------------

    async def switch_language(self, lang: str) -> None:
        """Show the interface (and the lessons that have a translation) in `lang`, and remember it."""
        set_language(lang)
        self.progress.language = lang
        self.save_progress()
        self.course = load_course(self.course_root or self.course.root, lang)
        self.store.steps = course_step_ids(self.course)
        localize(self)
        screen = self.screen
        from workbench.app.panes.base import Pane

        for pane in screen.query(Pane):       # what the learner made there comes back in the new pane
            kept = pane.keepsake()
            if kept is not None:
                self.keepsakes[pane.PANE] = kept
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
        self.keepsakes.clear()

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
        """The last step seen (by its id, wherever the lesson has it now), or the first again once
        that is the lesson's last step."""
        last = self.progress.resume_index(lesson.id, lesson.step_ids) or 0
        return 0 if last >= len(lesson.steps) - 1 else last

    @on(StepShown)
    def record_step(self, message: StepShown) -> None:
        """Remember the step shown, and the lesson as the one home starts on next time."""
        lesson = self.course.lesson(message.lesson_id)
        self.progress.record_step(lesson.id, lesson.step_ids, message.index)
        self.progress.current = message.lesson_id
        self.save_progress()
        self.classroom_moved()

    @on(NetworkUpdate)
    def _chapter3_network(self, message: NetworkUpdate) -> None:
        self.chapter3.handle(message.event)

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
        self.stop_classroom()
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
        light, dark = CONTRAST if self.presenting else (LIGHT, DARK)
        self.theme = light if self.theme == dark else dark

    def action_toggle_glyphs(self) -> None:
        """Unicode or ASCII glyphs (remembered): every screen is drawn again."""
        glyphs.set_mode(glyphs.UNICODE if glyphs.ascii_mode() else glyphs.ASCII)
        self._ascii_filter.enabled = glyphs.ascii_mode()
        self.progress.glyphs = glyphs.mode()
        self.save_progress()
        for screen in self.screen_stack:
            for widget in screen.walk_children(with_self=True):
                widget.refresh()

    def action_go_to(self) -> None:
        """Ask for a step (`7.1/2`, `7.1`, or a step of this lesson) and go there."""
        LessonScreen, _ = _lesson_and_pane_screens()
        screen = next((s for s in reversed(self.screen_stack) if isinstance(s, LessonScreen)), None)

        def go(where: tuple[str, int] | None) -> None:
            if where is not None:
                self.show_step(*where)

        if not isinstance(self.screen, GoToScreen):
            self.push_screen(GoToScreen(self.course, screen.lesson if screen is not None else None), go)

    def show_step(self, lesson_id: str, index: int) -> None:
        """Go to step `index` (0-based) of a lesson: in the lesson on screen, or by opening it."""
        LessonScreen, _ = _lesson_and_pane_screens()
        if isinstance(self.screen, LessonScreen) and self.screen.lesson.id == lesson_id:
            self.screen.go_to_step(index)
        else:
            self.open_lesson(lesson_id, index)

    def action_glossary(self) -> None:
        """The course's terms in English and Korean, each with the step that introduces it (G)."""
        from workbench.app.glossary_screen import open_glossary

        open_glossary(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rejoin":
            return self.following is not None and not self.following.attached
        if action == "explore":
            return self.following is not None and self.following.attached
        return True

    def get_system_commands(self, screen: Screen):
        yield SystemCommand(t("app.command.theme"), t("app.command.theme.help"), self.action_toggle_dark)
        yield SystemCommand(t("app.command.help"), t("app.command.help.help"), self.action_help)
        yield SystemCommand(t("app.command.keys"), t("app.command.keys.help"), self.action_toggle_keys)
        if self.presenting:
            yield SystemCommand(t("app.command.unpresent"), t("app.command.unpresent.help"), self.action_present)
        else:
            yield SystemCommand(t("app.command.present"), t("app.command.present.help"), self.action_present)
        yield SystemCommand(t("app.command.goto"), t("app.command.goto.help"), self.action_go_to)
        yield SystemCommand(t("app.command.glyphs"), t("app.command.glyphs.help"), self.action_toggle_glyphs)
        if not isinstance(screen, HomeScreen):            # "Back to the list of lessons", from elsewhere
            yield SystemCommand(t("app.command.home"), t("app.command.home.help"), self.action_home)
        yield SystemCommand(t("app.command.quit"), t("app.command.quit.help"), self.action_quit)

    def action_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_command_palette(self) -> None:
        from workbench.app.commands import Palette

        if not Palette.is_open(self):
            self.push_screen(Palette(placeholder=t("app.palette.placeholder")))


def course_step_ids(course: Course) -> dict[str, tuple[str, ...]]:
    """Every lesson's step ids by lesson id, for the progress store (`ProgressStore.steps`)."""
    return {lesson.id: lesson.step_ids for lesson in course.lessons}


def make_app(*, lesson_id: str | None = None, step: int | None = None, state_dir: Path | None = None,
             lessons_dir: Path | None = None, course: Course | None = None, pane: tuple[str, Any] | None = None,
             lang: str | None = None, presenting: bool = False, share=None, follow=None,
             glyph_mode: str | None = None) -> WorkbenchApp:
    """Build the app: lessons from `lessons_dir` (the installed ones by default), progress in
    `state_dir` (default $WORKBENCH_STATE_DIR, else the user state folder), opening `lesson_id` (at
    0-based `step`) or `pane` (a name and its settings), in `lang` (else the remembered language,
    else the locale); `presenting` in presenter mode, publishing its position to `share` (an
    Address) or following the presenter at `follow`; with `glyph_mode` "unicode" or "ascii" (else the
    remembered mode, ASCII where the terminal cannot encode Unicode glyphs)."""
    return WorkbenchApp(lessons_dir, ProgressStore(state_dir), lesson_id=lesson_id, step=step, pane=pane,
                        lang=lang, course=course, presenting=presenting, share=share, follow=follow,
                        glyph_mode=glyph_mode)
