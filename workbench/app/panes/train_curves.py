"""The training pane's curves view: the loss per iteration, raw and smoothed, and the training and
test accuracy per epoch, two plots with their captions under them (beside each other in a wide, low
pane), and the last epoch's figures under them; a presenter's curves in their place while following.
Apart from the run (train.py), which only hands it the losses and the epochs' records as they come.
"""
from __future__ import annotations

import time

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from workbench.app.no_break import together
from workbench.app.panes.compare_views import percent_axis_of
from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.train_views import Curves
from workbench.app.plotting import Figure, Plot, legend_mark, nice_ticks, theme_rgb
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.numbers import grouped, percent, significant
from workbench.models.series import bucket_means
from workbench.models.train import EpochRecord

LOSS_REDRAW = 2.0
"""Redraws of the loss curve a second while training (the Plot helper allows four)."""
PLOTS_BESIDE_WIDTH, PLOTS_BESIDE_HEIGHT = 56, 34
"""From this width, and below this height, the loss and accuracy plots stand side by side."""


def figures_together(line: str) -> str:
    """"epoch 5: loss 0.176, train 96.2 %, test 95.5 % · 3,634 images/s" with each figure and its name
    kept on one row (beside the text "test" ended one row and "95.5 %" began the next)."""
    return " · ".join(", ".join(together(part) for part in piece.split(", ")) for piece in line.split(" · "))


class PlotCaption(Widget):
    """The line under a plot: its legend, then what the axes hold ("loss per iteration"), in the
    short form ("loss") where the long one does not fit beside the legend (plots side by side)."""

    DEFAULT_CSS = pane_css(__file__)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.legend, self.title = Text(), ""

    def show(self, legend: Text, title: str) -> None:
        """Show `legend` and the catalog's `title` (its `_short` form where it does not fit)."""
        self.legend, self.title = legend, title
        self.refresh()

    def render(self) -> Text:
        if not self.title:
            return Text()
        name = t(self.title)
        if self.legend.cell_len + cell_len(name) > self.size.width:
            name = t(f"{self.title}_short")
        return Text.assemble(self.legend, (name, "dim"))


