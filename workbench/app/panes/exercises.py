"""The exercises pane: the grader's table for the learner's folder, graded again whenever a file is saved.

The folder's files are polled (modification time and size) four times a second; a change starts a
grading job, which runs the learner's code in the sandbox process, so the UI never waits on it and
an endless loop ends as a message. Below the table: the selected part's message (by default the
first part that does not pass) and the learner's traceback, trimmed to their own files. When the pane
is too short for both (every chapter's 24 parts at 80×24), the message gets the rows it needs
and the table shows the parts around the selected one, saying how many more there are.

What the last milestone run found outlives the pane (`KEPT`, by app): a milestone (a network trained
with the learner's code, seconds) is tried once for the same files, and coming back to the pane with
those files shows its outcome again, rather than nothing (reached) or running it again (missed).
"""
from __future__ import annotations

from weakref import WeakKeyDictionary

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer

from workbench.app.panes.base import ErrorLine, Pane
from workbench.app.panes.cells import Canvas, CellView, step_bindings
from workbench.app.panes.im2col_views import whole_words, wrap
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.exercises.parts import BY_NAME, first_file
from workbench.exercises.report import (column_label, graded, kinds_of, message_text, milestone_text,
                                        milestone_title, milestones_line, printed_lines, row_label, shown_rows,
                                        status_word, summary)
from workbench.exercises.sandbox import check, passed, run_milestone
from workbench.exercises.saved import graded_elsewhere, next_elsewhere, record
from workbench.exercises.stubs import init_command
from workbench.exercises.unlock import next_milestone, reached, remember
from workbench.i18n import cell_len, t
from workbench.i18n.cells import wrap as wrap_cut
from workbench.jobs import FINISHED
from workbench.models.exercises import ExercisesView, fingerprint

KEPT: WeakKeyDictionary = WeakKeyDictionary()
"""Each app's last milestone outcome: (graded_for of the files it ran on, the outcome, the milestones
tried as (name, graded_for)), for the next exercises pane (`take_kept_milestone`)."""
POLL_SECONDS = 0.25
FRAME_ROWS = 2
"""Rows of the pane that are neither table nor message: the folder line and the rule under the table."""
MIN_PARTS = 3
"""The fewest parts the table shows when the message needs the room: the selected one and its neighbours."""


