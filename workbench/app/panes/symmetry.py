"""The weight-symmetry pane: TwoLayerNet trained update by update from all-zero, all-equal or random
weights, for `workbench.models.symmetry` (the book's 6.2.1, which it tells in prose).

A few rows of W1 (pixels × every hidden unit) and the hidden outputs for one test image are shown as
numbers in one column per hidden unit, so that identical units are identical columns; under them the
count of distinct units, how far each parameter moved, the loss and the accuracy, and a sentence
saying what the numbers show. `.` one update, `,` one back, space a hundred on, `i` the next init.
"""
from __future__ import annotations

import math

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.no_break import keys_kept, together
from workbench.app.panes.base import Pane
from workbench.app.panes.checked import CheckedApply
from workbench.app.panes.stepping import Stepping
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.numbers import MINUS, percent
from workbench.models.surface_path import short
from workbench.models.symmetry import INITS, PARAMS, SymmetryResult
from workbench.models.symmetry_settings import MAX_UPDATES

RUN = 100
"""Updates that space makes at once."""


def scaled(values: np.ndarray, decimals: int) -> tuple[list[str], float]:
    """`values` written with `decimals` places after dividing by a power of ten (the scale returned),
    chosen so that the largest is below 10: 0.0123 → "1.23" at scale 0.01; −0.0002 → "0.00", never "−0.00".
    All zeros: "0", scale 1."""
    values = np.asarray(values, dtype=float)
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    if largest == 0 or not math.isfinite(largest):
        return [short(v) for v in values], 1.0
    exponent = math.floor(math.log10(largest))
    if round(largest / 10.0 ** exponent, decimals) >= 10:
        exponent += 1
    scale = 10.0 ** exponent
    texts = [f"{v / scale:.{decimals}f}" for v in values]
    return [text.lstrip("-") if float(text) == 0 else text.replace("-", MINUS) for text in texts], scale


def table_text(result: SymmetryResult, width: int, styles: dict[str, str]) -> Text:
    """The unit numbers, W1's rows and the hidden outputs, one column per hidden unit; two decimals
    where they fit in `width`, else one."""
    labels = [f"x{p}" for p in result.pixels] + ["h"]
    label_w = max(cell_len(label) for label in labels + [t("symmetry.unit")]) + 1
    decimals = 2 if label_w + result.hidden * 6 <= width else 1
    column = decimals + 4
    weights, w_scale = scaled(result.rows.ravel(), decimals)
    outputs, h_scale = scaled(result.outputs, decimals)
    text = Text(no_wrap=True, overflow="crop")
    text.append(t("symmetry.w1_caption", scale=scale_note(w_scale)), style=styles.get("caption", "dim"))
    text.append("\n" + t("symmetry.unit").ljust(label_w), style=styles.get("header", "bold"))
    for unit in range(result.hidden):
        text.append(str(unit + 1).rjust(column), style=styles.get("header", "bold"))
    for i, pixel in enumerate(result.pixels):
        text.append("\n" + f"x{pixel}".ljust(label_w), style=styles.get("label", "dim"))
        for j in range(result.hidden):
            text.append(weights[i * result.hidden + j].rjust(column))
    text.append("\n" + t("symmetry.h_caption", label=result.image_label, scale=scale_note(h_scale)),
                style=styles.get("caption", "dim"))
    text.append("\n" + "h".ljust(label_w), style=styles.get("label", "dim"))
    for value in outputs:
        text.append(value.rjust(column), style=styles.get("output", ""))
    return text


def scale_note(scale: float) -> str:
    """" (×0.01)": what the numbers shown were divided by; nothing when by 1."""
    return "" if scale == 1 else " " + together(t("symmetry.scale", scale=short(scale)))


class SymmetryPane(CheckedApply, Stepping, Pane):
    """Weight symmetry, live: TwoLayerNet's hidden units from all-zero, all-equal or random weights."""

    PANE = "symmetry"
    LAST = MAX_UPDATES
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("comma", "step(-1)", id="symmetry.back", key_display=",", group=Binding.Group("steps")),
        Binding("full_stop", "step(1)", id="symmetry.step", key_display=".", group=Binding.Group("steps")),
        Binding("space", f"step({RUN})", id="symmetry.run", key_display="space"),
        Binding("i", "cycle_init", id="symmetry.init"),
        Binding("r,home", "to_start", id="symmetry.start", show=False),
    ]

    def compose_pane(self) -> ComposeResult:
        yield Static(id="symmetry-status")
        yield Static(id="symmetry-table")
        yield Static(id="symmetry-readout")
        yield Static(id="symmetry-observation")

    def show(self, result: SymmetryResult) -> None:
        variables = self.app.theme_variables
        width = self.content_size.width or 37
        self.query_one("#symmetry-status", Static).update(self.status(result))
        self.query_one("#symmetry-table", Static).update(table_text(result, width, {
            "caption": "dim", "header": "bold", "label": "dim", "output": variables["text-primary"]}))
        self.query_one("#symmetry-readout", Static).update(self.readout(result))
        self.query_one("#symmetry-observation", Static).update(
            Text(self.observation(result), style=f"italic {variables['text-accent']}"))

    def status(self, result: SymmetryResult) -> Text:
        s = self.settings
        text = Text()
        text.append(together(" " + t(f"symmetry.init.{s.init}", value=short(s.value)) + " "), style="reverse bold")
        text.append(" " + "\u00a0· ".join(together(part) for part in (
            t("symmetry.update", step=result.step), t("symmetry.batch", size=s.batch_size), f"η {short(s.lr)}")))
        return text

    def readout(self, result: SymmetryResult) -> Text:
        text = Text()
        text.append(t("symmetry.distinct", distinct=result.distinct, hidden=result.hidden), style="bold")
        moved = " · ".join(together(f"{key} {short(result.moved[key], 2)}") for key in PARAMS)
        text.append("\n" + t("symmetry.moved", moved=moved))
        text.append("\n" + "\u00a0· ".join(together(part) for part in (
            t("symmetry.loss", loss=short(result.loss, 4)), t("symmetry.train", accuracy=percent(result.train_acc)),
            t("symmetry.test", accuracy=percent(result.test_acc)))))
        return text

    def observation(self, result: SymmetryResult) -> str:
        kind = result.observe()
        moved = [key for key in PARAMS if result.moved[key] > 0]
        if kind == "frozen" and not moved:
            kind = "still"
        return keys_kept(t(f"symmetry.observe.{kind}", step=result.step, hidden=result.hidden,   # ". or space": one row
                           distinct=result.distinct, moved=", ".join(moved), change=short(result.moved["W1"], 2)))

    def action_cycle_init(self) -> None:
        self.apply(init=INITS[(INITS.index(self.settings.init) + 1) % len(INITS)])
