"""The search pane answers the mouse: a click on a trial's row of the best table, or on its point in the
scatter, chooses it, and the status says its settings and accuracies ("Trial #7: lr 0.0123, λ 3.4e−6,
validation 91.2 %, training 93.4 %, seed 17"); its row is drawn reversed, its point is marked ■ over the
others (named so in the scatter's caption) and, among the best five, its curve is drawn last and thicker,
its name reversed in their key. A second click on it lets it go. The pane has no view of one trial (the
scatter and the best five are of them all): the status line is where the chosen one is said. Before, the
scatter and the table were pictures: a click did nothing.

A point is found from where the scatter draws it (`models.scatter.cell_of`, as plotext places points)
inside the frame as drawn: the trial whose cell is nearest the click, one cell around it at most; where
two fall in one cell, the chosen one, else the better, drawn on top.
"""
from __future__ import annotations

import math

from rich.cells import cell_len
from rich.style import Style
from textual import events

from workbench.app.panes.compare_table import pct
from workbench.app.panes.pane_part import PanePart
from workbench.app.plotting import Plot
from workbench.i18n import t
from workbench.models.scatter import cell_of
from workbench.models.search import TrialResult

CHOSEN_TRIAL = "search-trial"
"""The meta key of a trial's row in the best table: its index, what a click chooses."""
REACH = 1
"""Cells around a point where a click still chooses it (a marker is one cell: a hand misses by one)."""


class SearchClicks(PanePart):
    """Choose a trial by a click on its row or its point; the status says it."""

    def trial_meta(self, trial: TrialResult) -> Style:
        """What a click on `trial`'s row chooses."""
        return Style(meta={CHOSEN_TRIAL: trial.index})

    def chosen_trial(self) -> TrialResult | None:
        """The trial chosen, if it is one of those shown."""
        return next((r for r in self.shown_trials() if r.index == self.chosen), None) if self.chosen is not None \
            else None

    def chosen_line(self) -> str:
        """The status's line of the trial chosen ("" when none)."""
        r = self.chosen_trial()
        if r is None:
            return ""
        from workbench.app.panes.search import log_value       # the search's own way of writing them

        return t("search.chosen", trial=r.index + 1, lr=log_value(r.lr), wd=log_value(r.weight_decay),
                 val=pct(r.val_acc), train=pct(r.train_acc), seed=r.seed)

    def choose(self, index: int | None) -> None:
        """Choose trial `index` (again: none), said in the status, its row reversed."""
        self.chosen = None if index == self.chosen else index
        self._shown.pop("#search-best", None)
        self.refresh_view()

    def on_click(self, event: events.Click) -> None:
        """A click on a trial's row of the best table, or on its point in the scatter, chooses it."""
        index = event.style.meta.get(CHOSEN_TRIAL) if event.style is not None else None
        if index is None:
            plot = self.query_one("#search-scatter", Plot)
            if event.widget is plot:
                offset = event.get_content_offset(plot)
                trial = self.trial_at(plot, offset.x, offset.y) if offset is not None else None
                index = trial.index if trial is not None else None
        if index is None:
            return
        event.stop()
        self.choose(index)

    def point_cells(self, plot: Plot) -> list[tuple[int, int, TrialResult]]:
        """(column, row) of the plot widget where each trial's point is drawn, from the frame as drawn."""
        built = plot._built
        if built is None:
            return []
        lines = built[1].plain.split("\n")
        tops = [i for i, line in enumerate(lines) if "┌" in line]
        bottoms = [i for i, line in enumerate(lines) if "└" in line and "┘" in line]
        if not tops or not bottoms:
            return []
        top, bottom = tops[0], bottoms[-1]
        frame = lines[bottom]
        first, last = cell_len(frame[:frame.index("└")]) + 1, cell_len(frame[:frame.rindex("┘")]) - 1
        rows, columns = bottom - top - 1, last - first + 1
        if rows < 1 or columns < 1:
            return []
        x_limits, y_limits, _ = self.scatter_axes(rows)
        return [(first + cell_of(math.log10(r.lr), x_limits, columns),
                 bottom - 1 - cell_of(math.log10(r.weight_decay), y_limits, rows), r) for r in self.shown_trials()]

    def trial_at(self, plot: Plot, x: int, y: int) -> TrialResult | None:
        """The trial whose point is nearest (x, y) of the plot, within REACH cells; where two tie, the chosen
        one (its marker is drawn over the other's, and a click on it lets it go), else the better."""
        near = [(max(abs(px - x), abs(py - y)), r.index != self.chosen,
                 -r.val_acc if math.isfinite(r.val_acc) else 0.0, r.index, r) for px, py, r in self.point_cells(plot)]
        near = [n for n in near if n[0] <= REACH]
        return min(near, key=lambda n: n[:4])[4] if near else None
