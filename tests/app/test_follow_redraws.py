"""What a follower redraws while the presenter trains: forty of them run on the presenter's computer, so
each draws again only what changed (benchmarks/bench_class_cpu.py measures what they cost).

- The training pane draws a plot of the presenter's run again only when its curves changed: a position
  in which only the iteration moved redraws neither plot, one with a new loss only the loss plot.
- The classroom line is refreshed on the screen shown; a screen under it (home, under a lesson) has its
  line refreshed when it is shown again: refreshing it meanwhile repainted the whole screen on top.
"""
from dataclasses import replace

import numpy as np

from workbench.app.app import make_app
from workbench.app.home import HomeScreen
from workbench.app.panes.train import TrainPane
from workbench.app.plotting import Plot
from workbench.app.presenter import ClassroomLine
from workbench.classroom.run import RunSummary
from workbench.models.catalog import pane
from workbench.classroom.position import Position
from follow_fixtures import NOWHERE, arrived, as_if_live
from screen_text import screen_text, until

TINY_TRAIN = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=3",
              "net=two-layer")


def presenters_run(iteration: int, epochs_done: int) -> RunSummary:
    """The presenter's run at `iteration` (of 30, 10 an epoch), its curves up to there."""
    losses = list(2.3 / (1 + np.arange(iteration) / 5))
    accuracies = [(epoch, 0.5 + 0.1 * epoch, 0.45 + 0.1 * epoch) for epoch in range(1, epochs_done + 1)]
    return RunSummary.rounded("TwoLayerNet", "synthetic-digits", "running", epoch=epochs_done + 1, epochs=3,
                              iteration=iteration, iterations=30, losses=losses, raw=losses, accuracies=accuracies)


async def test_a_followers_plots_are_drawn_again_only_when_their_curves_change():
    app = make_app(pane=("train", pane("train").parse(list(TINY_TRAIN))), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        train = app.screen.query_one(TrainPane)
        train.view = "curves"
        loss, accuracy = train.query_one("#train-loss", Plot), train.query_one("#train-accuracy", Plot)

        async def shown(run: RunSummary) -> tuple[int, int]:
            train.show_presenters_run(run, {})
            await pilot.pause(0.4)                  # past the plots' least interval between two drawings
            return loss.builds, accuracy.builds

        first = await shown(presenters_run(12, 1))
        assert first[0] >= 1 and first[1] >= 1
        assert await shown(replace(presenters_run(12, 1), iteration=13)) == first     # only the iteration moved
        assert "13/30" in screen_text(app)                                           # which the progress line says
        assert await shown(presenters_run(14, 1)) == (first[0] + 1, first[1])        # a new loss
        assert await shown(presenters_run(20, 2)) == (first[0] + 2, first[1] + 1)    # an epoch's end
        assert await shown(presenters_run(20, 2)) == (first[0] + 2, first[1] + 1)    # the same again


async def test_the_classroom_line_under_a_lesson_is_refreshed_when_home_is_shown_again():
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app._presenter_moved(Position("perceptron", 1))
        await arrived(pilot, app)
        await pilot.pause(0.2)
        home = next(screen for screen in app.screen_stack if isinstance(screen, HomeScreen))
        assert home is not app.screen
        line = home.query_one(ClassroomLine)
        refreshed = []
        refresh = line.refresh
        line.refresh = lambda *args, **kwargs: refreshed.append(kwargs) or refresh(*args, **kwargs)
        app.detach()                          # the line says so, on the lesson's screen
        await pilot.pause(0.2)
        assert "Exploring on your own" in screen_text(app)
        assert refreshed == []                # not on the screen under it
        app.action_home()
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause(0.3)
        assert refreshed
        assert "Exploring on your own" in screen_text(app) and "Following the presenter" not in screen_text(app)
