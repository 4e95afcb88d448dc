"""A follower's run keeps up with the presenter's.

- The presenter publishes its run as each epoch ends (`RunMoved`), at most one a SHARE_GAP, not only at
  its once-a-second look: a run of short epochs lagged a few epochs on every follower (measured in tmux
  at a load of 4–7: an epoch's end reached the follower's pane a median 0.6–0.8 s later, at most 1.3 s;
  now 0.2 s, at most 0.6 s).
- The follower draws a run as it arrives, not at its next tick.
"""
import threading
import time

from workbench.app import classroom
from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.models.catalog import pane
from follow_fixtures import NOWHERE, as_if_live, presenter_publishes, trained
from screen_text import until

TINY_TRAIN = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=3",
              "net=two-layer")


class Timed:
    """Stands for the presenter's publisher: keeps what it would send, and when."""

    def __init__(self):
        self.sent = []

    def publish(self, position):
        self.sent.append((time.monotonic(), position))

    def close(self):
        pass


async def test_a_presenter_publishes_its_run_as_epochs_end_at_most_one_a_gap():
    """Without its once-a-second timer (the stand-in publisher has none), the run still goes out as its
    epochs end, and its end; never two within SHARE_GAP of each other."""
    assignments = ["dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=8"]
    app = make_app(pane=("train", pane("train").parse(assignments)), presenting=True, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        train = app.screen.query_one(TrainPane)
        app.sharing = published = Timed()
        await pilot.press("g")
        await until(pilot, lambda: train.state == "done")
        await pilot.pause(1.0)
        app.sharing = None
    runs = [(at, position.run) for at, position in published.sent if position.run is not None]
    epochs = [len(run.accuracies) for _, run in runs]
    assert runs and runs[-1][1].state == "finished" and epochs[-1] == 8
    assert any(0 < n < 8 for n in epochs), epochs                     # as they ended, not only at the end
    gaps = [b - a for (a, _), (b, _) in zip(runs, runs[1:])]
    assert min(gaps) >= classroom.SHARE_GAP * 0.9, gaps


async def test_a_follower_draws_the_presenters_run_as_it_arrives_not_at_its_next_tick(monkeypatch):
    shared, presenter = await presenter_publishes("train", TINY_TRAIN, "g", trained, "2")
    monkeypatch.setattr(classroom, "TICK", 3600.0)        # no tick but the ones this test calls
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app._presenter_moved(shared.without_run())
        while app.following.done != app.following.wanted:
            await app._catch_up()
            await pilot.pause(0.1)
        train = app.screen.query_one(TrainPane)
        assert train.presenters_run is None and train.view == "curves"
        arriving = threading.Thread(target=app._presenter_moved, args=(shared,))     # the subscriber's thread
        arriving.start()
        await until(pilot, lambda: not arriving.is_alive(), seconds=10)
        await pilot.pause(0.1)
        assert train.presenters_run == shared.run and train.query_one("#train-loss").builds >= 1
