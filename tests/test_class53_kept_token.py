"""A join token kept for the next `workbench serve` on its port expires: it is reused only if its server
was last alive less than KEEP_FOR (3 hours) ago, and the instructor is told at start which happened.
Before, the kept token never expired: last month's join URL still opened today's class. All on a fake
wall clock; no server is started (its `serve` is replaced) and nothing sleeps."""
import asyncio
import socket

import pytest

from workbench import cli
from workbench.classroom.kept_token import ALIVE_EVERY, KEEP_FOR, keep_token, kept_token, token_file
from workbench.commands import serve as serve_command

START = 1_800_000_000.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clock:
    """The wall clock `workbench serve` reads; a server's run moves it on by `runs_for` seconds."""

    def __init__(self) -> None:
        self.now = START
        self.runs_for = 50 * 60.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from workbench.serve.server import ClassroomServer

    clock = Clock()
    monkeypatch.setattr(serve_command, "wall_clock", clock)
    clock.tokens = []

    def serve(server):          # a class of `runs_for` seconds, then Ctrl+C
        clock.tokens.append(server.token)
        clock.now += clock.runs_for

    monkeypatch.setattr(ClassroomServer, "serve", serve)
    return clock


def start(capsys, port, *extra, lang="en"):
    assert cli.main(["--lang", lang, "serve", "--host", "0.0.0.0", "--port", str(port), *extra]) == 130
    return " ".join(capsys.readouterr().out.split())


def test_a_server_started_again_within_hours_reuses_its_token_and_says_how_long_ago(capsys, clock):
    port = free_port()
    first = start(capsys, port)
    assert "Reusing" not in first and "A new join URL" not in first      # nothing was kept: nothing to say
    clock.now += 5 * 60                     # the network dropped; the server is started again
    again = start(capsys, port)
    assert clock.tokens[0] == clock.tokens[1]
    assert "Reusing the join URL of the class on this port, whose server stopped 5 minutes ago" in again
    clock.now += KEEP_FOR - 60              # a long lunch: still the same class
    assert start(capsys, port) and clock.tokens[2] == clock.tokens[0]


@pytest.mark.parametrize("gone, said", [(3 * 86400, "3 days"), (KEEP_FOR + 60, "3 hours"), (30 * 86400, "30 days")])
def test_a_token_kept_from_too_long_ago_is_not_reused_and_the_instructor_is_told(capsys, clock, gone, said):
    port = free_port()
    start(capsys, port)
    clock.now += gone
    later = start(capsys, port)
    assert clock.tokens[1] != clock.tokens[0]
    assert f"?token={clock.tokens[1]}" in later
    assert (f"A new join URL: the last one on this port is from {said} ago, and one is reused only within "
            "3 hours of its server stopping.") in later
    assert kept_token(port, "0.0.0.0", clock.now).token == clock.tokens[1]     # the new one is kept now


def test_korean_says_the_same(capsys, clock):
    port = free_port()
    start(capsys, port, lang="ko")
    clock.now += 90
    assert "이 포트에서 2분 전에 멈춘 수업의 참여 URL을 다시 씁니다." in start(capsys, port, lang="ko")
    clock.now += 2 * 86400
    assert "이 포트의 지난 URL은 2일 전의 것이고, 참여 URL은 서버가 멈춘 뒤 3시간 안에만" in start(capsys, port, lang="ko")


def test_new_token_says_the_last_link_opens_nothing_and_is_kept_for_the_next_start(capsys, clock):
    port = free_port()
    start(capsys, port)
    clock.now += 60
    fresh = start(capsys, port, "--new-token")
    assert clock.tokens[1] != clock.tokens[0]
    assert "A new join URL, as --new-token asked: the last one opens nothing now." in fresh
    clock.now += 60
    assert "Reusing" in start(capsys, port) and clock.tokens[2] == clock.tokens[1]


def test_the_age_counts_from_the_last_sign_of_life_not_the_start(capsys, clock):
    """A whole-day workshop's server noted it was alive every ALIVE_EVERY; killed outright (no stop written)
    after 8 hours, and started again 10 minutes on, it is the same class."""
    port = free_port()
    keep_token(port, "0.0.0.0", "Ab3dEf6hIj9kLm", START)                    # the start
    keep_token(port, "0.0.0.0", "Ab3dEf6hIj9kLm", START + 8 * 3600)         # its last minute alive
    clock.now = START + 8 * 3600 + 10 * 60
    assert "whose server stopped 10 minutes ago" in start(capsys, port)
    assert clock.tokens == ["Ab3dEf6hIj9kLm"]


def test_a_running_server_notes_it_is_alive_every_minute(monkeypatch):
    from workbench.serve.server import ClassroomServer

    noted, naps = [], []

    async def nap(seconds):
        naps.append(seconds)
        if len(naps) > 3:
            raise asyncio.CancelledError

    server = ClassroomServer("true", host="0.0.0.0", port=free_port(), token="Ab3dEf6hIj9kLm", presenter_key="k",
                             alive=lambda: noted.append(len(naps)))
    monkeypatch.setattr("workbench.serve.server.asyncio.sleep", nap)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(server._note_alive())
    assert naps == [ALIVE_EVERY] * 4 and noted == [1, 2, 3]


def test_a_kept_token_file_is_private_and_its_clock_read_with_care(clock):
    port = free_port()
    token_file(port).parent.mkdir(parents=True, exist_ok=True)
    token_file(port).with_suffix(".tmp").write_text("left by a crash")
    token_file(port).with_suffix(".tmp").chmod(0o644)
    keep_token(port, "0.0.0.0", "Ab3dEf6hIj9kLm", START)
    assert token_file(port).stat().st_mode & 0o777 == 0o600
    assert not token_file(port).with_suffix(".tmp").exists()
    assert kept_token(port, "0.0.0.0", START - 3600).token == ""            # kept "in the future": clock set back
    assert kept_token(port, "0.0.0.0", START - 3600).age is None
    assert kept_token(port, "0.0.0.0", START - 5).token == "Ab3dEf6hIj9kLm"  # a clock corrected by seconds
    token_file(port).write_text('{"token": "Ab3dEf6hIj9kLm", "host": "0.0.0.0"}')   # class52's, with no time
    assert kept_token(port, "0.0.0.0", START) == kept_token(port, "0.0.0.0", START).__class__()


@pytest.mark.parametrize("seconds, said", [(10, "1 minute"), (89 * 60, "89 minutes"), (90 * 60, "2 hours"),
                                           (35 * 3600, "35 hours"), (36 * 3600, "2 days")])
def test_how_long_ago_reads_as_an_instructor_says_it(seconds, said):
    assert serve_command.how_long(seconds) == said


@pytest.mark.parametrize("lang, stopped, said", [
    ("en", "Stopped serving workbench", "Its join URL opens the next server started on this port within 3 hours (--new-token makes another)."),
    ("ko", "workbench 제공을 멈췄습니다", "3시간 안에 이 포트에서 서버를 다시 시작하면 같은 참여 URL이 열립니다(--new-token을 주면 새 URL을 만듭니다).")])
def test_a_stopped_server_says_how_long_its_join_url_stays_good(capsys, clock, lang, stopped, said):
    out = start(capsys, free_port(), lang=lang)
    assert out.index(said) > out.index(stopped)             # after the line saying it stopped


def test_a_server_on_this_computer_only_says_nothing_of_a_join_url(capsys, clock):
    assert cli.main(["serve", "--port", str(free_port())]) == 130
    assert "join URL opens" not in capsys.readouterr().out
