"""The derivative pane: f with its tangent at a probe x, forward and central differences beside the
exact slope, and the error of each against h on log–log axes (`workbench.models.derivative`).

Narrow, one plot shows at a time (`v` switches); from WIDE cells both sit side by side. Legends and
captions are Static lines outside plotext, which counts a Hangul letter as one cell.
"""
from __future__ import annotations

import math

import numpy as np
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from workbench.app.panes.activation_plot import tick_labels
from workbench.app.panes.base import Pane
from workbench.app.panes.cells import step_bindings
from workbench.app.plotting import Figure, Plot, legend_mark, nice_ticks, theme_rgb
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.cells import cell_len
from workbench.i18n.numbers import num
from workbench.models.derivative import (DIFFERENCES, DTYPES, FUNCTIONS, H_DECADES, X_LIMIT, DerivativeResult,
                                         error_text)
from workbench.models.digits import digits, power_of_ten, sci

WIDE = 100
"""From this width the tangent and the error plots sit side by side."""
H_RANGE = (1e-100, 10.0)
ERROR_FLOOR = 1e-18
"""An error of exactly 0 is drawn here on the log axis (labelled 0)."""
COLORS = {"curve": "text-primary", "tangent": "text-warning", "probe": "text-error",
          "float64": "text-primary", "float32": "text-warning"}
CURVES = {"curve": 0, "tangent": 1, "float64": 0, "float32": 1}
"""Each curve's place in its plot's legend: without colour, it says the curve's marker (`legend_mark`)."""


