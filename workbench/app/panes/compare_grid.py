"""The batch-norm comparison's grid (the book's figure 6-19): a small braille chart of the training
accuracy with and without batch normalization for each weight scale, filled in as the job goes, and the
current cell drawn large beside the grid or under it (`,` `.` or a click choose it once the job is over;
`z` draws it in place of the grid where there is no room under it), the presenter's cells while following.
"""
from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Static

from workbench.app.messages import CursorMoved
from workbench.app.panes.compare_table import pct
from workbench.app.panes.compare_views import (COLORS, GRID_CELL, PLOT_FRAME, braille_chart, epoch_ticks, fit,
                                                legend, percent_axis_of, rgb_style)
from workbench.app.panes.pane_part import PanePart
from workbench.app.plotting import Figure, Plot, colourless, legend_marks
from workbench.classroom.compare import cell_epochs
from workbench.i18n import cell_len, t
from workbench.models.compare import ComparePlan, short_scale

CELL_CAPTIONS = (("compare.grid.caption", "compare.plot.train_epochs"),
                 ("compare.grid.caption", "compare.plot.train_epochs_short"),
                 ("compare.grid.caption_short", "compare.plot.train_epochs_short"),
                 ("compare.grid.caption_short", "compare.grid.axes_short"))
"""The grid's large cell's caption, its scale then its axes, longest first (catalog keys)."""
CELL_ROWS = 5
"""Rows of points the grid's large cell needs to read as a curve: fewer (2 under the grid beside a lesson's
text at 80×24) draw a line and an axis label, no more. Where the view has no room for them under the grid,
the large plot is left out and `z` draws the cell large in place of the grid."""
GRID_PER_ROW = 4
"""Cells in a row of the grid: the book's figure 6-19 has four rows of four."""


