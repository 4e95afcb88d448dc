"""The app's part in a class: presenter mode, sharing the presenter's position, following it.

- Presenter mode (`workbench present`, or the palette) switches to a high-contrast theme, the
  presenter's title bar with a large step counter, a footer with the presenter's keys first, and a line
  telling students how to follow. With `--share` the app publishes where it is to `workbench serve`.
- A follower (`workbench follow URL`, or every browser of `workbench serve --follow`) goes where the
  presenter goes, within a fraction of a second: the lesson, the step (by its id where this version
  knows it), whether its text is folded away, and the pane's settings. A key
  (other than scrolling, help and the theme) detaches it, and `F` rejoins. While it follows, heavy jobs
  (training, searches, measurements) wait until the student takes over: forty followers must not all
  train at once on the presenter's machine. The presenter's run is shared instead: its figures and
  thinned curves (a comparison's, one series a run; the playground's trained weights too) come with the
  position (once a RUN_EVERY, and as each epoch ends, at most one a SHARE_GAP: `RunMoved`), drawn on the
  follower as they arrive; the follower's classroom line shows the figures, and the pane the
  presenter is on draws the curves (and the playground's map) (`show_presenters_run`) until the
  student takes over. A pane whose numbers come from another job that waits (the gradient check, the
  numerical-versus-backprop timings) shares them the same way: its figures come with the position and
  the follower's pane shows them (`shared_figures`, `show_presenters_figures`).
"""
from __future__ import annotations

import asyncio
from dataclasses import replace
from time import monotonic
from typing import Any

from rich.text import Text
from textual import events

from workbench import __version__
from workbench.app.help_screen import HelpScreen
from workbench.app.key_bar import KeyBar
from workbench.app.no_break import together
from workbench.app.presenter import PRESENTER_KEYS, ClassroomLine
from workbench.app.themes import CONTRAST_DARK, CONTRAST_LIGHT
from workbench.app.widgets.in_place import refresh_in_place
from workbench.classroom.channel import (Address, BadURL, ChannelState, Publisher, Subscriber, follower_id,
                                        found_server, read_key)
from workbench.classroom.figures import BadFigures, NewerFigures, read as read_figures
from workbench.classroom.position import Position, settings_text
from workbench.classroom.run import BadRun, RunSummary
from workbench.i18n import has, t
from workbench.i18n.numbers import percent, significant
from workbench.models.settings import SettingError

LOOKING_KEYS = frozenset({"up", "down", "pageup", "pagedown", "question_mark", "f1", "ctrl+t", "ctrl+q", "F"})
"""Keys a follower may press and still follow: they look, they do not move."""
FOLLOWING_KEYS = frozenset({"app.explore", "lesson.scroll_up", "lesson.scroll_down", "pane_screen.scroll_up",
                            "pane_screen.scroll_down"})
"""The keys a following student's footer shows, before ? (`footer_only`): E explores on their own, the arrows
scroll the text. Every other key detaches them too; listed as ordinary actions (g, d, s, ...), they read
as things to do while following."""
REJOIN_KEYS = frozenset({"app.rejoin"})
"""The key the footer shows first while a follower explores on its own: F follows again (among the
app's keys, it came after every pane's and did not fit at 80 columns)."""
LIGHT_JOBS = frozenset({"load", "accuracy"})
"""Jobs that run while following: reading a few images, and counting the chapter-3 network's right
answers over its test set (a third of a second of one core, once a batch size: 3.4's accuracy line was
empty on every follower); every other job waits for the student."""
TICK = 0.2
"""How often a follower catches up with the presenter (seconds)."""
SOON = 0.001
"""A follower's catching up at once runs on a timer this soon (as its ticks do; Textual's timers divide by
their delay, which cannot be 0)."""
RUN_EVERY = 1.0
"""How often a sharing presenter looks whether its run moved on, and publishes it if so (seconds)."""
SHARE_GAP = 0.2
"""The least time between two publications of a run (seconds). An epoch's end is published at once
(`RunMoved`), or, within the gap of the last publication, at its end. A job reports four times a
second (`workbench.jobs`), so each report that ends an epoch goes at once while positions are small."""
SHARE_RATE = 20_000
"""Bytes a second a run's epochs may send each follower: after a position of n bytes the gap is at least
n / SHARE_RATE (a run with its curves, about 8 KB, then goes at most two or three times a second)."""


