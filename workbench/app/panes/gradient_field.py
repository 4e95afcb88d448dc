"""The gradient pane: −∇f as a field of arrows with a probe whose numerical gradient sits beside the
exact one, and the book's simpleNet, whose numerical dW sits beside the backprop dW
(`workbench.models.gradient_field`, drawn with `workbench.models.arrow_field`).

The field is a grid of glyphs, one numerical gradient per point, computed for the size the pane has
(and kept until the function, h or the size changes). A click on the field moves the probe there.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Static

from workbench.app.panes.base import Pane
from workbench.app.panes.cells import Canvas, CellView, CursorKeys
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.cells import cell_len
from workbench.i18n.numbers import num
from workbench.models import arrow_field
from workbench.models.digits import digits, power_of_ten, sci
from workbench.models.gradient_field import FUNCTIONS, GLYPHS, LIMIT, GradientResult, SimpleNet, field

LABEL_WIDTH = 5
AXIS_NAME = 4
"""Cells right of the field for the name of the x₀ axis."""
"""Cells left of the field for the x₁ tick labels."""
WIDE_NUMBERS = 70
"""From this width simpleNet's numbers show 8 decimals (as the book prints them), else 3."""
H_RANGE = (1e-12, 1.0)
SPARSE_FROM = (64, 24)
"""A field at least this wide and tall puts its arrows further apart."""


class FieldView(CellView):
    """The field's cells: drawn again by the pane whenever its own size changes."""

    def on_resize(self) -> None:
        pane = next((node for node in self.ancestors if isinstance(node, GradientPane)), None)
        if pane is not None:
            pane.call_after_refresh(pane.draw_field)