class ExercisesPane(Pane):
    """The table of parts × rows, the selected part's message and traceback; `.`/`,` choose the part."""

    PANE = "exercises"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [*step_bindings("exercises"), Binding("r", "regrade", id="exercises.regrade")]

    def __init__(self, settings=None, **kwargs):
        super().__init__(settings, **kwargs)
        self.results: list[dict] | None = None
        """The last grading of the parts the view lists (None before the first one ends)."""
        self.selected: str | None = None
        """The part picked with . , or a click; None: the one the settings name, else the first that does not pass."""
        self.part_shown = self.settings.part
        """The settings' part when `selected` was last reset: a new one there replaces the learner's pick."""
        self.graded_for: tuple | None = None
        """(folder, parts, fingerprint) of the files the running or last grading read."""
        self.grading = False
        self.milestones: set[str] = set()
        """Milestones reached (read from the progress file on mount, added to as they are reached)."""
        self.milestone_running: str | None = None
        self.milestone_note = ""
        """What the last milestone run found, in a sentence."""
        self.milestone_tried: set[tuple] = set()
        """(milestone, files) already tried, so a missed milestone is tried again only after a save."""
        self.milestone_for: tuple | None = None
        """graded_for of the files the running (or last) milestone runs on."""

    def compose_pane(self) -> ComposeResult:
        yield CellView(id="exercises-head")
        with ScrollableContainer(id="exercises-body", can_focus=False):
            yield CellView(id="exercises-table")
        with MarkedScroll(id="exercises-detail"):        # ↑ ↓ reach the traceback; "more ↓" says it is there
            yield CellView(id="exercises-message")

    def on_mount(self) -> None:
        self.milestones = reached()
        super().on_mount()
        self.set_interval(POLL_SECONDS, self.poll)
        self.poll()

    # -- grading ----------------------------------------------------------------------------------

    def poll(self) -> None:
        """Grade again if the files (or the parts asked for) changed since the last grading started."""
        view: ExercisesView | None = self.result
        if view is None or self.grading or self.error is not None:
            return
        key = (view.folder, tuple(view.names), fingerprint(view))
        if key == self.graded_for:
            return
        self.graded_for = key
        if not view.exists:
            self.results = None
            self.refresh_view()
            return
        self.grading = True
        self.refresh_view()
        folder, names = view.folder, view.names
        self.start_job("grade", lambda ctx: graded_and_kept(folder, names))

    def job_done(self, name: str, event) -> None:
        if name == "milestone":
            self.finish_milestone(event)
            return
        self.grading = False
        if event.reason == FINISHED:
            self.results = event.result
            self.take_kept_milestone()
            self.try_milestone()
        self.refresh_view()

    # -- milestones ---------------------------------------------------------------------------------

    def try_milestone(self) -> None:
        """Run the next milestone the passing parts unlock (each at most once for the same files)."""
        view: ExercisesView | None = self.result
        if view is None or self.milestone_running or not self.results:
            return
        name = next_milestone(self.results + graded_elsewhere(view.folder, self.results), self.milestones)
        if name is None or (name, self.graded_for) in self.milestone_tried:
            return
        self.milestone_tried.add((name, self.graded_for))
        self.milestone_for = self.graded_for
        self.milestone_running = name
        self.milestone_note = t("exercises.milestone.running", title=milestone_title(name))
        folder = view.folder
        self.start_job("milestone", lambda ctx: run_milestone(folder, name, cancelled=lambda: ctx.cancelled))

    def take_kept_milestone(self) -> None:
        """The milestones a pane before this one tried on the same files, and the outcome of the last (`KEPT`)."""
        kept = KEPT.get(self.app)
        if kept is not None and kept[0] == self.graded_for and not self.milestone_running:
            self.milestone_tried |= kept[2]
            self.milestone_note = self.milestone_note or milestone_text(kept[1])

    def finish_milestone(self, event) -> None:
        name, self.milestone_running = self.milestone_running, None
        if event.reason == FINISHED:
            outcome = event.result
            KEPT[self.app] = (self.milestone_for, outcome, self.milestone_tried)
            self.milestone_note = milestone_text(outcome)
            if outcome["passed"]:
                self.milestones.add(name)
                problem = remember(name)
                if problem:
                    self.milestone_note += "\n" + problem
                self.try_milestone()
        else:
            self.milestone_note = ""
        self.refresh_view()

    def action_regrade(self) -> None:
        self.graded_for = None
        self.poll()

    def action_step(self, delta: int) -> None:
        results = self.shown_results()
        if not results:
            return
        names = [r["name"] for r in results]
        current = self.current(results)
        index = names.index(current["name"]) if current else 0
        self.selected = names[(index + delta) % len(names)]
        self.refresh_view()

    @on(CellView.Picked)
    def _picked(self, event: CellView.Picked) -> None:
        event.stop()
        if event.click and event.key and event.key[0] == "part":
            self.selected = event.key[1]
            self.refresh_view()

    def shown_results(self) -> list[dict]:
        """The results of the parts the view lists (a chapter may have been chosen since)."""
        view: ExercisesView | None = self.result
        if not self.results or view is None:
            return []
        wanted = set(view.names)
        return [r for r in self.results if r["name"] in wanted]

    def current(self, results: list[dict]) -> dict | None:
        """The selected part, else the one the settings name (a lesson's step), else the first that does
        not pass, else the first."""
        for name in (self.selected, self.settings.part):
            for result in results:
                if result["name"] == name:
                    return result
        return next((r for r in results if not passed(r)), results[0] if results else None)

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, view: ExercisesView) -> None:
        if self.settings.part != self.part_shown:      # the settings name another part: it shows, not the one picked
            self.part_shown, self.selected = self.settings.part, None
        colors = self.app.theme_variables
        full = max(21, self.size.width or 80)
        width = full - 1                           # the folder line's and the message's: the last cell is the scrollbar's
        results = self.shown_results()
        head = Canvas()
        state = t("exercises.grading") if self.grading else (summary(results) if results else "")
        head.put(0, 0, self._elide(str(view.folder), width - cell_len(state) - 2), "bold")
        head.put(max(0, width - cell_len(state)), 0, state, colors["text-warning"] if self.grading else "")
        self.query_one("#exercises-head", CellView).draw(head)
        detail, message_rows = self.detail(view, results, width, colors)
        rows = self.table_room(message_rows)
        table = self.table(view, results, full, colors, rows)
        if table.height > self.body_rows():         # it scrolls: its scrollbar takes the last cell
            table = self.table(view, results, width, colors, rows)
        self.query_one("#exercises-table", CellView).draw(table)
        self.query_one("#exercises-message", CellView).draw(detail)

    def body_rows(self) -> int:
        """The most rows the table's body shows before it scrolls (its max-height in the .tcss)."""
        most = self.query_one("#exercises-body").styles.max_height
        return int(most.resolve(self.size, self.app.size)) if most is not None else self.size.height

    def table_room(self, message_rows: int) -> int | None:
        """The most rows the table may take so that a message of `message_rows` shows whole under it
        (None: as many as it has, when there is no message or the pane has no size yet)."""
        height = self.size.height - FRAME_ROWS - (1 if self.query_one(ErrorLine).display else 0)
        if not message_rows or height <= 0:
            return None
        return height - message_rows - 1       # and the blank line under it, where "more ↓" points at the milestones

    def table(self, view: ExercisesView, results: list[dict], width: int, colors, most: int | None = None) -> Canvas:
        """The parts × checks table, in at most `most` rows (the parts around the selected one, and how
        many more there are), as wide as fits: with each part's file, or in one column (`compact_table`)."""
        by_name = {r["name"]: r for r in results}
        current = self.current(results)
        rows = shown_rows(view.names)                # no backward column over functions alone
        headings = [column_label(row, kinds_of(view.names)) for row in rows]   # chapter 3's "value", 6's "path"
        name_width = max(cell_len(t("exercises.column.part")), *(len(name) for name in view.names))
        layout = columns_layout(headings, width - name_width - 1)
        if layout is None:
            return self.compact_table(view, by_name, current, name_width, styles_of(colors), most)
        status_width, staggered = layout
        file_width = 14
        show_file = name_width + 1 + file_width + 1 + checks_width(headings, status_width) <= width
        top = 2 if staggered else 1       # headings wider than their column take turns on two rows
        canvas = Canvas()
        canvas.put(0, top - 1, t("exercises.column.part"), "bold")
        x = name_width + 1
        if show_file:
            canvas.put(x, top - 1, t("exercises.column.file"), "bold")
            x += file_width + 1
        for index, heading in enumerate(headings):
            canvas.put(x, index % 2 if staggered else 0, heading, "bold")
            x += status_width + 1
        styles = styles_of(colors)
        names, above, below = window(view.names, current and current["name"], most, top)
        for y, name in enumerate(names, start=top):
            part = BY_NAME[name]
            result = by_name.get(name)
            chosen = current is not None and result is current
            canvas.put(0, y, f"{name:<{name_width}}", "reverse" if chosen else "", key=("part", name))
            x = name_width + 1
            if show_file:
                canvas.put(x, y, part.file, "dim", key=("part", name))
                x += file_width + 1
            for row in rows:
                if row not in part.rows:
                    text, style = "—", "dim"
                elif result is None:
                    text, style = "", ""
                else:
                    status = result["rows"][row]
                    text, style = status_word(status), styles.get(status, "")
                canvas.put(x, y, text, style, key=("part", name))
                x += status_width + 1
        put_more(canvas, top + len(names), above, below)
        return canvas

    def compact_table(self, view: ExercisesView, by_name: dict, current, name_width: int, styles: dict,
                      most: int | None = None) -> Canvas:
        """For a narrow pane (beside a lesson's text): one column, the row each part got to and how."""
        canvas = Canvas()
        canvas.put(0, 0, t("exercises.column.part"), "bold")
        canvas.put(name_width + 1, 0, t("exercises.column.reached"), "bold")
        names, above, below = window(view.names, current and current["name"], most, 1)
        for y, name in enumerate(names, start=1):
            result = by_name.get(name)
            chosen = current is not None and result is current
            canvas.put(0, y, f"{name:<{name_width}}", "reverse" if chosen else "", key=("part", name))
            if result is None:
                continue
            stuck = next(((row, status) for row, status in result["rows"].items() if status not in ("pass", "warn")),
                          None)
            if stuck is None:
                status = "warn" if "warn" in result["rows"].values() else "pass"
                text = status_word(status)
            else:
                status = stuck[1]
                text = f"{row_label(stuck[0], BY_NAME[name].kind)} {status_word(status)}"
            canvas.put(name_width + 1, y, text, styles.get(status, ""), key=("part", name))
        put_more(canvas, 1 + len(names), above, below)
        return canvas

    def detail(self, view: ExercisesView, results: list[dict], width: int, colors) -> tuple[Canvas, int]:
        """The selected part's message and traceback, what its code printed, then the milestones; and how
        many rows the message takes (0 when all pass: the table may take the room; what was printed not
        counted, so a part that printed much does not shrink the table to three parts)."""
        canvas = Canvas()
        printed: list[tuple[str, str]] = []
        if not view.exists:
            said = (t("exercises.not_a_folder", folder=self.settings.folder) if view.folder.exists() else
                    t("exercises.no_folder", folder=self.settings.folder, file=first_file(self.settings.chapter),
                      init=init_command(self.settings.folder)))
            lines = [(line, "") for line in wrap(said, width)]
        else:
            current = self.current(results)
            lines = []
            if results and all(passed(r) for r in results) and not any(r.get("message") for r in results):
                lines.append((t("exercises.all_pass", total=len(results)), colors["text-success"]))
                later = next_elsewhere(view.folder, results)
                if later is not None:              # it said only what the folder line above says
                    lines += [(line, "") for line in wrap(t("exercises.next", name=later.name, file=later.file), width)]
            elif current is not None:
                text = message_text(current) or (     # a passing part chosen (or named by a lesson's step)
                    t("exercises.one_passes", name=current["name"]) if passed(current) else "")
                style = f"bold {colors['text-error']}" if not passed(current) and "fail" in current["rows"].values() \
                    else ""
                title = f"{current['name']} ({current['file']})"
                lines.append((title, "bold"))
                if len(kinds_of(view.names)) > 1:      # the "output" column: what it grades of this part
                    lines += [(line, "dim") for line in wrap(graded(BY_NAME[current["name"]].kind), width)]
                for paragraph in text.splitlines():
                    lines += [(line, style) for line in uncut(message_wrap(paragraph, width), width)]
                later = next_to_do(results, current) if passed(current) else None
                if later is not None:              # a passing part shown: which one to write or mend next
                    lines += [(line, "") for line in wrap(t("exercises.next", name=later["name"], file=later["file"]), width)]
                if current.get("traceback"):
                    lines.append((t("exercises.your_code"), "dim"))
                    lines += [(row, "dim") for line in current["traceback"][-8:] for row in code_rows(line, width)]
                if not passed(current):       # under the message, reached by scrolling: the table keeps its room
                    printed = [(row, "dim") for line in printed_lines(current) for row in code_rows(line, width)]
        message_rows = len(lines) if view.exists and results and not all(passed(r) for r in results) else 0
        lines += printed
        if view.exists:
            lines.append(("", ""))
            for paragraph in self.milestone_note.splitlines():
                lines += [(line, colors["text-success"] if "✓" in line else "")
                          for line in message_wrap(paragraph, width)]
            lines += [(line, "dim") for line in wrap(together_items(milestones_line(self.milestones)), width)]
        for y, (line, style) in enumerate(lines):
            canvas.put(0, y, line, style)
        return canvas, message_rows

    @staticmethod
    def _elide(text: str, width: int) -> str:
        return text if cell_len(text) <= width else "…" + text[-max(1, width - 1):]



