"""Chapter 2: a perceptron's truth table and decision line, computed live from its weights and bias."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static
from textual_plotext import PlotextPlot

from workbench.app.panes.base import Pane
from workbench.app.panes.registry import register_pane
from workbench.app.plotting import theme_rgb
from workbench.course.settings import setting
from workbench.nn.functions import step_function

INPUTS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float64)
"""The four inputs (x₁, x₂) in the book's order."""
TRUTH = {"AND": (0, 0, 0, 1), "NAND": (1, 1, 1, 0), "OR": (0, 1, 1, 1), "XOR": (0, 1, 1, 0)}
"""What each gate should output for INPUTS: the definition a perceptron is measured against."""
BOOK_GATES = {"NAND": (-0.5, -0.5, 0.7), "OR": (0.5, 0.5, -0.2), "AND": (0.5, 0.5, -0.7)}
"""The weights (w₁, w₂, b) the book uses to build XOR from NAND, OR and AND."""
PARAMETERS = ("w1", "w2", "b")
SHOWN = {"w1": "w₁", "w2": "w₂", "b": "b"}
LIMIT = 10.0
NUDGE = 0.1


@dataclass(frozen=True)
class PerceptronSettings:
    """One perceptron's weights and bias, the gate it is compared with, or the book's two-layer XOR."""

    w1: float = setting(0.5, min=-LIMIT, max=LIMIT, help="weight of x₁")
    w2: float = setting(0.5, min=-LIMIT, max=LIMIT, help="weight of x₂")
    b: float = setting(-0.7, min=-LIMIT, max=LIMIT, help="bias")
    target: str = setting("AND", choices=("AND", "NAND", "OR", "XOR", "none"),
                          help="the gate the outputs are checked against")
    network: str = setting("single", choices=("single", "two-layer"),
                           help="one perceptron, or XOR as AND(NAND, OR) with the book's weights")


