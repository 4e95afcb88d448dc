"""The loss pane: the sum of squares and the cross-entropy error of `workbench.models.loss`, term by
term, the curve −log y with the current point on it, and a batch's rows with their mean."""
from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from workbench.app.messages import CursorMoved
from workbench.app.no_break import glued, items
from workbench.app.panes.base import Pane
from workbench.app.panes.cells import FieldsGiveKeysBack, tighten
from workbench.app.panes.im2col_views import wrap
from workbench.app.plotting import Figure, Plot
from workbench.app.settings_form import SettingsForm
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.i18n.numbers import subscript, trimmed
from workbench.models.loss import BOOK_T, DELTA, VIEWS, Y_RIGHT, Y_WRONG, LossResult, with_correct

NUDGE = 0.05
"""How much `+` and `-` move the output for the correct class."""
BOTH_LINES = 34
"""Lines from which the terms and the curve are shown together, one above the other."""
BESIDE = 76
"""Columns from which the curve goes beside the terms (and both are always shown)."""
CURVE_FROM = 0.001
SUM_TOLERANCE = 1e-4
"""How far Σy may be from 1 before the pane says that no softmax gives this y."""


def value(x: float) -> str:
    return trimmed(x, 4)


class LossPane(FieldsGiveKeysBack, Pane):
    """y against t: each term of ½Σ(y − t)² and of −Σ t log(y + 1e−7), their sums, and −log y drawn."""

    PANE = "loss"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("1", "example(1)", id="loss.right"),
        Binding("2", "example(2)", id="loss.wrong"),
        Binding("3", "example(3)", id="loss.batch"),
        Binding("plus,equals_sign", "nudge(1)", id="loss.up", key_display="+", group=Binding.Group("y")),
        Binding("minus", "nudge(-1)", id="loss.down", key_display="-", group=Binding.Group("y")),
        Binding("v", "view", id="loss.view"),
        Binding("o", "form", id="loss.form"),
        Binding("left_square_bracket", "row(-1)", id="loss.previous_row", show=False, key_display="[",
                group=Binding.Group("row")),
        Binding("right_square_bracket", "row(1)", id="loss.next_row", key_display="]", group=Binding.Group("row")),
    ]

    def __init__(self, settings=None, **kwargs):
        super().__init__(settings, **kwargs)
        self.row = 0
        """The row of a batch whose terms are listed and whose point `+`/`-` move."""
        self._pressed: tuple | None = None
        """(row, label, the row the last press made, the row before the first press): while y is as the
        presses left it, the next one scales from that first row (`with_correct`'s base)."""
        self.both = False
        """Whether the pane has room for the terms and the curve at once (then `v` has nothing to do)."""

    def compose_pane(self) -> ComposeResult:
        yield Static(id="loss-head")
        with MarkedScroll(id="loss-body"):
            with Vertical(id="loss-numbers"):
                yield Static(id="loss-batch")
                yield Static(id="loss-terms")
            with Vertical(id="loss-curve"):
                yield Static(id="loss-curve-label")
                yield Plot(id="loss-plot")
                yield Static(id="loss-curve-axis")
        yield Static(id="loss-totals")
        yield SettingsForm(self.entry, self.settings, keys=["y", "t"], compact=True, id="loss-fields")

    def on_mount(self) -> None:
        super().on_mount()
        tighten(self.query_one(SettingsForm), 2)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "row":
            return len(self.settings.y) > 1
        if action == "nudge" and not self.can_nudge(int(parameters[0])):
            return None                 # `-` at y = 0 (4.1 step 5 presses it there) and `+` at 1 did nothing
        if action == "view":
            return not self.both
        return super().check_action(action, parameters)

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, r: LossResult) -> None:
        self.row = min(self.row, r.batch_size - 1)
        self.refresh_bindings()                     # `+` `-` dimmed at the ends of y (can_nudge)
        width = max(30, self.width_of(self.query_one("#loss-body")) - 1)
        wide = width >= BESIDE
        both = wide or self.size.height >= BOTH_LINES
        self.set_class(wide, "-wide")
        if both != self.both:
            self.both = both
            self.refresh_bindings()
        view = self.settings.view
        self.query_one("#loss-head", Static).update(self.head(r, width))
        batch = self.query_one("#loss-batch", Static)
        batch.display = r.batch_size > 1 and (view == "terms" or both)
        batch.update(self.batch(r) if batch.display else "")
        terms = self.query_one("#loss-terms", Static)
        terms.display = view == "terms" or both
        terms.update(self.terms(r) if terms.display else "")
        curve = self.query_one("#loss-curve")
        curve.display = view == "curve" or both
        curve.set_class(both and not wide, "-short")
        if curve.display:
            self.query_one("#loss-curve-label", Static).update(t("loss.curve_label"))
            self.query_one("#loss-curve-axis", Static).update(t("loss.curve_axis"))
            self.query_one(Plot).draw(lambda fig: self.curve(fig, r))
        self.query_one("#loss-totals", Static).update(self.totals(r, width))

    def head(self, r: LossResult, width: int) -> Text:
        colors = self.app.theme_variables
        if r.batch_size > 1:
            line = t("loss.head_batch", n=r.batch_size, classes=r.y.shape[1], row=self.row + 1,
                     form=t(f"loss.form.{r.form}"))
        else:
            line = t("loss.head", label=int(r.labels[0]), classes=r.y.shape[1], form=t(f"loss.form.{r.form}"))
        line = items(line)                 # "t as label" never split over two rows
        text = Text("\n".join(wrap(line, width)), style="bold")
        total = float(r.y[self.row].sum())
        if abs(total - 1) > SUM_TOLERANCE:
            text.append("\n" + t("loss.not_one", total=value(total)), style=colors["text-warning"])
        return text

    def batch(self, r: LossResult) -> Text:
        """A row per sample: its label, what y gives it, its two losses; the batch's mean and sum under them."""
        colors = self.app.theme_variables
        heads = ["n", "t", "y[t]", "SSE", "CEE"]
        rows = [[str(n + 1), str(int(r.labels[n])), value(r.correct[n]), value(r.sse[n]), value(r.cee[n])]
                for n in range(r.batch_size)]
        widths = [max(cell_len(row[c]) for row in rows + [heads]) for c in range(5)]
        text = Text()
        text.append("  ".join(h.rjust(w) for h, w in zip(heads, widths)) + "\n", style="dim")
        for n, row in enumerate(rows):
            text.append("  ".join(c.rjust(w) for c, w in zip(row, widths)) + "\n",
                        style=f"bold {colors['text-primary']}" if n == self.row else "")
        return text

    def terms(self, r: LossResult) -> Text:
        """The row's terms: k, yₖ, tₖ, ½(yₖ − tₖ)² and −tₖ log(yₖ + δ), the correct class highlighted."""
        colors = self.app.theme_variables
        n = self.row
        heads = ["k", "yₖ", "tₖ", "½(y−t)²", "−t·log(y+δ)"]
        rows = [[str(k), value(r.y[n, k]), str(int(r.t[n, k])), value(r.squares[n, k]), value(r.logs[n, k])]
                for k in range(r.y.shape[1])]
        rows.append(["Σ", value(r.y[n].sum()), "", value(r.sse[n]), value(r.cee[n])])
        widths = [max(cell_len(row[c]) for row in rows + [heads]) for c in range(5)]
        text = Text()
        text.append(" ".join(h.rjust(w) for h, w in zip(heads, widths)) + "\n", style="dim")
        for k, row in enumerate(rows):
            last = k == len(rows) - 1
            style = "bold" if last else (f"bold {colors['text-primary']}" if k == r.labels[n] else "")
            text.append(" ".join(c.rjust(w) for c, w in zip(row, widths)) + ("" if last else "\n"), style=style)
        return text

    def totals(self, r: LossResult, width: int) -> Text:
        """Both losses by their book names, the point on the curve, whether argmax is right, and for a
        batch the mean over its N rows."""
        colors = self.app.theme_variables
        n = self.row
        text = Text()
        if r.batch_size == 1:
            names = [t("loss.sse"), t("loss.cee")]
            column = max(cell_len(name) for name in names) + 2
            for name, shown in zip(names, (value(r.sse[n]), value(r.cee[n]))):
                text.append(name + " " * (column - cell_len(name)) + shown.rjust(8) + "\n", style="bold")
        p = float(r.correct[n])
        lines = []
        if self.settings.view == "curve" or self.both:
            lines.append((t("loss.point", k=subscript(int(r.labels[n])), y=value(p),
                            e=value(-np.log(p + DELTA))), ""))
        if r.batch_size == 1:
            verdict = "right" if r.right[n] else "wrong"
            lines.append((t(f"loss.verdict.{verdict}", k=int(r.predicted[n]), t=int(r.labels[n])),
                          f"bold {colors['text-success' if r.right[n] else 'text-error']}"))
        else:
            parts = " + ".join(value(c) for c in r.cee)
            lines.append((t("loss.mean", n=r.batch_size, parts=parts, mean=value(r.cee_mean)),
                          f"bold {colors['text-primary']}"))
            lines.append((t("loss.accuracy", right=int(r.right.sum()), n=r.batch_size), ""))
            lines.append((t("loss.sse_batch", total=value(r.sse_total)), "dim"))
        for i, (line, style) in enumerate(lines):      # "mean_squared_error(y, t)" kept whole
            text.append("\n".join(wrap(glued(line), width)) + ("\n" if i < len(lines) - 1 else ""), style=style)
        return text

    def curve(self, fig: Figure, r: LossResult) -> None:
        """−log(y + δ) over (0, 1], the batch's points on it, the chosen row's point in the accent colour."""
        y = np.geomspace(CURVE_FROM, 1.0, 400)
        fig.line(y, -np.log(y + DELTA), color="text-primary")
        top = 7.0
        fig.limits((0.0, 1.0), (0.0, top))
        fig.ticks([0, 0.25, 0.5, 0.75, 1], [0, 2, 4, 6], ["0", "0.25", "0.5", "0.75", "1"], ["0", "2", "4", "6"])
        for n, p in enumerate(r.correct):
            if n != self.row:
                fig.points([float(p)], [min(top, float(r.cee[n]))], color="text-success")
        p = float(r.correct[self.row])
        fig.points([p], [min(top, float(r.cee[self.row]))], color="accent")

    # -- keys ---------------------------------------------------------------------------------------

    def action_example(self, which: int) -> None:
        """The book's examples: 0.6 on the correct class 2, 0.1 on it, or both as a batch of two."""
        which = int(which)
        ys = {1: (Y_RIGHT,), 2: (Y_WRONG,), 3: (Y_RIGHT, Y_WRONG)}[which]
        self.row = 0
        labels = tuple(float(BOOK_T) for _ in ys)
        if self.settings.form == "one-hot":
            t_value = tuple(tuple(float(k == BOOK_T) for k in range(len(Y_RIGHT))) for _ in ys)
        else:
            t_value = (labels,)
        self.apply(y=ys, t=t_value)

    def can_nudge(self, direction: int) -> bool:
        """Whether `+` (direction 1) or `-` (−1) would move the correct class's output of the row shown:
        not below 0, nor above the row's sum."""
        r = self.result
        if r is None:
            return True
        value, total = float(r.y[self.row, int(r.labels[self.row])]), float(r.y[self.row].sum())
        return value < total if direction > 0 else value > 0

    def action_nudge(self, direction: int) -> None:
        r = self.result
        if r is None:
            return
        label = int(r.labels[self.row])
        target = round(float(r.y[self.row, label]) + NUDGE * int(direction), 6)
        current = self.settings.y[self.row]
        pressed = self._pressed
        base = pressed[3] if pressed is not None and pressed[:3] == (self.row, label, current) else current
        y = with_correct(self.settings.y, self.row, label, target, base=base)
        self._pressed = (self.row, label, y[self.row], base)
        self.apply(y=y)

    def action_view(self) -> None:
        self.apply(view=VIEWS[(VIEWS.index(self.settings.view) + 1) % len(VIEWS)])

    def action_form(self) -> None:
        """Write t the other way, as labels or as one-hot rows: the losses do not change."""
        r = self.result
        if r is None:
            return
        if r.form == "one-hot":
            self.apply(t=(tuple(float(v) for v in r.labels),))
        else:
            self.apply(t=tuple(tuple(float(v) for v in row) for row in r.t))

    def action_row(self, direction: int) -> None:
        """Choose another row of the batch: its terms, its point, and its correct class brought into view."""
        self.row = (self.row + int(direction)) % len(self.settings.y)
        self.refresh_view()
        self.call_after_refresh(self.scroll_to_correct_class)
        self.post_message(CursorMoved())

    def shared_cursor(self) -> str:
        """The chosen row of the batch ("" for the first): what a presenter's followers are shown."""
        return "" if self.row == 0 else str(self.row)

    def follow_cursor(self, text: str) -> None:
        """Choose the row a presenter chose ("" the first), kept inside the batch; text that is no row
        changes nothing."""
        if text == "" or (text.isascii() and text.isdigit()):
            self.row = min(int(text or 0), len(self.settings.y) - 1)
            self.refresh_view()
            self.call_after_refresh(self.scroll_to_correct_class)

    def scroll_to_correct_class(self) -> None:
        """Scroll the terms so that the chosen row's correct class shows (a batch in a short pane)."""
        terms = self.query_one("#loss-terms", Static)
        if self.result is None or not terms.display:
            return
        body = self.query_one("#loss-body")
        line = terms.region.y - body.region.y + body.scroll_y + 1 + int(self.result.labels[self.row])
        body.scroll_to(y=max(0, line - 2), animate=False)
