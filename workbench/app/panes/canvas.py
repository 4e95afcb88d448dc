"""The digit canvas pane: draw a digit, and chapter 3's trained network reads it as you draw.

The canvas (`DigitCanvas`) sits beside the network's softmax probabilities as ten bars, the winner
highlighted, and, where there is room, the 28×28 image the network was given: the drawing scaled
and centred as MNIST's digits were (`workbench.models.canvas.prepare`). The network is chapter 3's
(`workbench.models.trained`): found, or trained on first use as a job with a progress bar.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from workbench.app.no_break import items
from workbench.app.panes.chapter3 import Chapter3Pane
from workbench.app.styles import pane_css
from workbench.app.widgets.digit_canvas import DigitCanvas, drawing_text
from workbench.app.widgets.network_status import NetworkStatus, bar
from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.models.canvas import SIZE, CanvasResult, CanvasSettings, predict

BAR_LABEL = 2
"""Cells before a bar: the digit and a space."""
PERCENT = 7
"""Cells after a bar for its probability: " 97.1 %"."""


class CanvasPane(Chapter3Pane):
    """A canvas to draw a digit on, the network's probabilities for it, and the image it saw."""

    PANE = "canvas"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("c,delete", "clear", id="canvas.clear"),
        Binding("d", "draw_with_keys", id="canvas.keys"),
        Binding("1", "toggle_centre", id="canvas.centre"),
        Binding("plus,equals_sign", "brush(0.2)", id="canvas.thicker", key_display="+", show=False,
                group=Binding.Group("brush")),
        Binding("minus", "brush(-0.2)", id="canvas.thinner", show=False, group=Binding.Group("brush")),
        Binding("r", "retrain", id="canvas.retrain", show=False),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.drawing = np.zeros((SIZE, SIZE), np.float32)
        self.prediction: CanvasResult | None = None

    def compose_pane(self) -> ComposeResult:
        yield NetworkStatus(id="canvas-network")
        with Horizontal(id="canvas-row"):
            yield DigitCanvas(brush=self.settings.brush)
            with Vertical(id="canvas-side"):
                yield Static(id="canvas-bars")
                yield from self._seen("canvas-seen-under")
            yield from self._seen("canvas-seen-beside")
        yield Static(id="canvas-verdict")
        yield Static(id="canvas-hint")

    @staticmethod
    def _seen(id_: str) -> ComposeResult:
        with Vertical(id=id_, classes="canvas-seen"):
            yield Static(t("canvas.seen"), classes="canvas-seen-label")
            yield Static(classes="canvas-seen-image")

    def network_ready(self, result) -> None:
        self.predict()

    def keepsake(self):
        return self.drawing.copy() if self.drawing.any() else None

    def take_keepsake(self, kept) -> None:
        self.query_one(DigitCanvas).load(kept)

    # -- the drawing -------------------------------------------------------------------------------

    @on(DigitCanvas.Changed)
    def _drawn(self, event: DigitCanvas.Changed) -> None:
        event.stop()
        self.drawing = event.drawing
        self.predict()

    def predict(self) -> None:
        """Run the network on the drawing (a single image: far under a millisecond) and show it."""
        if self.found is not None:
            self.prediction = predict(self.found.network, self.drawing, centre=self.settings.centre)
        self.refresh_view()

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        if self.is_mounted:
            self.query_one(DigitCanvas).brush = settings.brush
            self.predict()

    # -- rendering ---------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.query_one(DigitCanvas).scale = self.layout_for(self.size.width - 2, self.size.height)[0]

    @staticmethod
    def layout_for(width: int, height: int) -> tuple[int, int, str, int]:
        """(canvas scale, bar width, where the network's image goes, its size) for a pane of this size.

        The canvas is drawn at scale 2 (56 × 28) when that leaves room for narrow bars and the text
        lines; the image the network sees goes beside the bars, or under them, at full size (28 cells)
        or half (14), or nowhere, whichever fits first.
        """
        scale = 2 if width >= 56 + 1 + BAR_LABEL + 8 and height >= 28 + 6 else 1
        left = width - SIZE * scale - 1
        lines = 14 * scale
        widest = BAR_LABEL + 20 + PERCENT
        for place, size in (("beside", 28), ("under", 28), ("under", 14), ("beside", 14)):
            if place == "beside" and left >= BAR_LABEL + 8 + 2 + size:
                return scale, min(widest, left - 2 - size), place, size
            if place == "under" and left >= size and lines - 10 - 2 >= size // 2:
                return scale, min(widest, left), place, size
        return scale, min(widest, left), "", 0

    def show(self, result: CanvasSettings) -> None:
        scale, width, place, size = self.layout_for(self.size.width - 2, self.size.height)
        self.query_one("#canvas-bars", Static).update(self.bars(max(width, BAR_LABEL + 4)))
        p = self.prediction
        for where in ("beside", "under"):
            box = self.query_one(f"#canvas-seen-{where}")
            box.display = where == place and p is not None and not p.blank
            if box.display:
                image = p.prepared if size == 28 else p.prepared.reshape(14, 2, 14, 2).mean(axis=(1, 3))
                box.query_one(".canvas-seen-image", Static).update(drawing_text(image, self.app))
        self.query_one("#canvas-verdict", Static).update(self.verdict())
        self.query_one("#canvas-hint", Static).update(self.hint())

    def bars(self, width: int) -> Text:
        """Ten bars, one per digit, the winner highlighted; percentages when there is room."""
        colours = self.app.theme_variables
        with_percent = width >= BAR_LABEL + 8 + PERCENT
        length = width - BAR_LABEL - (PERCENT if with_percent else 0)
        p = self.prediction
        ready = p is not None and not p.blank
        text = Text()
        for digit in range(10):
            value = float(p.probabilities[digit]) if ready else 0.0
            winner = ready and digit == p.label
            style = f"bold {colours['accent']}" if winner else colours["primary"]
            text.append(f"{digit} ", style="bold" if winner else "")
            text.append(bar(value, length), style=style)
            if with_percent:
                text.append(f"{num(100 * value, 1):>6} %" if ready else " " * PERCENT,
                            style="bold" if winner else "")
            if digit < 9:
                text.append("\n")
        return text

    def verdict(self) -> Text:
        p = self.prediction
        if self.found is None:
            return Text(t("canvas.waiting"))
        if p is None or p.blank:
            return Text(t("canvas.empty"))
        text = Text.assemble(t("canvas.prediction") + " ", (str(p.label), f"bold {self.app.theme_variables['accent']}"),
                             f" ({num(100 * float(p.probabilities[p.label]), 1)} %)")
        if not self.settings.centre:
            text.append("  " + t("canvas.not_centred"))
        return text

    def hint(self) -> str:
        canvas = self.query_one(DigitCanvas)
        if canvas.has_focus:
            return items(t("canvas.hint.keys"))       # broken between its items, each whole
        return items(t("canvas.hint.mouse"))

    # -- keys ----------------------------------------------------------------------------------------

    def action_clear(self) -> None:
        self.query_one(DigitCanvas).clear()

    def action_draw_with_keys(self) -> None:
        self.query_one(DigitCanvas).focus()

    def on_descendant_focus(self) -> None:
        self.refresh_view()

    def on_descendant_blur(self) -> None:
        self.refresh_view()

    def action_toggle_centre(self) -> None:
        self.apply(centre=not self.settings.centre)

    def action_brush(self, change: float) -> None:
        brush = min(3.0, max(0.5, round(self.settings.brush + float(change), 2)))
        self.apply(brush=brush)

    def action_retrain(self) -> None:
        self.prediction = None
        super().action_retrain()
