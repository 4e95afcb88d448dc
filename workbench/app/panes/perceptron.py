"""The perceptron pane: the rule, the truth table and the decision line of `workbench.models.perceptron`."""
from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from workbench.app.messages import CursorMoved
from workbench.app.no_break import together
from workbench.app.panes.base import Pane
from workbench.app.plotting import Figure, Plot
from workbench.app.styles import pane_css
from workbench.app.widgets.folded import Folded
from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.models.perceptron import (BOOK_GATES, LIMIT, PARAMETERS, PerceptronResult, perceptron,
                                         two_layer_xor)

SHOWN = {"w1": "w₁", "w2": "w₂", "b": "b"}
NUDGE = 0.1
CHOOSE = "perceptron-parameter"
"""The meta key of the rule's parameters, so that a click on one says which it is."""


class PerceptronPane(Pane):
    """Truth table, weighted sums and the line where the output flips, for x₁, x₂ in {0, 1}."""

    PANE = "perceptron"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("1", "choose('w1')", id="perceptron.w1"),
        Binding("2", "choose('w2')", id="perceptron.w2"),
        Binding("3", "choose('b')", id="perceptron.b"),
        Binding("plus,equals_sign", "nudge(1)", id="perceptron.up", key_display="+", group=Binding.Group("nudge")),
        Binding("minus", "nudge(-1)", id="perceptron.down", group=Binding.Group("nudge")),
    ]
    chosen: reactive[str] = reactive("w1", init=False)

    def compose_pane(self) -> ComposeResult:
        yield Folded(id="rule")
        yield Static(id="truth-table")
        yield Folded(id="verdict")
        yield Plot()

    def watch_chosen(self) -> None:
        self.refresh_view()

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "nudge"):
            return self.settings.network == "single"
        return True

    def show(self, result: PerceptronResult) -> None:
        two_layer = result.hidden is not None
        self.query_one("#rule", Static).update(self._two_layer_rule() if two_layer else self._rule())
        self.query_one("#truth-table", Static).update(self._table(result))
        self.query_one("#verdict", Static).update(self.verdict(result))
        self.query_one(Plot).draw(lambda fig: self._plot(fig, result))

    def _rule(self) -> Text:
        s = self.settings
        text = Text(t("perceptron.rule") + "\n")
        for name in PARAMETERS:
            style = Style.parse("reverse bold" if name == self.chosen else "bold") + Style(meta={CHOOSE: name})
            text.append(together(f" {SHOWN[name]} = {num(getattr(s, name))} "), style=style)  # wraps between
            text.append(" ")
        return text

    def _two_layer_rule(self) -> Text:
        names = {"NAND": "s₁ = NAND(x₁, x₂)", "OR": "s₂ = OR(x₁, x₂)", "AND": "y  = AND(s₁, s₂)"}
        weights = {gate: f"w {num(w1)}, {num(w2)}" for gate, (w1, w2, _) in BOOK_GATES.items()}
        name_width, weights_width = max(map(len, names.values())), max(map(len, weights.values()))
        return Text("\n".join(f"{names[gate]:<{name_width}}  {weights[gate]:<{weights_width}}  b {num(b)}"
                              for gate, (_, _, b) in BOOK_GATES.items()))    # in columns, as a table

    def _table(self, result: PerceptronResult) -> Table:
        s = self.settings
        colors = self.app.theme_variables
        table = Table(box=None, padding=(0, 1), header_style="bold")
        for column in ("x₁", "x₂"):
            table.add_column(column, justify="right")
        if result.hidden is None:
            table.add_column("b+w₁x₁+w₂x₂", justify="right")
        else:
            table.add_column("s₁", justify="right")
            table.add_column("s₂", justify="right")
        table.add_column("y", justify="right")
        if result.target is not None:
            table.add_column(s.target, justify="right")
        for i, (x1, x2) in enumerate(result.inputs.astype(int)):
            if result.hidden is None:
                middle = [num(result.sums[i], 2)]
            else:
                middle = [str(int(result.hidden[0][i])), str(int(result.hidden[1][i]))]
            row = [str(x1), str(x2), *middle, Text(str(int(result.outputs[i])), style="bold")]
            if result.target is not None:
                ok = i not in result.wrong_rows
                row.append(Text(f"{result.target[i]} {'✓' if ok else '✗'}",
                                style=colors["text-success"] if ok else f"bold {colors['text-error']}"))
            table.add_row(*row)
        return table

    def verdict(self, result: PerceptronResult) -> str:
        """The line under the table: which gate the weights compute, and how that compares to the target;
        a narrow pane wraps first after the count of wrong rows, which stays whole ("XOR: 틀린 행 2/4 ·
        AND, NAND, OR, XOR" over "어느 게이트와도 다름" read as a match with all four gates)."""
        s = self.settings
        computes = t("perceptron.computes", gate=result.gate) if result.gate else t("perceptron.no_gate")
        if result.target is None or not result.wrong_rows:
            return computes
        wrong = t("perceptron.wrong_rows", wrong=len(result.wrong_rows), target=s.target)
        return f"{together(wrong)} · {computes}"

    def _plot(self, fig: Figure, result: PerceptronResult) -> None:
        s, plot = self.settings, fig.plot
        fig.limits((-0.5, 1.5), (-0.5, 1.5))
        fig.ticks([0, 1], [0, 1])
        columns, rows = max(plot.size.width, 10), max(plot.size.height, 5)
        g1, g2 = np.meshgrid(np.linspace(-0.5, 1.5, columns), np.linspace(-0.5, 1.5, rows))
        points = np.stack([g1.ravel(), g2.ravel()], axis=1)
        region = two_layer_xor(points)[2] if s.network == "two-layer" else perceptron(points, s.w1, s.w2, s.b)
        fig.points(points[region == 1, 0], points[region == 1, 1], marker="·", color="foreground", fade=0.5)
        lines = (BOOK_GATES["NAND"], BOOK_GATES["OR"]) if s.network == "two-layer" else ((s.w1, s.w2, s.b),)
        for w1, w2, b in lines:
            self._boundary(fig, w1, w2, b)
        for i, (x1, x2) in enumerate(result.inputs):
            ok = i not in result.wrong_rows
            fig.points([x1], [x2], marker="●" if result.outputs[i] else "○", color="text-success" if ok else "text-error")
        fig.labels(t("perceptron.axes"))

    @staticmethod
    def _boundary(fig: Figure, w1: float, w2: float, b: float) -> None:
        """The line b + w₁x₁ + w₂x₂ = 0 across the plot, if there is one."""
        if abs(w2) > 1e-12:
            x1 = np.linspace(-0.5, 1.5, 81)
            x2 = -(b + w1 * x1) / w2
            keep = (x2 >= -0.5) & (x2 <= 1.5)
            if keep.any():
                fig.line(x1[keep], x2[keep], color="text-primary")
        elif abs(w1) > 1e-12:
            fig.vline(-b / w1, color="text-primary")

    def on_click(self, event: events.Click) -> None:
        """A click on w₁, w₂ or b in the rule chooses it, as `1` `2` `3` do."""
        name = event.style.meta.get(CHOOSE) if event.style is not None else None
        if name is not None and self.check_action("choose", (name,)):
            event.stop()
            self.action_choose(name)

    def action_choose(self, name: str) -> None:
        self.chosen = name
        self.post_message(CursorMoved())

    def shared_cursor(self) -> str:
        """The parameter + and - move ("" for w₁, where a step starts): a presenter's followers see it marked."""
        return "" if self.chosen == "w1" else self.chosen

    def follow_cursor(self, text: str) -> None:
        """Mark the parameter a presenter chose ("" w₁); text that names none changes nothing."""
        if text == "" or text in PARAMETERS:
            self.chosen = text or "w1"

    def action_nudge(self, direction: int) -> None:
        value = getattr(self.settings, self.chosen) + NUDGE * int(direction)
        self.apply(**{self.chosen: round(min(LIMIT, max(-LIMIT, value)), 6)})
