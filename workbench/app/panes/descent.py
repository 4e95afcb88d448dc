"""The gradient descent pane: x ← x − η∇f(x) from a start point, drawn as a path over contour lines,
for `workbench.models.descent`; the rate on a log scale, so that η = 0.1, 10 and 1e−10 are a few
presses of + and - apart."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Static

from workbench.app.no_break import together
from workbench.app.panes.base import Pane
from workbench.app.panes.checked import CheckedApply
from workbench.app.panes.walking import (Walking, equation_text, observation_text, packed, rate_bindings, steady,
                                         walk_bindings)
from workbench.app.styles import pane_css
from workbench.app.widgets.contour import ContourPlot, Trace, raster
from workbench.i18n import t
from workbench.models.descent import RATE_HIGH, RATE_LOW, DescentResult
from workbench.models.surface_path import pair, short

AXES = ("x₀", "x₁")
"""The variables as chapter 4 names them (f(x₀, x₁) = x₀² + x₁²): the formula, the caption and the lines crossed."""


def plot_colors(app, paths: dict[str, str]) -> dict[str, str]:
    """Rich styles for a contour raster: faint contours, the marked point, and each path's colour. The
    contours go half way to the background: at 3:1 or more against it in every theme (WCAG's level for a
    graph's lines), where 60 % left them at 2.6:1 in the light theme, too faint on a projector."""
    variables = app.theme_variables
    faint = Color.parse(variables["foreground"]).blend(Color.parse(variables["background"]), 0.5).hex
    return {"contour": faint, "mark": f"bold {variables['foreground']}",
            **{key: f"bold {variables[name]}" if name in variables else name for key, name in paths.items()}}


class DescentPane(CheckedApply, Walking, Pane):
    """Gradient descent on a 2-D function, one step at a time, with the numbers of each step."""

    PANE = "descent"
    DEFAULT_CSS = pane_css(__file__)
    RATE_RANGE = (RATE_LOW, RATE_HIGH)
    LADDER = "decades"
    BINDINGS = [
        *walk_bindings("descent", *rate_bindings("descent")),
        Binding("g", "gradient", id="descent.gradient"),
        Binding("f", "function", id="descent.function", show=False),
    ]

    def compose_pane(self) -> ComposeResult:
        yield Static(id="descent-status")
        yield ContourPlot(id="descent-plot")
        yield Static(id="descent-readout")

    def rate_key(self) -> str:
        return "lr"

    def show(self, result: DescentResult) -> None:
        self.query_one("#descent-status", Static).update(self.status(result, self.content_size.width or 36))
        self.query_one("#descent-plot", ContourPlot).draw([lambda width, height: self.picture(result, width, height)])
        readout = self.query_one("#descent-readout", Static)
        width = self.content_size.width or 36      # the pane's (the readout's may lag a resize)
        steady(readout, self.readout(result, width), width)

    def picture(self, result: DescentResult, width: int, height: int):
        """The raster of the walk so far, its colours and the caption naming its extent."""
        s = self.settings
        trace = Trace(result.shown.points, "path", "●", "*")
        canvas = raster(result.surface, [trace], width, height, braille=s.drawing == "braille",
                        extent=[result.path.points])
        w = canvas.window
        caption = t("descent.caption", x0=f"{short(w.x0, 2)}…{short(w.x1, 2)}", x1=f"{short(w.y0, 2)}…{short(w.y1, 2)}")
        return canvas, plot_colors(self.app, {"path": "text-primary"}), caption

    def status(self, result: DescentResult, width: int = 200) -> Text:
        """The function, the rate and the step count on one row where they fit: beside a lesson's text
        at 80 columns "descent step 0/100" pushed the count to a second row, a row less for the plot;
        there the gaps narrow, the count says "descent 0/100", then the formula drops its "f = "."""
        s = self.settings
        formula, rate = result.surface.formula(AXES), together(f" η {short(s.lr)} ")
        running = "▶ " if self.running else ""
        full = together(running + t("descent.step", step=s.step, steps=s.steps))
        brief = together(running + t("descent.step_short", step=s.step, steps=s.steps))
        forms = [(f"f = {formula}", full, "  "), (f"f = {formula}", full, " "), (f"f = {formula}", brief, " "),
                 (formula, brief, " ")]
        fitting = [form for form in forms if cell_len("".join((form[0], form[2], rate, form[2], form[1]))) <= width]
        name, count, gap = fitting[0] if fitting else forms[0]
        text = Text()                        # each part whole: a narrow pane breaks between them only
        text.append(together(name), style="bold")
        text.append(gap)
        text.append(rate, style="reverse bold")
        text.append(gap + count)
        return text

    def readout(self, result: DescentResult, width: int) -> Text:
        accent = self.app.theme_variables["text-accent"]
        approx = "≈" if self.settings.gradient == "numerical" else "="   # a numerical gradient is an estimate
        text = packed([Text(f"x = {result.point_text}", style="bold"), Text(f"f(x) = {short(result.value)}"),
                       Text(f"∇f {approx} {pair(result.grad)}"), Text(f"‖∇f‖ = {short(result.grad_norm)}")], width)
        equation = result.equation()
        if equation is not None:
            text.append("\n")
            text.append_text(equation_text(equation, width))
        text.append("\n")
        text.append(observation_text(result.observe(), result.surface.has_minimum, AXES), style=f"italic {accent}")
        return text

    def start_at(self, x: float, y: float) -> None:
        self.apply(x0=x, x1=y)

    def action_gradient(self) -> None:
        self.apply(gradient="exact" if self.settings.gradient == "numerical" else "numerical")

