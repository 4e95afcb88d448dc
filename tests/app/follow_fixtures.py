"""What the follower tests share: an address nothing answers, a follower made to believe a presenter is
live, waiting until it arrived, a follower holding a pane's measurement, a stand-in for the presenter's
publisher, what a presenter on a pane publishes after some keys, and a follower's pane once it got there
and was handed the run."""
import pytest

from workbench.app import classroom
from workbench.app.app import make_app
from workbench.classroom.channel import Address, ChannelState
from workbench.classroom.position import Position, settings_text
from workbench.models.catalog import pane
from screen_text import until

NOWHERE = Address("http://127.0.0.1:9")      # nothing answers: the follower says so and keeps trying

QUICK_TICK = 0.05
"""Seconds between a test follower's catch-ups: a learner's app looks every `classroom.TICK` (0.2 s),
and each arrival (`arrived`) then each hand-over (`handed`) waited for the next of those ticks, some
0.3 s a wait in tests that wait for several; what a tick does is the same at either interval."""


@pytest.fixture(autouse=True)
def quick_follow_ticks(monkeypatch):
    """A follower made by a test that imports this fixture catches up every QUICK_TICK seconds."""
    monkeypatch.setattr(classroom, "TICK", QUICK_TICK)


def as_if_live(app) -> None:
    """Stop listening to the network and pretend a presenter is there (positions come from the test)."""
    app.following.subscriber.close()
    app.following.state = ChannelState(True, live=True)


async def arrived(pilot, app) -> None:
    """Until the follower is where the presenter is (its last tick found it there)."""
    await until(pilot, lambda: app.following.done == app.following.wanted)


async def holding_a_measurement(pilot, app) -> None:
    """Until a follower, as if a presenter were live, has arrived at a numerical-vs-backprop pane (a tiny
    net) and holds its measurement: a heavy job waits while following, asked for as the pane is shown."""
    as_if_live(app)
    app.following.wanted = Position(None, 0, "numerical-vs-backprop", settings_text(
        pane("numerical-vs-backprop").parse(["hidden_size=2", "batch_size=1"])))
    await arrived(pilot, app)
    await until(pilot, lambda: app.following.held)


class Published:
    """Stands for the presenter's publisher: keeps what it would send."""

    def __init__(self):
        self.positions = []

    def publish(self, position):
        self.positions.append(position)

    def close(self):
        pass


async def presenter_publishes(name: str, assignments, *steps):
    """What a presenter on pane `name` publishes after `steps` (a key to press, or a callable
    condition to wait for), the last position, its run and figures included."""
    app = make_app(pane=(name, pane(name).parse(list(assignments))), presenting=True, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = app.screen.query_one("#pane-area > *")
        app.sharing = published = Published()
        for step in steps:
            if callable(step):
                await until(pilot, lambda: step(shown))
            else:
                await pilot.press(step)
        await pilot.pause()             # the last key's messages handled: the position is read from the pane
        app.classroom_moved()
        app.sharing = None
        return published.positions[-1], shown


async def followed(pilot, position: Position, kind):
    """The follower's pane of `kind` once it has arrived at `position` (its run and figures handed)."""
    app = pilot.app
    as_if_live(app)
    app._presenter_moved(position)
    await arrived(pilot, app)
    await handed(pilot, app)
    return app.screen.query_one(kind)


async def handed(pilot, app) -> None:
    """Until a follow tick after the follower arrived has handed the presenter's run and figures to the
    pane as it now is (the tick that arrived handed them before it set the pane's settings, which may
    start the pane again), and the app is idle: what a fixed 0.3 s waited for."""
    ticks = []
    hand = app._show_presenters_run

    def counted() -> None:
        hand()
        ticks.append(True)

    app._show_presenters_run = counted          # what each tick (`_catch_up`) runs first
    try:
        await until(pilot, lambda: ticks)
    finally:
        del app._show_presenters_run
    await pilot.pause()


def trained(pane) -> bool:
    return pane.state == "done"