class CompareGrid(PanePart):
    """The grid view (`show_grid`) and the cell drawn large (`shown_cell`)."""

    def shown_cell(self) -> int:
        plan = self.shown_plan()
        last = (plan.groups - 1) if plan else 0
        if self.cell is not None:
            return min(self.cell, last)
        return min(self.group, last)

    def show_grid(self) -> None:
        plan = self.shown_plan()
        if plan is None:
            return
        width = self.width()
        side = width >= 70 and not self.zoomed
        box = self.query_one("#view-grid")
        box.styles.layout = "horizontal" if side else "vertical"
        grid_width = min(width // 2 if side else width, 48)
        room = width - grid_width - 2 if side else width
        current = self.shown_cell()
        pair = [i for i, r in enumerate(plan.runs) if r.spec.group == current]
        entries = [(plan.runs[i].spec.label, rgb_style(self.app, COLORS[k])) for k, i in enumerate(pair)]
        cell_legend = legend(entries, room, legend_marks(self.app, len(entries)))
        self.put("#compare-cell-legend", cell_legend)
        shown = self.shown_results()
        finals = [shown.get(i) for i in pair]
        below = (len(cell_legend.plain.splitlines()) or 1) + (2 if all(finals) else 1)   # the caption: the scale, the finals
        chart_rows, plotted = self.grid_fit(-(-plan.groups // GRID_PER_ROW), below, side)
        grid = self.query_one("#compare-grid", Static)
        grid.display = not self.zoomed
        grid.styles.width = grid_width + (1 if side else 0)
        self.put("#compare-grid", self.grid_text(plan, grid_width, chart_rows))
        self.query_one("#compare-cell", Plot).display = plotted
        self.query_one("#compare-cell-box").styles.height = "1fr" if plotted else "auto"
        key = ("cell", current, tuple(len(self.accs.get(i) or []) for i in pair), self.app.theme, self.presenters_run)
        if plotted and self._shown.get("#compare-cell-plot") != key:
            self._shown["#compare-cell-plot"] = key
            self.query_one("#compare-cell", Plot).draw(lambda fig: self._plot_cell(fig, pair))
        scale = short_scale(plan.runs[pair[0]].spec.weight_init) if pair else ""
        caption = Text(self.cell_caption(plan, current, scale, room))
        if all(finals):              # on a line of its own: beside the scale it was cut off at any width
            named = " · ".join(f"{label} {pct(r.final_train_acc)}" for r, (label, _) in zip(finals, entries))
            caption.append("\n")
            if cell_len(named) <= (self.query_one("#compare-cell-caption").size.width or room):
                caption.append(named)
            else:                    # "with batch norm 60.9 % · without 11.0 %" in 36 cells: the values in their runs' colours
                for k, (result, (_, color)) in enumerate(zip(finals, entries)):
                    caption.append((" · " if k else "") + pct(result.final_train_acc), style=f"bold {color}")
        hinted = self.zoomed or not plotted
        if hinted:
            hint = "compare.grid.zoomed" if self.zoomed else "compare.grid.zoom"
            caption.append("\n" + t(hint, key="z"), style="dim")
        self.put("#compare-cell-caption", caption)
        if hinted != self.zoom_hinted:
            self.zoom_hinted = hinted
            self.refresh_bindings()          # the footer keeps z in view while the caption names it

    def grid_fit(self, rows: int, below: int, side: bool) -> tuple[int, bool]:
        """How many rows each small chart of the grid's `rows` gets (of 1–4), and whether the large plot
        is drawn: beside the grid it has the view's height; under it (a narrow pane), with `below` rows
        of legend and caption, it keeps CELL_ROWS rows of points or, where the view has not that many to
        spare, it is left out for `z` to show (a line more of caption says so)."""
        available = self.query_one("#compare-views").size.height or (self.size.height - 4)
        if self.zoomed:
            return 1, True
        if side:
            grid_rows = available
        elif available - below - PLOT_FRAME - CELL_ROWS >= 2 * rows:
            grid_rows = min(available // 2, available - below - PLOT_FRAME - CELL_ROWS)
        else:
            return max(1, min(4, (available - below - 1) // rows - 1)), False
        return max(1, min(4, grid_rows // rows - 1)), True

    def cell_caption(self, plan: ComparePlan, current: int, scale: str, width: int) -> str:
        """The large cell's scale and what its axes hold ("% per epoch": the plot has no axis labels), in
        the first of CELL_CAPTIONS that fits `width` cells for every cell of the grid, so the words stay
        the same while , and . go through the cells."""
        def caption(forms: tuple[str, str], cell: int, value: str) -> str:
            scale_key, axes_key = forms
            return t("compare.grid.caption_axes", axes=t(axes_key),
                     scale=t(scale_key, cell=cell, cells=plan.groups, scale=value))
        widest = max((short_scale(r.spec.weight_init) for r in plan.runs), key=cell_len, default=scale)
        forms = next((f for f in CELL_CAPTIONS if cell_len(caption(f, plan.groups, widest)) <= width), CELL_CAPTIONS[-1])
        return caption(forms, current + 1, scale)

    def grid_text(self, plan: ComparePlan, width: int, height: int) -> Text:
        """The small charts, GRID_PER_ROW a row, each `height` rows over its weight scale."""
        per_row = GRID_PER_ROW
        cell_width = max(6, (width - (per_row - 1)) // per_row)
        current = self.shown_cell()
        text, filled = Text(), set()
        for row_start in range(0, plan.groups, per_row):
            groups = range(row_start, min(row_start + per_row, plan.groups))
            charts = []
            for group in groups:
                pair = [i for i, r in enumerate(plan.runs) if r.spec.group == group]
                values, x_max = self.cell_values(plan, pair, group == current)
                if any(values):
                    filled.add(group)
                series = [(curve, rgb_style(self.app, COLORS[k])) for k, curve in enumerate(values)]
                charts.append(braille_chart(series, cell_width, height, x_max, dotted=colourless(self.app)).split())
            if row_start:
                text.append("\n")
            for line in range(height):
                for n, (chart, group) in enumerate(zip(charts, groups)):
                    if n:
                        text.append(" ")
                    start = len(text)
                    text.append_text(chart[line])
                    text.stylize(Style(meta={GRID_CELL: group}), start, len(text))
                text.append("\n")
            for n, group in enumerate(groups):
                if n:
                    text.append(" ")
                scale = plan.runs[2 * group].spec.weight_init
                label = fit(short_scale(scale), cell_width).ljust(cell_width)
                done = group in filled if self.presenters_run is not None else group < self.group or self.results
                style = "reverse bold" if group == current else ("bold" if done else "dim")
                text.append(label, style=Style.parse(style) + Style(meta={GRID_CELL: group}))
        return text

    def _plot_cell(self, fig: Figure, pair: list[int]) -> None:
        plan = self.shown_plan()
        epochs = max(1, plan.runs[pair[0]].epochs) if pair else 1
        fig.limits(x=(0, epochs))
        fig.ticks(**epoch_ticks(fig, epochs))
        percent_axis_of(fig, [100 * p[1] for curve in self.cell_accuracies(pair) for p in curve])
        for k, curve in enumerate(self.cell_accuracies(pair)):
            if curve:
                fig.line([p[0] for p in curve], [100 * p[1] for p in curve], color=COLORS[k], curve=k)

    def cell_values(self, plan: ComparePlan, pair: list[int], current: bool) -> tuple[list[list], int]:
        """A small cell of the grid: its runs' training accuracies, one an epoch, and the epochs they
        spread over. The presenter's while following (its figures: each run's, at the epochs
        `cell_epochs` picks; none if they did not come), else the pane's own."""
        if self.presenters_run is None:
            accuracies = self.cell_accuracies(pair) if current else [self.accs.get(i) or [] for i in pair]
            return [[a[1] for a in curve] for curve in accuracies], max(1, plan.runs[0].epochs)
        table = self.presenters_table
        if table is None or not table.epochs:
            return [[] for _ in pair], max(1, plan.runs[0].epochs)
        return ([list(table.cells[i]) if i < len(table.cells) else [] for i in pair],
                len(cell_epochs(table.epochs)))

    def cell_accuracies(self, pair: list[int]) -> list[list[tuple]]:
        """The (epoch, train, test) points of the large cell's runs: the presenter's pair while this app
        follows a grid (its runs' curves are that cell's, the cell its cursor chose), else the pane's own."""
        run = self.presenters_run
        if run is not None:
            return [list(series.accuracies) for series in run.series[:len(pair)]]
        return [list(self.accs.get(i) or []) for i in pair]


class GridControls(PanePart):
    """The grid's keys and clicks, a GridPane's (BatchNormPane): `,` `.` choose the cell, `z` draws it large."""

    def named_keys(self) -> tuple[str, ...]:
        """`z` while the grid's large cell's caption names it (beside a lesson's text at 80×24, where the
        large plot is left out): the footer has no room for it among the step's keys otherwise."""
        return (*super().named_keys(), *(("z",) if self.view == "grid" and self.zoom_hinted else ()))

    def on_click(self, event: events.Click) -> None:
        """A click on a small cell of the grid (its chart or its scale) draws it large, as `,` and `.`
        pressed until there: the same action, by the cells between."""
        cell = event.style.meta.get(GRID_CELL) if event.style is not None else None
        if cell is None:
            return
        event.stop()
        step = cell - self.shown_cell()
        if step and self.check_action("cell", (step,)):
            self.action_cell(step)

    def action_zoom(self) -> None:
        """Draw the large cell in place of the grid, or the grid again: under the grid beside a lesson's
        text at 80×24 there is no room for it."""
        self.zoomed = not self.zoomed
        self._shown.pop("#compare-cell-plot", None)
        self.refresh_view()

    def action_cell(self, step: int) -> None:
        plan = self.shown_plan()
        if plan is None or plan.groups < 2:
            return
        self.cell = min(max(self.shown_cell() + int(step), 0), plan.groups - 1)
        self.refresh_bindings()
        self.refresh_view()
        self.post_message(CursorMoved())
