"""The optimizers pane: SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam walking the book's valley,
one update at a time, for `workbench.models.optimizer_paths`.

The paths are overlaid on one plot or drawn in a grid as the book draws them, each in its own
colour and with its own letter (S M N G R A), which reads without colour too. Under the plot, one
optimizer (the selected one, keys 1–6) has its update written out with the numbers its library
class held: the gradient, v, h, m and v, Adam's bias-corrected rate, the new point.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Static

from workbench.app.panes.base import Pane
from workbench.app.panes.checked import CheckedApply
from workbench.app.panes.descent import plot_colors
from workbench.app.panes.walking import (Walking, equation_text, observation_text, packed, rate_bindings, rows, steady,
                                         walk_bindings)
from workbench.app.styles import pane_css
from workbench.app.widgets.contour import Caption, ContourPlot, Trace, raster
from workbench.i18n import t
from workbench.models.optimizer_paths import (MARKS, OPTIMIZERS, RATE_HIGH, RATE_KEYS, RATE_LOW, OptimizersResult,
                                              equations)
from workbench.models.surface_path import Equation, pair, short

COLORS = {"SGD": "text-error", "Momentum": "text-primary", "Nesterov": "violet", "AdaGrad": "text-success",
          "RMSprop": "foreground", "Adam": "text-warning"}
"""The theme variable each optimizer is drawn in ("violet": the primary and error colours mixed)."""
AXES = ("x", "y")
"""The variables as chapter 6 names them (f(x, y) = x²/20 + y²): the formula, the caption and the lines crossed."""
MIN_PLOT = 7
"""Rows the plot keeps before the written-out update is shortened to fit."""


def optimizer_colors(app) -> dict[str, str]:
    """Each optimizer's colour as a Rich colour, from the current theme."""
    variables = app.theme_variables
    violet = Color.parse(variables["text-primary"]).blend(Color.parse(variables["text-error"]), 0.5).hex
    return {name: violet if var == "violet" else variables[var] for name, var in COLORS.items()}


