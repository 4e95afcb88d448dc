"""The base of every pane widget: it renders its model's result and keeps the last good one.

A lesson step, the palette, `workbench open` and a test all drive a pane the same way: by assigning
a settings object to `pane.settings`. The pane then recomputes its model (`entry.compute`), only when
the settings changed, and renders the result with `show`; a resize or a theme change only renders
again. When the model refuses the settings (a `SettingError`, or the library's `ValueError`), the
message appears on the pane's error line and in the field at fault, and the last good result stays
on screen. `apply` and `edit` are how a pane's own keys and fields change settings: a value the
settings refuse never replaces the good ones.

Long work runs as a job (`start_job`); its events come back as `job_progress`/`job_done` calls on
the UI thread, stale runs dropped. `leave()` runs when the pane goes away (the lesson moves to a
step with another pane or to another lesson, the screen closes, the app quits) and cancels the
pane's jobs; a step that keeps the pane and only changes its settings lets its jobs run on.
"""
from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any, ClassVar

from textual import events, on
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from workbench import __version__
from workbench.app.localize import Localized
from workbench.app.messages import JobUpdate, SettingsChanged
from workbench.app.settings_form import SettingField, SettingsForm, SettingsScreen
from workbench.app.widgets.field import Field
from workbench.app.widgets.focus_restyle import FocusRestylesItself
from workbench.app.widgets.view_tabs import KeyClicked
from workbench.i18n import language, t
from workbench.i18n.library_errors import library_error_text
from workbench.jobs import Job, JobContext, JobDone, JobProgress
from workbench.models.catalog import PaneEntry, pane
from workbench.models.settings import SettingError, labelled, with_text


class ErrorLine(Static):
    """One line under a pane saying what was wrong with the last change; hidden when all is well."""


class NewerLine(Static):
    """A line under a pane following a presenter of a later version, whose figures are of a kind this
    workbench cannot draw: they need an update (`show_newer_figures`); hidden otherwise."""


def _guarded(method: Callable) -> Callable:
    """`method` (an action or `show`), with any error shown on the pane's error line instead of
    ending the app: no key pressed in a pane may crash it."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def guarded_async(self, *args, **kwargs):
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:   # noqa: BLE001 - shown in place, never a traceback
                self.report_failure(exc)
        return guarded_async

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:   # noqa: BLE001 - shown in place, never a traceback
            self.report_failure(exc)
    return guarded


def _labelled(method: Callable) -> Callable:
    """`method` (one that reads or checks settings), with every message it makes naming a setting as
    the pane's fields label it (온도 in Korean, not `temperature`): the learner did not type the key."""
    @functools.wraps(method)
    def labelled_method(self, *args, **kwargs):
        with labelled(self.entry.setting_label, self.entry.choice_label):
            return method(self, *args, **kwargs)
    return labelled_method


LABELLED = ("edit", "apply", "_recompute")
"""The methods (and every `edit_*`) through which a pane's settings change: their messages are labelled."""


def guard(cls: type) -> None:
    """Guard the `action_*` methods and `show` of `cls`'s own body (`_guarded`), and label the settings
    in its LABELLED methods' messages (`_labelled`): a pane's class, or a mixin of one (pane_part.py)."""
    for name, value in list(vars(cls).items()):
        if (name.startswith("action_") or name == "show") and callable(value) \
                and not getattr(value, "__wrapped__", None):
            setattr(cls, name, _guarded(value))
        elif (name in LABELLED or name.startswith("edit_")) and callable(value) \
                and not getattr(value, "__wrapped__", None):
            setattr(cls, name, _labelled(value))


