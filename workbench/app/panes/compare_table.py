"""The comparison pane's runs view once runs have finished: the runs' table (final train and test
accuracy, the train–test gap, best epoch, time), measured to fit its width (columns and units dropped,
names shortened, before a row wraps), each run that ended early or did not learn under it; a grid's
table of its weight scales; a presenter's table, named as this pane's plan names the runs.
"""
from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text

from workbench.app.no_break import figures, keys_kept
from workbench.app.panes.compare_views import COLORS, PICKED_RUN, rgb_style, text_table
from workbench.app.panes.pane_part import PanePart
from workbench.classroom.compare import CompareRow
from workbench.i18n import cell_len, t
from workbench.i18n.cells import wrap
from workbench.i18n.numbers import percent
from workbench.models.compare import ComparePlan, RunResult, points, short_scale, signed
from workbench.models.training_stop import in_a_line


def table_width(table: Text) -> int:
    return max((cell_len(line) for line in table.plain.splitlines()), default=0)


def narrowest_fit(headers, rows, right, styles, width: int, metas=None) -> Text:
    """The runs' table in `width` cells: the last columns (time, then best epoch) go when it would wrap
    row by row (half the screen beside a lesson's text)."""
    columns = len(headers)
    while True:
        table = text_table(headers[:columns], [row[:columns] for row in rows], right[:columns], styles, metas)
        if table_width(table) <= width or columns <= 4:
            return table
        columns -= 1


RIGHT = (False, True, True, True, True, True)
"""Which columns of the runs' table are right-aligned: all but the name."""


def run_rows(results: list[RunResult], units: bool = True, names: list[str] | None = None) -> list[list[str]]:
    """The runs' table's rows: name (or `names`), train and test accuracy, gap (in points, or bare), best
    epoch, time."""
    return [[name, pct(r.final_train_acc), pct(r.final_test_acc), points(r.gap) if units else signed(r.gap),
             str(r.best_epoch or "--"), t("compare.table.seconds", seconds=f"{r.seconds:.1f}")]
            for r, name in zip(results, names or [r.name for r in results])]


def runs_table(headers, results: list[RunResult], styles, width: int, shorts: list[str] | None = None,
               metas=None) -> Text:
    """The runs' table in `width` cells, never cutting a run's name ("weight decay 0.1" beside a
    lesson's text at 80×24): the last columns go first (time, then best epoch), then the gap's unit
    (beside two percentages it is plainly points); then each name gives way to its short form, `shorts`
    ("λ 0.03", where there is one), with the unit again if it fits; a name still too long wraps in its
    column."""
    names = [r.name for r in results]
    short = [s or r.name for r, s in zip(results, shorts or [""] * len(results))]
    forms = [(names, True), (names, False)] + ([(short, True), (short, False)] if short != names else [])
    for form, units in forms:
        rows = run_rows(results, units=units, names=form)
        table = narrowest_fit(headers, rows, RIGHT, styles, width, metas)
        if table_width(table) <= width:
            return table
    figures = table_width(text_table(headers[1:4], [row[1:4] for row in rows], RIGHT[1:4]))
    room = max(6, width - figures - 1)
    named = [["\n".join(wrap(row[0], room)), *row[1:4]] for row in rows]
    return text_table(headers[:4], named, RIGHT[:4], styles, metas)


def shared_result(row: CompareRow, name: str) -> RunResult:
    """A presenter's run as its row of the table (`workbench.classroom.compare`), to list as the pane's
    own: what the row does not carry is empty (a run that did not learn has a marker for a warning: the
    words of the presenter's diagnosis stay on its screen, and the follower's table says so)."""
    nan = math.nan
    return RunResult(row.run, name, (), 0, 0, None if row.end in ("", "warned") else row.end, "",
                     nan if row.train is None else row.train, nan if row.test is None else row.test,
                     row.best_epoch, nan, row.seconds, warning="warned" if row.end == "warned" else "")


def pct(value: float) -> str:
    """An accuracy as a percentage with one decimal, as the interface writes them (97.3 %)."""
    return "--" if value is None or not math.isfinite(value) else percent(value)