class Following:
    """A follower's state: the presenter's latest position, whether the student follows it, and the
    jobs held back meanwhile."""

    def __init__(self, address: Address):
        self.address = address
        self.attached = True
        self.wanted: Position | None = None
        """The presenter's latest position, without its run (set from the subscriber's thread)."""
        self.run: RunSummary | None = None
        """The presenter's run, as it last said (set from the subscriber's thread)."""
        self.run_shown: RunSummary | None = None
        """The run the classroom line shows."""
        self.figures: Any = None
        """What the presenter's pane computed, as it last said (set from the subscriber's thread)."""
        self.kept = False
        """Whether the run and figures are the presenter's last, kept since the presenter left: shown,
        and said to be, until the presenter comes back with new ones or goes elsewhere, or the student
        takes over (students kept reading the curves, where before they vanished as the presenter quit)."""
        self.done: Position | None = None
        """The position last caught up with (the pane's settings included)."""
        self.state = ChannelState(True)
        self.held: list[tuple[Any, str, Any]] = []
        self.subscriber: Subscriber | None = None
        self.moving = asyncio.Lock()
        """Held by the catch-up under way (`ClassroomApp._catch_up`): one moves the app at a time."""


class ClassroomApp:
    """Mixin for the app: presenter mode, sharing and following (see the module's docstring)."""

    presenting = False
    sharing: Publisher | None = None
    share_state: ChannelState | None = None
    following: Following | None = None
    _theme_before: str | None = None
    _published: Position | None = None
    _published_at = 0.0
    _published_bytes = 0
    _publish_timer: Any = None

    def setup_classroom(self, presenting: bool, share: Address | None, follow: Address | None) -> None:
        """Called at start-up (on mount) with what the command line asked for."""
        if share is not None:
            self.sharing = Publisher(share, read_key(share.port), self._heard_from_server,
                                     find_key=lambda: read_key(share.port),
                                     find_server=found_server if share.found else None)
            self.share_address = share
            self.sharing.start()
            self.set_interval(RUN_EVERY, self._share_run, name="share-run")
        if follow is not None:
            self.following = Following(follow)
            self.following.subscriber = Subscriber(follow.with_id(follower_id()), self._presenter_moved,
                                                   self._heard_from_presenter)
            self.following.subscriber.start()
            self.set_interval(TICK, self._catch_up, name="follow")
        if presenting:
            self.present(True)
        self._classroom_changed()

    def stop_classroom(self) -> None:
        for worker in (self.sharing, self.following and self.following.subscriber):
            if worker is not None:
                worker.close()

    def on_unmount(self) -> None:
        """However the app ends (Ctrl+Q, or a browser's session ended by `workbench serve`), its channel
        closes, and a follower tells the server it has gone. (Textual calls each class's handler.)"""
        self.stop_classroom()

    # -- presenter mode -------------------------------------------------------------------------

    def present(self, on: bool) -> None:
        """Enter or leave presenter mode (the theme before it comes back after)."""
        if on == self.presenting:
            return
        self.presenting = on
        if on:
            self._theme_before = self.theme
            self.theme = CONTRAST_DARK if self.current_theme.dark else CONTRAST_LIGHT
        else:
            self.theme = self._theme_before or self.theme
        self._classroom_changed()
        for screen in self.screen_stack:
            show = getattr(screen, "show_presenter", None)
            if show is not None:
                show()
            screen.refresh_bindings()

    def action_present(self) -> None:
        self.present(not self.presenting)

    @property
    def footer_first(self) -> frozenset[str]:
        """The binding ids the footer shows first, hidden or not: the presenter's keys while presenting
        (the pane's follow as far as they fit, as on any screen), F while a follower explores on its own."""
        if self.presenting:
            return PRESENTER_KEYS
        following = self.following
        if following is None:
            return frozenset()
        return FOLLOWING_KEYS if following.attached else REJOIN_KEYS

    @property
    def footer_only(self) -> frozenset[str] | None:
        """The only binding ids the footer lists (? too), or None for every one: while a student follows, the
        keys that leave them following (E, the arrows, ?), not the pane's, which would take them away."""
        following = self.following
        if following is None or not following.attached or self.presenting or self._only_looking():
            return None                   # the help a follower opened keeps its own keys (Escape closes it)
        return FOLLOWING_KEYS | {"app.help"}

    def follow_hint(self) -> str:
        """How a student gets where the presenter is: a command for their own terminal."""
        position = self.position()
        if position.lesson is not None:
            lesson = self.course.lesson(position.lesson)
            return f"workbench lesson {lesson.number} --step {position.step + 1}"
        if position.pane is not None:
            return f"workbench open {position.pane}"
        return "workbench"

    # -- where the app is, and sharing it ---------------------------------------------------------

    def _shown(self) -> tuple[Any, Any]:
        """The lesson or pane screen shown under any dialog, and its pane (None, None at home)."""
        from workbench.app.lesson_screen import LessonScreen
        from workbench.app.pane_screen import PaneScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, LessonScreen):
                return screen, screen.pane
            if isinstance(screen, PaneScreen):
                area = screen.query_one_optional("#pane-area")     # found by id: no walk of the whole screen
                return screen, next(iter(area.children), None) if area is not None else None
        return None, None

    def position(self) -> Position:
        """The lesson step or pane shown under any dialog, with the pane's current settings."""
        from workbench.app.lesson_screen import LessonScreen

        screen, pane = self._shown()
        shared = getattr(pane, "shared_cursor", None)
        cursor = shared() if callable(shared) else ""
        if isinstance(screen, LessonScreen):
            return Position(screen.lesson.id, screen.index, pane.PANE if pane is not None else None,
                            settings_text(pane.settings) if pane is not None else (), cursor=cursor,
                            step_id=screen.step.id, folded=screen.text_folded)
        if screen is not None:
            return Position(None, 0, screen.entry.name, settings_text(screen.pane_settings), cursor=cursor)
        return Position()

    def shared_position(self) -> Position:
        """The position with its pane's run and figures, if it has them (what a presenter shares)."""
        position = self.position()
        pane = self._shown()[1]
        summary, computed = getattr(pane, "shared_run", None), getattr(pane, "shared_figures", None)
        run = summary() if callable(summary) and position.pane is not None else None
        figures = computed() if callable(computed) and position.pane is not None else None
        try:        # what the server and the followers would refuse (a diverged loss of 1e9) is not sent
            position = replace(position, run=run and RunSummary.from_json(run.to_json()))
        except BadRun:
            pass
        try:
            return replace(position, figures=figures and read_figures(figures.to_json()))
        except BadFigures:
            return position

    def classroom_moved(self) -> None:
        """The app showed another step, pane or settings: tell the server, and update the line. A
        follower goes on catching up at once (a step shown, its pane's settings next)."""
        if self.sharing is not None:
            self._publish(self.shared_position())
        self._catch_up_now()
        self._classroom_changed()

    def _publish(self, position: Position) -> None:
        self._published, self._published_at = position, monotonic()
        self._published_bytes = len(position.body)       # encoded once: the publisher sends these bytes
        self.sharing.publish(position)

    def _share_run(self) -> None:
        """Every RUN_EVERY while sharing, and as a run reaches an epoch's end: publish the position again
        if its run moved on (a run reports four times a second; within an epoch its followers need no
        more than one)."""
        if self.sharing is None:
            return
        position = self.shared_position()
        if position != self._published:
            self._publish(position)

    def on_run_moved(self, message) -> None:
        """A pane's run ended an epoch (or a comparison's run): publish it now, or once the gap has
        passed since the last publication (SHARE_GAP, longer after a large position: SHARE_RATE); a
        later epoch's end meanwhile goes with it."""
        if self.sharing is None or self._publish_timer is not None:
            return
        wait = self._published_at + max(SHARE_GAP, self._published_bytes / SHARE_RATE) - monotonic()
        if wait <= 0:
            self._share_run()
        else:
            self._publish_timer = self.set_timer(wait, self._share_run_after_gap)

    def _share_run_after_gap(self) -> None:
        self._publish_timer = None
        self._share_run()

    def on_pane_shown(self, message) -> None:
        self.classroom_moved()

    def on_settings_changed(self, message) -> None:
        self.classroom_moved()

    def on_cursor_moved(self, message) -> None:
        self.classroom_moved()

    def on_lesson_screen_text_folded(self, message) -> None:
        self.classroom_moved()

    def _heard_from_server(self, state: ChannelState) -> None:
        """From the publisher's thread."""
        if state != self.share_state:
            self.share_state = state
            self._from_channel(self._classroom_changed)

    def _from_channel(self, callback) -> None:
        """Run `callback` on the app's thread, from a channel's thread; nothing once the app has quit (a
        send or a poll still under way then found the event loop closed, and its thread printed a traceback)."""
        if not self.is_running:
            return
        try:
            self.call_from_thread(callback)
        except RuntimeError:        # it quit meanwhile
            pass

    # -- following ----------------------------------------------------------------------------

    def _presenter_moved(self, position: Position) -> None:
        """From the subscriber's thread: the follower catches up at once (`_catch_up_now`), and the
        presenter's run and figures are drawn at once (a tick later, a run of short epochs lagged an
        epoch more)."""
        following = self.following
        if following.kept and _nothing_new(position, following.wanted):
            return              # a presenter back without a run, at home or where they were: it stays
        moved = (position.run, position.figures) != (following.run, following.figures) or following.kept
        following.kept = False
        went = position.without_run() != following.wanted
        following.wanted, following.run, following.figures = position.without_run(), position.run, position.figures
        if went:
            self._from_channel(self._catch_up_now)
        if moved:
            self._from_channel(self._run_arrived)

    def _catch_up_now(self) -> None:
        """Catch up now rather than at the next tick, if the presenter is somewhere the follower is not
        yet: as their position arrives, and as each move the follower made is shown (a step, then its
        pane's settings). Waiting for ticks, a step reached a student's screen TICK / 2 later on average
        and a pane's settings a tick after their step (in tmux under load, 0.2–0.3 s a step, 0.6–0.9 s
        a step with another pane)."""
        following = self.following
        if (following is None or not following.attached or following.wanted == following.done
                or not self.is_running):
            return
        self.set_timer(SOON, self._catch_up, name="follow-now")

    def _run_arrived(self) -> None:
        """A new run or figures of the presenter: shown now where the follower is already where the
        presenter is (else the next tick moves there first, then shows them in the view they are of)."""
        following = self.following
        if following is not None and following.attached and following.done == following.wanted:
            self._show_presenters_run()

    def _show_presenters_run(self) -> None:
        """The presenter's run on the classroom line, and its run and figures to the pane shown."""
        following = self.following
        if following is None or not self.screen_stack:     # the app is quitting: no screen
            return
        if following.run_shown != following.run:
            following.run_shown = following.run
            self._classroom_changed()
        self._hand_run_to_pane()

    def _heard_from_presenter(self, state: ChannelState) -> None:
        """From the subscriber's thread: a presenter gone (quit, restarting, or the class unreachable)
        leaves their last run and figures shown, marked as their last (`Following.kept`)."""
        following = self.following
        if not state.live and (following.run is not None or following.figures is not None):
            following.kept = True
        following.state = state
        self._from_channel(self._classroom_changed)

    async def on_event(self, event: events.Event) -> None:
        following = self.following
        if following is not None and following.attached and not self._only_looking():
            if isinstance(event, events.Key) and event.key not in LOOKING_KEYS:
                self.detach()
            elif isinstance(event, events.MouseDown) and not isinstance(self.get_widget_at_safe(event),
                                                                         (ClassroomLine, KeyBar)):
                self.detach()       # a click on the key bar presses its key, which decides (↑ looks, E explores)
        elif following is not None and not following.attached and isinstance(event, events.Key) and event.key == "F" \
                and self._in_a_dialog():
            await self._rejoin_from_dialog()
            return
        await super().on_event(event)

    def _in_a_dialog(self) -> bool:
        """Whether a dialog is on top (the settings, Go to): there F reached its list of choices or its field
        and did nothing, while the classroom line under it says F follows again. No setting or step is
        written with a capital F; the command palette's search may be, and keeps it."""
        from textual.command import CommandPalette

        stack = self.screen_stack
        return len(stack) > 1 and stack[-1].is_modal and not isinstance(stack[-1], CommandPalette)

    async def _rejoin_from_dialog(self) -> None:
        """Close the dialogs a detached student opened (a setting already applies as it is entered) and
        follow the presenter again."""
        while len(self.screen_stack) > 1 and self.screen.is_modal:
            await self.pop_screen()
        self.action_rejoin()

    def _only_looking(self) -> bool:
        """Whether the screen on top is the help a looking key opened: its keys and clicks (Escape or q
        closing it, scrolling it) look too, and leave the student following."""
        stack = self.screen_stack          # empty while the app starts
        return bool(stack) and isinstance(stack[-1], HelpScreen)

    def get_widget_at_safe(self, event: events.MouseDown):
        try:
            return self.get_widget_at(event.screen_x, event.screen_y)[0]
        except Exception:   # noqa: BLE001 - nothing there
            return None

    def detach(self) -> None:
        """The student takes over: stop following, and run what waited for them."""
        following = self.following
        if following is None or not following.attached:
            return
        following.attached = False
        if following.subscriber is not None:      # the presenter's count says who explores
            following.subscriber.explore(True)
        if following.kept:                  # the presenter's last run is let go: F finds what they show next
            following.kept, following.run, following.figures = False, None, None
        self._hand_run_to_pane()            # the pane's own again, before the key that detached reaches it
        held, following.held = following.held, []
        for pane, name, work in held:
            if pane.is_attached:
                pane.start_job(name, work)
        self._classroom_changed()
        self.refresh_bindings()

    def action_explore(self) -> None:
        """E: explore on your own (any key would; this one only does that, and the footer names it)."""
        self.detach()

    def action_rejoin(self) -> None:
        following = self.following
        if following is None or following.attached:
            return
        following.attached, following.done = True, None
        if following.subscriber is not None:
            following.subscriber.explore(False)
        self._classroom_changed()
        self.refresh_bindings()

    def hold_job(self, pane: Any, name: str, work: Any) -> bool:
        """Whether a pane's job must wait (a heavy job while following); it starts on `detach`."""
        following = self.following
        if following is None or not following.attached or name in LIGHT_JOBS:
            return False
        following.held = [item for item in following.held if item[0] is not pane or item[1] != name]
        following.held.append((pane, name, work))
        self._classroom_changed()
        return True

    def _held_here(self) -> list[tuple[Any, str, Any]]:
        """The jobs held for a pane still shown, those of a pane the presenter left let go: at home or in
        the next lesson, where nothing waited, the classroom line still said runs wait for a key, and the
        pane left stayed alive for the key that would run its job."""
        following = self.following
        following.held = [item for item in following.held if _in_sight(item[0], self.screen_stack)]
        return following.held

    async def _catch_up(self) -> None:
        """Go one move closer to the presenter: the lesson and step first, then the pane's settings.

        One catch-up at a time, a later one after it (a tick, or a position as it arrives). A catch-up
        that opens a pane waits for its screen to be mounted; one that ran meanwhile found the new pane
        in the screen but not mounted, and moved it: the training pane's view went to the curves, its
        view switcher, mounted after, showed its first view again (Textual's ContentSwitcher sets its
        children's display as it mounts), and the loss plot stayed 0×0, never drawn (a follower under
        load, class50's catching up at once)."""
        following = self.following
        if following is None:
            return
        async with following.moving:
            await self._move_closer()

    async def _move_closer(self) -> None:
        from workbench.app.home import HomeScreen
        from workbench.app.lesson_screen import LessonScreen
        from workbench.app.pane_screen import PaneScreen

        if not self.is_running or not self.screen_stack:     # quitting: the timer runs until its screens
            return                                          # are closed, and a tick meanwhile opens nothing
        following = self.following
        self._show_presenters_run()
        wanted = following.wanted if following is not None and following.attached else None
        screen = self.screen
        if wanted is None or wanted == following.done or not isinstance(screen, (HomeScreen, LessonScreen, PaneScreen)):
            return
        if isinstance(screen, LessonScreen) and screen.building:
            return
        here = self.position()
        # Any move below makes `done` stale: it is set again only once a tick finds the app there, so
        # a presenter coming back to the position last reached (2 → 3 → 2, faster than a tick) is followed.
        if wanted.lesson is not None:
            lesson = next((lesson for lesson in self.course.lessons if lesson.id == wanted.lesson), None)
            if lesson is None:
                following.done = wanted
                return
            step = wanted.step_in(lesson.step_ids)
            if here.lesson != wanted.lesson:
                following.done = None
                await self.open_lesson(wanted.lesson, step)
                return
            if here.step != step:
                following.done = None
                screen.text_folded = wanted.folded       # laid out as the presenter's from the step's first frame
                screen.go_to_step(step)
                return
            if here.folded != wanted.folded:          # never a text folded away with no pane in its place
                screen.text_folded = wanted.folded and screen.step.pane is not None
        elif wanted.pane is not None:
            if wanted.pane not in self.panes:
                following.done = wanted
                return
            if here.lesson is not None or here.pane != wanted.pane:
                following.done = None
                await self.open_pane(wanted.pane, self._settings_of(wanted))
                return
        else:
            if here != Position():
                self.action_home()
            following.done = wanted
            self._classroom_changed()       # the line says no more what the pane left held
            return
        if here.pane == wanted.pane and wanted.pane is not None:
            pane = screen.pane if isinstance(screen, LessonScreen) else screen.query_one_optional("#pane-area > *")
            if isinstance(screen, PaneScreen) and (pane is None or not pane.is_mounted):
                return          # pushed, its pane not yet mounted: its PaneShown catches up again
            settings = self._settings_of(wanted) if here.settings != wanted.settings else None
            if settings is not None and pane is not None:
                pane.settings = settings            # a pane's cursor starts again with new settings: it follows next
            follow_cursor = getattr(pane, "follow_cursor", None)
            if callable(follow_cursor) and (settings is not None or here.cursor != wanted.cursor):
                follow_cursor(wanted.cursor)
        following.done = wanted
        self._classroom_changed()

    def _hand_run_to_pane(self) -> None:
        """Give the pane shown the presenter's run and figures to draw, with the presenter's settings as
        its position says them (key → text), if it is the pane the presenter's run is of and the student
        follows (None and {} otherwise: the pane shows its own again). A pane checks with them that what
        the run carries fits what it shows (the playground's weights, the gradient check's parameters)."""
        following = self.following
        pane = self._shown()[1]
        if following is None or pane is None:
            return
        wanted = following.wanted
        here = following.attached and wanted is not None and wanted.pane == pane.PANE
        settings = dict(wanted.settings) if here else {}
        newer = isinstance(following.figures, NewerFigures)      # a later version's: said in their place
        figures = None if newer else following.figures
        for method, shared in (("show_presenters_run", following.run), ("show_presenters_figures", figures)):
            show = getattr(pane, method, None)
            if callable(show):
                show(shared if here else None, settings)
        say_newer = getattr(pane, "show_newer_figures", None)
        if callable(say_newer):
            say_newer(here and newer)

    def _settings_of(self, position: Position) -> Any:
        """The pane's settings the position describes, read by the pane's own rules; None if refused."""
        try:
            return self.panes[position.pane].parse(position.assignments())
        except (SettingError, ValueError, KeyError):
            return None

    # -- the classroom line -------------------------------------------------------------------

    def _classroom_changed(self) -> None:
        self.set_class(self.presenting or self.following is not None, "-classroom")
        self.set_class(self.presenting, "-presenter")
        for screen in self._screens_in_sight():
            for line in screen.query_children(ClassroomLine):     # a child of its screen: no walk of the screen
                refresh_in_place(line)         # its text may take one line or two: laid out again if it changed

    def _screens_in_sight(self) -> list[Any]:
        """The screen on top, and those its dialogs leave in sight under them. The only screen further
        down is home, under a lesson or a pane (`_show`), whose line is refreshed as it is shown again
        (`HomeScreen.on_screen_resume`): refreshing it meanwhile repainted the whole screen on top, twice
        an epoch on every follower of a presenter who trains (a fifth of a follower's CPU)."""
        shown = []
        for screen in reversed(self.screen_stack):
            shown.append(screen)
            if not screen.is_modal:
                break
        return shown

    def classroom_text(self, width: int = 78) -> Text:
        """The classroom line's text; a follower's fits two lines of `width` cells, a presenter's sharing
        one (`_join_text`): the lesson's rows are the room's."""
        following = self.following
        if following is not None:
            return self._follower_text(following, width)
        if not self.presenting:
            return Text()
        text = Text.assemble((t("classroom.present.follow"), "bold"), " ", (self.follow_hint(), "bold"))
        state = self.share_state
        if self.sharing is None:
            return text
        if state is None:
            return text + Text(" · " + t("classroom.present.connecting"), style="dim")
        if state.ok and state.join:     # one address for browsers and terminals alike
            return _join_text(state, width)
        if state.ok:
            return text + Text(" · " + _counts(state, short=False), style="dim")
        address = getattr(self.sharing, "address", self.share_address)     # a found server's, once moved to it
        problem = "no_key" if state.problem == "no-key" else state.problem or "unreachable"
        if problem == "no_key" and address.found:      # looked for on any port: none runs on this computer yet
            problem = "no_server"
        port = address.port
        return text + Text(" · " + t(f"classroom.present.{problem}", port=port, version=__version__), style="bold")

    def _leader_in_my_names(self, run: RunSummary) -> RunSummary:
        from workbench.app.panes.compare import ComparePane     # the panes import this module's kin

        try:
            panes = list(self.screen.query(ComparePane))
        except Exception:       # noqa: BLE001 - no screen yet, or one on its way out: the presenter's names
            return run
        return _leader_named_by(run, panes)

    def _follower_text(self, following: Following, width: int) -> Text:
        state = following.state
        if not following.attached:
            return Text.assemble(("○ ", "bold"), t("classroom.follow.detached"))
        if not state.ok:
            return Text("○ " + t(f"classroom.follow.{state.problem or 'unreachable'}",
                                 address=following.address.base, version=__version__), style="bold")
        run = following.run_shown
        if run is not None and run.leader:
            run = self._leader_in_my_names(run)
        # What the presenter showed last, kept: said to be, by a presenter gone or back.
        status = ("○ ", t("classroom.follow.back" if state.live else "classroom.follow.gone")) if following.kept \
            else ("● ", t("classroom.follow.following_short"))
        if run is None:
            if following.kept:
                return Text.assemble((status[0], "bold"), status[1], " · ", t("classroom.follow.explore"))
            # A presenter not heard from after it was (quit, paused, its network cut) is away, not awaited
            # with the command that starts one: students read that the class had not begun.
            said = "following" if state.live else "away" if following.wanted is not None else "waiting"
            line = Text.assemble(("● ", "bold"), t(f"classroom.follow.{said}"))
            if self._held_here():
                line.append(" · " + t("classroom.follow.held"), style="dim")
            return line
        # The presenter's run: its figures always; what runs and how to explore while they fit in two lines.
        # A run on other data than asked keeps saying which before the way to explore (none said MNIST).
        forms = (("what", True), ("what", False)) if run.asked else (("what", True), ("what_net", True))
        for what, explore in forms + (("what_net", False), ("what_short", False)):
            line = Text.assemble((status[0], "bold"), status[1], " · ", (run_text(run, what), "bold"))
            if explore:
                line.append(" · " + t("classroom.follow.explore"))
            if len(line.wrap(self.console, max(width, 20))) <= 2:
                break
        return line


