"""The initial weights pane: a histogram of each layer's activations, side by side, for
`workbench.models.weight_init` (the book's Figures 6-10 to 6-14).

Each layer is a column; its outputs are binned along the value axis (high values at the top, as
on a y axis) and each bin is a bar of block characters growing to the right, so five layers fit
side by side at 80×24 and read from the back of a room. Under each column: the mean μ, the
standard deviation σ, and the share of exact zeros (ReLU) or of outputs within 0.1 of the ends of
the range (sigmoid, tanh).
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from workbench.app.no_break import together
from workbench.app.panes.base import Pane
from workbench.app.panes.checked import CheckedApply
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.cells import wrap
from workbench.i18n.numbers import MINUS, grouped, percent
from workbench.models.surface_path import short
from workbench.models.weight_init import ACTIVATIONS, BOOK_INITS, InitResult

EIGHTHS = " ▏▎▍▌▋▊▉█"
"""A bar's last cell, in eighths of a cell."""


def fitted(value: float, width: int) -> str:
    """`value` in at most `width` cells: 0.459, 0.46, 1.2e4 …"""
    for text in (f"{value:.3f}", f"{value:.2f}", f"{value:.1f}", short(value, 2), short(value, 1)):
        text = text.replace("-", MINUS)
        if text.startswith(MINUS + "0.") and float(text.replace(MINUS, "-")) == 0:
            text = text[1:]
        if cell_len(text) <= width:
            return text
    return "…"


def share_text(share: float, width: int) -> str:
    text = percent(share, 0)
    return text if cell_len(text) <= width else "…"


def bar(fraction: float, width: int) -> str:
    """A bar `fraction` of `width` cells long, to an eighth of a cell; a non-empty bin shows at least ▏."""
    eighths = round(fraction * width * 8)
    if fraction > 0 and eighths == 0:
        eighths = 1
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


def items(text: str) -> str:
    """`text`'s items (" · " between them) each kept on one line, the dot at the end of a line: a narrow
    pane breaks "sigmoid · 5 × 100 units · 1000 inputs" between items, never as "5 × 100" over "units"."""
    return "\u00a0· ".join(together(part) for part in text.split(" · "))


class Histograms(Widget):
    """The layers' histograms side by side, drawn at the widget's own size."""

    DEFAULT_CSS = pane_css(__file__, "Histograms")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result: InitResult | None = None
        self.styles_by_role: dict[str, str] = {}

    def draw(self, result: InitResult, styles: dict[str, str]) -> None:
        self.result, self.styles_by_role = result, styles
        self.refresh()

    def render(self) -> Text:
        if self.result is None or self.content_size.width < 10 or self.content_size.height < 6:
            return Text()
        return histogram_text(self.result, self.content_size.width, self.content_size.height, self.styles_by_role)