class CompareTable(PanePart):
    """The runs view's table (`table_text`) and the finished runs it lists (`shown_results`)."""

    def table_text(self) -> Text:
        """The runs' table (the grid's, for a grid), each run that ended early or did not learn under it,
        and the runs that never started: the pane's own, or the presenter's while following it."""
        shown, plan = self.shown_results(), self.table_plan()
        results = [shown[i] for i in sorted(shown)]
        if plan is not None and plan.groups > 1:
            return self.grid_table(plan, shown)
        headers = [t(f"compare.table.{key}") for key in ("run", "train", "test", "gap", "best", "time")]
        styles = [rgb_style(self.app, COLORS[r.run % len(COLORS)]) + (" bold reverse" if r.run == self.picked else "")
                  for r in results]
        shorts = [plan.runs[r.run].spec.short if plan is not None else "" for r in results]
        metas = [Style(meta={PICKED_RUN: r.run}) for r in results] if len(results) > 1 else None
        text = runs_table(headers, results, styles, self.table_room(), shorts, metas)
        shared = self.presenters_run is not None
        for r in results:
            if r.warning and r.stop_reason is None:
                text.append("\n" + t("compare.table.ended", name=r.name, reason=t("compare.stop.warned")), style="dim")
                text.append("\n  " + (t("classroom.pane.why_there") if shared
                                       else figures(in_a_line(r.diagnosis) if r.diagnosis else r.warning)), style="dim")
            if r.stop_reason not in (None,):
                text.append("\n" + t("compare.table.ended", name=r.name, reason=t(f"compare.stop.{r.stop_reason}")),
                            style="dim")
                if r.stop_reason not in ("stopped",) and (shared or r.stop_message):
                    text.append("\n  " + (t("classroom.pane.why_there") if shared
                                           else figures(in_a_line(r.stop) if r.stop else r.stop_message)), style="dim")
        missing = self.runs_missing(len(results))
        if missing:
            text.append("\n" + t("compare.table.missing", count=missing), style="dim")
        if metas:
            text.append("\n" + keys_kept(t("compare.table.pick" if self.picked is None else "compare.table.picked")),
                        style="dim")
        return text

    def runs_missing(self, finished: int) -> int:
        """How many runs the table lacks because the comparison stopped before them: the pane's own, or
        the presenter's once its comparison is over."""
        run = self.presenters_run
        if run is None:
            return len(self.plan.runs) - finished if self.plan else 0
        table = self.presenters_table
        return table.runs - finished if table is not None and run.state not in ("running", "paused") else 0

    def table_plan(self) -> ComparePlan | None:
        """The plan the runs' table reads names and groups from: the run's, or while following the
        pane's own of the presenter's settings when it has the presenter's runs (else None: the
        presenter's names as sent)."""
        if self.presenters_run is None:
            return self.plan
        plan, table = self.shown_plan(), self.presenters_table
        return plan if plan is not None and table is not None and len(plan.runs) == table.runs else None

    def shown_results(self) -> dict[int, RunResult]:
        """The finished runs the runs view lists and the grid marks, by their index: the pane's own, or
        the presenter's (from its figures, named as this pane's plan names them) while following it."""
        if self.presenters_run is None:
            return self.results
        table, plan = self.presenters_table, self.table_plan()
        if table is None:
            return {}
        return {row.run: shared_result(row, plan.runs[row.run].spec.name if plan is not None else row.name)
                for row in table.rows}

    def table_room(self) -> int:
        """Cells the runs' table has: its view's width less a scrollbar, once laid out (the pane's
        `width()` leaves out its padding twice)."""
        return self.query_one("#view-runs").scrollable_content_region.width or self.width()

    def grid_table(self, plan: ComparePlan, shown: dict[int, RunResult]) -> Text:
        results = [shown[i] for i in sorted(shown)]
        rows = []
        for group in range(plan.groups):
            pair = [i for i, r in enumerate(plan.runs) if r.spec.group == group]
            cells = [shown.get(i) for i in pair]
            if all(c is None for c in cells):
                continue
            rows.append([short_scale(plan.runs[pair[0]].spec.weight_init)] +
                        [pct(c.final_train_acc) + "/" + pct(c.final_test_acc) if c else "" for c in cells])
        labels = [r.spec.label for r in plan.runs[:2]]
        text = Text()
        text.append(t("compare.table.grid") + "\n", style="bold")
        table = text_table([t("compare.table.scale"), *labels], rows, [True, True, True])
        if table_width(table) > self.width():          # beside the text: "96.8/38.6", the heading says %
            rows = [[row[0], *(cell.replace(" %", "") for cell in row[1:])] for row in rows]
            table = text_table([t("compare.table.scale"), *labels], rows, [True, True, True])
        if table_width(table) > self.width():          # and "scale" over the column ("12.0/10.0" made it wrap)
            table = text_table([t("compare.table.scale_short"), *labels], rows, [True, True, True])
        text.append_text(table)
        for r in results:             # "--/--" says no more: which runs ended early, and why
            if r.stop_reason not in (None, "stopped"):
                text.append("\n" + t("compare.table.ended", name=r.name, reason=t(f"compare.stop.{r.stop_reason}")),
                            style="dim")
        return text