def _in_sight(widget: Any, stack: list[Any]) -> bool:
    """Whether `widget` is on a screen of the app's stack (a screen popped keeps its widgets a moment)."""
    try:
        return widget.is_attached and widget.screen in stack
    except Exception:       # noqa: BLE001 - NoScreen: removed meanwhile
        return False


def _counts(state: ChannelState, short: bool) -> str:
    """"12 following · 3 exploring on their own": those exploring counted apart (said while there are any).
    Each count wraps as one word: ko wrapped inside it ('3명' at a row's end, '따라오는 중' below)."""
    counts = [together(t("classroom.present.following", count=state.followers))]
    if state.exploring:
        key = "classroom.present.exploring_short" if short else "classroom.present.exploring"
        counts.append(together(t(key, count=state.exploring)))
    return " · ".join(counts)


def _join_text(state: ChannelState, width: int) -> Text:
    """The presenter's line while shared: the join URL and the counts in one row of `width` cells, the
    longest form that fits (how to follow, then the longer words for those exploring, then "http://" and
    "Follow along:" leave; ? says it all). Two rows at 80 columns hid 7.2's caption under "more ↓"."""
    try:
        short = Address.parse(state.join).short_join_url
    except BadURL:
        short = state.join
    label, how = t("classroom.present.follow"), t("classroom.present.how")
    forms = [((label, "bold"), " ", (state.join, "bold"), " ", (how, "dim"), (" · " + _counts(state, False), "dim")),
             ((label, "bold"), " ", (state.join, "bold"), (" · " + _counts(state, False), "dim")),
             ((label, "bold"), " ", (state.join, "bold"), (" · " + _counts(state, True), "dim")),
             ((label, "bold"), " ", (short, "bold"), (" · " + _counts(state, True), "dim")),
             ((short, "bold"), (" · " + _counts(state, True), "dim"))]
    for form in forms:
        line = Text.assemble(*form)
        if line.cell_len <= width:
            return line
    return line


