"""The activation functions pane: step, sigmoid and ReLU from `workbench.models.activation`, and a probe."""
from __future__ import annotations

import math

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.no_break import keys_kept, together
from workbench.app.panes.base import Pane
from workbench.app.plotting import Figure, Plot, legend_mark, nice_ticks, theme_rgb
from workbench.app.widgets.view_tabs import KeyedStatic, pressing
from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.models.activation import FUNCTIONS, LIMIT, ActivationResult, turns

COLORS = {"step": "text-warning", "sigmoid": "text-primary", "relu": "text-success"}
"""The theme variable each curve is drawn in (the `text-*` ones read at 4.5:1 in both themes)."""
KEYS = {"step": "1", "sigmoid": "2", "relu": "3"}
"""The key that shows or hides each function (its legend line, clicked, presses it)."""
HIDDEN_FADE = 0.6
"""How far a hidden function's legend mark fades toward the background."""
PLOT_FRAME = 3
"""Rows of the plot that hold no curve: the frame's top and bottom and the x axis's labels."""


def curve_of(name: str) -> int:
    """The function's curve in the legend: its place in the legend, which lists every function (a hidden one
    dimmed), so that each keeps its marker without colour whichever are shown."""
    return list(KEYS).index(name)


class ActivationPlot(Pane):
    """The activation functions of chapter 3 on one axis, and their values at a probe x."""

    PANE = "activation-plot"
    BINDINGS = [
        *(Binding(key, f"toggle('{name}')", id=f"activation-plot.{name}") for name, key in KEYS.items()),
        Binding("plus,equals_sign", "zoom(0.5)", id="activation-plot.zoom_in", key_display="+",
                group=Binding.Group("zoom")),
        Binding("minus", "zoom(2)", id="activation-plot.zoom_out", show=False, group=Binding.Group("zoom")),
        Binding("left_square_bracket", "move_probe(-1)", id="activation-plot.probe_left", show=False,
                group=Binding.Group("probe")),
        Binding("right_square_bracket", "move_probe(1)", id="activation-plot.probe_right", show=False,
                group=Binding.Group("probe")),
    ]

    curves_meet = False
    """Whether the plot as last drawn has curves taking turns where they meet (the legend then says so)."""

    def compose_pane(self) -> ComposeResult:
        yield KeyedStatic(id="legend")
        yield Plot()
        yield Static(id="readout")

    def show(self, result: ActivationResult) -> None:
        self.query_one("#legend", Static).update(self.legend(result))
        self.query_one(Plot).draw(lambda fig: self._plot(fig, result))
        self.query_one("#readout", Static).update(self.readout(result))

    def legend(self, result: ActivationResult) -> Text:
        """Which colour (without colour, which marker: `curve_of`) is which function, above the plot
        (plotext would count a Hangul letter as one cell and break the line), and what the dots are; a
        narrow pane wraps between entries. Every function has its line, a hidden one dimmed: a click on a
        line shows or hides its curve, as its key does (`KeyedStatic`), so a hidden curve can be clicked back."""
        legend = Text(" ")
        for name, key in KEYS.items():
            shown = name in result.curves
            mark = "bold rgb({},{},{})".format(*theme_rgb(self.app, COLORS[name], 0.0 if shown else HIDDEN_FADE))
            legend.append(together(legend_mark(self.app, curve_of(name), cells=1) + " "), style=pressing(key, mark))
            legend.append(together(t(f"activation-plot.function.{name}")) + "  ", style=pressing(key, "" if shown else "dim"))
        legend.append(together(t("activation-plot.probe_mark")), style="dim")
        if self.curves_meet:                  # named only where the plot as drawn has curves taking turns
            legend.append("\n " + t("activation-plot.turns"), style="dim")
        return legend

    def _plot(self, fig: Figure, result: ActivationResult) -> None:
        """The curves, then, where they meet (ReLU and the step function are both 0 for x ≤ 0), each
        stretch of the one whose turn it is drawn again on top (`models.activation.turns`), so that every
        curve shows there, with colour or without."""
        s = self.settings
        fig.limits(x=(s.x_min, s.x_max))
        low = min([0.0] + [float(y.min()) for y in result.curves.values()])
        high = max([1.0] + [float(y.max()) for y in result.curves.values()])
        pad = 0.08 * (high - low)
        fig.limits(y=(low - pad, high + pad))
        x_ticks, y_ticks = nice_ticks(s.x_min, s.x_max), nice_ticks(low, high, count=4)
        fig.ticks(x_ticks, y_ticks, tick_labels(x_ticks), tick_labels(y_ticks))
        for name, y in result.curves.items():
            fig.line(result.x, y, color=COLORS[name], curve=curve_of(name))
        width, height = fig.plot.size
        columns = width - 2 - max(map(len, tick_labels(y_ticks)))    # less the frame and the y labels
        on_top = turns(result.x, result.curves, (s.x_min, s.x_max), (low - pad, high + pad),
                       columns, height - PLOT_FRAME)
        for name, runs in on_top.items():
            for start, stop in runs:
                fig.line(result.x[start:stop], result.curves[name][start:stop], color=COLORS[name],
                         curve=curve_of(name))
        if bool(on_top) != self.curves_meet:  # the legend names the turns when this picture has them
            self.curves_meet = bool(on_top)
            self.call_later(self.show_legend)
        for name, value in result.at_probe.items():
            fig.points([s.probe], [value], color=COLORS[name])

    def show_legend(self) -> None:
        """The legend again, for the picture as drawn (none once the pane is being removed)."""
        if self.is_attached and self.children and self.result is not None:
            self.query_one("#legend", Static).update(self.legend(self.result))

    def readout(self, result: ActivationResult) -> str:
        """"x = 1 →  step 1  sigmoid 0.731": a narrow pane wraps between the items, never between a
        function's name and its value."""
        if not result.at_probe:
            return keys_kept(t("activation-plot.none_shown"))
        items = [f"x = {num(self.settings.probe)} →"]
        items += [f"{t(f'activation-plot.function.{name}')} {num(v) if v.is_integer() else num(v, 3)}"
                  for name, v in result.at_probe.items()]
        return "  ".join(together(item) for item in items)

    def action_toggle(self, name: str) -> None:
        shown = self.settings.functions
        self.apply(functions=tuple(f for f in FUNCTIONS if (f in shown) != (f == name)))

    def action_zoom(self, factor: float) -> None:
        s = self.settings
        half = max(0.05, min(LIMIT, (s.x_max - s.x_min) * float(factor) / 2))
        x_min, x_max = max(-LIMIT, s.probe - half), min(LIMIT, s.probe + half)
        self.apply(x_min=round(x_min, 6), x_max=round(x_max, 6))

    def action_move_probe(self, direction: int) -> None:
        s = self.settings
        step = (s.x_max - s.x_min) / 20
        self.apply(probe=round(min(s.x_max, max(s.x_min, s.probe + step * int(direction))), 6))


    def on_click(self, event: events.Click) -> None:
        """A click on the plot moves the probe to the x under it, as `[` `]` move it, to a hundredth of
        the range shown."""
        plot = self.query_one(Plot)
        offset = event.get_content_offset(plot) if event.widget is plot else None
        x = plot.x_at(offset.x) if offset is not None else None
        if x is not None:
            event.stop()
            s = self.settings
            places = max(0, -math.floor(math.log10((s.x_max - s.x_min) / 100)))
            self.apply(probe=round(min(s.x_max, max(s.x_min, x)), places) + 0.0)


def tick_labels(ticks) -> list[str]:
    """Tick values as the interface writes numbers (true minus), all with the same decimals."""
    places = max((len(f"{v:g}".partition(".")[2]) for v in ticks), default=0)
    return [num(v, places) for v in ticks]