STATUSES = ("pass", "warn", "fail", "todo")


def next_to_do(results: list[dict], current: dict) -> dict | None:
    """The first part after `current` (from the top again after the last) that does not pass, if any: what
    a lesson's step that named a part now passing leaves the learner to do ("mean_squared_error passes"
    said nothing of the cross_entropy_error failing under it)."""
    index = next(i for i, result in enumerate(results) if result is current)
    return next((r for r in results[index + 1:] + results[:index] if not passed(r)), None)


def graded_and_kept(folder, names) -> list[dict]:
    """The grading of `names` in `folder` (in the job's thread), kept for the home screen's marks."""
    results = check(folder, names)
    record(folder, results)
    return results


HELD = "\u2007"
"""What holds a bracketed value's spaces while `message_wrap` breaks the rest (a figure space: one cell,
not a space to the wrap, and not in the grader's messages)."""


def message_wrap(text: str, width: int) -> list[str]:
    """A grader's message in rows of `width` cells: a value in brackets ("(−6.99, 1.99)", "[0, 0]") and an
    equation's sides stay whole as `wrap` keeps them, and so does a formula, "0.5 * np.sum((y - t)**2)"
    or "(f(x + h) − f(x − h)) / (2h)", which `wrap` broke after "*" or inside "f(x −" / "h))"."""
    words = [piece for word in whole_words(text)
             for piece in (opened(word) if cell_len(word) > max(width // 2, 12) else [word])]
    return [row.replace(HELD, " ") for row in wrap_cut(" ".join(word.replace(" ", HELD) for word in words), width)]


def opened(group: str) -> list[str]:
    """A bracketed group too long to keep whole in its words, the brackets inside it kept whole: "(for
    f(x) = Σ w·x³, x (2, 3))" broke between "(2," and "3))"."""
    if group[:1] not in "([":
        return whole_words(group, brackets=False)
    first, *rest = whole_words(group[1:])
    return [group[0] + first, *rest]


def uncut(rows: list[str], width: int) -> list[str]:
    """`rows` with any row wider than `width` (a name in the grader's message longer than the pane is
    wide) in pieces, so that none of it is lost past the pane's edge."""
    return [piece for row in rows for piece in (wrap_cut(row, width) if cell_len(row) > width else [row])]


def code_rows(line: str, width: int) -> list[str]:
    """A line of the learner's traceback in rows of at most `width` cells, none of it cut off: broken
    at spaces (a name wider than the row in pieces), the rows after the first indented two cells more
    than it, so that they read as its continuation. A line that fits stays as it is: a syntax error's
    caret keeps the indent that puts it under the code it points at (it stood at the row's start)."""
    if cell_len(line) <= width:
        return [line]
    body = line.lstrip(" ")
    indent = line[:len(line) - len(body)]
    hang = indent + "  "
    if cell_len(hang) > width // 2:          # a pane too narrow for indents: the text itself matters more
        indent = hang = ""
    rows = wrap_cut(body, max(1, width - cell_len(hang)))
    return [indent + rows[0], *(hang + row for row in rows[1:])] if rows else [line]


def window(names: list[str], current: str | None, most: int | None, heading_rows: int) -> tuple[list[str], int, int]:
    """The parts a table of at most `most` rows shows under its `heading_rows`: every part, or those
    around `current` (at least MIN_PARTS) with a line saying how many more; and how many are above and
    below the ones shown."""
    if most is None or heading_rows + len(names) <= most:
        return list(names), 0, 0
    shown = min(len(names), max(MIN_PARTS, most - heading_rows - 1))
    index = names.index(current) if current in names else 0
    start = min(max(index - (shown - 1) // 2, 0), len(names) - shown)
    return list(names[start:start + shown]), start, len(names) - start - shown


def put_more(canvas: Canvas, y: int, above: int, below: int) -> None:
    """The line under a table that shows some of its parts: how many more lie above and below."""
    if above or below:
        key = "exercises.more.both" if above and below else "exercises.more.above" if above else "exercises.more.below"
        canvas.put(0, y, t(key, above=above, below=below), "dim")


def together_items(line: str) -> str:
    """A line of items two spaces apart ("Milestones: ✓ apple graph  ○ gradient check") with each
    item's own spaces made no-break, so it wraps between items, never inside one ("○" over "gradient check")."""
    head, _, items = line.partition(" ")
    return head + " " + "  ".join(item.replace(" ", "\u00a0") for item in items.split("  "))


def checks_width(headings: list[str], status_width: int) -> int:
    """Cells the check columns take: one column of `status_width` a row, a space between, and the last
    heading whole (staggered, it may be wider than its column)."""
    return (len(headings) - 1) * (status_width + 1) + max(status_width, cell_len(headings[-1]))


def columns_layout(headings: list[str], room: int) -> tuple[int, bool] | None:
    """(column width, staggered) of the check columns in `room` cells: as wide as the widest heading, on
    one row; else as wide as the widest status, the headings taking turns on two rows ("interface" is
    wider than "pass", and English lost the columns Korean kept); None when neither fits."""
    statuses = max(cell_len(status_word(s)) for s in STATUSES)
    widest = max(cell_len(heading) for heading in headings)
    for status_width, staggered in ((max(widest, statuses), False), (statuses, True)):
        if checks_width(headings, status_width) <= room and (not staggered or widest <= 2 * statuses + 1):
            return status_width, staggered
    return None


def styles_of(colors) -> dict[str, str]:
    """Each status's style, from the theme."""
    return {"pass": colors["text-success"], "warn": f"bold {colors['text-warning']}",
            "fail": f"bold {colors['text-error']}", "todo": colors["text-warning"], "skip": "dim"}
