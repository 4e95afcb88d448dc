"""A browser's session outlives a minute of its browser's silence (a student's laptop asleep while they
change seats): aiohttp pings every `heartbeat` seconds and ends a session whose browser has not answered
half of that later; at textual-serve's 15 s, a laptop asleep 40 s came back to an ended workbench and
"Start again". Read off the websocket of a real session (a silent minute is not waited for here)."""
import asyncio
import sys

from test_classroom_channel import IDLE_APP, serving, wait_for


def test_a_sessions_websocket_waits_a_minute_and_a_half_for_its_silent_browser(tmp_path):
    import aiohttp

    script = tmp_path / "app.py"
    script.write_text(IDLE_APP)
    for classroom, base in serving(f"{sys.executable} {script}"):
        async def open_session() -> None:
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(base.replace("http", "ws") + "/ws/tok?width=80&height=24"):
                    assert await asyncio.to_thread(wait_for, lambda: classroom.sessions)
                    socket = next(iter(classroom.sessions.values())).websocket
                    assert socket._heartbeat >= 60 and socket._heartbeat + socket._pong_heartbeat <= 90

        asyncio.run(asyncio.wait_for(open_session(), 20))
