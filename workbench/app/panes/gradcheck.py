"""The gradient-check pane: every parameter of a network graded against its numerical gradient.

The model (`workbench.models.gradcheck`) builds the network when the settings change; the check
itself runs as a job, filling the table row by row, then maps |a − n| over the worst parameter.
A run is kept while only what is shown changes (the view, the hidden bug), so switching between
the table and the map, or revealing the bug, never checks again.

In a class, the presenter's parameter mapped (`[` `]`) and its revealed bug are its cursor, and its
check's figures come with its position: a follower, whose own check waits while it follows, shows the
presenter's table, map and status (`show_presenters_figures`) until the student takes over.

A finished check outlives the pane (`KEPT`, by app and check_key, the last KEEP_CHECKS of them): 7.5's
DeepConvNet took 5 to 14 s a check, made again each time the learner came back to a step (the lesson
left and opened again, the step before gone back to); it is shown again at once.
"""
from __future__ import annotations

import re

from collections import OrderedDict
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from workbench.app.images import image_text
from workbench.app.messages import CursorMoved
from workbench.app.no_break import NO_BREAK, glue_formulas, together
from workbench.app.panes.base import Pane, failure_text
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.unchanged import show_text
from workbench.classroom.check import CheckSummary
from workbench.classroom.position import settings_text
from workbench.i18n import t
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models import gradcheck_mine
from workbench.models.mine import NOT_RUN, MineFailure, printed_lines
from workbench.models.settings import kinds
from workbench.models.gradcheck import (NETWORKS, SHOWN_ONLY, ErrorMap, GradcheckPlan, GradcheckRun, check_key,
                                        error_map, index_text, run_check, shape_text)
from workbench.models.gradcheck_shared import CheckFigures, figures_of, summary
from workbench.models.gradcheck_quiz import Answer, answer_line, grade
from workbench.models.gradcheck_settings import GradcheckSettings
from workbench.models.gradcheck_table import (bands_line, bug_line, how_line, joined, mine_line, sci, summary_line,
                                              table, title_line, worst_line)
from workbench.i18n.numbers import grouped, percent
from workbench.nn.bugs import BUGS, targets
from workbench.nn.gradient import FAIL, KINK_RULES, PASS, UNJUDGED, WARN

DECADES = 8
"""The map's colours run over this many powers of ten below the parameter's largest |a|."""
BAR = 16
WIDE = 100
"""From this width the table and the map are shown side by side."""
COMPACT = 60
"""Below this width the lines above the table are short forms."""
KEEP_CHECKS = 4
"""Finished checks kept by each app, the one shown longest ago going first: a check's figures are its
sampled entries and maps of at most MAP_ROWS × MAP_COLUMNS cells, a few kB."""
KEPT: WeakKeyDictionary = WeakKeyDictionary()
"""Each app's finished checks (CheckFigures) by check_key, the latest last: one learner's, for any
gradcheck pane showing those settings again."""


class MapBody(MarkedScroll):
    """The scrolling body the map is sized to. Its height can change after the map was drawn and the
    refit after that drawing's refresh had run (the status or the bug taking another height late, on
    a busy machine): it says so, and the pane fits the map again (12 rows drawn in 9 left "more ↓")."""

    class Resized(Message):
        """The body took another size."""

    def on_resize(self) -> None:      # (MarkedScroll's own on_resize runs too: Textual calls each class's)
        self.post_message(self.Resized())


def worst_text(report) -> str:
    """The worst entry's line with each value kept with its name and the aside whole: beside the text,
    "backprop a =" ended a row over "−5.7e−3", and "(relative" one over "error 4.5e−4)"."""
    line = glue_formulas(worst_line(report), NO_BREAK[0])
    return re.sub(r"\([^()]{1,28}\)", lambda m: together(m[0]), line)