def histogram_text(result: InitResult, width: int, height: int, styles: dict[str, str]) -> Text:
    """The header row of layer numbers, one bin per row (highest values on top) with a bar per
    layer, and the rows of statistics: a row whose numbers do not all fit the columns (ten layers
    beside a lesson's text leave two cells a number) gives way to a line saying what to do instead."""
    low, high = result.range
    labels = [short(high, 3), short((low + high) / 2, 3), short(low, 3)]
    stat_rows = [("μ", lambda layer, w: fitted(layer.mean, w)), ("σ", lambda layer, w: fitted(layer.std, w))]
    if result.activation == "relu":
        stat_rows.append(("0", lambda layer, w: share_text(layer.zeros, w)))
    else:
        stat_rows.append(("≈" + ("0,1" if result.activation == "sigmoid" else "±1"),
                          lambda layer, w: share_text(layer.saturated, w)))
    label_w = max(cell_len(text) for text in labels + [name for name, _ in stat_rows]) + 1
    layers = len(result.layers)
    column = max(3, (width - label_w) // layers)
    bar_w = column - 1
    shown = [(name, value) for name, value in stat_rows
             if all(value(layer, column - 1) != "…" for layer in result.layers)]
    hidden = [name for name, _ in stat_rows if name not in dict(shown)]
    note = wrap(t("init.stats_hidden", names=", ".join(hidden), layers=layers), width) if hidden else []
    bins = max(3, height - 1 - len(shown) - len(note))
    counts = result.counts(bins)
    peak = max(int(counts.max()), 1)
    text = Text(no_wrap=True, overflow="crop")
    text.append(" " * label_w)
    for i in range(layers):
        text.append(f" {i + 1}".ljust(column)[:column], style=styles.get("header", "bold"))
    marks = {0: labels[0], bins // 2: labels[1], bins - 1: labels[2]}
    for row in range(bins):
        b = bins - 1 - row                               # the top row holds the highest values
        text.append("\n")
        text.append(marks.get(row, "").rjust(label_w - 1) + ("┤" if row in marks else "│"), style=styles.get("axis", "dim"))
        for i in range(layers):
            text.append(bar(counts[i, b] / peak, bar_w), style=styles.get("bar", ""))
            text.append(" ")
    for name, value in shown:
        text.append("\n")
        text.append(name.rjust(label_w - 1) + " ", style=styles.get("axis", "dim"))
        for layer in result.layers:
            text.append(value(layer, column - 1).ljust(column - 1) + " ", style=styles.get("stat", ""))
    for line in note:                        # a row of "…" in every column would say nothing
        text.append("\n")
        text.append(line, style=styles.get("axis", "dim"))
    return text


class InitPane(CheckedApply, Pane):
    """Activation histograms of a deep network, layer by layer, for an initial weight scale."""

    PANE = "init"
    DEFAULT_CSS = pane_css(__file__, "InitPane")
    BINDINGS = [
        Binding("i", "cycle_init", id="init.init"),
        Binding("a", "cycle_activation", id="init.activation"),
        Binding("plus,equals_sign", "layers(1)", id="init.more", key_display="+", group=Binding.Group("layers")),
        Binding("minus", "layers(-1)", id="init.fewer", group=Binding.Group("layers")),
        Binding("r", "redraw", id="init.redraw"),
    ]

    def compose_pane(self) -> ComposeResult:
        yield Static(id="init-status")
        yield Histograms(id="init-histograms")
        yield Static(id="init-legend")
        yield Static(id="init-observation")

    def show(self, result: InitResult) -> None:
        s = self.settings
        variables = self.app.theme_variables
        self.query_one("#init-status", Static).update(self.status(result))
        self.query_one(Histograms).draw(result, {"bar": variables["text-primary"], "header": "bold",
                                                 "axis": "dim", "stat": ""})
        zeros = t("init.legend.zeros") if s.activation == "relu" else t(f"init.legend.ends_{s.activation}")
        self.query_one("#init-legend", Static).update(Text(items(t("init.legend", last=zeros)), style="dim"))
        observation = result.observe()
        numbers = {key: (percent(v, 0) if key in ("low", "high") and observation.kind == "saturate"
                         else short(v, 2)) if isinstance(v, float) else v for key, v in observation.numbers.items()}
        if observation.kind == "saturate":
            numbers["ends"] = t(f"init.ends.{s.activation}")
        self.query_one("#init-observation", Static).update(
            Text(t(f"init.observe.{observation.kind}", **numbers), style=f"italic {variables['text-accent']}"))

    def status(self, result: InitResult) -> Text:
        s = self.settings
        text = Text()
        text.append(together(" " + t(f"init.scale.{s.init}", std=short(result.scale, 3), n=s.units) + " "),
                    style="reverse bold")
        text.append(" " + items(t("init.network", activation=t(f"init.activation.{s.activation}"), layers=s.layers,
                                  units=grouped(s.units), samples=grouped(len(result.layers[0].values) // s.units))))
        return text

    def action_cycle_init(self) -> None:
        s = self.settings
        now = (s.init, s.std if s.init == "std" else None)
        index = BOOK_INITS.index(now) if now in BOOK_INITS else -1
        init, std = BOOK_INITS[(index + 1) % len(BOOK_INITS)]
        self.apply(init=init, **({"std": std} if std is not None else {}))

    def action_cycle_activation(self) -> None:
        self.apply(activation=ACTIVATIONS[(ACTIVATIONS.index(self.settings.activation) + 1) % len(ACTIVATIONS)])

    def action_layers(self, direction: int) -> None:
        self.apply(layers=self.settings.layers + int(direction))

    def action_redraw(self) -> None:
        self.apply(seed=(self.settings.seed + 1) % 2 ** 32)
