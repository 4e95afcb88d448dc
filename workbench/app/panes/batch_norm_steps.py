"""The batch-norm-steps pane: the book's batch-norm algorithm on a small mini-batch, one equation a
step, for `workbench.models.batch_norm_steps` (every number from the library's BatchNormalization).

The four equations are listed at the top, the one just applied highlighted; under them the batch x
(a column per feature) and what the equations made so far: μ_B and σ²_B a row each, then x̂ with the
mean and variance of each of its columns, then y = γx̂ + β with γ and β. `.` applies the next
equation, `,` takes it back, a click on an equation applies them up to it; γ, β and the batch are
settings (`s`).
"""
from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.no_break import glued, keys_kept
from workbench.app.panes.base import Pane
from workbench.app.panes.checked import CheckedApply
from workbench.app.panes.stepping import Stepping
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.numbers import MINUS, subscript, trimmed
from workbench.models.batch_norm_steps import STEPS, BatchNormSteps
from workbench.models.batch_norm_steps_settings import FULL_ROWS
from workbench.models.surface_path import short

EQUATIONS = ("μ_B ← (1/m) Σ xᵢ", "σ²_B ← (1/m) Σ (xᵢ − μ_B)²", "x̂ᵢ ← (xᵢ − μ_B) / √(σ²_B + ε)", "yᵢ ← γ x̂ᵢ + β")
"""The book's algorithm, in its order: the batch's mean, its variance, normalise, scale and shift."""


def value_text(value: float) -> str:
    """A normalised number: two decimals (1.6036 → 1.60, −0.5345 → −0.53), 0.00 for a rounding of 0 (no −0.00)."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", MINUS)


def rows_for(result: BatchNormSteps) -> list[tuple[str, list[str], int]]:
    """(label, values, the step that made them) for every row shown at the result's step."""
    full = len(result.x) <= FULL_ROWS
    rows: list[tuple[str, list[str], int]] = []
    if result.step < 3 or (result.step == 3 and full):
        rows += [(f"x{subscript(i + 1)}", [short(v, 4) for v in row], 0) for i, row in enumerate(result.x)]
    if result.step < 4:
        if result.step >= 1:
            rows.append(("μ_B", [short(v, 4) for v in result.mean], 1))
        if result.step >= 2:
            rows.append(("σ²_B", [short(v, 4) for v in result.var], 2))
    if result.step == 3 or (result.step == 4 and full):
        made = 3 if result.step == 3 else 0
        rows += [(f"x̂{subscript(i + 1)}", [value_text(v) for v in row], made) for i, row in enumerate(result.normalized)]
        if result.step == 3:
            rows.append((t("batch-norm-steps.mean", what="x̂"), [value_text(v) for v in result.normalized_mean], 3))
            rows.append((t("batch-norm-steps.var", what="x̂"), [trimmed(v, 4) for v in result.normalized_var], 3))
    if result.step == 4:
        rows.append(("γ", [short(v, 4) for v in result.gamma], 0))
        rows.append(("β", [short(v, 4) for v in result.beta], 0))
        rows += [(f"y{subscript(i + 1)}", [value_text(v) for v in row], 4) for i, row in enumerate(result.out)]
        rows.append((t("batch-norm-steps.mean", what="y"), [value_text(v) for v in result.out_mean], 4))
        rows.append((t("batch-norm-steps.std", what="y"), [trimmed(v, 4) for v in result.out_std], 4))
    return rows


def table_text(result: BatchNormSteps, styles: dict[str, str]) -> Text:
    """The rows of `rows_for` under a header of feature numbers, a column per feature; the rows the last
    equation made highlighted."""
    rows = rows_for(result)
    features = result.x.shape[1]
    header = t("batch-norm-steps.feature")
    label_w = max(cell_len(label) for label in [header] + [label for label, _, _ in rows]) + 1
    column = max(6, max(cell_len(v) for _, values, _ in rows for v in values) + 1)
    text = Text(no_wrap=True, overflow="crop")
    text.append(header + " " * (label_w - cell_len(header)), style=styles.get("header", "bold"))
    for j in range(features):
        text.append(str(j + 1).rjust(column), style=styles.get("header", "bold"))
    for label, values, made in rows:
        style = styles.get("new", "bold") if made == result.step and made > 0 else ""
        text.append("\n")
        text.append(label + " " * (label_w - cell_len(label)), style=style or styles.get("label", "dim"))
        for value in values:
            text.append(value.rjust(column), style=style)
    return text


def equations_text(step: int, styles: dict[str, str]) -> Text:
    """The four equations, the one just applied marked ▶ and highlighted, those still to come dim."""
    text = Text()
    for i, equation in enumerate(EQUATIONS, start=1):
        if i > 1:
            text.append("\n")
        style = styles.get("current", "reverse bold") if i == step else ("" if i < step else "dim")
        text.append(("▶ " if i == step else "  ") + f"{i}. ", style=style)
        text.append(glued(equation), style=style)
    return text


class BatchNormStepsPane(CheckedApply, Stepping, Pane):
    """The batch-norm algorithm, equation by equation, on a small mini-batch through the library's layer."""

    PANE = "batch-norm-steps"
    LAST = STEPS
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("comma", "step(-1)", id="batch-norm-steps.back", key_display=",", group=Binding.Group("steps")),
        Binding("full_stop", "step(1)", id="batch-norm-steps.step", key_display=".", group=Binding.Group("steps")),
        Binding("r,home", "to_start", id="batch-norm-steps.start", show=False),
    ]

    def compose_pane(self) -> ComposeResult:
        yield Static(id="bn-steps-equations")
        yield Static(id="bn-steps-table")
        yield Static(id="bn-steps-caption")

    def on_click(self, event: events.Click) -> None:
        """A click on one of the four equations applies the algorithm up to it, as `.` pressed until then
        (the numbered list looks like the steps it is, and a click on one did nothing)."""
        equations = self.query_one("#bn-steps-equations", Static)
        offset = event.get_content_offset(equations) if event.widget is equations else None
        if offset is not None and 0 <= offset.y < len(EQUATIONS):
            event.stop()
            self.apply(step=offset.y + 1)

    def show(self, result: BatchNormSteps) -> None:
        variables = self.app.theme_variables
        self.query_one("#bn-steps-equations", Static).update(
            equations_text(result.step, {"current": f"bold {variables['text-accent']}"}))
        self.query_one("#bn-steps-table", Static).update(
            table_text(result, {"new": f"bold {variables['text-primary']}", "label": "dim", "header": "bold"}))
        self.query_one("#bn-steps-caption", Static).update(
            Text(self.caption(result), style=f"italic {variables['text-accent']}"))

    def caption(self, result: BatchNormSteps) -> str:
        """What the step just did, said of this batch: a batch on like scales is not called "very
        different", and a feature with no spread (σ²_B below ε) is named where it keeps x̂ near 0."""
        m, d = result.x.shape
        numbers = {"m": m, "d": d, "features": ", ".join(str(j) for j in result.flat)}
        if result.step == 3:
            numbers.update(low=trimmed(float(np.min(result.normalized_var)), 7),
                           mean=value_text(float(np.max(np.abs(result.normalized_mean)))))
        key = f"batch-norm-steps.caption.{result.step}"
        if result.step == 0 and not result.scales_apart:
            key += ".alike"
        elif result.step >= 3 and result.flat:
            key += ".flat"
        return keys_kept(glued(t(key, **numbers)))      # never "Press" over a lone ". to apply"