class GradcheckPane(Pane):
    """A table of parameters graded pass / warn / fail, and a map of |a − n| over one of them."""

    PANE = "gradcheck"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "check", id="gradcheck.check"),
        Binding("x", "cancel", id="gradcheck.cancel"),
        Binding("b", "next_bug", id="gradcheck.bug"),
        Binding("r", "reveal", id="gradcheck.reveal"),                   # labelled with what r does now:
        Binding("r", "reveal('hide')", id="gradcheck.hide_bug"),         # answer, then hide or show the
        Binding("r", "reveal('show')", id="gradcheck.show_bug"),         # bug answered (check_action)
        Binding("m", "toggle_view", id="gradcheck.view"),
        Binding("w", "next_where", id="gradcheck.where", show=False),
        Binding("left_square_bracket", "map_param(-1)", id="gradcheck.previous", show=False,
                group=Binding.Group("param")),
        Binding("right_square_bracket", "map_param(1)", id="gradcheck.next", show=False, group=Binding.Group("param")),
        Binding("plus,equals_sign", "scale_h(10)", id="gradcheck.bigger_h", key_display="+", show=False,
                group=Binding.Group("h")),
        Binding("minus", "scale_h(0.1)", id="gradcheck.smaller_h", show=False, group=Binding.Group("h")),
        Binding("k", "next_kinks", id="gradcheck.kinks", show=False),
        *(Binding(str(i + 1), f"choose_net({i})", id=f"gradcheck.net{i + 1}", show=False)
          for i in range(len(NETWORKS))),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.run_key: tuple | None = None
        """check_key of the run the table shows."""
        self.own = CheckFigures()
        """This pane's own check, so far."""
        self.presenters: CheckFigures | None = None
        """A presenter's check, shown in place of the pane's own while the app follows it."""
        self._presenters_key: tuple | None = None
        """(the presenter's summary, this pane's check_key, the presenter's settings) `presenters` was read from."""
        self.map_param: str | None = None
        """The parameter the map shows (None: the worst)."""
        self.revealed = False
        self.answer: Answer | None = None
        """The learner's guess at the hidden bug on screen, scored (None: not answered)."""
        self.score = [0, 0]
        """Hidden bugs found (layer and kind both right) and asked, while the pane is open."""
        self.map_width = self.map_height = 0
        """The width and height the map was last drawn for."""

    def compose_pane(self) -> ComposeResult:
        yield Static(id="gc-head")
        yield Static(id="gc-bug")
        with MapBody(id="gc-body"), Horizontal(id="gc-row"):
            yield Static(id="gc-table")
            yield Vertical(Static(id="gc-map-title"), Static(id="gc-map-image"), Static(id="gc-map-legend"),
                           id="gc-map")
        yield Static(id="gc-status")

    # -- runs --------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Pane.on_mount (called after this one) computes the first plan; the run starts after it.
        self.call_after_refresh(self.ensure_run)

    def watch_settings(self, settings) -> None:
        old_bug = (self.result.settings.net, self.result.settings.bug) if self.result is not None else None
        super().watch_settings(settings)
        if self.result is not None and (settings.net, settings.bug) != old_bug:
            self.revealed, self.answer = False, None
        self.refresh_bindings()
        self.ensure_run()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """w (move the bug) only while a bug is in, r only while one is hidden (a bug not hidden is always
        named: r did nothing, under the label Answer); r reads Answer until the bug is answered, then Hide
        bug or Show bug."""
        if action == "reveal":
            if self.settings.bug == "none" or not self.settings.hide_bug:
                return False
            does = parameters[0] if parameters else "answer"
            if self.answer is None:
                return does == "answer"
            return does == ("hide" if self.revealed else "show")
        if action == "next_where":
            return self.settings.bug != "none"
        if action == "scale_h" and self.scaled_h(float(parameters[0])) == self.settings.h:
            return None                  # + at h = 0.1 went on to 1, 10, 1000 … past the setting's range
        return super().check_action(action, parameters)

    def ensure_run(self) -> None:
        """Start a check when the shown plan's numbers differ from those of the run on screen."""
        plan = self.result
        if plan is None or not self.is_attached or check_key(plan.settings) == self.run_key:
            return
        if not self.take_kept(plan):
            self.start_check(plan)

    def take_kept(self, plan: GradcheckPlan) -> bool:
        """Show the finished check of these settings kept (`KEPT`), if there is one; not of the learner's
        own code (impl = mine), which may have changed since."""
        key, kept = check_key(plan.settings), KEPT.get(self.app, {})
        if plan.settings.impl == "mine" or key not in kept:
            return False
        self.stop_jobs()
        kept.move_to_end(key)
        self.run_key, self.own, self.map_param = key, kept[key], None
        self.refresh_view()
        return True

    def keep(self) -> None:
        """Keep the check just finished for when its settings are shown again (`take_kept`)."""
        if self.run_key is None or self.result is None or self.result.settings.impl == "mine":
            return
        kept = KEPT.setdefault(self.app, OrderedDict())
        kept[self.run_key] = self.own
        kept.move_to_end(self.run_key)
        while len(kept) > KEEP_CHECKS:
            kept.popitem(last=False)

    def leave(self) -> None:
        """The lesson moved on, showed this step again, or the pane is going away: stop the check.

        A run stopped here is not kept: if the pane stays with the same settings (a step shown
        twice), it is checked again; new settings start their own run anyway.
        """
        if self.running:
            self.run_key = None
            self.call_after_refresh(self.ensure_run)
        self.stop_jobs()

    def stop_jobs(self) -> None:
        super().leave()

    def start_check(self, plan: GradcheckPlan) -> None:
        self.stop_jobs()
        self.run_key = check_key(plan.settings)
        self.own, self.map_param = CheckFigures(), None

        def work(ctx):
            if plan.settings.impl == "mine":
                return mine_job(ctx, lambda **hooks: gradcheck_mine.check(plan, **hooks), "table")

            def on_entry(done, total, name):
                ctx.progress(done, total, phase="table", param=name)
                ctx.checkpoint()

            def on_map_entry(done, total, name):
                ctx.progress(done, total, phase="map", param=name)
                ctx.checkpoint()

            report = run_check(plan, on_entry=on_entry, on_param=lambda name, check: ctx.emit((name, check)))
            name = report.worst or plan.rows[0].name
            return GradcheckRun(report, error_map(plan, name, on_entry=on_map_entry))

        self.start_job("check", work)
        self.refresh_view()

    def start_map(self, name: str) -> None:
        plan = self.result

        def work(ctx):
            if plan.settings.impl == "mine":
                return mine_job(ctx, lambda **hooks: gradcheck_mine.error_map(plan, name, **hooks), "map")

            def on_entry(done, total, param):
                ctx.progress(done, total, phase="map", param=param)
                ctx.checkpoint()
            return error_map(plan, name, on_entry=on_entry)

        own = self.own
        own.progress, own.ended, own.failure = None, None, None
        self.start_job("map", work)

    def job_progress(self, name: str, event: JobProgress) -> None:
        for param, check in event.items:
            self.own.checks[param] = check
        self.own.progress = event
        self.refresh_view()

    def job_done(self, name: str, event: JobDone) -> None:
        own = self.own
        for param, check in event.items:
            own.checks[param] = check
        own.progress, own.ended = None, event
        if isinstance(event.result, MineFailure):
            own.failure = event.result
        elif event.reason == FINISHED and name == "check":
            own.report, own.printed = event.result.report, event.result.printed
            own.checks = dict(own.report)
            own.maps[event.result.map.name] = event.result.map
            self.keep()
        elif event.reason == FINISHED and name == "map":
            own.maps[event.result.name] = event.result
        self.refresh_view()

    @property
    def running(self) -> bool:
        return any(not job.done for job in self.jobs.values())

    @property
    def figures(self) -> CheckFigures:
        """What the table, the map and the status line show: the presenter's check while following it."""
        return self.presenters if self.presenters is not None else self.own

    def figures_running(self) -> bool:
        """Whether the check shown is still under way (the presenter's, as it last said)."""
        presenters = self.presenters
        return presenters.progress is not None if presenters is not None else self.running

    # -- keys --------------------------------------------------------------------------------------

    def action_check(self) -> None:
        """Check again (after a cancel, or to watch it run)."""
        if self.result is not None and not self.running:
            self.start_check(self.result)

    def action_cancel(self) -> None:
        self.stop_jobs()

    def action_reveal(self, does: str = "answer") -> None:
        """A hidden bug not yet answered: ask where and what it is first. Otherwise show or hide its name
        (`does`, "hide" or "show", only picks the footer's label)."""
        plan = self.result
        if plan is None or self.settings.bug == "none":
            self.revealed = False
        elif self.settings.hide_bug and self.answer is None:
            from workbench.app.panes.gradcheck_quiz import BugQuiz

            if self.own.report is None:     # read the whole table first: the answer is in it
                self.app.bell()
                return

            self.app.push_screen(BugQuiz(plan), self.answered)
            return
        else:
            self.revealed = not self.revealed
        self.refresh_bindings()
        self.cursor_moved()

    def answered(self, guess: tuple[str, str] | None) -> None:
        """Score the guess, then show the bug (nothing happens when the dialog was closed)."""
        if guess is None or self.result is None or self.settings.bug == "none":
            return
        self.answer = grade(self.result, *guess)
        self.score[0] += self.answer.right
        self.score[1] += 1
        self.revealed = True
        self.refresh_bindings()
        self.cursor_moved()

    def action_toggle_view(self) -> None:
        self.apply(view="map" if self.settings.view == "table" else "table")

    def action_choose_net(self, index: int) -> None:
        self.apply(net=tuple(NETWORKS)[index], where=1)

    def action_next_bug(self) -> None:
        """The next bug that has a place in this network (none after the last)."""
        plan = self.result
        usable = ["none"] + [name for name, bug in BUGS.items()
                             if bug.layer_kinds is None or targets(plan.network, name)]
        current = usable.index(self.settings.bug) if self.settings.bug in usable else 0
        self.apply(bug=usable[(current + 1) % len(usable)], where=1)

    def action_next_where(self) -> None:
        """The bug goes into the next layer of its kind."""
        if self.settings.bug == "none":
            return
        count = max(1, len(targets(self.result.network, self.settings.bug)))
        self.apply(where=self.settings.where % count + 1)

    def scaled_h(self, factor: float) -> float:
        """h times `factor` to one significant digit, kept within the setting's range (1e−10 to 0.1)."""
        kind = kinds(GradcheckSettings)["h"]
        return min(kind.max, max(kind.min, float(f"{self.settings.h * factor:.0e}")))

    def action_scale_h(self, factor: float) -> None:
        self.apply(h=self.scaled_h(float(factor)))

    def action_next_kinks(self) -> None:
        self.apply(kinks=KINK_RULES[(KINK_RULES.index(self.settings.kinks) + 1) % len(KINK_RULES)])

    def action_map_param(self, step: int) -> None:
        """Map the previous or next parameter (the check must be done)."""
        if self.own.report is None or self.running:
            return
        names = [row.name for row in self.result.rows]
        current = names.index(self.shown_map_name())
        self.map_named(names[(current + step) % len(names)])

    def map_named(self, name: str) -> None:
        """Map parameter `name` (the check must be done): beside the table where both fit, else in its place."""
        if self.own.report is None or self.running:
            return
        self.map_param = name
        if self.map_param not in self.own.maps:
            self.start_map(self.map_param)
        if self.settings.view == "table" and not self.has_class("-both"):
            self.apply(view="map")
        self.cursor_moved()

    def on_click(self, event: events.Click) -> None:
        """A click on a parameter's row of the table maps that parameter, as `[` `]` step to it."""
        table = self.query_one("#gc-table", Static)
        offset = event.get_content_offset(table) if event.widget is table else None
        rows = self.result.rows if self.result is not None else []
        if offset is not None and 1 <= offset.y <= len(rows):
            event.stop()
            self.map_named(rows[offset.y - 1].name)

    def shown_map_name(self) -> str | None:
        if self.map_param is not None:
            return self.map_param
        figures = self.figures
        if figures.shown_map is not None:
            return figures.shown_map
        return figures.report.worst if figures.report is not None and figures.report.worst else \
            (next(iter(figures.maps)) if figures.maps else None)

    # -- the classroom: followers see the parameter mapped, the bug revealed and the check's figures ----

    def cursor_moved(self) -> None:
        self.refresh_view()
        self.post_message(CursorMoved())

    def shared_cursor(self) -> str:
        """The parameter mapped and whether the bug is revealed: "W2", "W2 revealed", "revealed" ("" for
        the worst parameter's map and the bug as the settings show it)."""
        words = ([self.map_param] if self.map_param is not None else []) + (["revealed"] if self.revealed else [])
        return " ".join(words)

    def follow_cursor(self, text: str) -> None:
        """Map the parameter a presenter maps and reveal the bug it revealed; a parameter this network has
        not, or text that is no cursor, changes nothing."""
        words = text.split()
        names = {row.name for row in self.result.rows} if self.result is not None else set()
        params = [word for word in words if word != "revealed"]
        if len(params) > 1 or (params and params[0] not in names):
            return
        self.map_param = params[0] if params else None
        self.revealed = "revealed" in words and self.settings.bug != "none"
        self.refresh_view()

    def shared_figures(self) -> CheckSummary | None:
        """The check's figures, which a presenter shares with its followers (None before it starts)."""
        if self.result is None or (not self.own.checks and not self.running and self.own.failure is None):
            return None
        return summary(self.own, self.shown_map_name(), self.running)

    def show_presenters_figures(self, shared, settings: dict[str, str]) -> None:
        """Show the presenter's check (`shared`, its figures; None: the pane's own again). Its `settings`
        must compute what this pane's compute, and its figures fit this pane's plan (`figures_of`);
        otherwise the pane shows its own."""
        shared = shared if isinstance(shared, CheckSummary) else None
        plan = self.result
        theirs = checked_settings(settings)
        key = (shared, check_key(plan.settings), tuple(theirs.items())) if shared is not None and plan else None
        if key == self._presenters_key:
            return
        self._presenters_key = key
        same = key is not None and theirs == checked_settings(dict(settings_text(plan.settings)))
        self.presenters = figures_of(plan, shared) if same else None
        if self.presenters is None and self.map_param not in self.own.maps:
            self.map_param = None
        self.refresh_bindings()
        self.refresh_view()

    # -- drawing -----------------------------------------------------------------------------------

    def muted(self) -> str:
        """The foreground halfway to the background (the theme's text-muted is not a Rich colour)."""
        colors = self.app.theme_variables
        return Color.parse(colors["foreground"]).blend(Color.parse(colors["background"]), 0.45).hex

    def verdict_style(self, verdict: str) -> str:
        colors = self.app.theme_variables
        return {PASS: colors["text-success"], WARN: f"bold {colors['text-warning']}",
                FAIL: f"bold {colors['text-error']}", UNJUDGED: self.muted()}.get(verdict, "")

    def show(self, plan: GradcheckPlan) -> None:
        width = max(20, self.size.width - 2)
        both = width >= WIDE
        compact = width < COMPACT
        self.set_class(both, "-both")
        self.set_class(not both and plan.settings.view == "table", "-table-only")
        self.set_class(not both and plan.settings.view == "map", "-map-only")
        self.set_class(self.size.height < len(plan.rows) + 9, "-tight")
        title = title_line(plan, compact).replace(" → ", together(" → "))   # "float32 → float64" on one row
        lines = [title, how_line(plan, self.figures.report, compact), bands_line(compact)]
        if plan.settings.impl == "mine":
            lines.insert(1, mine_line(plan, compact))
        show_text(self.query_one("#gc-head", Static), "\n".join(lines))
        self.query_one("#gc-bug", Static).display = plan.settings.bug != "none"
        show_text(self.query_one("#gc-bug", Static), self.bug_text(plan))
        table_width = width if not both else max(30, width // 2 + 6)
        show_text(self.query_one("#gc-table", Static), self.table_text(plan, table_width))
        self.map_width = width - table_width - 3 if both else width
        self.show_map(plan, self.map_width, self.body_height())
        show_text(self.query_one("#gc-status", Static), self.status_text(plan, width))
        self.call_after_refresh(self.refit_map)

    def body_height(self) -> int:
        return self.query_one("#gc-body").size.height or self.size.height // 2

    def on_map_body_resized(self, event: MapBody.Resized) -> None:
        event.stop()
        self.refit_map()

    def refit_map(self) -> None:
        """Draw the map again when the lines around the body (the bug, the status) took another height
        than they had when it was drawn: the map is sized to the body it ends up in."""
        if self.result is not None and self.is_attached and self.body_height() != self.map_height:
            self.show_map(self.result, self.map_width, self.body_height())

    def bug_text(self, plan: GradcheckPlan) -> Text:
        """The bug (or that one is hidden); after an answer, how it scored and the score so far."""
        colors = self.app.theme_variables
        hidden = plan.settings.hide_bug and not self.revealed
        text = Text(bug_line(plan, self.revealed, self.answer is not None), style="italic" if hidden else "bold")
        if self.answer is not None:
            style = f"bold {colors['text-success' if self.answer.right else 'text-error']}"
            text.append("\n" + answer_line(plan, self.answer), style=style)
            text.append("  " + t("gradcheck.quiz.score", right=self.score[0], asked=self.score[1]), style="")
        return text

    def table_text(self, plan: GradcheckPlan, width: int) -> Text:
        figures = self.figures
        columns, rows = table(plan, figures.checks, width, pending="—" if figures.failure is not None else "…")
        text = Text()
        text.append(joined(rows[0]), style="bold")
        shown = self.shown_map_name()
        for row, padded in zip(plan.rows, rows[1:]):
            text.append("\n")
            check = figures.checks.get(row.name)
            for i, (column, cell) in enumerate(zip(columns, padded)):
                if i:
                    text.append("  ")
                style = ""
                if column == "verdict" and check is not None:
                    style = self.verdict_style(check.verdict)
                elif column == "param" and row.name == shown and figures.maps and self.has_class("-both"):
                    style = "underline"
                text.append(cell.rstrip() if i == len(columns) - 1 else cell, style=style)
        return text

    def show_map(self, plan: GradcheckPlan, width: int, height: int) -> None:
        """The map of one parameter in `height` lines: its title, the image, and the legend as it wraps
        at `width` (the image takes what the others leave, one line at least)."""
        self.map_height = height
        name = self.shown_map_name()
        figures = self.figures
        emap = figures.maps.get(name) if name else None
        title = self.query_one("#gc-map-title", Static)
        image = self.query_one("#gc-map-image", Static)
        legend = self.query_one("#gc-map-legend", Static)
        if emap is None:
            show_text(title, t("gradcheck.map.waiting") if name is None or self.figures_running() else "")
            show_text(image, "")
            show_text(legend, "")
            return
        check = figures.checks.get(emap.name)
        verdict = check.verdict if check is not None else ""
        heading = Text(t("gradcheck.map.title", param=emap.name, shape=shape_text(emap.shape)), style="bold")
        heading.append("  " + verdict_word_or_blank(verdict), style=self.verdict_style(verdict))
        show_text(title, heading)
        words = self.map_legend(emap)
        legend_lines = len(words.wrap(self.app.console, max(1, width)))
        show_text(image, self.map_image(emap, width, max(1, height - 1 - legend_lines)))
        show_text(legend, words)

    def map_image(self, emap: ErrorMap, width: int, lines: int) -> Text:
        """|a − n| as colour: background for 10⁻⁸ of the largest |a| or less, the error colour at it.

        At most ``lines`` lines high: rows of cells beyond two per line are merged, keeping the larger.
        """
        values = merged_rows(emap.values, 2 * lines)
        scale = emap.scale if emap.scale > 0 else 1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            level = np.clip((np.log10(values / scale) + DECADES) / DECADES, 0, 1)
        level = np.where(np.isnan(values), 0.0, level)
        rows, columns = level.shape
        across = max(1, min(3, width // max(1, columns)))
        down = 2 if rows <= min(6, lines) else 1          # doubled rows only where they fit
        pixels = np.repeat(np.repeat(-level, down, axis=0), across, axis=1)
        return image_text(pixels, self.app, signed=True, limits=(0.0, 1.0))

    def map_legend(self, emap: ErrorMap) -> Text:
        rows, columns = emap.layout
        kind = {1: "vector", 2: "matrix"}.get(len(emap.shape), "filters")
        lines = [t(f"gradcheck.map.layout.{kind}", rows=grouped(rows), columns=grouped(columns))]
        cell_rows, cell_columns = emap.cells
        if (cell_rows, cell_columns) != (rows, columns):
            lines.append(t("gradcheck.map.sampled", cells=grouped(cell_rows * cell_columns)))
        lines.append(t("gradcheck.map.scale", low=sci(emap.scale * 10 ** -DECADES), high=sci(emap.scale)))
        worst = emap.worst
        if worst is not None:
            lines.append(t("gradcheck.map.worst", where=index_text(emap.name, worst[0]), value=sci(worst[1])))
        return Text("\n".join(lines), style="italic")

    def status_text(self, plan: GradcheckPlan, width: int) -> Text:
        text = self.check_status(plan, width)
        if self.presenters is not None:
            text.append(" · " + t("classroom.pane.gradcheck"), style="dim")
        return text

    def check_status(self, plan: GradcheckPlan, width: int) -> Text:
        figures = self.figures
        if figures.failure is not None:
            return failure_lines(figures.failure, self.app.theme_variables["text-error"])
        if figures.progress is not None and figures.progress.total:
            event = figures.progress
            fraction = min(1.0, event.done / event.total)
            bar = BAR if width >= COMPACT else BAR // 2
            filled = int(fraction * bar)
            phase = "gradcheck.status.mapping" if event.info.get("phase") == "map" else "gradcheck.status.checking"
            text = Text(t(phase, param=event.info.get("param", "")) + " ")
            text.append("█" * filled, style=self.app.theme_variables["primary"])
            text.append("░" * (bar - filled), style=self.muted())
            shown = int(fraction * 100) / 100            # rounded down as the bar is: 100 % only when done
            text.append(f" {percent(shown, 0):>5}")
            if self.presenters is None:
                text.append("  " + together(t("gradcheck.status.cancel_hint")))     # never "x:" over "취소"
            return text
        report, ended = figures.report, figures.ended
        if report is not None:
            verdict = report.verdict
            text = time_kept(summary_line(report), t("gradcheck.status.time", seconds=report.seconds),
                             self.verdict_style(verdict))
            if verdict != PASS:
                text.append("\n" + worst_text(report), style="italic")
            return text.append("".join("\n" + line for line in printed_lines(figures.printed)), style="dim")
        if ended is not None and ended.reason != FINISHED:
            again = "" if self.presenters is not None else "  " + together(t("gradcheck.status.again_hint"))
            return Text(failure_text(ended) + again, style="italic")
        return Text(t("gradcheck.status.starting"), style="italic")


def time_kept(summary: str, time: str, style: str) -> Text:
    """The summary, then the check's time kept with its last word, in `style`: beside the text, "4개 중 4개
    실패: W1, b1, W2, b2" left "0.0초" alone on the row under it."""
    return Text(summary + NO_BREAK[0] * 2 + together(time), style=style)


def mine_job(ctx, run, phase: str):
    """Run `run(on_entry=…, on_param=…, cancelled=…)` (the check or a map on the learner's layers, in the
    sandbox child) as the body of a job: its entries as progress, its parameters as items."""
    from workbench.exercises.runner import Cancelled as ChildCancelled
    from workbench.jobs import Cancelled

    def on_entry(done, total, name):
        ctx.progress(done, total, phase=phase, param=name)

    try:
        return run(on_entry=on_entry, on_param=lambda name, check: ctx.emit((name, check)),
                   cancelled=lambda: ctx.cancelled)
    except ChildCancelled:
        raise Cancelled from None


def checked_settings(settings: dict[str, str]) -> dict[str, str]:
    """The settings (key → text) a check's numbers depend on."""
    return {key: text for key, text in settings.items() if key not in SHOWN_ONLY}


def failure_lines(failure, color: str) -> Text:
    """The learner's code failed: which part, what happened, their trimmed traceback and what to do; a part
    not written yet, which one and where; or, when none of it ran, only why and the key that checks again
    (5.5's last step, before `workbench exercises init`)."""
    text = Text(failure.headline(), style=f"bold {color}")
    if failure.message["key"] in NOT_RUN:
        return text.append("\n" + t("gradcheck.status.again_hint"), style="dim")
    if failure.traceback:
        text.append("\n" + failure.traceback, style="italic")
    text.append("\n" + failure.next_step(), style="dim")
    return text.append("".join("\n" + line for line in printed_lines(failure.printed)), style="dim")


def merged_rows(values: np.ndarray, most: int) -> np.ndarray:
    """``values`` with groups of rows merged by their largest entry, so that at most ``most`` remain."""
    rows = values.shape[0]
    if rows <= most:
        return values
    group = -(-rows // most)
    padded = np.full((-(-rows // group) * group, values.shape[1]), np.nan)
    padded[:rows] = values
    grouped = padded.reshape(-1, group, values.shape[1])
    with np.errstate(all="ignore"):
        merged = np.fmax.reduce(grouped, axis=1)
    return merged


def verdict_word_or_blank(verdict: str) -> str:
    return t(f"gradcheck.verdict.{verdict}") if verdict else ""
