"""The training pane's draw view: a digit drawn by hand on the canvas (`e` gives it the keyboard, `c`
clears it), classified as it changes by the network of the epoch shown, its probabilities as bars.
"""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.train_views import probability_bars
from workbench.app.widgets.digit_canvas import DigitCanvas
from workbench.i18n import t
from workbench.models.canvas import predict


class TrainDrawing(PanePart):
    """The draw view (`show_prediction`): the canvas's drawing, kept in `drawing`, and the network's answer."""

    def action_draw(self) -> None:
        """Give the canvas the keyboard (arrows move, space draws, Escape gives it back)."""
        self.query_one("#train-canvas", DigitCanvas).focus()

    def action_clear(self) -> None:
        self.query_one("#train-canvas", DigitCanvas).clear()

    def on_digit_canvas_changed(self, event: DigitCanvas.Changed) -> None:
        """Keep the drawing and classify it (a handler by its name: `@on` counts in a widget's class only)."""
        event.stop()
        self.drawing = event.drawing
        self.show_prediction()

    def show_prediction(self) -> None:
        widget = self.query_one("#train-draw", Static)
        network = self.viewer()
        if network is None:
            widget.update(t("train.draw.no_network"))
            return
        record = self.shown_record()
        head = Text(t("train.draw.network", net=type(network).__name__, epoch=record.epoch), style="bold")
        if self.mine_run:
            head.append(" " + t("mine.train.draw_note"), style="dim")
        head.append("\n")
        if self.drawing is None or not self.drawing.any():
            widget.update(head + Text(t("train.draw.how")))
            return
        result = predict(network, self.drawing)
        names = self.data.class_names if self.data is not None else tuple(map(str, range(10)))
        width = max(8, widget.size.width or 30)
        widget.update(head + probability_bars(result.probabilities, result.label, names, width, self.app))