class DerivativePane(Pane):
    """f and its tangent, the two differences at (x, h) against the exact slope, and error against h."""

    PANE = "derivative"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        *step_bindings("derivative"),
        Binding("plus,equals_sign", "scale_h(10)", id="derivative.bigger_h", key_display="+", group=Binding.Group("h")),
        Binding("minus", "scale_h(0.1)", id="derivative.smaller_h", key_display="-", group=Binding.Group("h")),
        Binding("v", "toggle_view", id="derivative.view"),
        Binding("d", "toggle_difference", id="derivative.difference"),
        Binding("f", "toggle_dtype", id="derivative.dtype"),
        *(Binding(str(i + 1), f"choose_function({i})", id=f"derivative.function{i + 1}", show=False)
          for i in range(len(FUNCTIONS))),
    ]

    def compose_pane(self) -> ComposeResult:
        yield Static(id="dv-readout")
        with Horizontal(id="dv-plots"):
            with Vertical(id="dv-tangent"):
                yield Static(id="dv-tangent-legend", classes="dv-legend")
                yield Plot(id="dv-tangent-plot")
                yield Static(id="dv-tangent-caption", classes="dv-caption")
            with Vertical(id="dv-error"):
                yield Static(id="dv-error-legend", classes="dv-legend")
                yield Plot(id="dv-error-plot")
                yield Static(id="dv-error-caption", classes="dv-caption")

    # -- drawing -------------------------------------------------------------------------------

    def show(self, result: DerivativeResult) -> None:
        both = self.size.width >= WIDE
        self.set_class(both, "-both")
        self.set_class(not both and result.settings.view == "tangent", "-tangent-only")
        self.set_class(not both and result.settings.view == "error", "-error-only")
        self.query_one("#dv-readout", Static).update(self.readout(result, max(20, self.size.width - 1)))
        self.query_one("#dv-tangent-legend", Static).update(self.tangent_legend(result))
        self.query_one("#dv-tangent-plot", Plot).draw(lambda fig: self.plot_tangent(fig, result))
        self.query_one("#dv-tangent-caption", Static).update(self.tangent_caption(result))
        self.query_one("#dv-error-legend", Static).update(self.error_legend(result))
        self.query_one("#dv-error-plot", Plot).draw(lambda fig: self.plot_error(fig, result))
        self.query_one("#dv-error-caption", Static).update(self.error_caption(result))

    def style_of(self, name: str) -> str:
        return "rgb({},{},{})".format(*theme_rgb(self.app, COLORS[name]))

    def mark_of(self, name: str) -> str:
        """The curve's mark in its legend, a space after it: its colour's bar, or without colour its marker."""
        return legend_mark(self.app, CURVES[name], cells=1) + " "

    def readout(self, result: DerivativeResult, width: int) -> Text:
        """f and the dtype; x and h (and what rounding made of them); then the exact slope and the two
        differences in a table with their |error| (on a line of its own when the pane is narrow)."""
        s = self.settings
        fn = result.function
        text = Text()
        text.append(f"f(x) = {fn.formula}", style="bold")
        first = cell_len(f"f(x) = {fn.formula}")
        text.append(("   " if first + 3 + len(s.dtype) <= width else "\n") + s.dtype)
        text.append(f"\nx = {num(s.x)}   h = {power_of_ten(s.h)}")
        if result.h_in_dtype == 0.0:
            text.append("\n" + t("derivative.h_is_zero", dtype=s.dtype), style=f"bold {self.style_of('probe')}")
        elif result.x_plus_h_is_x:
            text.append("\n" + t("derivative.x_plus_h_is_x", dtype=s.dtype), style=f"bold {self.style_of('probe')}")
        rows = [(t("derivative.row.exact"), digits(result.exact), f"f′(x) = {fn.derivative}")]
        for name in ("central", "forward"):
            estimate = result.estimates[name]
            value = digits(estimate.value) if not math.isnan(float(estimate.value)) else t("derivative.zero_over_zero")
            rows.append((t(f"derivative.row.{name}"), value, error_text(estimate.error)))
        label_width = max(cell_len(row[0]) for row in rows) + 1
        value_width = max(cell_len(row[1]) for row in rows[1:]) + 1
        header = " " * (label_width + value_width) + t("derivative.error_short")
        if label_width + value_width + max(cell_len(row[2]) for row in rows[1:]) <= width:
            text.append("\n" + header, style="dim")
            split = False
        else:
            split = True
        for i, (label, value, tail) in enumerate(rows):
            chosen = i > 0 and ("central", "forward")[i - 1] == s.difference
            style = "bold" if chosen else ""
            text.append("\n" + label + " " * (label_width - cell_len(label)), style=style)
            text.append(value, style=style)
            gap = " " * max(1, value_width - cell_len(value))
            if i == 0:
                if label_width + cell_len(value) + 3 + cell_len(tail) <= width:
                    text.append("   " + tail, style="dim")
            elif split:
                text.append("\n" + " " * label_width + f"{t('derivative.error_short')} {tail}", style="dim")
            else:
                text.append(gap + tail, style="" if chosen else "dim")
        return text

    def tangent_legend(self, result: DerivativeResult) -> Text:
        legend = Text(" ")
        legend.append(self.mark_of("curve"), style=f"bold {self.style_of('curve')}")
        legend.append("f(x)  ")
        legend.append(self.mark_of("tangent"), style=f"bold {self.style_of('tangent')}")
        legend.append(t("derivative.tangent", difference=t(f"derivative.difference.{self.settings.difference}")))
        return legend

    def tangent_caption(self, result: DerivativeResult) -> Text:
        slope = result.tangent_slope
        slope_text = digits(slope) if math.isfinite(slope) else t("derivative.no_slope")
        return Text(t("derivative.tangent_caption", x=num(self.settings.x), slope=slope_text))

    def error_legend(self, result: DerivativeResult) -> Text:
        """What the error plot draws, on one line when it fits the pane, else the title above the key."""
        title = t("derivative.error_title", difference=t(f"derivative.difference.{self.settings.difference}"))
        key = Text()
        for dtype in DTYPES:
            key.append(self.mark_of(dtype), style=f"bold {self.style_of(dtype)}")
            key.append(dtype + "  ")
        key.append("● h", style=self.style_of("probe"))
        width = max(20, self.query_one("#dv-error").size.width or self.size.width - 2)
        joiner = "  " if cell_len(title) + 3 + key.cell_len <= width else "\n "
        return Text(" " + title + joiner) + key

    def error_caption(self, result: DerivativeResult) -> Text:
        best_h, best_error = result.best[(self.settings.difference, self.settings.dtype)]
        text = Text(t("derivative.error_sides") + "\n")
        text.append(t("derivative.best", dtype=self.settings.dtype, h=power_of_ten(best_h), error=sci(best_error)))
        return text

    def plot_tangent(self, fig: Figure, result: DerivativeResult) -> None:
        s = self.settings
        x, y = result.curve_x, result.curve_y
        finite = np.isfinite(y)
        if not finite.any():
            return
        low, high = float(y[finite].min()), float(y[finite].max())
        if high - low < 1e-12:
            low, high = low - 1, high + 1
        pad = 0.1 * (high - low)
        fig.limits((float(x[0]), float(x[-1])), (low - pad, high + pad))
        x_ticks, y_ticks = nice_ticks(float(x[0]), float(x[-1])), nice_ticks(low, high, count=4)
        fig.ticks(x_ticks, y_ticks, tick_labels(x_ticks), tick_labels(y_ticks))
        fig.line(x[finite], y[finite], color=COLORS["curve"], curve=CURVES["curve"])
        slope = result.tangent_slope
        if math.isfinite(slope) and math.isfinite(result.f_at_x):
            line = result.f_at_x + slope * (x - s.x)
            keep = (line >= low - pad) & (line <= high + pad)
            if keep.sum() > 1:
                fig.line(x[keep], line[keep], color=COLORS["tangent"], curve=CURVES["tangent"])
        if math.isfinite(result.f_at_x):
            fig.points([s.x], [result.f_at_x], color=COLORS["probe"])

    def plot_error(self, fig: Figure, result: DerivativeResult) -> None:
        s = self.settings
        log_h = np.log10(result.hs)
        top = -ERROR_FLOOR
        curves = {}
        for dtype in DTYPES:
            errors = result.errors[(s.difference, dtype)]
            shown = np.isfinite(errors)
            log_e = np.log10(np.maximum(errors[shown], ERROR_FLOOR))
            curves[dtype] = (log_h[shown], log_e)
            if log_e.size:
                top = max(top, float(log_e.max()))
        top = math.ceil(top + 0.5)
        bottom = math.log10(ERROR_FLOOR)
        fig.limits((-H_DECADES[-1], -H_DECADES[0]), (bottom - 0.5, top))
        x_ticks = [-20, -15, -10, -5] + ([-1] if fig.plot.size.width >= 50 else [])
        step = 5 if top <= 10 else 10 * math.ceil(top / 30)   # errors up to 1e25 (eˣ at x = 50) get labels too
        y_ticks = [v for v in range(-15 if step == 5 else -10, top + 1, step) if v <= top]
        fig.ticks(x_ticks, [bottom, *y_ticks], [power_of_ten(10.0 ** v) for v in x_ticks],
                  ["0", *(power_of_ten(10.0 ** v) if v else "1" for v in y_ticks)])
        for dtype in ("float32", "float64"):
            fig.line(*curves[dtype], color=COLORS[dtype], curve=CURVES[dtype])
        error = result.estimate.error
        if 10.0 ** -H_DECADES[-1] <= s.h <= 10.0 ** -H_DECADES[0] and math.isfinite(error):
            fig.points([math.log10(s.h)], [math.log10(max(error, ERROR_FLOOR))], color=COLORS["probe"])

    # -- keys ----------------------------------------------------------------------------------

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`.` `,` dimmed where x is at ±X_LIMIT, `+` `-` where h is at the end of its range: they would
        do nothing there (`.` at x = 50 and `+` at h = 10 were lit and silent)."""
        if action == "step" and self.stepped_x(int(parameters[0])) == self.settings.x:
            return None
        if action == "scale_h" and self.scaled_h(float(parameters[0])) == self.settings.h:
            return None
        return super().check_action(action, parameters)

    def stepped_x(self, direction: int) -> float:
        """x one step of the function's own further (direction 1) or back (−1), kept within ±X_LIMIT."""
        step = FUNCTIONS[self.settings.function].step
        return round(min(X_LIMIT, max(-X_LIMIT, self.settings.x + step * direction)), 6)

    def scaled_h(self, factor: float) -> float:
        """h times `factor`, rounded to one significant digit and kept within H_RANGE."""
        return min(H_RANGE[1], max(H_RANGE[0], float(f"{self.settings.h * factor:.0e}")))

    def action_step(self, direction: int) -> None:
        self.apply(x=self.stepped_x(int(direction)))

    def on_click(self, event: events.Click) -> None:
        """A click on the tangent's plot moves x there (to the function's step, as `.` `,` move it); on
        the error's plot, h goes to the power of ten under it (as `+` `-` change it)."""
        plot = event.widget if isinstance(event.widget, Plot) else None
        offset = event.get_content_offset(plot) if plot is not None else None
        at = plot.x_at(offset.x) if offset is not None else None
        if at is None:
            return
        event.stop()
        if plot.id == "dv-tangent-plot":
            step = FUNCTIONS[self.settings.function].step
            self.apply(x=round(min(X_LIMIT, max(-X_LIMIT, round(at / step) * step)), 6) + 0.0)
        else:
            self.apply(h=min(H_RANGE[1], max(H_RANGE[0], float(f"{10.0 ** round(at):.0e}"))))

    def action_scale_h(self, factor: float) -> None:
        self.apply(h=self.scaled_h(float(factor)))

    def action_toggle_view(self) -> None:
        self.apply(view="error" if self.settings.view == "tangent" else "tangent")

    def action_toggle_difference(self) -> None:
        self.apply(difference=next(name for name in DIFFERENCES if name != self.settings.difference))

    def action_toggle_dtype(self) -> None:
        self.apply(dtype=next(name for name in DTYPES if name != self.settings.dtype))

    def action_choose_function(self, index: int) -> None:
        name = tuple(FUNCTIONS)[int(index)]
        if name != self.settings.function:
            low, high = FUNCTIONS[name].span
            x = self.settings.x if low <= self.settings.x <= high else round((low + high) / 2 + FUNCTIONS[name].step, 6)
            self.apply(**{"function": name, "x": x})