class OptimizersPane(CheckedApply, Walking, Pane):
    """The optimizers' paths on a 2-D function, and one optimizer's update with its numbers."""

    PANE = "optimizers"
    DEFAULT_CSS = pane_css(__file__)
    RATE_RANGE = (RATE_LOW, RATE_HIGH)
    LADDER = "fine"
    BINDINGS = [
        *walk_bindings("optimizers"),              # space before + and -: every step but the last says to run
        *rate_bindings("optimizers"),              # the walk, and 6.1 step 3's "5 RMSprop" left space no room
        Binding("1", "select(0)", id="optimizers.choose", key_display="1–6"),
        *(Binding(str(i + 1), f"select({i})", id=f"optimizers.choose{i + 1}", show=False)
          for i in range(1, len(OPTIMIZERS))),
        Binding("a", "all", id="optimizers.all"),
        Binding("g", "layout", id="optimizers.layout"),
        Binding("f", "function", id="optimizers.function", show=False),
    ]

    def compose_pane(self) -> ComposeResult:
        yield Static(id="optimizers-status")
        yield ContourPlot(id="optimizers-plot")
        yield Static(id="optimizers-legend")
        yield Static(id="optimizers-readout")

    def rate_key(self) -> str:
        return RATE_KEYS[self.settings.selected]

    # -- drawing --------------------------------------------------------------------------------------

    def show(self, result: OptimizersResult) -> None:
        s = self.settings
        colors = optimizer_colors(self.app)
        self.query_one("#optimizers-status", Static).update(self.status(result))
        plot = self.query_one("#optimizers-plot", ContourPlot)
        names = list(s.optimizers)
        grid = s.layout == "grid" and len(names) > 1
        if grid:
            columns = 3 if len(names) > 4 and self.content_size.width >= 60 else 2
            plot.draw([self._maker(result, [name], colors, "") for name in names], columns,
                      [self.tag(result, name) for name in names])
        else:
            plot.draw([self._maker(result, names, colors, self.extent(result))])
        legend = self.query_one("#optimizers-legend", Static)
        legend.display = not grid and len(names) > 1
        readout = self.query_one("#optimizers-readout", Static)
        width = self.content_size.width or 36      # the pane's (the readout's may lag a resize)
        legend.update(self.legend(result, colors, width))
        legend_rows = 0 if grid or len(names) == 1 else len(names)
        budget = max(3, (self.size.height or 22) - 2 - MIN_PLOT - legend_rows)   # status, caption, plot
        steady(readout, self.readout(result, colors[s.selected], width, budget), width)

    def _maker(self, result: OptimizersResult, names: list[str], colors: dict[str, str], caption):
        s = self.settings

        def make(width: int, height: int):
            # the selected optimizer last, on top of the others
            order = sorted(names, key=lambda name: name == s.selected)
            traces = [Trace(result.shown(name).points, name, MARKS[name], MARKS[name].lower()) for name in order]
            canvas = raster(result.surface, traces, width, height, braille=s.drawing == "braille",
                            extent=[result.walks[name].path.points for name in names])
            styles = plot_colors(self.app, {name: colors[name] for name in names})
            text = caption(canvas, width) if callable(caption) else caption
            return canvas, styles, text
        return make

    def extent(self, result: OptimizersResult):
        def caption(canvas, width: int) -> str:
            w = canvas.window
            return t("optimizers.caption", x=f"{short(w.x0, 2)}…{short(w.x1, 2)}", y=f"{short(w.y0, 2)}…{short(w.y1, 2)}")
        return caption

    def tag(self, result: OptimizersResult, name: str) -> Caption:
        """A grid tile's caption: letter, name, rate and, in a word, what the path does. Its forms, best
        first: on one line; the rate left out; on two lines (what the path does under the name); the
        letter alone before what the path does (a short tile); the name alone."""
        s = self.settings
        style = "reverse bold" if name == s.selected else "bold"
        what = t(f"optimizers.tag.{result.observe(name).kind}")
        label = f"{MARKS[name]} {name}"
        rated = f"{label} η {short(s.rate(name))}"

        def form(head: str, tail: str = "", sep: str = " ") -> Text:
            text = Text(head, style=style)
            if tail:
                text.append(sep + tail, style="italic")
            return text
        return [form(rated, what), form(label, what), form(rated, what, "\n"), form(label, what, "\n"),
                form(MARKS[name], what), form(label)]

    def status(self, result: OptimizersResult) -> Text:
        """The function, the selected optimizer's rate (what + and - change) and the update shown."""
        s = self.settings
        text = Text()
        text.append(result.surface.formula(AXES), style="bold")
        text.append("  ")
        text.append(f" {MARKS[s.selected]} η {short(s.rate(s.selected))} ", style="reverse bold")
        text.append("  " + ("▶ " if self.running else "") + t("optimizers.step", step=s.step, steps=s.steps))
        return text

    def legend(self, result: OptimizersResult, colors: dict[str, str], width: int) -> Text:
        """One line per optimizer drawn (cut to the width): its letter in its colour, name, rate, and
        what its path does."""
        s = self.settings
        lines = []
        name_width = max(cell_len(name) for name in s.optimizers)
        for name in s.optimizers:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{MARKS[name]} ", style=f"bold {colors[name]}")
            line.append(f"{name:<{name_width}}", style="reverse bold" if name == s.selected else "bold")
            line.append(f" η {short(s.rate(name)):<6}")
            line.append(t(f"optimizers.tag.{result.observe(name).kind}"), style="italic")
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        return Text("\n").join(lines)

    def readout(self, result: OptimizersResult, color: str, width: int, budget: int) -> Text:
        """The selected optimizer: where it is, the gradient, its update written out, what it does."""
        s, name = self.settings, self.settings.selected
        accent = self.app.theme_variables["text-accent"]
        x, y = result.point(name)
        surface = result.surface
        grad = t("optimizers.grad_here", grad=pair(surface.grad(x, y)))
        head = packed([Text(f"{MARKS[name]} {name}", style=f"bold {color}"), Text(f"p = ({short(x)}, {short(y)})"),
                       Text(f"f = {short(surface.value(x, y))}"), Text(grad)], width, gap="  ")
        observation = Text(observation_text(result.observe(name), surface.has_minimum, AXES, counts="update"),
                           style=f"italic {accent}")
        refused = result.walks[name].refused
        if refused and s.step > len(result.walks[name].updates):
            observation = Text("⚠ " + refused, style=f"italic {accent}")
        body = self._equations(result, name, width, budget - rows(head, width) - rows(observation, width))
        parts = [head] + ([body] if body else []) + [observation]
        return Text("\n").join(parts)

    def _equations(self, result: OptimizersResult, name: str, width: int, budget: int) -> Text | None:
        """The update's rules with their numbers; shortened (rule and value, then values only) to fit."""
        walk = result.walks[name]
        k = min(result.step, len(walk.updates))
        if k == 0:
            return None
        lines = equations(walk, k)
        full = Text("\n").join(equation_text(eq, width) for eq in lines)
        if rows(full, width) <= budget:
            return full
        short_form = Text("\n").join(equation_text(Equation(eq.name, eq.rule, (eq.value,), eq.value), width)
                                     for eq in lines)
        if rows(short_form, width) <= budget:
            return short_form
        values = packed([Text(f"{eq.name} = {eq.value}") for eq in lines], width, gap="  ")
        return values if rows(values, width) <= budget else None

    # -- keys -----------------------------------------------------------------------------------------

    def action_select(self, index: int) -> None:
        s = self.settings
        name = OPTIMIZERS[int(index)]
        if name in s.optimizers:
            self.apply(selected=name)
        elif len(s.optimizers) == 1:
            self.apply(optimizers=(name,), selected=name)
        else:
            self.apply(optimizers=tuple(o for o in OPTIMIZERS if o in s.optimizers or o == name), selected=name)

    def start_at(self, x: float, y: float) -> None:
        self.apply(start_x=x, start_y=y)

    def caption_clicked(self, tile: int) -> None:
        """A click on a tile's caption in the grid selects its optimizer, as its number key does."""
        if self.settings.layout == "grid":
            self.select_named(self.settings.optimizers[tile])

    def on_click(self, event: events.Click) -> None:
        """A click on a line of the legend (the paths overlaid) selects its optimizer."""
        legend = self.query_one("#optimizers-legend", Static)
        offset = event.get_content_offset(legend) if event.widget is legend else None
        if offset is not None and offset.y < len(self.settings.optimizers):
            event.stop()
            self.select_named(self.settings.optimizers[offset.y])

    def select_named(self, name: str) -> None:
        self.action_select(OPTIMIZERS.index(name))

    def action_all(self) -> None:
        s = self.settings
        self.apply(optimizers=(s.selected,) if len(s.optimizers) == len(OPTIMIZERS) else OPTIMIZERS)

    def action_layout(self) -> None:
        self.apply(layout="overlay" if self.settings.layout == "grid" else "grid")