def _nothing_new(position: Position, last: Position | None) -> bool:
    """Whether a presenter's `position` leaves their last run and figures, kept, in place: it has none of
    its own, and is home (where a presenter's app starts), or `last`, the step or pane with the settings
    they were of (its view and fold aside: the follower keeps the view its students read), or that step
    while its pane is still being built (a restarted app's lesson publishes its step before its pane)."""
    if position.run is not None or position.figures is not None:
        return False
    if position == Position():
        return True
    if last is None or _step(position) != _step(last):
        return False
    return (position.pane, position.settings) in ((last.pane, last.settings), (None, ()))


def _step(position: Position) -> tuple:
    return position.lesson, position.step, position.step_id


def _leader_named_by(run: RunSummary, panes) -> RunSummary:
    """The presenter's comparison with its best run named as the follower's own comparison pane names it
    (in the follower's language: "처방 없음", not the presenter's "plain"), when a pane of the same runs
    is open; else as the presenter named it."""
    for pane in panes:
        mine = pane.presenters_name(run, run.leader) if run.leader else None
        if mine:
            return replace(run, leader=mine)
    return run


def run_text(run: RunSummary, what: str = "what") -> str:
    """"the presenter's run of TwoLayerNet on MNIST: epoch 3/17 · loss 0.213 · test accuracy 91.2 %"
    (`what` "what_net" leaves out the data set, "what_short" the network too). Each figure wraps as
    one word. The data sets' module is read here, not at start-up: the first frame loads no data code."""
    from workbench.datasets import DatasetError, dataset_label

    try:
        data = dataset_label(run.dataset)
    except DatasetError:        # the playground's points ("spiral"), by their name in the pane
        data = t(f"playground.dataset.{run.dataset}") if has(f"playground.dataset.{run.dataset}") else run.dataset
    if run.asked:               # "synthetic digits (no MNIST on the presenter's computer)", as their pane says
        try:
            asked = dataset_label(run.asked)
        except DatasetError:
            asked = run.asked
        data = t("classroom.run.fell_back", asked=asked,
                 data=t("train.data.synthetic_short") if run.dataset == "synthetic-digits" else data)
    if run.kind == "search":
        return _search_text(run, what, data)
    if run.runs:
        return _comparison_text(run, what, data)
    figures = [t(f"classroom.run.{run.state}", epoch=run.epoch, epochs=run.epochs)]
    if run.loss is not None:
        figures.append(t("classroom.run.loss", loss=significant(run.loss)))
    if run.test_acc is not None:
        figures.append(t("classroom.run.test", acc=percent(run.test_acc)))
    return t(f"classroom.run.{what}", net=run.network, data=data) + " " + " · ".join(map(together, figures))


