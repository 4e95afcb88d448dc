"""What the follower tests share: an address nothing answers, a follower made to believe a presenter is
live, waiting until it arrived, and a stand-in for the presenter's publisher."""
from workbench.classroom.channel import Address, ChannelState
from screen_text import until

NOWHERE = Address("http://127.0.0.1:9")      # nothing answers: the follower says so and keeps trying


def as_if_live(app) -> None:
    """Stop listening to the network and pretend a presenter is there (positions come from the test)."""
    app.following.subscriber.close()
    app.following.state = ChannelState(True, live=True)


async def arrived(pilot, app) -> None:
    """Until the follower is where the presenter is (its last tick found it there)."""
    await until(pilot, lambda: app.following.done == app.following.wanted)


class Published:
    """Stands for the presenter's publisher: keeps what it would send."""

    def __init__(self):
        self.positions = []

    def publish(self, position):
        self.positions.append(position)

    def close(self):
        pass