class Pane(Localized, FocusRestylesItself, Widget, can_focus=True):
    """Subclasses set PANE (their catalog name), compose their children in `compose_pane`, and `show`.

    Every `action_*` method and `show` of a subclass is guarded: an error in one becomes a message on
    the error line (and in the log), and the app goes on. Its `edit`, `edit_*`, `apply` and
    `_recompute` name settings in their messages as the fields label them (`_labelled`).
    """

    PANE: ClassVar[str] = ""
    BINDINGS = [Binding("s", "edit_settings", id="pane.settings")]
    settings: reactive[Any] = reactive(None, init=False, always_update=False)
    error: reactive[SettingError | None] = reactive(None, init=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard(cls)

    def report_failure(self, exc: Exception) -> None:
        """Show an unexpected error in place and keep the app running."""
        self.log.error(f"{type(self).__name__}: {exc!r}")
        self.error = SettingError(None, t("pane.failure", error=f"{type(exc).__name__}: {exc}"))

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.entry: PaneEntry = pane(self.PANE)
        self.result: Any = None
        self._computed: Any = None
        """The settings last given to the model (so a watcher does not compute them twice)."""
        self._good: Any = None
        """The settings last computed without an error: while they are the ones in use, an error
        shown is a change the pane refused, not a fault of those settings."""
        self.jobs: dict[str, Job] = {}
        self._pane_mounted = False
        """Whether `on_mount` has run: Textual calls the handler of each class of the pane, so a pane
        whose own `on_mount` calls `super().on_mount()` (to do this first) reaches it twice."""
        self.set_reactive(Pane.settings, settings if settings is not None else self.entry.settings())
        self.width_hint: int | None = None
        """The width the screen that mounts the pane says it will have (`pane_width`), set before it is
        mounted: until the first layout gives it a size, the pane draws, and picks its width class, for it."""

    @property
    def help_text(self) -> str:
        """Prose for the help screen and the keys panel (Textual's help panel reads HELP)."""
        return self.entry.help

    @property
    def HELP(self) -> str:  # noqa: N802 - Textual's name
        return self.help_text

    def compose(self) -> ComposeResult:
        yield from self.compose_pane()
        yield ErrorLine(id="pane-error")
        yield NewerLine(id="pane-newer")

    def compose_pane(self) -> ComposeResult:
        """The pane's own children."""
        return iter(())

    def on_mount(self) -> None:
        if self._pane_mounted:
            return
        self._pane_mounted = True
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_view())
        self.query_one(ErrorLine).display = False
        self.query_one(NewerLine).display = False
        self._recompute(self.settings)
        # Textual counts a widget as mounted only once its on_mount has returned, so the first result
        # is drawn just after; not left to the first resize, which may come a frame later.
        self.call_later(self.refresh_view)
        kept = getattr(self.app, "keepsakes", {}).pop(self.PANE, None)
        if kept is not None:
            self.call_after_refresh(self.take_keepsake, kept)

    def show_newer_figures(self, newer: bool) -> None:
        """Say in place, or no more, that the presenter this app follows shares figures of a kind this
        workbench does not know (a later version's): without this line they were dropped silently."""
        # A child of the pane (none while it is built or removed), found without a walk of the whole pane:
        # a follower asks five times a second, and the query cost half of its CPU while nothing moved.
        for line in self.query_children(NewerLine):
            if newer:
                line.update(t("classroom.pane.newer", version=__version__))
            line.display = newer

    def named_keys(self) -> tuple[str, ...]:
        """The keys the pane's own text on screen tells the learner to press (a caption's hint): a
        lesson's footer keeps them in view after the step's own. Call `refresh_bindings` when they change."""
        return ()

    def keepsake(self) -> Any:
        """What the learner made here that the settings do not hold (a drawing), handed to the pane
        that replaces this one when the language switches; None when there is nothing."""
        return None

    def take_keepsake(self, kept: Any) -> None:
        """Take back what `keepsake` handed over (the pane is mounted and computed)."""

    def on_unmount(self) -> None:
        self.leave()
        self._forget_settings_screen()

    def watch_settings(self, settings: Any) -> None:
        if self.is_mounted and settings is not self._computed:
            self._recompute(settings)

    @_labelled
    def _recompute(self, settings: Any) -> bool:
        self._computed = settings
        try:
            result = self.entry.compute(settings)
        except SettingError as exc:
            self.error = exc
            return False
        except (ValueError, ArithmeticError) as exc:   # the library's own words, in place
            self.error = SettingError(None, library_error_text(exc))
            return False
        self.result, self._good = result, settings
        self.error = None
        if self.settings is not settings:
            self.settings = settings   # the watcher sees these were computed already
        for form in self.query(SettingsForm):
            form.update_settings(settings)
        self.refresh_view()
        return True

    def recompute(self) -> bool:
        """Run the model again on the same settings, when something else it reads has changed
        (a data set finished loading); False when it refuses them now."""
        return self._recompute(self.settings)

    def refresh_view(self) -> None:
        """Render the last good result again (after a resize, a theme change or a local state change)."""
        if self.result is not None and self.is_mounted and self.is_attached and self.children:
            self.show(self.result)      # no children: the pane is being removed (a step moved on)

    def width_of(self, part: Widget, guess: int = 38) -> int:
        """The cells `part` (one of the pane's children) is wide: its size once laid out; before, the width
        the screen said the pane will have (`width_hint`), else `guess`. Drawn and classed at a guessed
        width, a pane opened wide was laid out once narrow and again at its width class (width52)."""
        return part.size.width or self.width_hint or guess

    def on_resize(self) -> None:
        # Drawn now, at the size the layout just gave: what the drawing changes goes into the layout
        # Textual does next anyway (for the sizes this one changed). Left to after a refresh, it cost
        # every pane opened a layout more (loss52).
        self.refresh_view()

    @on(KeyClicked)
    async def _key_clicked(self, event: KeyClicked) -> None:
        """A click on something that names one of the pane's keys (a view's tab) does what the key does,
        through the same binding, whatever has the focus."""
        event.stop()
        for binding in self._bindings.key_to_bindings.get(event.key, []):
            _, name, parameters = parse(binding.action)
            if self.check_action(name, parameters):
                await self.run_action(binding.action)
                return

    def show(self, result: Any) -> None:
        """Update every child from `result` (and local state such as a cursor). No computing here."""
        raise NotImplementedError

    def watch_error(self, error: SettingError | None) -> None:
        lines = self.query(ErrorLine)
        if not lines:               # the pane is being removed: nothing to show it on
            return
        line = lines.first()
        self.on_error(error)
        line.display = error is not None and not self._shown_in_a_field(error)
        line.update("" if error is None else f"⚠ {error}")

    def _shown_in_a_field(self, error: SettingError) -> bool:
        """Whether one of the pane's own fields on screen shows `error` under it (the line would say it twice)."""
        return error.key is not None and any(
            field.key == error.key and field.has_class("-invalid") and field.region.area > 0
            for form in self.query(SettingsForm) for field in form.query(SettingField))

    def on_error(self, error: SettingError | None) -> None:
        """Mark the control at fault (`error.key`) in the pane's fields."""
        for form in self.query(SettingsForm):
            form.mark(error)

    @on(events.Key)
    def _escape_leaves_field(self, event: events.Key) -> None:
        """Escape in one of the pane's fields gives the keys back to the pane (the value typed applies,
        as on leaving any field); only a second Escape leaves the pane."""
        focused = self.screen.focused
        if event.key != "escape" or not isinstance(focused, (Input, Select)) or self not in focused.ancestors:
            return
        if focused._bindings.key_to_bindings.get("escape"):     # the field's own Escape (a Field's, below;
            return                                               # or one that puts a question away)
        event.stop()
        event.prevent_default()
        self.focus()

    @on(Field.Left)
    def _field_left(self, event: Field.Left) -> None:
        """Escape in one of the pane's text fields, whose footer says so: the keys go back to the pane."""
        event.stop()
        self.focus()

    @on(SettingsForm.Edited)
    def _form_edited(self, event: SettingsForm.Edited) -> None:
        event.stop()
        self.edit(event.key, event.text)

    # -- changing settings from inside the pane ---------------------------------------------

    @_labelled
    def apply(self, **changes: Any) -> bool:
        """Replace some settings; a value they refuse is shown as the error and changes nothing."""
        try:
            settings = dataclasses.replace(self.settings, **changes)
        except SettingError as exc:
            self.error = exc
            return False
        except (ValueError, TypeError) as exc:
            self.error = SettingError(None, library_error_text(exc))
            return False
        return self._take(settings)

    @_labelled
    def edit(self, key: str, text: str) -> bool:
        """Set one setting from text the learner typed (an input field)."""
        try:
            settings = with_text(self.settings, key, text)
        except SettingError as exc:
            self.error = exc
            return False
        return self._take(settings)

    def _take(self, settings: Any) -> bool:
        if settings == self.settings:
            self.error = None
            for form in self.query(SettingsForm):
                form.update_settings(settings)      # no refused value left standing in another field
            return True
        if not self._recompute(settings):
            return False
        self.post_message(SettingsChanged(self.PANE, settings))
        return True

    def drop_refused(self) -> None:
        """Forget a refused change (the settings dialog closed with it still typed): its error goes,
        as the settings in use are good. An error of those settings themselves stays."""
        if self.error is not None and self.settings is self._good:
            self.error = None

    _settings_screen: tuple[str, SettingsScreen] | None = None
    LONG_JOBS: tuple[str, ...] = ()
    """The pane's jobs that train for a while: the first to start has the settings dialog made, so
    that `s` answers at once while it runs (prepare_settings_screen)."""

    def action_edit_settings(self) -> None:
        """The settings dialog, made at the first opening (or when the pane's first long job started)
        and kept (installed) for the next ones: making its hundred widgets cost 250 ms of the interface."""
        kept = self._settings_screen
        fresh = kept is None or kept[0] != language() or not kept[1].is_running
        screen = self.prepare_settings_screen()
        if not fresh:
            screen.show_pane()
        self.app.push_screen(screen)

    def prepare_settings_screen(self) -> SettingsScreen:
        """The settings dialog, made, installed and mounted unless it is already: its widgets are
        composed and styled now, off screen, and the first opening only lays them out and draws
        them (150 ms of the interface instead of 290, headless at 80×24). Called as the pane's first
        long job starts, so that `s` answers at once while it runs. Textual mounts an installed
        screen only when it is first pushed; mounting it earlier is what `App._get_screen` does
        then (the one private call here)."""
        kept = self._settings_screen
        if kept is not None and kept[0] != language():
            self._forget_settings_screen()          # made in another language
            kept = None
        if kept is None:
            screen = SettingsScreen(self)
            self.app.install_screen(screen, f"settings-{id(self)}")
            self._settings_screen = kept = (language(), screen)
        screen = kept[1]
        if not screen.is_running:
            self.app._register(self.app, screen)
            screen.styled_now()
        return screen

    def _prepare_settings_soon(self) -> None:
        if self.is_attached and self.children and self._settings_screen is None:   # not going away
            self.prepare_settings_screen()

    def _forget_settings_screen(self) -> None:
        if self._settings_screen is not None:
            _, screen = self._settings_screen
            self._settings_screen = None
            if screen not in self.app.screen_stack:
                self.app.uninstall_screen(screen)
                if screen.is_running:           # made or opened once: it runs until removed
                    screen.remove()

    # -- jobs --------------------------------------------------------------------------------

    def start_job(self, name: str, work: Callable[[JobContext], Any]) -> Job:
        """Run `work` as a job of this pane; its events arrive as `job_progress` and `job_done`. Its
        messages name settings as the pane's fields label them, as the pane's own do.

        While the app follows a presenter, a heavy job waits until the student takes over (the app's
        `hold_job`); the pane then shows what it showed before the job.
        """
        hold = getattr(self.app, "hold_job", None)
        if hold is not None and hold(self, name, work):
            return None
        label, value = self.entry.setting_label, self.entry.choice_label

        def labelled_work(ctx: JobContext) -> Any:      # a thread starts without the UI's context
            with labelled(label, value):
                return work(ctx)

        job = self.app.jobs.start(f"{self.PANE}.{name}", labelled_work,
                                  deliver=lambda event: self.post_message(JobUpdate(event)))
        self.jobs[name] = job
        if name in self.LONG_JOBS and self._settings_screen is None:
            self.call_after_refresh(self._prepare_settings_soon)
        return job

    @on(JobUpdate)
    def _job_update(self, message: JobUpdate) -> None:
        message.stop()
        event = message.event
        name = event.name.removeprefix(f"{self.PANE}.")
        job = self.jobs.get(name)
        if job is None or job.run_id != event.run_id:
            return   # a run this pane no longer shows
        if isinstance(event, JobProgress):
            self.job_progress(name, event)
        elif isinstance(event, JobDone):
            self.job_done(name, event)

    def job_progress(self, name: str, event: JobProgress) -> None:
        """A batch of progress from job `name`."""

    def job_done(self, name: str, event: JobDone) -> None:
        """Job `name` is over (finished, cancelled or failed, with its message)."""

    def leave(self) -> None:
        """The lesson moved on or the pane is going away: stop what it started."""
        for job in self.jobs.values():
            if not job.done:
                job.cancel()


def failure_text(event: JobDone) -> str:
    """A job's end in words for a pane's status line."""
    return t(f"jobs.{event.reason}", message=event.message)