class TrainCurves(PanePart):
    """The curves view of the training pane (`show_curves`), its plots and the line under them."""

    def show_curves(self, live: bool = False) -> None:
        """Draw the curves; `live` (a progress report) redraws the loss at most LOSS_REDRAW a second
        and the accuracy only when an epoch ended, which keeps plotting under 2 % of training time.

        The plots use the height there is: the accuracy plot appears with the first epoch's figures
        (until then the loss has the whole view), and in a wide, low pane the two stand side by side.
        """
        measured = (any(r.epoch > 0 for r in self.records) if self.presenters_run is None
                    else bool(self.presenters_run.accuracies))
        self.query_one("#train-accuracy-box").display = measured
        self.set_class(measured and self.size.width >= PLOTS_BESIDE_WIDTH and self.size.height < PLOTS_BESIDE_HEIGHT,
                       "-plots-beside")
        now = time.monotonic()
        run = self.presenters_run
        if run is not None:         # a presenter's run: a plot is drawn again only when its curves changed
            live = True
            loss_due = self._drawn.get("loss") != (run.losses, run.raw)
            self._drawn["loss"] = (run.losses, run.raw)
        else:
            loss_due = not live or now - self._loss_drawn >= 1 / LOSS_REDRAW
        if loss_due:
            self._loss_drawn = now
            self.query_one("#train-loss", Plot).draw(self._plot_loss)
        accuracy_key = ((len(self.records), (self.run_settings or self.settings).epochs) if run is None
                        else (run.accuracies, run.epochs))
        if not live or self._drawn.get("accuracy") != accuracy_key:
            self._drawn["accuracy"] = accuracy_key
            self.query_one("#train-accuracy", Plot).draw(self._plot_accuracy)
        self.put("#train-epoch-text", self.epoch_text())
        captions = (self.app.theme, run is None or bool(run.raw))
        if self._drawn.get("captions") != captions:
            self._drawn["captions"] = captions
            lines = (("primary", 0.0, "train.plot.smoothed"),)
            if run is None or run.raw:      # an older presenter's run sends only the smoothed loss
                lines = (("primary", 0.55, "train.plot.raw"), *lines)
            self.query_one("#train-loss-caption", PlotCaption).show(self.legend(lines), "train.plot.loss")
            self.query_one("#train-accuracy-caption", PlotCaption).show(
                self.legend((("warning", 0.0, "train.plot.train"), ("success", 0.0, "train.plot.test"))),
                "train.plot.accuracy")

    def legend(self, lines: tuple[tuple[str, float, str], ...]) -> Text:
        """A plot's legend, for the caption under it: plotext counts a Hangul character as one
        cell, so no words are drawn inside the plots. Each line's mark is its colour's bar, or without
        colour its marker (the k-th line of the legend is the plot's curve k)."""
        text = Text()
        for k, (color, fade, key) in enumerate(lines):
            text.append(f"{legend_mark(self.app, k)} ", style="rgb({},{},{})".format(*theme_rgb(self.app, color, fade)))
            text.append(t(key) + "  ")
        return text

    def curves(self) -> Curves:
        """What the curves view draws: the presenter's run while this app follows one, else the pane's own."""
        if self.presenters_run is not None:
            return Curves.of_run(self.presenters_run)
        done = [r for r in self.records if r.epoch > 0]
        return Curves(np.arange(1, len(self.losses) + 1), self.losses, self.smooth, [r.epoch for r in done],
                      [r.train_acc for r in done], [r.test_acc for r in done],
                      (self.run_settings or self.settings).epochs)

    def _plot_loss(self, fig: Figure) -> None:
        curves = self.curves()
        if not len(curves.smooth):
            return
        x = np.asarray(curves.steps)
        raw_x = x if curves.raw_steps is None else np.asarray(curves.raw_steps)
        if len(curves.raw):     # the legend's curves: the raw loss (when there is one), then the smoothed
            fig.line(raw_x, curves.raw, color="primary", fade=0.55, curve=0)
        fig.line(x, curves.smooth, color="primary", curve=1 if len(curves.raw) else 0)
        if len(x) > 1:
            ticks = [v for v in nice_ticks(int(x[0]), int(x[-1]), 4) if v == int(v)]
            fig.ticks(x=ticks, x_labels=[grouped(int(v)) for v in ticks])
        # The y ticks span the raw loss as drawn (bucket means past 500 points), which a presenter's
        # followers are sent: their axes are the projector's.
        shown = bucket_means(raw_x, curves.raw)[1] if len(curves.raw) else curves.smooth
        low, high = float(np.min(shown)), float(np.max(shown))
        if high > low:
            ticks = nice_ticks(low, high, 4)
            fig.ticks(y=ticks, y_labels=[f"{v:g}" for v in ticks])

    def _plot_accuracy(self, fig: Figure) -> None:
        curves = self.curves()
        epochs_asked = max(1, curves.epochs_asked)
        fig.limits(x=(0, epochs_asked))
        ticks = nice_ticks(0, epochs_asked, 5) if epochs_asked > 1 else np.array([0.0, 1.0])
        fig.ticks(x=[v for v in ticks if v == int(v)], x_labels=[f"{v:g}" for v in ticks if v == int(v)])
        if curves.epochs:
            epochs = list(curves.epochs)
            train = [100 * acc for acc in curves.train]
            test = [100 * acc for acc in curves.test]
            percent_axis_of(fig, train + test)
            fig.line(epochs, train, color="warning", curve=0)       # the legend's curves: train, then test
            fig.line(epochs, test, color="success", curve=1)
            fig.points(epochs, test, color="success", curve=1)
            fig.points(epochs, train, color="warning", curve=0)

    def epoch_text(self) -> str | Text:
        run = self.presenters_run
        if run is not None:
            if not run.accuracies:
                return t("train.curves.empty")
            epoch, train, test = run.accuracies[-1]
            if run.loss is not None:        # the last finished epoch's, as the presenter's results line says it
                return figures_together(t("train.curves.epoch", epoch=epoch, loss=significant(run.loss),
                                          train=percent(train), test=percent(test)))
            return figures_together(t("classroom.pane.epoch", epoch=epoch, train=percent(train), test=percent(test)))
        if self.failure is not None:
            return self.failure_text()
        done = [r for r in self.records if r.epoch > 0]
        if not done:
            return t("train.curves.empty")
        last = done[-1]
        values = dict(epoch=last.epoch, loss=significant(self.epoch_loss(last)), train=percent(last.train_acc),
                      test=percent(last.test_acc))
        if last.samples_per_sec > 0:            # the speed stays readable once the progress lines have gone
            return figures_together(t("train.curves.epoch_rate", rate=f"{last.samples_per_sec:,.0f}", **values))
        return figures_together(t("train.curves.epoch", **values))

    def epoch_loss(self, last: EpochRecord) -> float:
        """The mean loss of epoch `last`'s steps, from the records alone: what the results line says, and
        what followers are sent (the smoothed loss at the latest step read 2.330 beside its 2.338)."""
        start = max((r.iteration for r in self.records if r.epoch < last.epoch), default=0)
        recent = self.losses[start:last.iteration]
        return float(np.mean(recent)) if recent else float("nan")
