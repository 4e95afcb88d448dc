"""A follower's loss plot is the projector's: the presenter's raw loss comes with its run, as its plot
draws it (bucket means past 500 points) reduced to the bands of at most RAW_POINTS points, so the
follower draws both curves over the presenter's range, with its ticks. Before this only the smoothed
curve came, whose range is narrower: the follower's plot had other axes than the projector's.
"""
import json
from dataclasses import replace

import numpy as np
import pytest

from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.classroom.run import RAW_POINTS, RunSummary
from workbench.models.catalog import pane
from workbench.models.series import bucket_means, smoothed

TINY_TRAIN = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=3",
              "net=two-layer")


class Recorder:
    """Stands for a plot's figure: keeps the lines drawn (as the plot reduces them) and the ticks set."""

    def __init__(self):
        self.lines, self.ticked = [], {}

    def line(self, x, y, *, color, fade=0.0, label=None, curve=None):
        self.lines.append(bucket_means(x, y))

    def ticks(self, x=None, y=None, x_labels=None, y_labels=None):
        self.ticked |= {"x": list(x)} if x is not None else {}
        self.ticked |= {"y": list(y)} if y is not None else {}

    def limits(self, x=None, y=None):
        pass


@pytest.mark.parametrize("steps", [300, 10_200])
async def test_a_followers_loss_plot_has_the_presenters_axes_and_noise(steps):
    """A noisy loss, short or as long as 17 epochs of MNIST: the follower's plot draws the raw loss and the
    smoothed one over the presenter's range, with the presenter's ticks."""
    rng = np.random.default_rng(0)
    raw = list(2.3 / (1 + np.arange(steps) / 300) + rng.exponential(0.3, steps))
    smooth = list(smoothed(raw))
    app = make_app(pane=("train", pane("train").parse(list(TINY_TRAIN))), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        train = app.screen.query_one(TrainPane)
        train.losses, train.smooth = raw, smooth
        own, theirs = Recorder(), Recorder()
        train._plot_loss(own)
        sent = RunSummary.rounded("TwoLayerNet", "mnist", "running", losses=smooth, raw=raw)
        train.presenters_run = RunSummary.from_json(json.loads(json.dumps(sent.to_json())))
        train._plot_loss(theirs)
    assert len(theirs.lines) == 2 and len(sent.raw) <= RAW_POINTS
    assert theirs.ticked == own.ticked, (theirs.ticked, own.ticked)
    (x, y), (their_x, their_y) = own.lines[0], theirs.lines[0]
    assert float(f"{y.min():.4g}") == their_y.min() and float(f"{y.max():.4g}") == their_y.max()
    assert abs(their_x[0] - x[0]) <= 1 and abs(their_x[-1] - x[-1]) <= 1


def test_a_raw_curve_that_is_not_one_is_refused_and_with_it_the_position():
    from workbench.classroom.position import BadPosition, Position

    good = RunSummary.rounded("TwoLayerNet", "mnist", "running", losses=[2.0, 1.5], raw=[2.1, 1.4]).to_json()
    position = {"lesson": None, "step": 0, "pane": "train", "run": good}
    assert Position.from_json(json.loads(json.dumps(position))).run.raw == ((1, 2.1), (2, 1.4))
    for raw in ([[k + 1, 0.5] for k in range(RAW_POINTS + 1)], [[1, float("nan")]], [[2, 0.5], [1, 0.4]],
                [[1, -0.5]], [[1.5, 0.5]], [[1, "0.5"]], "[[1, 0.5]]", [[0, 0.5]]):
        with pytest.raises(BadPosition):
            Position.from_json(position | {"run": good | {"raw": raw}})
    older = {key: value for key, value in good.items() if key != "raw"}      # a presenter of an earlier version
    assert Position.from_json(position | {"run": older}).run.raw == ()


def test_a_raw_curve_keeps_the_drawn_curves_ends_and_extremes_and_stops_where_it_diverged():
    rng = np.random.default_rng(1)
    losses = 2.3 / (1 + np.arange(100_000) / 500) + rng.exponential(0.2, 100_000)
    run = RunSummary.rounded("SimpleConvNet", "mnist", "running", raw=losses)
    drawn_x, drawn = bucket_means(np.arange(1, 100_001), losses)
    middle = np.floor(drawn_x + 0.5)                    # each bucket's middle step, halves rounded up
    assert len(run.raw) <= RAW_POINTS and (run.raw[0][0], run.raw[-1][0]) == (middle[0], middle[-1])
    values = [loss for _, loss in run.raw]
    assert min(values) == float(f"{drawn.min():.4g}") and max(values) == float(f"{drawn.max():.4g}")
    assert len(json.dumps(run.to_json()["raw"])) < 4500
    diverged = RunSummary.rounded("TwoLayerNet", "mnist", "failed", raw=[0.5, 0.4, float("inf"), 0.3])
    assert diverged.raw == ((1, 0.5), (2, 0.4))
    assert replace(diverged, raw=()).to_json()["raw"] == []
