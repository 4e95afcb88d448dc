"""A presenter heard again after going quiet (its process paused, its network cut for longer than
LIVE_FOR), where it was, is said to be back to its followers at once: they said they were waiting for it
for up to WAIT seconds more (7–8 s measured after a 20 s pause), as only a move woke them."""
import asyncio
import time

from workbench.classroom.position import Position
from workbench.serve.server import LIVE_FOR, Presenter


def test_followers_waiting_hear_a_presenter_back_where_it_was():
    async def check():
        presenter = Presenter()
        presenter.update(Position("im2col", 2))
        heard_again = presenter.changed
        presenter.update(Position("im2col", 2))            # a heartbeat: nothing to wake anyone for
        assert not heard_again.is_set()
        presenter.heard = time.monotonic() - LIVE_FOR - 1   # quiet for longer than it counts as live
        assert not presenter.live
        version = presenter.version
        presenter.update(Position("im2col", 2))
        assert heard_again.is_set() and presenter.live and presenter.version == version
    asyncio.run(check())