def _comparison_text(run: RunSummary, what: str, data: str) -> str:
    """"the presenter's comparison of 4 runs on MNIST: 37 % · 1 of 4 runs done · best test accuracy
    93.2 % (Adam)"."""
    figures = t(f"classroom.compare.{run.state}", percent=run.percent_done, done=run.runs_done,
                runs=run.runs).split(" · ")
    if run.leader and run.test_acc is not None:
        figures.append(t("classroom.compare.best", acc=percent(run.test_acc), name=run.leader))
    return t(f"classroom.compare.{what}", runs=run.runs, data=data) + " " + " · ".join(map(together, figures))


def _search_text(run: RunSummary, what: str, data: str) -> str:
    """"the presenter's hyper-parameter search on MNIST: 7 of 20 trials done · best validation accuracy
    91.2 % (lr=0.0123 λ=1.2e-06)": scored on validation images, as the book's search is, never on test ones."""
    figures = t(f"classroom.search.{run.state}", done=run.runs_done, trials=run.runs).split(" · ")
    if run.val_acc is not None:
        best = t("classroom.search.best", acc=percent(run.val_acc))
        figures.append(best + (f" ({run.leader})" if run.leader else ""))
    return t(f"classroom.search.{what}", data=data) + " " + " · ".join(map(together, figures))
