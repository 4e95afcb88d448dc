"""The app's accuracy plots (training, comparison, its batch-norm cell, the search's best five) draw their
y axis by the console's rule (`workbench.models.axes.percent_axis`): curves at 10–25 % were pressed into a
row or two of a fixed 0–100 (the comparison) or of 5–100 (the training plot)."""
from types import SimpleNamespace

import pytest

from workbench.app.panes.compare import BatchNormPane, ComparePane
from workbench.app.panes.search import SearchPane
from workbench.app.panes.train import TrainPane
from workbench.app.panes.train_views import Curves
from workbench.models.axes import percent_axis
from workbench.models.compare import compute
from workbench.models.compare_settings import BatchNormSettings, WeightInitSettings
from workbench.models.search import TrialResult

HEIGHT = 12
"""A plot of 12 rows: 9 of points, under the frame's top and over the x axis and its labels."""


class AxisRecorder:
    """Stands for a plot's figure: keeps its y limits, its y ticks and the lines drawn."""

    def __init__(self, height: int = HEIGHT):
        self.plot = SimpleNamespace(size=SimpleNamespace(width=60, height=height))
        self.y, self.y_ticks, self.y_labels, self.lines = None, None, None, []

    def limits(self, x=None, y=None):
        if y is not None:
            self.y = tuple(float(v) for v in y)

    def ticks(self, x=None, y=None, x_labels=None, y_labels=None):
        if y is not None:
            self.y_ticks, self.y_labels = [float(v) for v in y], list(y_labels)

    def line(self, x, y, **kwargs):
        self.lines.append([float(v) for v in y])

    def points(self, *args, **kwargs):
        pass


def drawn_by_the_rule(fig: AxisRecorder, values) -> bool:
    axis = percent_axis(values, HEIGHT - 3)
    return fig.y == (axis.low, axis.high) and fig.y_ticks == list(axis.ticks) and fig.y_labels == list(axis.labels)


TRAIN, TEST = [0.10, 0.14, 0.19, 0.25], [0.11, 0.13, 0.17, 0.22]
"""The first epochs of a slow start (the book's std=0.01 weights)."""
PERCENTS = [100 * v for v in TRAIN + TEST]


def test_the_training_plot_spans_its_accuracies():
    pane = TrainPane.__new__(TrainPane)
    pane.curves = lambda: Curves([1, 2], [2.3, 2.2], [2.3, 2.2], [1, 2, 3, 4], TRAIN, TEST, 10)
    fig = AxisRecorder()
    pane._plot_accuracy(fig)
    assert drawn_by_the_rule(fig, PERCENTS), (fig.y, fig.y_ticks)
    assert fig.y[1] < 50 and fig.y[0] <= 10                   # it was 5–100


def test_a_comparisons_train_and_test_plots_share_an_axis_that_spans_both():
    """One axis for both plots: the train–test gap reads as it is, from one plot to the other."""
    pane = ComparePane.__new__(ComparePane)
    plan = compute(WeightInitSettings(dataset="synthetic-digits"))
    points = [[(e + 1, TRAIN[e] + k / 100, TEST[e] + k / 100) for e in range(4)] for k in range(3)]
    pane.presenters_run, pane.shown_plan, pane.visible_runs = None, lambda: plan, lambda: [0, 1, 2]
    pane.picked = None                      # no run picked (a click on its row): all drawn alike
    pane.curve_sets = lambda: [("primary", [], [], run) for run in points]
    train, test = AxisRecorder(), AxisRecorder()
    pane._plot_accuracy(train, 1)
    pane._plot_accuracy(test, 2)
    assert drawn_by_the_rule(train, [100 * v for run in points for p in run for v in p[1:]])
    assert train.y == test.y and train.y_ticks == test.y_ticks and train.y != (0, 100)
    assert len(train.lines) == 3 and train.lines != test.lines


def test_a_batch_norm_cell_spans_its_pairs_accuracies():
    pane = BatchNormPane.__new__(BatchNormPane)
    plan = compute(BatchNormSettings(dataset="synthetic-digits"))
    pane.shown_plan = lambda: plan
    pane.cell_accuracies = lambda pair: [[(e + 1, TRAIN[e], TEST[e]) for e in range(4)],
                                         [(e + 1, 0.9 + e / 100, 0.88) for e in range(4)]]
    fig = AxisRecorder()
    pane._plot_cell(fig, [0, 1])
    assert drawn_by_the_rule(fig, [100 * v for v in TRAIN] + [90, 91, 92, 93]) and fig.y == (0, 100)


@pytest.mark.parametrize("height", [6, 8, 12, 20])
def test_the_searchs_best_five_span_their_validation_accuracies(height):
    pane = SearchPane.__new__(SearchPane)
    trials = [TrialResult(k, k, 0.01, 1e-6, TRAIN[-1] + k / 100, 0.3, tuple(v + k / 100 for v in TRAIN), (), None, 1.0)
              for k in range(6)]
    pane.shown_settings, pane.presenters_curves, pane.shown_trials = (lambda: SimpleNamespace(epochs=4),
                                                                      lambda: None, lambda: trials)
    pane.chosen = None                                  # no trial clicked (polish51: its curve drawn last)
    fig = AxisRecorder(height)
    pane._plot_curves(fig)
    drawn = [v for line in fig.lines for v in line]
    axis = percent_axis(drawn, height - 3)
    assert len(fig.lines) == 5 and fig.y == (axis.low, axis.high) and fig.y_ticks == list(axis.ticks)
    assert fig.y[0] <= min(drawn) and max(drawn) <= fig.y[1] and fig.y != (0, 100)