class GradientPane(CursorKeys, Pane):
    """The field of −∇f with a probe, or simpleNet's dW computed both ways."""

    PANE = "gradient"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        *CursorKeys.bindings("gradient"),
        Binding("v", "view('simplenet')", id="gradient.view_net"),
        Binding("v", "view('field')", id="gradient.view_field"),
        Binding("c", "next_label", id="gradient.label"),
        Binding("w", "toggle_weights", id="gradient.weights"),
        Binding("plus,equals_sign", "scale_h(10)", id="gradient.bigger_h", key_display="+", show=False,
                group=Binding.Group("h")),
        Binding("minus", "scale_h(0.1)", id="gradient.smaller_h", key_display="-", show=False,
                group=Binding.Group("h")),
        Binding("a", "toggle_glyphs", id="gradient.glyphs", show=False),
        *(Binding(str(i + 1), f"choose_function({i})", id=f"gradient.function{i + 1}")
          for i in range(len(FUNCTIONS))),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self._field_key: tuple | None = None
        self._field: tuple[arrow_field.Layout, np.ndarray] | None = None

    def compose_pane(self) -> ComposeResult:
        yield Static(id="gr-head")
        yield Static(id="gr-probe")
        yield FieldView(id="gr-field")
        yield Static(id="gr-caption")
        yield Static(id="gr-net")

    # -- drawing -------------------------------------------------------------------------------

    def show(self, result: GradientResult) -> None:
        s = result.settings
        on_field = s.view == "field"
        self.set_class(on_field, "-field")
        self.set_class(not on_field, "-simplenet")
        width = max(20, self.size.width - 2)
        if on_field:
            self.query_one("#gr-head", Static).update(self.head(result, width))
            self.query_one("#gr-probe", Static).update(self.probe_table(result, width))
            self.query_one("#gr-caption", Static).update(self.caption(result))
            self.call_after_refresh(self.draw_field)
        else:
            self.query_one("#gr-net", Static).update(self.net_text(result.net, width))

    def head(self, result: GradientResult, width: int) -> Text:
        """f, its exact gradient when there is room, and h."""
        fn = result.function
        text = Text()
        text.append(f"f(x₀, x₁) = {fn.formula}", style="bold")
        gradient = f"   ∇f = {fn.gradient}"
        step = f"   h = {power_of_ten(result.settings.h)}"
        if text.cell_len + cell_len(gradient + step) <= width:
            text.append(gradient)
        text.append(step)
        return text

    def probe_table(self, result: GradientResult, width: int = 80) -> Text:
        """At the probe: ∂f/∂x₀ and ∂f/∂x₁ by numerical_gradient beside the exact ones (columns one
        cell apart where two would push the heading of the last past `width`)."""
        s = result.settings
        first = t("gradient.at", x0=num(s.x0), x1=num(s.x1))
        rows = [(first, t("gradient.numerical"), t("gradient.exact"))]
        for i, name in enumerate(("∂f/∂x₀", "∂f/∂x₁")):
            rows.append((name, digits(result.numerical[i]), num(result.exact[i])))
        widths = [max(cell_len(row[k]) for row in rows) for k in range(2)]
        gap = 2 if sum(widths) + 4 + max(cell_len(row[2]) for row in rows) <= width else 1
        widths = [w + gap for w in widths]
        background, _, mark = self.field_colors()
        text = Text()
        for i, row in enumerate(rows):
            if i:
                text.append("\n")
            for k, cell in enumerate(row):
                pad = " " * (widths[k] - cell_len(cell)) if k < 2 else ""
                if i == 0 and k == 0:                 # the probe, in the colours it has in the field
                    text.append(cell, style=f"bold {background.hex} on {mark.hex}")
                    text.append(pad)
                else:
                    text.append(cell + pad, style="dim" if i == 0 else "")
        return text

    def caption(self, result: GradientResult) -> str:
        return t("gradient.caption")

    def field_colors(self) -> tuple[Color, Color, Color]:
        colors = self.app.theme_variables
        return (Color.parse(colors["background"]), Color.parse(colors["text-primary"]),
                Color.parse(colors["text-error"]))

    def draw_field(self) -> None:
        """The arrows of −∇f over the field's span, sized to the space the field has now."""
        if self.result is None or self.settings.view != "field" or not self.is_mounted:
            return
        result = self.result
        s = result.settings
        view = self.query_one("#gr-field", CellView)
        width, height = view.size.width - LABEL_WIDTH - AXIS_NAME, view.size.height - 1
        if width < 6 or height < 3:
            view.draw(Canvas())
            return
        key = (s.function, result.span, s.h, width, height)
        if key != self._field_key:
            sparse = width >= SPARSE_FROM[0] and height >= SPARSE_FROM[1]
            lay = arrow_field.layout(result.span, width, height,
                                     arrow_field.SPARSE if sparse else arrow_field.SPACING)
            self._field = (lay, field(result.function, lay.x0s, lay.x1s, s.h))
            self._field_key = key
        lay, vectors = self._field
        view.draw(self.field_canvas(result, lay, vectors))

    def field_canvas(self, result: GradientResult, lay: arrow_field.Layout, vectors: np.ndarray) -> Canvas:
        s = result.settings
        background, ink, mark = self.field_colors()
        canvas = Canvas()
        shares = arrow_field.shares(vectors)
        left = LABEL_WIDTH
        cells = {(column, row): (" ", "") for column in range(lay.width) for row in range(lay.height)}
        for i, row in enumerate(lay.rows):
            for j, column in enumerate(lay.columns):
                right, up = arrow_field.screen_vector(*vectors[i, j], lay)
                share = float(shares[i, j])
                color = background.blend(ink, 0.35 + 0.65 * share).hex
                cells[(int(column), int(row))] = (arrow_field.glyph(right, up, share, s.glyphs), color)
        down = -result.numerical
        longest = float(np.hypot(vectors[..., 0], vectors[..., 1]).max())
        share = min(1.0, float(np.hypot(*down)) / longest) if longest > 0 else 0.0
        probe_glyph = arrow_field.glyph(*arrow_field.screen_vector(*down, lay), share, s.glyphs)
        cells[self.probe_cell(lay, s.x0, s.x1)] = (probe_glyph, f"bold {background.hex} on {mark.hex}")
        for (column, row), (glyph, style) in cells.items():     # every cell can be clicked, not only arrows
            canvas.put(left + column, row, glyph, style, key=("cell", column, row))
        for i in self.labelled(lay.x1s):
            label = num(round(float(lay.x1s[i]), 2))
            canvas.put(left - 1 - cell_len(label), int(lay.rows[i]), label, "dim")
        bottom = lay.height
        for j in self.labelled(lay.x0s):
            label = num(round(float(lay.x0s[j]), 2))
            start = min(max(left + int(lay.columns[j]) - cell_len(label) // 2, left), left + lay.width - cell_len(label))
            canvas.put(start, bottom, label, "dim")
        canvas.put(0, bottom, "x₁↑", "dim")
        canvas.put(left + lay.width + 1, bottom, "x₀→", "dim")
        return canvas

    @staticmethod
    def labelled(values: np.ndarray) -> list[int]:
        """The grid lines whose coordinate is written: both ends and the one nearest 0."""
        middle = int(np.abs(values).argmin())
        return sorted({0, middle, len(values) - 1})

    @staticmethod
    def probe_cell(lay: arrow_field.Layout, x0: float, x1: float) -> tuple[int, int]:
        """The cell of the grid point nearest the probe (between two arrows it would read as a third)."""
        column, row = lay.cell_of(x0, x1)
        return int(lay.columns[int(abs(lay.columns - column).argmin())]), int(lay.rows[int(abs(lay.rows - row).argmin())])

    def net_text(self, net: SimpleNet, width: int) -> Text:
        """simpleNet's forward pass and its dW both ways, numbers in columns."""
        s = self.settings
        places = 8 if width >= WIDE_NUMBERS else 3
        text = Text()
        text.append(t("gradient.net.title", label=s.label, weights=t(f"gradient.weights.{s.weights}")) + "\n",
                    style="bold")
        text.append(t("gradient.net.input", x0=num(net.x[0]), x1=num(net.x[1])) + "\n")
        rows: list[tuple[str, list[float] | None, str]] = []
        matrix_rows = lambda label, m: [(label, list(m[0]), ""), ("", list(m[1]), "")]  # noqa: E731
        rows += matrix_rows("W", net.W)
        rows.append(("z = x·W", list(net.z), ""))
        rows.append(("y = softmax(z)", list(net.y), ""))
        rows.append((t("gradient.net.loss"), [net.loss], ""))
        rows.append((t("gradient.net.numerical", h=power_of_ten(s.h)), None, "bold"))
        rows += matrix_rows("", net.numerical)
        rows.append((t("gradient.net.backprop"), None, "bold"))
        rows += matrix_rows("", net.backprop)
        label_width = max(cell_len(label) for label, values, _ in rows if values is not None) + 2
        cell = places + 4
        for label, values, style in rows:
            if values is None:
                text.append(label + "\n", style=style)
                continue
            text.append(label + " " * (label_width - cell_len(label)))
            text.append("".join(f"{num(v, places):>{cell}}" for v in values) + "\n")
        difference = net.largest_difference
        text.append(t("gradient.net.difference", difference=sci(difference)), style="bold")
        return text

    # -- keys and the mouse ----------------------------------------------------------------------

    FIELD_ONLY = ("move", "arrow", "toggle_glyphs", "choose_function")
    NET_ONLY = ("next_label", "toggle_weights")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each view's own keys, and `v` for the other view."""
        on_field = self.settings.view == "field"
        if action == "view":
            return parameters[0] != self.settings.view
        if action in self.FIELD_ONLY and not on_field or action in self.NET_ONLY and on_field:
            return False
        return super().check_action(action, parameters)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def action_move(self, dy: int, dx: int) -> None:
        if self.settings.view != "field":
            return
        step = FUNCTIONS[self.settings.function].step
        x0 = min(LIMIT, max(-LIMIT, self.settings.x0 + step * int(dx)))
        x1 = min(LIMIT, max(-LIMIT, self.settings.x1 - step * int(dy)))
        self.apply(x0=round(x0, 6), x1=round(x1, 6))

    @on(CellView.Picked)
    def _picked(self, event: CellView.Picked) -> None:
        event.stop()
        if not event.click or self._field is None or not isinstance(event.key, tuple):
            return
        _, column, row = event.key
        x0, x1 = self._field[0].point_at(column, row)
        step = FUNCTIONS[self.settings.function].step
        self.apply(x0=round(round(x0 / step) * step, 6), x1=round(round(x1 / step) * step, 6))

    def action_view(self, view: str) -> None:
        self.apply(view=view)

    def action_scale_h(self, factor: float) -> None:
        h = float(f"{self.settings.h * float(factor):.0e}")
        self.apply(h=min(H_RANGE[1], max(H_RANGE[0], h)))

    def action_toggle_glyphs(self) -> None:
        self.apply(glyphs=GLYPHS[(GLYPHS.index(self.settings.glyphs) + 1) % len(GLYPHS)])

    def action_next_label(self) -> None:
        self.apply(label=(self.settings.label + 1) % 3)

    def action_toggle_weights(self) -> None:
        if self.settings.weights == "random":
            self.apply(weights="book")
        else:
            self.apply(weights="random", seed=(self.settings.seed + 1) % 2 ** 32)

    def action_choose_function(self, index: int) -> None:
        self.apply(function=tuple(FUNCTIONS)[int(index)], view="field")

