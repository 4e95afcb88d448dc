"""Chapter 3: step, sigmoid and ReLU drawn live from workbench.nn.functions, with a probe readout."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from textual.binding import Binding
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Static
from textual_plotext import PlotextPlot

from workbench.app.panes.base import Pane
from workbench.app.plotting import nice_ticks, theme_rgb
from workbench.app.panes.registry import register_pane
from workbench.course.settings import setting
from workbench.nn.functions import relu, sigmoid, step_function

FUNCTIONS = {"step": step_function, "sigmoid": sigmoid, "relu": relu}
LABELS = {"step": "step", "sigmoid": "sigmoid", "relu": "ReLU"}
COLORS = {"step": "warning", "sigmoid": "primary", "relu": "success"}
"""The theme variable each curve is drawn in."""
POINTS = 401
LIMIT = 100.0


@dataclass(frozen=True)
class ActivationSettings:
    """Which functions to draw, over which x range, and where the probe reads their values."""

    functions: tuple[str, ...] = setting(("step", "sigmoid", "relu"), choices=tuple(FUNCTIONS),
                                         help="the functions drawn")
    x_min: float = setting(-6.0, min=-LIMIT, max=LIMIT, help="left end of the x axis")
    x_max: float = setting(6.0, min=-LIMIT, max=LIMIT, help="right end of the x axis")
    probe: float = setting(1.0, min=-LIMIT, max=LIMIT, help="the x whose values are printed under the plot")

    def __post_init__(self):
        if not self.x_min < self.x_max:
            raise ValueError(f"x_min ({self.x_min}) must be less than x_max ({self.x_max})")
        if not self.x_min <= self.probe <= self.x_max:
            raise ValueError(f"probe ({self.probe}) must lie between x_min ({self.x_min}) and x_max ({self.x_max})")


def curves(s: ActivationSettings) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """x samples over the range and each shown function's values there, computed by workbench.nn."""
    x = np.linspace(s.x_min, s.x_max, POINTS)
    return x, {name: np.asarray(FUNCTIONS[name](x), dtype=np.float64) for name in s.functions}


def probe_values(s: ActivationSettings) -> dict[str, float]:
    """Each shown function at the probe x."""
    x = np.array([s.probe])
    return {name: float(FUNCTIONS[name](x)[0]) for name in s.functions}


@register_pane("activation-plot", title="activation functions plot", settings=ActivationSettings)
class ActivationPlot(Pane):
    """The activation functions of chapter 3 on one axis, and their values at a probe x."""

    HELP = """\
## Activation functions plot
Step, sigmoid and ReLU, computed by `workbench.nn.functions` over the x range the lesson sets.
The line under the plot gives each function's value at the probe x (the dotted line).

- **1 2 3** show or hide step, sigmoid, ReLU
- **+ −** zoom in and out around the probe
- **[ ]** move the probe left and right
"""
    BINDINGS = [
        Binding("1", "toggle('step')", "Step", id="plot.step", tooltip="Show or hide the step function"),
        Binding("2", "toggle('sigmoid')", "Sigmoid", id="plot.sigmoid", tooltip="Show or hide the sigmoid"),
        Binding("3", "toggle('relu')", "ReLU", id="plot.relu", tooltip="Show or hide ReLU"),
        Binding("plus,equals_sign", "zoom(0.5)", "Zoom", id="plot.zoom_in", tooltip="Zoom in around the probe"),
        Binding("minus", "zoom(2)", "Zoom out", id="plot.zoom_out", show=False, tooltip="Zoom out"),
        Binding("left_square_bracket", "move_probe(-1)", "Probe ←", id="plot.probe_left", show=False,
                tooltip="Move the probe left"),
        Binding("right_square_bracket", "move_probe(1)", "Probe →", id="plot.probe_right", show=False,
                tooltip="Move the probe right"),
    ]
    settings: reactive[ActivationSettings] = reactive(ActivationSettings())

    def compose(self) -> ComposeResult:
        yield PlotextPlot()
        yield Static(id="readout")

    def draw(self) -> None:
        """Recompute the curves from the settings and redraw the plot and the readout."""
        s, plot = self.settings, self.query_one(PlotextPlot)
        self.x, self.ys = curves(s)
        self.at_probe = probe_values(s)
        plt = plot.plt
        colors = {name: theme_rgb(self.app, variable) for name, variable in COLORS.items()}
        plt.clear_data()
        plt.clear_figure()
        plt.xlim(s.x_min, s.x_max)
        low = min([0.0] + [float(y.min()) for y in self.ys.values()])
        high = max([1.0] + [float(y.max()) for y in self.ys.values()])
        pad = 0.08 * (high - low)
        plt.ylim(low - pad, high + pad)
        plt.xticks(nice_ticks(s.x_min, s.x_max))
        plt.yticks(nice_ticks(low, high, count=4))
        for name, y in self.ys.items():
            plt.plot(self.x, y, label=LABELS[name], color=colors[name], marker="braille")
        for name, value in self.at_probe.items():
            plt.scatter([s.probe], [value], color=colors[name], marker="●")
        plt.xlabel("x   (● marks the probe)")
        plot.refresh()
        self.query_one("#readout", Static).update(self.readout())

    def readout(self) -> str:
        if not self.at_probe:
            return "No function shown: press 1, 2 or 3."
        values = "  ".join(f"{LABELS[name]} {_fmt(v)}" for name, v in self.at_probe.items())
        return f"x = {self.settings.probe:g} →  {values}"

    def action_toggle(self, name: str) -> None:
        shown = self.settings.functions
        functions = tuple(f for f in FUNCTIONS if (f in shown) != (f == name))
        self.settings = replace(self.settings, functions=functions)

    def action_zoom(self, factor: float) -> None:
        s = self.settings
        half = max(0.05, min(LIMIT, (s.x_max - s.x_min) * float(factor) / 2))
        x_min, x_max = max(-LIMIT, s.probe - half), min(LIMIT, s.probe + half)
        self.settings = replace(s, x_min=round(x_min, 6), x_max=round(x_max, 6))

    def action_move_probe(self, direction: int) -> None:
        s = self.settings
        step = (s.x_max - s.x_min) / 20
        probe = min(s.x_max, max(s.x_min, s.probe + step * int(direction)))
        self.settings = replace(s, probe=round(probe, 6))


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.3f}"
