"""The sin-cos pane: the book's first plot, from `workbench.models.sin_cos`, on the app's plot.

The book draws it with matplotlib (`plt.plot(x, y1, label="sin")`, cos dashed, a legend); here the
same arrays are drawn with plotext, each curve in its own colour named in a legend above the plot,
and the line under the plot says what np.arange made.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.no_break import keys_kept, together
from workbench.app.panes.base import Pane
from workbench.app.plotting import Figure, Plot, legend_mark, nice_ticks, theme_rgb
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.models.sin_cos import FUNCTIONS, SinCosResult

COLORS = {"sin": "text-primary", "cos": "text-warning"}
"""The theme variable each curve is drawn in (the `text-*` ones read at 4.5:1 in both themes)."""


def curve_of(name: str) -> int:
    """The function's curve in the legend: its place among all functions, so that a function keeps its
    marker without colour when the other is hidden."""
    return list(FUNCTIONS).index(name)


class SinCosPlot(Pane):
    """sin and cos over x = np.arange(start, stop, step), as the book's first figure."""

    PANE = "sin-cos"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("1", "toggle('sin')", id="sin-cos.sin"),
        Binding("2", "toggle('cos')", id="sin-cos.cos"),
    ]

    def compose_pane(self) -> ComposeResult:
        yield Static(id="sin-cos-legend")
        yield Plot()
        yield Static(id="sin-cos-readout")

    def show(self, result: SinCosResult) -> None:
        self.query_one("#sin-cos-legend", Static).update(self.legend(result))
        self.query_one(Plot).draw(lambda fig: self._plot(fig, result))
        self.query_one("#sin-cos-readout", Static).update(self.readout(result))

    def legend(self, result: SinCosResult) -> Text:
        """Which colour is which function, above the plot (plotext counts a Hangul letter as one cell);
        without colour, which marker (`curve_of`)."""
        legend = Text(" ")
        for name in result.curves:
            legend.append(together(legend_mark(self.app, curve_of(name), cells=1) + " "), style="bold rgb({},{},{})".format(*theme_rgb(self.app, COLORS[name])))
            legend.append(together(name) + "  ")
        return legend

    def _plot(self, fig: Figure, result: SinCosResult) -> None:
        s = self.settings
        fig.limits(x=(s.start, s.stop), y=(-1.1, 1.1))
        x_ticks, y_ticks = nice_ticks(s.start, s.stop), nice_ticks(-1.0, 1.0, count=5)
        fig.ticks(x_ticks, y_ticks, [num(v) for v in x_ticks], [num(v) for v in y_ticks])
        for name, y in result.curves.items():
            fig.line(result.x, y, color=COLORS[name], curve=curve_of(name))

    def readout(self, result: SinCosResult) -> str:
        """What np.arange made: "x = np.arange(0, 6, 0.1): 60 values, 0 to 5.9"; or what to press."""
        s = self.settings
        made = t("sin-cos.arange", start=num(s.start), stop=num(s.stop), step=num(s.step), count=len(result.x),
                 first=num(result.x[0]), last=num(result.x[-1]))
        head, colon, values = made.partition(": ")
        made = head + colon + together(values)          # "60 values, 0 to 5.9" on one line
        return made if result.curves else made + "\n" + keys_kept(t("sin-cos.none_shown"))

    def action_toggle(self, name: str) -> None:
        shown = self.settings.functions
        self.apply(functions=tuple(f for f in FUNCTIONS if (f in shown) != (f == name)))
