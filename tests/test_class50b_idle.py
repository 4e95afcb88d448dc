"""A class that listens to one step longer than --idle-minutes is not sent home: a browser session whose
app follows a presenter who still publishes is watching, not idle (class50: every follower's session
ended after the idle time on one step, as no key was pressed). One that explores on its own, or whose
presenter went quiet, still ends."""
import asyncio
import sys
from contextlib import contextmanager

import aiohttp
import pytest

from tests.test_classroom_channel import serving
from workbench.classroom.channel import Address, Publisher
from workbench.classroom.position import Position

FOLLOWING_APP = """import os, sys, time, urllib.request
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
follower, exploring = os.environ.get("WORKBENCH_FOLLOWER_ID", "none"), sys.argv[2]
while True:             # as a follower asks: with the id its session was given
    url = sys.argv[1] + "/classroom/position?after=-1&token=tok&id=" + follower + "&exploring=" + exploring
    urllib.request.urlopen(url, timeout=5).read()
    time.sleep(0.2)
"""


async def _open_for(base: str, seconds: float) -> int | None:
    """The close code of a session's page within `seconds`, or None while it stays open."""
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(base.replace("http", "ws") + "/ws/tok?width=80&height=24") as socket:
            try:
                async with asyncio.timeout(seconds):
                    async for _ in socket:
                        pass
            except TimeoutError:
                return None
            return socket.close_code


@contextmanager
def a_class_on_one_step(tmp_path, exploring: str):
    """A classroom server whose one session's app follows as a follower asks (exploring on its own if
    `exploring` is "1"), and a presenter who has published 2.1 step 1: (the server's base URL, the
    presenter's publisher), the publisher closed and the server stopped at the end."""
    script = tmp_path / "app.py"
    script.write_text(FOLLOWING_APP)
    for classroom, base in serving(f"{sys.executable} {script} http://127.0.0.1:0 {exploring}", idle=1.0):
        classroom.command = classroom.command.replace("http://127.0.0.1:0", base)
        publisher = Publisher(Address(base), "key", lambda state: None).start()
        try:
            publisher.publish(Position("perceptron", 1))
            yield base, publisher
        finally:
            publisher.close()


@pytest.mark.parametrize("exploring, presenting, ends", [("0", True, False), ("1", True, True), ("0", False, True)],
                         ids=["following a live presenter", "exploring", "presenter gone"])
def test_a_session_following_a_live_presenter_on_one_step_outlives_the_idle_time(tmp_path, exploring, presenting,
                                                                                  ends):
    with a_class_on_one_step(tmp_path, exploring) as (base, publisher):   # one step, never another: heartbeats
        if not presenting:
            publisher.close()
        code = asyncio.run(_open_for(base, 4.5))
    assert (code == 4002) if ends else code is None, code


def test_a_sessions_app_follows_with_the_id_its_server_gave_it(monkeypatch):
    """The server knows which session follows by the id it gave it; a follower without one makes its own."""
    from workbench.classroom.channel import FOLLOWER_ENV, follower_id

    monkeypatch.setenv(FOLLOWER_ENV, "a1b2c3d4e5f6")
    assert follower_id() == "a1b2c3d4e5f6"
    for given in ("", "x" * 40, "a&id=b"):
        monkeypatch.setenv(FOLLOWER_ENV, given)
        assert follower_id() != given and 0 < len(follower_id()) <= 32