def perceptron(x: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    """y = 1 where b + w₁x₁ + w₂x₂ > 0, else 0, for rows of x = (x₁, x₂)."""
    return step_function(sum_of(x, w1, w2, b))


def sum_of(x: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    """The weighted sum a = b + w₁x₁ + w₂x₂ for rows of x."""
    return b + x @ np.array([w1, w2])


def two_layer_xor(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """s₁ = NAND(x), s₂ = OR(x), y = AND(s₁, s₂), each a perceptron with the book's weights."""
    s1 = perceptron(x, *BOOK_GATES["NAND"])
    s2 = perceptron(x, *BOOK_GATES["OR"])
    return s1, s2, perceptron(np.stack([s1, s2], axis=1).astype(np.float64), *BOOK_GATES["AND"])


@register_pane("perceptron", title="perceptron and logic gates", settings=PerceptronSettings)
class PerceptronPane(Pane):
    """Truth table, weighted sums and the line where the output flips, for x₁, x₂ in {0, 1}."""

    HELP = """\
## Perceptron and logic gates
The table feeds the four inputs through y = 1 if b + w₁x₁ + w₂x₂ > 0, else 0, computed by
`workbench.nn.functions.step_function`. The plot shows the inputs (● output 1, ○ output 0),
the region where the output is 1 (dots) and the line b + w₁x₁ + w₂x₂ = 0 between them.

- **1 2 3** choose w₁, w₂ or b
- **+ −** raise or lower it by 0.1
"""
    BINDINGS = [
        Binding("1", "choose('w1')", "w₁", id="perceptron.w1", tooltip="Adjust the weight w₁"),
        Binding("2", "choose('w2')", "w₂", id="perceptron.w2", tooltip="Adjust the weight w₂"),
        Binding("3", "choose('b')", "b", id="perceptron.b", tooltip="Adjust the bias b"),
        Binding("plus,equals_sign", "nudge(1)", "Raise", id="perceptron.up", tooltip="Raise the chosen value by 0.1"),
        Binding("minus", "nudge(-1)", "Lower", id="perceptron.down", tooltip="Lower the chosen value by 0.1"),
    ]
    settings: reactive[PerceptronSettings] = reactive(PerceptronSettings())
    chosen: reactive[str] = reactive("w1", init=False)

    def compose(self) -> ComposeResult:
        yield Static(id="rule")
        yield Static(id="truth-table")
        yield PlotextPlot()

    def watch_settings(self) -> None:
        super().watch_settings()
        self.refresh_bindings()

    def watch_chosen(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.call_after_refresh(self.redraw)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "nudge"):
            return self.settings.network == "single"
        return True

    def draw(self) -> None:
        """Recompute the outputs from the settings; redraw the rule, the table and the plot.

        The shaded region has one dot per character cell, so it is resampled when the pane resizes.
        """
        s = self.settings
        if s.network == "two-layer":
            s1, s2, y = two_layer_xor(INPUTS)
            self.outputs = y
            self.query_one("#rule", Static).update(self._two_layer_rule())
            self.query_one("#truth-table", Static).update(self._table(y, hidden=(s1, s2)))
        else:
            y = perceptron(INPUTS, s.w1, s.w2, s.b)
            self.outputs = y
            self.query_one("#rule", Static).update(self._rule())
            self.query_one("#truth-table", Static).update(self._table(y))
        self._plot()

    def _rule(self) -> Text:
        s = self.settings
        text = Text("y = 1 if b + w₁x₁ + w₂x₂ > 0, else 0\n")
        for name in PARAMETERS:
            style = "reverse bold" if name == self.chosen else "bold"
            text.append(f" {SHOWN[name]} = {getattr(s, name):g} ", style=style)
            text.append(" ")
        return text

    def _two_layer_rule(self) -> Text:
        names = {"NAND": "s₁ = NAND(x₁, x₂)", "OR": "s₂ = OR(x₁, x₂)", "AND": "y  = AND(s₁, s₂)"}
        return Text("\n".join(f"{names[gate]:<18}w {w1:g}, {w2:g}  b {b:g}"
                               for gate, (w1, w2, b) in BOOK_GATES.items()))

    def _table(self, y: np.ndarray, hidden: tuple[np.ndarray, np.ndarray] | None = None) -> Table:
        s = self.settings
        target = TRUTH.get(s.target)
        self.verdict = ""
        table = Table(box=None, padding=(0, 1), header_style="bold")
        for column in ("x₁", "x₂"):
            table.add_column(column, justify="right")
        if hidden is None:
            table.add_column("b+w₁x₁+w₂x₂", justify="right")
        else:
            table.add_column("s₁", justify="right")
            table.add_column("s₂", justify="right")
        table.add_column("y", justify="right")
        if target is not None:
            table.add_column(s.target, justify="right")
        sums = sum_of(INPUTS, s.w1, s.w2, s.b)
        for i, (x1, x2) in enumerate(INPUTS.astype(int)):
            middle = [f"{sums[i]:.2f}"] if hidden is None else [str(int(hidden[0][i])), str(int(hidden[1][i]))]
            row = [str(x1), str(x2), *middle, Text(str(int(y[i])), style="bold")]
            if target is not None:
                ok = int(y[i]) == target[i]
                colors = self.app.theme_variables
                row.append(Text(f"{target[i]} {'✓' if ok else '✗'}",
                                style=colors["text-success"] if ok else f"bold {colors['text-error']}"))
            table.add_row(*row)
        if target is not None:
            wrong = sum(int(y[i]) != target[i] for i in range(4))
            self.verdict = f"computes {s.target}" if not wrong else f"{wrong} of 4 rows are not {s.target}"
            table.caption = self.verdict
        return table

    def _plot(self) -> None:
        s, plot = self.settings, self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlim(-0.5, 1.5)
        plt.ylim(-0.5, 1.5)
        plt.xticks([0, 1])
        plt.yticks([0, 1])
        columns, rows = max(plot.size.width, 10), max(plot.size.height, 5)
        g1, g2 = np.meshgrid(np.linspace(-0.5, 1.5, columns), np.linspace(-0.5, 1.5, rows))
        points = np.stack([g1.ravel(), g2.ravel()], axis=1)
        region = two_layer_xor(points)[2] if s.network == "two-layer" else perceptron(points, s.w1, s.w2, s.b)
        plt.scatter(points[region == 1, 0], points[region == 1, 1], marker="·",
                    color=theme_rgb(self.app, "foreground", fade=0.5))
        if s.network == "two-layer":
            for w1, w2, b in (BOOK_GATES["NAND"], BOOK_GATES["OR"]):
                self._line(plt, w1, w2, b)
        else:
            self._line(plt, s.w1, s.w2, s.b)
        target = TRUTH.get(s.target)
        for i, (x1, x2) in enumerate(INPUTS):
            ok = target is None or int(self.outputs[i]) == target[i]
            color = theme_rgb(self.app, "success" if ok else "error")
            plt.scatter([x1], [x2], marker="●" if self.outputs[i] else "○", color=color)
        plt.xlabel("x₁ →    x₂ ↑")
        plot.refresh()

    def _line(self, plt, w1: float, w2: float, b: float) -> None:
        """The boundary b + w₁x₁ + w₂x₂ = 0 across the plot, if there is one."""
        color = theme_rgb(self.app, "primary")
        if abs(w2) > 1e-12:
            x1 = np.linspace(-0.5, 1.5, 81)
            x2 = -(b + w1 * x1) / w2
            keep = (x2 >= -0.5) & (x2 <= 1.5)
            if keep.any():
                plt.plot(x1[keep], x2[keep], marker="braille", color=color)
        elif abs(w1) > 1e-12:
            plt.vline(-b / w1, color)

    def action_choose(self, name: str) -> None:
        self.chosen = name

    def action_nudge(self, direction: int) -> None:
        value = getattr(self.settings, self.chosen) + NUDGE * int(direction)
        value = round(min(LIMIT, max(-LIMIT, value)), 6)
        self.settings = replace(self.settings, **{self.chosen: value})
