"""A browser session whose student explores on their own (detached from the presenter, `E`) ends after
--idle-minutes without a key of its own, however much the presenter moves meanwhile (tidy51): the
presenter's moves counted as every session's activity, so a student who had walked away from the
class's step was kept as long as the presenter went on. One that follows stays (test_class50b_idle)."""
import asyncio
import threading

import pytest

from tests.test_class50b_idle import _open_for, a_class_on_one_step
from workbench.classroom.position import Position

MOVE_EVERY = 0.25
"""Seconds between the presenter's moves: more often than the idle check (1 s at an idle time of 1 s)."""


@pytest.mark.parametrize("exploring, ends", [("1", True), ("0", False)], ids=["exploring", "following"])
def test_the_presenters_moves_keep_a_following_session_not_an_exploring_one(tmp_path, exploring, ends):
    with a_class_on_one_step(tmp_path, exploring) as (base, publisher):
        stop = threading.Event()

        def present():                  # the presenter steps on and on: 1, 2, 1, 2, …
            step = 1
            while not stop.wait(MOVE_EVERY):
                step = 3 - step
                publisher.publish(Position("perceptron", step))

        presenting = threading.Thread(target=present, daemon=True)
        try:
            presenting.start()
            code = asyncio.run(_open_for(base, 4.5))
        finally:
            stop.set()
            presenting.join(5)
    assert (code == 4002) if ends else code is None, code
