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


async def test_a_followers_screen_is_laid_out_again_only_when_a_line_takes_other_rows(monkeypatch):
    """Each position of a presenter who trains updated the classroom line and the training pane's status
    lines, and every update laid the whole screen out again (6 ms of a follower's 35 ms a position) though
    their text nearly always kept its rows."""
    from textual.screen import Screen

    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        where = Position(None, 0, "train", ())
        app._presenter_moved(replace(where, run=presenters_run(12, 1), cursor="curves"))
        await arrived(pilot, app)
        line = app.screen.query_one(ClassroomLine)
        await until(pilot, lambda: "epoch 2/3" in line.render().plain.replace("\xa0", " "))
        await pilot.pause(0.5)
        layouts = []
        layout = Screen._refresh_layout
        monkeypatch.setattr(Screen, "_refresh_layout", lambda screen, *a, **k: layouts.append(1) or layout(screen, *a, **k))
        for iteration in (14, 16, 18):          # new figures, as many rows
            app._presenter_moved(replace(where, run=presenters_run(iteration, 1), cursor="curves"))
            await until(pilot, lambda: f"{iteration}/30" in screen_text(app))
            await pilot.pause(0.3)
        assert layouts == []
        rows = line.size.height
        app.detach()                            # a line of another length: laid out to its rows
        await until(pilot, lambda: "Exploring on your own" in line.render().plain)
        await pilot.pause(0.3)
        assert layouts and line.size.height == 1 and rows == 2


async def test_a_followers_tick_with_nothing_new_walks_no_pane(monkeypatch):
    """Five times a second a follower hands the presenter's run to its pane; saying that no figures of a
    later version came searched the whole pane for their line, half of a follower's CPU while nothing moved."""
    from textual.dom import DOMNode

    from workbench.app.panes.base import Pane

    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app._presenter_moved(Position(None, 0, "train", (), presenters_run(12, 1), cursor="curves"))
        await arrived(pilot, app)
        await pilot.pause(0.3)
        walks = []
        walk = DOMNode.walk_children
        monkeypatch.setattr(DOMNode, "walk_children",
                            lambda node, *a, **k: (isinstance(node, Pane) and walks.append(node)) or walk(node, *a, **k))
        for _ in range(5):
            app._show_presenters_run()
        assert walks == []
