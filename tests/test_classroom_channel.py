"""The follow channel end to end over HTTP, with the classroom server in this process (issue 20):
the presenter's moves reach a follower within a second; keys, tokens and positions are checked."""
import asyncio
from dataclasses import replace
import json
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

import numpy as np
import pytest
from aiohttp import web

from workbench.classroom.channel import (PRESENTER_LEAVE_PATH, Address, BadURL, ChannelState, Publisher, Subscriber,
                                        local_address)
from workbench.classroom.position import BadPosition, Position
from workbench.classroom.run import BadRun, RunSummary
from workbench.i18n import t
from workbench.i18n.numbers import significant
from workbench.serve.server import ClassroomServer, is_loopback, join_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def quick_follow_ticks(monkeypatch):
    """A follower's app catches up with the presenter every 0.05 s, not every 0.2 s (classroom.TICK):
    the end-to-end tests wait for several of its catch-ups; what each does is the same."""
    from workbench.app import classroom

    monkeypatch.setattr(classroom, "TICK", 0.05)


@pytest.fixture
def server():
    yield from serving("true")


def serving(command: str, **options):
    """A ClassroomServer of `command` running in a thread of its own: (it, its base URL), then stopped."""
    port = free_port()
    classroom = ClassroomServer(command, host="127.0.0.1", port=port, token="tok", presenter_key="key", follow=True,
                                **options)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    runner_box = []

    async def start():
        runner = web.AppRunner(await classroom._make_app(), shutdown_timeout=1.0)   # an open long poll: 1 s, not 7
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runner_box.append(runner)
        started.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    assert started.wait(10)
    try:
        yield classroom, f"http://127.0.0.1:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(runner_box[0].cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def wait_for(predicate, seconds=5.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_the_presenters_moves_reach_a_follower_within_a_second(server):
    classroom, base = server
    states, positions = [], []
    publisher = Publisher(Address(base), "key", states.append).start()
    subscriber = Subscriber(Address(base, "tok", "f1"), positions.append, states.append).start()
    try:
        publisher.publish(Position("perceptron", 1, "perceptron", (("w1", "0.5"),)))
        assert wait_for(lambda: positions and positions[-1].step == 1)
        publisher.publish(Position("im2col", 1, "im2col", cursor="col 2 0"))      # through the server as it is
        assert wait_for(lambda: positions[-1].cursor == "col 2 0")
        assert wait_for(lambda: any(s.ok and s.join for s in states))
        assert classroom.presenter.live
        for step in (2, 3, 4):
            moved = time.monotonic()
            publisher.publish(Position("perceptron", step))
            assert wait_for(lambda: positions[-1].step == step, 2.0)
            assert time.monotonic() - moved < 1.0
        assert wait_for(lambda: any(s.followers >= 1 for s in states if s.ok and s.join), 5.0)
    finally:
        publisher.close()
        subscriber.close()


def test_a_presenter_sends_nothing_before_its_first_position(server):
    """A presenter started on a lesson (`workbench present 6.3 --share`) publishes the lesson's step once it
    is built: an empty home position sent before it made waiting followers go home first."""
    classroom, base = server
    positions = []
    subscriber = Subscriber(Address(base, "tok", "f0"), positions.append, lambda state: None).start()
    publisher = Publisher(Address(base), "key", lambda state: None).start()
    try:
        time.sleep(0.5)
        assert classroom.presenter.position is None and not positions
        publisher.publish(Position("perceptron", 3))
        assert wait_for(lambda: positions)
        assert positions == [Position("perceptron", 3)]
    finally:
        publisher.close()
        subscriber.close()


def test_a_wrong_presenter_key_and_a_wrong_token_are_refused(server):
    classroom, base = server
    states, follower_states = [], []
    publisher = Publisher(Address(base), "not-the-key", states.append).start()
    subscriber = Subscriber(Address(base, "wrong"), lambda p: None, follower_states.append).start()
    try:
        publisher.publish(Position("perceptron", 3))
        assert wait_for(lambda: states and states[-1] == ChannelState(False, "refused"))
        assert wait_for(lambda: follower_states and follower_states[-1] == ChannelState(False, "refused"))
        assert classroom.presenter.position is None
    finally:
        publisher.close()
        subscriber.close()


@pytest.mark.parametrize("first_key", [None, "an-old-key"])
def test_a_presenter_reads_the_key_again_after_a_refusal_or_none(server, first_key):
    """The server started after the presenter, or restarted with a new key: the next send finds it."""
    classroom, base = server
    states = []
    publisher = Publisher(Address(base), first_key, states.append, find_key=lambda: "key").start()
    try:
        publisher.publish(Position("perceptron", 3))
        assert wait_for(lambda: classroom.presenter.position == Position("perceptron", 3))
        assert wait_for(lambda: states and states[-1].ok) and publisher.key == "key"
    finally:
        publisher.close()


@pytest.mark.parametrize("first_key", [None, "key"])
def test_a_presenter_sharing_without_a_url_moves_to_the_server_found_here(server, first_key):
    """`present --share` before `serve --follow --port 8765`, or the server started again on another
    port: nothing answers where the presenter shares (no key there, or no server), so it looks for the
    server on this computer by its key and moves to it. A URL given is never left (`find_key` only)."""
    classroom, base = server
    states = []
    nowhere = Address(f"http://127.0.0.1:{free_port()}", found=True)
    publisher = Publisher(nowhere, first_key, states.append, find_key=lambda: "key",
                          find_server=lambda: (Address(base, found=True), "key")).start()
    try:
        publisher.publish(Position("perceptron", 3))
        assert wait_for(lambda: classroom.presenter.position == Position("perceptron", 3))
        assert wait_for(lambda: states and states[-1].ok) and publisher.address.base == base
    finally:
        publisher.close()
    given = Publisher(replace(nowhere, found=False), first_key, states.append, find_key=lambda: "key").start()
    try:
        given.publish(Position("perceptron", 3))
        assert wait_for(lambda: not states[-1].ok) and given.address.base == nowhere.base
    finally:
        given.close()


async def test_a_presenter_sharing_without_a_url_and_no_server_here_says_to_start_one_on_any_port():
    from workbench.app.app import make_app
    from workbench.app.presenter import ClassroomLine

    app = make_app(lesson_id="perceptron", step=1, presenting=True, lang="en", share=local_address(free_port()))
    async with app.run_test(size=(160, 24)) as pilot:
        await until(pilot, lambda: app.share_state is not None and not app.share_state.ok)
        await pilot.pause()
        line = app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " ")
        assert "start 'workbench serve --follow' on this computer first (any port: it is found)" in line, line


@pytest.mark.slow
def test_followers_hear_soon_that_the_presenter_went_quiet(server, monkeypatch):
    """Once the presenter stops (quit, or its computer slept), followers hear it when it stops counting
    as live, not at the end of their 15 s wait. A presenter counts as live here for one heartbeat and a
    second (3 s, not the server's 7): still live between heartbeats, quiet 4 s sooner."""
    from workbench.classroom.channel import HEARTBEAT
    from workbench.serve import server as serve_module

    LIVE_FOR = HEARTBEAT + 1
    monkeypatch.setattr(serve_module, "LIVE_FOR", LIVE_FOR)
    classroom, base = server
    follower_states = []
    publisher = Publisher(Address(base), "key", lambda state: None).start()
    subscriber = Subscriber(Address(base, "tok", "f2"), lambda position: None, follower_states.append).start()
    try:
        publisher.publish(Position("perceptron", 1))
        assert wait_for(lambda: follower_states and follower_states[-1].live)
        publisher.close()
        quiet = time.monotonic()
        assert wait_for(lambda: not follower_states[-1].live, LIVE_FOR + 4)
        assert time.monotonic() - quiet < LIVE_FOR + 3
    finally:
        publisher.close()
        subscriber.close()


def post(url: str, body: bytes, key: str = "key") -> int:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Workbench-Presenter": key})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("body", [b"not json", json.dumps({"lesson": "../../etc/passwd"}).encode(),
                                  json.dumps({"lesson": "x", "step": -1}).encode(),
                                  json.dumps({"pane": "conv", "settings": [["k", "a\nb"]]}).encode(),
                                  json.dumps({"pane": "conv", "settings": [["k", "v"]] * 41}).encode()])
def test_a_position_that_is_not_one_is_refused(server, body):
    classroom, base = server
    assert post(base + "/classroom/presenter", body) == 400
    assert classroom.presenter.position is None


def test_only_the_page_its_files_the_websocket_and_the_channel_are_served(server):
    classroom, base = server
    assert status(base + "/?token=tok") == 200
    assert status(base + "/") == 403 and status(base + "/?token=nope") == 403
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/?token=nope", timeout=10)
    page = refused.value.read().decode()         # read on a phone at its width, in the class's language
    assert "Not this link" in page and "name='viewport'" in page and "<html lang='en'>" in page
    assert "word-break:keep-all" in page                  # Korean breaks between words, as in the app
    assert status(base + "/static/js/textual.js") == 200
    for path in ("/download/anything", "/static/", "/static/../server.py", "/static/%2e%2e/server.py",
                 "/etc/passwd", "/classroom/position?after=0"):
        assert status(base + path) in (403, 404), path


def test_the_page_asks_no_other_site_for_anything(server):
    classroom, base = server
    with urllib.request.urlopen(base + "/?token=tok", timeout=10) as response:
        page = response.read().decode()
    assert "textual.js" in page and "xterm.css" in page             # textual-serve's page, served here
    addresses = [address for address in re.findall(r"(?:href|src)=\"([^\"]+)\"", page)]
    assert addresses and all(address.startswith(base) for address in addresses), addresses


def page_in(classroom, lang: str) -> str:
    """The server's page for a session, as a class taught in `lang` gets it."""
    from workbench.i18n import language, set_language

    before = language()
    set_language(lang)
    try:
        return classroom.page_template()
    finally:
        set_language(before)


@pytest.mark.parametrize("lang, ended, again", [
    ("en", "had no key for 30 minutes, or the class server stopped.", ">Start again</button>"),
    ("ko", "30분 동안 키 입력이 없었거나, 수업 서버가 멈췄습니다.", ">다시 시작</button>")])
def test_the_page_of_an_ended_session_says_why_in_the_class_language(server, lang, ended, again):
    """textual-serve's page said "Session ended." and "Restart" in English to a Korean class, after Ctrl+Q,
    an idle half hour or the server stopping alike."""
    classroom, base = server
    if lang == "en":
        with urllib.request.urlopen(base + "/?token=tok", timeout=10) as response:
            page = response.read().decode()
    else:
        page = page_in(classroom, lang)
    assert ended in page and again in page and "Session ended" not in page and f'<html lang="{lang}">' in page
    assert "word-break:keep-all" in page                   # 입력 stayed whole at the end of a row


@pytest.mark.parametrize("lang, start", [("en", 'id="start">Start</button>'), ("ko", 'id="start">시작</button>')])
def test_the_start_button_of_a_delayed_page_speaks_the_class_language(server, lang, start):
    """With ?delay=1 textual-serve's page waits for its Start button, which read "Start" on a Korean page;
    the words saying the session starts are hidden while it waits."""
    classroom, base = server
    page = page_in(classroom, lang)
    assert start in page and ">Start<" not in page.replace(start, ""), page
    assert ".intro:has(#start.-delay) .starting{display:none}" in page


@pytest.mark.parametrize("lang, starting", [("en", "Starting your workbench…"), ("ko", "workbench를 시작하는 중입니다…")])
def test_the_page_says_its_workbench_is_starting_and_names_its_tab(server, lang, starting):
    """While a session starts (seconds; half a minute on a busy class server) its page showed textual-serve's
    logo and "workbench" only: a student who took it for stuck reloaded, which started it again. The tab
    read the URL."""
    classroom, base = server
    page = page_in(classroom, lang)
    intro = page[page.index('<div class="intro">'):page.index('<div class="dialog-container closed-dialog">')]
    assert starting in intro and "<title>workbench</title>" in page and "Textual Application" not in page
    with urllib.request.urlopen(base + "/?token=tok", timeout=10) as response:
        served = response.read().decode()
    assert "<title>workbench</title>" in served and '<p class="starting">' in served


def test_serve_says_the_port_is_taken_before_it_announces_a_url(capsys):
    from workbench import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert "Serving" not in out and "http://" not in out
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in err and len(err.strip().splitlines()) == 1
    assert cli.main(["serve", "--host", "no-such-host.invalid", "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert "http://" not in out and "no such host name or address" in err


@pytest.mark.parametrize("lang, said", [
    ("en", "Only this computer can open it. For students on their own computers, serve with:\n"
           "    workbench serve --host 0.0.0.0 --port {port} --follow\n"),
    ("ko", "이 컴퓨터에서만 열 수 있습니다. 학생들이 각자의 컴퓨터에서 열게 하려면 이렇게 시작하세요:\n"
           "    workbench serve --host 0.0.0.0 --port {port} --follow\n")])
def test_serve_on_this_computer_only_says_how_students_on_their_own_computers_would_join(capsys, monkeypatch, lang,
                                                                                      said):
    """`serve --follow` on 127.0.0.1 (the default) put http://127.0.0.1:8000/ on the presenter's projected
    line, which opens nothing on a student's laptop, and nothing said so."""
    from workbench import cli
    from workbench.serve import server

    monkeypatch.setattr(server.ClassroomServer, "serve", lambda self: None)
    port = free_port()
    cli.main(["--lang", lang, "serve", "--port", str(port), "--follow"])
    assert said.format(port=port) in capsys.readouterr().out
    cli.main(["--lang", lang, "serve", "--host", "0.0.0.0", "--port", str(port)])
    assert "--host 0.0.0.0" not in capsys.readouterr().out       # the room's server: its join URL, nothing else


@pytest.mark.parametrize("lang, name, status, said", [
    ("en", "SIGINT", 130, "Stopped serving workbench (Ctrl+C)."),
    ("ko", "SIGINT", 130, "workbench 제공을 멈췄습니다(Ctrl+C)."),
    ("en", "SIGTERM", 143, "Stopped serving workbench (SIGTERM).")])
def test_serve_stopped_by_ctrl_c_or_kill_says_so_and_exits_128_plus_the_signal(tmp_path, lang, name, status, said):
    """`serve` exited 0 when stopped with Ctrl+C, where `train` and the others exit 130 (143 for `kill`)."""
    import os
    import signal
    import subprocess

    port = free_port()
    env = os.environ | {"WORKBENCH_STATE_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", lang, "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert wait_for(lambda: _listening(port), 60), "the server never listened"
        process.send_signal(getattr(signal, name))
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == status, err
    assert out.splitlines()[-1] == said and "Traceback" not in err


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_a_position_reads_back_as_itself_and_refuses_what_is_not_one():
    position = Position("conv-layer", 2, "conv", (("stride", "1"), ("input_shape", "1, 1, 7, 7")))
    assert Position.from_json(json.loads(json.dumps(position.to_json()))) == position
    pointed = Position("im2col", 4, "im2col", (("view", "col2im"),), cursor="x 0 0 1 1")
    assert Position.from_json(json.loads(json.dumps(pointed.to_json()))) == pointed
    assert Position.from_json({"lesson": "im2col"}).cursor == ""             # a presenter without cursors
    for data in ([], {"lesson": 3}, {"lesson": "A/b"}, {"step": True}, {"settings": [["k"]]},
                 {"settings": [["k", "x" * 201]]}, {"cursor": 3}, {"cursor": "x" * 65}, {"cursor": "col\n1 0"}):
        with pytest.raises(BadPosition):
            Position.from_json(data)


def test_addresses_and_join_urls():
    assert Address.parse("http://10.0.0.5:8000/?token=abc") == Address("http://10.0.0.5:8000", "abc")
    assert Address.parse("10.0.0.5:8000") == Address("http://10.0.0.5:8000")
    assert Address("http://h:8001", "t").position_url(3) == "http://h:8001/classroom/position?after=3&token=t"
    for bad in ("ftp://x/", "http://", "http://h:99999/", "file:///etc/passwd",
                "http://a b/", "a b:8000", "http://a%20b/", "http://h*st:8000/", "http://a..b/", "http://h:8000/?token=a b",
                "http://[::1/", "[::1:8000"):
        with pytest.raises(BadURL):
            Address.parse(bad)
    assert Address.parse("http://[::1]:8000/").base == "http://[::1]:8000"
    assert Address.parse("https://class-room_2.example.org./?token=t").token == "t"
    assert Address.parse("http://교실.kr:8000").base == "http://교실.kr:8000"
    assert join_url("127.0.0.1", 8000, "") == "http://127.0.0.1:8000/"
    assert join_url("192.168.1.5", 8000, "tok") == "http://192.168.1.5:8000/?token=tok"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("")


def test_a_server_on_one_address_also_listens_on_this_computer_for_the_presenter():
    served = ClassroomServer("true", host="192.0.2.7", port=18000, token="tok", presenter_key="k", follow=True)
    assert served.host == ["192.0.2.7", "127.0.0.1"] and served.join_url == "http://192.0.2.7:18000/?token=tok"
    for host in ("127.0.0.1", "0.0.0.0"):
        assert ClassroomServer("true", host=host, port=18000, token="", presenter_key="k", follow=True).host == host
    assert ClassroomServer("true", host="192.0.2.7", port=18000, token="t", presenter_key="k").host == "192.0.2.7"


# -- the presenter's run, shared with its position ---------------------------------------------------

RUN = RunSummary("TwoLayerNet", "synthetic-digits", "running", epoch=3, epochs=17, iteration=25, iterations=170,
                 loss=0.2135, train_acc=0.9, test_acc=0.9123)


def test_a_run_reaches_a_follower_with_the_presenters_position(server):
    classroom, base = server
    positions = []
    publisher = Publisher(Address(base), "key", lambda state: None).start()
    subscriber = Subscriber(Address(base, "tok", "f3"), positions.append, lambda state: None).start()
    try:
        publisher.publish(Position("training-loop", 2, "train", (("epochs", "17"),), RUN))
        assert wait_for(lambda: positions and positions[-1].run == RUN)
        assert positions[-1].without_run() == Position("training-loop", 2, "train", (("epochs", "17"),))
        finished = RunSummary("TwoLayerNet", "synthetic-digits", "finished", epoch=17, epochs=17, test_acc=0.95)
        publisher.publish(Position("training-loop", 2, "train", (("epochs", "17"),), finished))
        assert wait_for(lambda: positions[-1].run == finished)
    finally:
        publisher.close()
        subscriber.close()


def test_a_run_reads_back_as_itself_rounded_and_without_figures_that_are_not_finite():
    assert RunSummary.from_json(json.loads(json.dumps(RUN.to_json()))) == RUN
    rounded = RunSummary.rounded("SimpleConvNet", "mnist", "paused", epoch=2.0, epochs=5, iteration=None,
                                 loss=0.123456789, train_acc=0.987654, test_acc=float("nan"))
    assert rounded == RunSummary("SimpleConvNet", "mnist", "paused", epoch=2, epochs=5, loss=0.123456789, train_acc=0.9877)
    assert RunSummary.from_json({"network": "DeepConvNet", "dataset": "mnist", "state": "finished"}).epoch == 0


def refused_everywhere(server, data: dict, lesson: str, pane: str) -> None:
    """A run summary `data` that is not one: refused on reading, and with it a position that carries it,
    by the reader and by the server (400), which keeps no position."""
    with pytest.raises(BadRun):
        RunSummary.from_json(data)
    position = {"lesson": lesson, "step": 2, "pane": pane, "settings": [], "run": data}
    with pytest.raises(BadPosition):
        Position.from_json(position)
    classroom, base = server
    assert post(base + "/classroom/presenter", json.dumps(position).encode()) == 400
    assert classroom.presenter.position is None

@pytest.mark.parametrize("change", [
    {"state": "exploded"}, {"network": "Two Layer Net"}, {"network": "x" * 41}, {"network": "Net\n"},
    {"dataset": "../../etc/passwd"}, {"dataset": None}, {"epoch": -1}, {"epoch": 10 ** 10}, {"epoch": 2.5},
    {"iterations": True}, {"loss": -0.1}, {"loss": float("nan")}, {"loss": float("inf")}, {"loss": 1e7},
    {"loss": "0.2"}, {"test_acc": 1.5}, {"train_acc": -0.01}, {"test_acc": False}])
def test_a_run_that_is_not_one_is_refused_and_with_it_the_position(server, change):
    data = {**RUN.to_json(), **change}
    refused_everywhere(server, data, "training-loop", "train")


async def test_a_presenters_training_run_reaches_a_follower_at_most_four_times_a_second(server):
    """The presenter's app (Pilot) trains and shares through the server in this process; a follower's
    subscriber hears the run move on and end, and the server hears of it as epochs end, at most once a
    SHARE_GAP (a quarter of a second), however short the epochs (a run reports four times a second)."""
    from workbench.app.classroom import SHARE_GAP
    from workbench.app.app import make_app
    from workbench.app.classroom import run_text
    from workbench.app.panes.train import TrainPane
    from workbench.classroom.channel import write_key
    from workbench.models.catalog import pane

    classroom, base = server
    write_key(Address(base).port, "key", base + "/")          # as `workbench serve` leaves it
    positions = []
    subscriber = Subscriber(Address(base, "tok", "f4"), positions.append, lambda state: None).start()
    tiny = ["dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=1000"]
    app = make_app(pane=("train", pane("train").parse(tiny)), presenting=True, share=Address(base))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            train = app.screen.query_one(TrainPane)
            assert wait_for(lambda: classroom.presenter.position is not None)
            await pilot.pause(0.2)
            assert classroom.presenter.position.pane == "train" and classroom.presenter.position.run is None
            await pilot.press("g")
            await until(pilot, lambda: len(train.records) >= 3)
            version, started = classroom.presenter.version, time.monotonic()
            await until(pilot, lambda: time.monotonic() - started > 3)
            moves = classroom.presenter.version - version
            assert 1 <= moves <= (time.monotonic() - started) / SHARE_GAP + 1
            running = positions[-1].run
            assert running.state == "running" and running.network == "SimpleConvNet" and running.epochs == 1000
            assert running.epoch >= 2 and 0 < running.iteration <= running.iterations == 10 * 1000
            await pilot.press("x")
            await until(pilot, lambda: train.state == "done")
            await until(pilot, lambda: positions[-1].run is not None and positions[-1].run.state == "stopped")
            last = [record for record in train.records if record.epoch > 0][-1]
            run = positions[-1].run
            assert (run.epoch, run.test_acc, run.train_acc) == (last.epoch, round(last.test_acc, 4),
                                                                round(last.train_acc, 4))
            # the loss the follower's line says is the one the presenter's results line says: the epoch's
            # mean (it was the smoothed loss at the last step: 2.330 on the line, 2.338 on the presenter's)
            assert run.dataset == "synthetic-digits" and run.loss == float(train.epoch_loss(last))
            said = f"loss {significant(run.loss)}"
            assert said in run_text(run).replace("\xa0", " ") and said + "," in str(train.query_one("#train-epoch-text").render()).replace("\xa0", " ")
    finally:
        subscriber.close()


async def until(pilot, condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.05)


# -- the presenter's curves, thinned, with the run --------------------------------------------------

def test_a_runs_curves_are_thinned_rounded_bounded_on_the_wire_and_read_back():
    """A long run's smoothed loss (100,000 iterations) and accuracies (1,000 epochs) go as at most
    MAX_POINTS points each, the first and the last among them, in about 5 KB of JSON."""
    from workbench.classroom.run import MAX_POINTS

    losses = [2.3 / (1 + i / 500) for i in range(100_000)]
    accuracies = [(epoch, 0.5 + epoch / 2500, 0.5 + epoch / 2600) for epoch in range(1, 1001)]
    run = RunSummary.rounded("SimpleConvNet", "mnist", "running", epoch=1000, epochs=1000, iteration=100_000,
                             iterations=100_000, losses=losses, accuracies=accuracies)
    assert len(run.losses) == len(run.accuracies) == MAX_POINTS
    assert run.losses[0] == (1, 2.3) and run.losses[-1] == (100_000, float(f"{losses[-1]:.4g}"))
    assert run.accuracies[0][0] == 1 and run.accuracies[-1] == (1000, 0.9, round(0.5 + 1000 / 2600, 4))
    wire = json.dumps(Position("training-loop", 2, "train", (("epochs", "1000"),), run).to_json())
    assert len(wire) < 6000
    assert Position.from_json(json.loads(wire)).run == run
    short = RunSummary.rounded("TwoLayerNet", "mnist", "running", losses=[0.5, 0.4, float("nan"), 0.3],
                               accuracies=[(1, 0.8, float("nan")), (2, 0.9, 0.85)])
    assert short.losses == ((1, 0.5), (2, 0.4)) and short.accuracies == ((2, 0.9, 0.85),)   # diverged: cut there


CURVES = RunSummary.rounded("TwoLayerNet", "synthetic-digits", "running", epoch=2, epochs=17,
                            losses=[2.0, 1.5, 1.2], accuracies=[(1, 0.5, 0.45), (2, 0.6, 0.55)]).to_json()


@pytest.mark.parametrize("change", [
    {"losses": [[k + 1, 0.5] for k in range(121)]}, {"accuracies": [[k, 0.5, 0.5] for k in range(121)]},
    {"losses": [[1, float("nan")]]}, {"losses": [[1, float("inf")]]}, {"losses": [[1, -0.5]]}, {"losses": [[1, 1e7]]},
    {"accuracies": [[1, 1.5, 0.5]]}, {"accuracies": [[1, 0.5, float("nan")]]}, {"accuracies": [[1, 0.5, -0.1]]},
    {"losses": [[2, 0.5], [2, 0.4]]}, {"losses": [[3, 0.5], [2, 0.4]]}, {"losses": [[0, 0.5]]},
    {"losses": [[1.5, 0.5]]}, {"losses": [[True, 0.5]]}, {"losses": [[1, "0.5"]]}, {"losses": [[1]]},
    {"accuracies": [[1, 0.5]]}, {"losses": "[[1, 0.5]]"}, {"losses": {"1": 0.5}}, {"accuracies": None},
    {"kind": "guess"}, {"val_acc": 1.01}])
def test_a_run_whose_curves_are_not_curves_is_refused_and_with_it_the_position(server, change):
    assert RunSummary.from_json(json.loads(json.dumps(CURVES))).losses == ((1, 2.0), (2, 1.5), (3, 1.2))
    data = {**CURVES, **change}
    refused_everywhere(server, data, "training-loop", "train")


async def test_a_followers_training_pane_draws_the_presenters_curves_and_its_own_after_a_key(server):
    """End to end: the presenter's app trains and shares through the server in this process; the
    follower's app (its own subscriber) draws the presenter's curves in its training pane, trains
    nothing, says whose run it is, and shows its own pane again once the student presses a key."""
    from workbench.app.app import make_app
    from workbench.app.panes.train import TrainPane
    from workbench.classroom.channel import write_key
    from workbench.models.catalog import pane

    classroom, base = server
    write_key(Address(base).port, "key", base + "/")
    tiny = ["dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=3",
            "net=two-layer"]
    presenter = make_app(pane=("train", pane("train").parse(tiny)), presenting=True, share=Address(base))
    follower = make_app(follow=Address(base, "tok"))
    async with presenter.run_test(size=(80, 24)) as pilot, follower.run_test(size=(80, 24)) as seen:
        train = presenter.screen.query_one(TrainPane)
        await until(seen, lambda: any(isinstance(w, TrainPane) for w in follower.screen.query("#pane-area > *")))
        mine = follower.screen.query_one(TrainPane)
        assert mine.view == "setup" and mine.presenters_run is None
        await pilot.press("g")
        await until(pilot, lambda: train.state == "done")
        await until(seen, lambda: mine.presenters_run is not None and mine.presenters_run.state == "finished")
        run = mine.presenters_run
        assert run.losses[-1] == (len(train.smooth), float(f"{train.smooth[-1]:.4g}"))
        assert [point[0] for point in run.accuracies] == [1, 2, 3]
        assert run.accuracies[-1][2] == round(train.records[-1].test_acc, 4)
        curves = mine.curves()
        assert list(curves.steps) == [step for step, _ in run.losses] and curves.epochs == [1, 2, 3]
        assert curves.raw == [float(f"{loss:.4g}") for loss in train.losses]       # 30 steps: every one
        assert list(curves.raw_steps) == list(range(1, 31))
        assert mine.view == "curves" and not mine.jobs and not mine.losses and not mine.records   # drawn, not trained
        await until(seen, lambda: str(mine.query_one("#train-status").render()).startswith(
            "The presenter's run of TwoLayerNet: done"))                 # not a fixed 0.3 s
        await seen.pause()
        status, epoch = (str(mine.query_one(name).render()) for name in ("#train-status", "#train-epoch-text"))
        assert status.startswith("The presenter's run of TwoLayerNet: done, epoch 3/3 · trained on the presenter's")
        # "epoch 3: loss …, train …", without the presenter's images/s, a figure of the presenter's computer
        assert str(train.query_one("#train-epoch-text").render()).startswith(epoch + " · ") and "images/s" not in epoch
        assert mine.query_one("#train-accuracy-box").display
        caption = mine.query_one("#train-loss-caption").render().plain
        assert "smoothed" in caption and "raw" in caption             # both curves, as the presenter's
        await until(seen, lambda: mine.query_one("#train-loss").builds >= 1)   # a plot builds at most every 0.25 s
        assert mine.query_one("#train-loss").size.area > 0
        await seen.press("x")                       # the student takes over: the pane is theirs again
        await until(seen, lambda: mine.presenters_run is None)
        assert mine.view == "curves" and mine.state == "idle"      # in the view the presenter showed
        assert "presenter" not in str(mine.query_one("#train-status").render())


async def test_a_followers_playground_draws_the_presenters_curves_and_figures(server):
    """Lesson 4.4: the presenter's playground epochs reach the follower's playground, whose plots and
    figures are the presenter's (its map stays its own network: no weights travel); a key gives it back."""
    from workbench.app.app import make_app
    from workbench.app.panes.playground import PlaygroundPane
    from workbench.classroom.channel import write_key
    from workbench.models.catalog import pane

    classroom, base = server
    write_key(Address(base).port, "key", base + "/")
    presenter = make_app(pane=("playground", pane("playground").parse(["dataset=spirals", "epochs=2"])),
                         presenting=True, share=Address(base))
    follower = make_app(follow=Address(base, "tok"))
    async with presenter.run_test(size=(80, 24)) as pilot, follower.run_test(size=(80, 24)) as seen:
        await until(seen, lambda: any(isinstance(w, PlaygroundPane) for w in follower.screen.query("#pane-area > *")))
        mine = follower.screen.query_one(PlaygroundPane)
        shown = presenter.screen.query_one(PlaygroundPane)
        for _ in range(3):
            await pilot.press("full_stop")                            # one epoch each, on the spot
        await until(seen, lambda: mine.presenters_run is not None and mine.presenters_run.epoch == 3)
        theirs = shown.training.history
        assert [(r.epoch, r.loss) for r in mine._presenters_history] == [      # the curve's 4 digits; the
            *((r.epoch, float(f"{r.loss:.4g}")) for r in theirs[1:-1]), (3, theirs[-1].loss)]    # last, whole
        assert mine.training.epoch == 0 and not mine.jobs                 # nothing trained here
        await until(seen, lambda: "epoch 3/3" in str(mine.query_one("#pg-numbers").render()))
        numbers = str(mine.query_one("#pg-numbers").render())
        assert "epoch 3/3" in numbers and f"loss {significant(mine.presenters_run.loss)}" in numbers, numbers   # the presenter's
        # total (trained on past its settings' 2 epochs: the follower's settings, the presenter's, said 3/2)
        assert "the presenter's run" in numbers
        await seen.press("x")
        await until(seen, lambda: mine.presenters_run is None)
        await until(seen, lambda: "epoch 0/2" in str(mine.query_one("#pg-numbers").render()))
        numbers = str(mine.query_one("#pg-numbers").render())
        assert "epoch 0/2" in numbers and "presenter" not in numbers


SEARCH_SAID = {"en": ("the presenter's", "best validation accuracy", "test accuracy"),
               "ko": ("발표자의", "최고 검증 정확도", "시험 정확도")}


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_presenters_search_reaches_the_followers_line_by_its_validation_accuracy(server, lang):
    """6.4: trials done of how many, the best validation accuracy (never "test": the search scores on
    validation images) and the best trial's lr and λ, in the follower's classroom line."""
    from workbench.app.app import make_app
    from workbench.app.classroom import run_text
    from workbench.app.panes.search import SearchPane
    from workbench.app.presenter import ClassroomLine
    from workbench.classroom.channel import write_key
    from workbench.i18n.numbers import percent
    from workbench.models.catalog import pane
    from workbench.models.search import ranked

    classroom, base = server
    write_key(Address(base).port, "key", base + "/")
    tiny = ["dataset=synthetic-digits", "train_size=200", "trials=3", "epochs=2"]
    presenter = make_app(pane=("search", pane("search").parse(tiny)), presenting=True, share=Address(base),
                         lang=lang)
    follower = make_app(follow=Address(base, "tok"), lang=lang)
    async with presenter.run_test(size=(80, 24)) as pilot, follower.run_test(size=(100, 24)) as seen:
        search = presenter.screen.query_one(SearchPane)
        assert presenter.shared_position().run is None                  # nothing searched yet
        await pilot.press("g")
        await until(pilot, lambda: search.state == "done")
        best = ranked(search.trials)[0]
        await until(seen, lambda: follower.following.run_shown is not None
                    and follower.following.run_shown.state == "finished")
        run = follower.following.run_shown
        assert (run.kind, run.runs, run.runs_done, run.dataset) == ("search", 3, 3, "synthetic-digits")
        assert run.val_acc == round(best.val_acc, 4) and run.leader == f"lr={best.lr:.3g} λ={best.weight_decay:.2g}"
        who, said, never = SEARCH_SAID[lang]
        await until(seen, lambda: said in follower.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " "))
        line = follower.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " ")
        assert who in line and f"{said} {percent(run.val_acc)} ({run.leader})" in line, line
        assert never not in line and never not in run_text(run)
        assert ("3 trials" if lang == "en" else "시행 3번") in run_text(run).replace("\xa0", " ")


# -- a comparison's runs, each with its curves; the playground's trained weights ---------------------

def test_a_comparisons_runs_and_a_playgrounds_weights_are_thinned_rounded_and_small_on_the_wire():
    """The worst cases: eight runs of a million iterations and ten thousand epochs each, named 40
    characters long, go in under 16 KB (the server takes 64); the playground's largest network (4
    layers of 16: 898 weights) with 120-point curves too; both read back as sent."""
    from workbench.classroom.run import MAX_SERIES, SERIES_POINTS

    runs = [(f"{'Batch norm, w=0.000123 ' * 2}"[:38] + f"{k:02d}", [2.3 / (1 + i / 500) for i in range(1_000_000)],
             [(epoch, 0.5 + epoch / 30000, 0.4 + epoch / 30000) for epoch in range(1, 10_001)]) for k in range(9)]
    run = RunSummary.rounded("MultiLayerNet", "mnist", "running", iteration=10 ** 6, iterations=9 * 10 ** 6,
                             runs=9, runs_done=2, leader=runs[0][0], test_acc=0.9, series=runs)
    assert len(run.series) == MAX_SERIES and sum(len(s.losses) for s in run.series) <= SERIES_POINTS
    first = run.series[0]
    assert len(first.name) == 40 and first.losses[0] == (1, 2.3) and first.losses[-1][0] == 1_000_000
    assert first.accuracies[0] == (1, 0.5, 0.4) and first.accuracies[-1] == (10_000, round(0.5 + 1 / 3, 3), 0.733)
    wire = json.dumps(Position("optimizers", 3, "compare-batch-norm", (("epochs", "10000"),) * 12, run).to_json())
    assert len(wire) < 16_000, len(wire)
    assert Position.from_json(json.loads(wire)).run == run

    rng = np.random.default_rng(0)
    sizes = (2, 16, 16, 16, 16, 2)
    arrays = [array for a, b in zip(sizes[:-1], sizes[1:])
              for array in (rng.normal(size=(a, b)).astype(np.float32) * 3, rng.normal(size=b).astype(np.float32))]
    arrays[1][0] = 1e-7                                   # beside weights near 1: sent as 0
    play = RunSummary.rounded("PlaneNet", "spirals", "running", epoch=5000, epochs=5000, loss=0.1, train_acc=0.9,
                              test_acc=0.9, losses=[0.1234567] * 5000,
                              accuracies=[(epoch, 0.912345, 0.812345) for epoch in range(1, 5001)], weights=arrays)
    assert sum(map(len, play.weights)) == 898 and play.weights[1][0] == 0.0
    for sent, array in zip(play.weights, arrays):
        top = float(np.abs(array).max())
        assert np.allclose(sent, array.ravel(), atol=top * 1e-3)          # 4 significant digits of the largest
    wire = json.dumps(Position("playground", 3, "playground", (("epochs", "5000"),) * 12, play).to_json())
    assert len(wire) < 16_000, len(wire)
    assert Position.from_json(json.loads(wire)).run == play
    nan = [np.array([1.0, float("nan")])]
    assert RunSummary.rounded("PlaneNet", "spirals", "running", weights=nan).weights == ()     # not sent at all


SERIES = RunSummary.rounded("MultiLayerNet", "synthetic-digits", "running", runs=2, iterations=100, iteration=20,
                            series=[("SGD", [2.0, 1.5], [(1, 0.5, 0.4)]), ("Adam", [1.9, 1.0], [])]).to_json()
GOOD_SERIES = SERIES["series"][0]


def test_a_comparisons_series_say_their_run_and_an_older_presenters_without_it_still_read():
    """Each series carries its run's index in the plan (a follower names it in its own language by it);
    a series without one (a presenter of an earlier version) reads as one of no known run, and a series
    of none is sent as such a presenter sent it."""
    run = RunSummary.rounded("MultiLayerNet", "synthetic-digits", "running", runs=32, iterations=100,
                             series=[("with batch norm, w=0.01", [2.0], [], 26), ("without, w=0.01", [1.9], [], 27)])
    data = json.loads(json.dumps(run.to_json()))
    assert [s["run"] for s in data["series"]] == [26, 27] and RunSummary.from_json(data) == run
    older = {**data, "series": [{k: v for k, v in s.items() if k != "run"} for s in data["series"]]}
    assert [s.run for s in RunSummary.from_json(older).series] == [None, None]
    assert RunSummary.rounded("MultiLayerNet", "mnist", "running", series=[("SGD", [2.0], [])]).to_json()["series"] == \
        [{"name": "SGD", "losses": [[1, 2.0]], "accuracies": []}]


@pytest.mark.parametrize("change", [
    {"series": [GOOD_SERIES] * 9}, {"series": GOOD_SERIES}, {"series": ["SGD"]}, {"series": None},
    {"series": [{**GOOD_SERIES, "name": ""}]}, {"series": [{**GOOD_SERIES, "name": "x" * 41}]},
    {"series": [{**GOOD_SERIES, "name": "SGD\n"}]}, {"series": [{**GOOD_SERIES, "name": 3}]},
    {"series": [{**GOOD_SERIES, "losses": [[1, float("nan")]]}]}, {"series": [{**GOOD_SERIES, "losses": [[1, -1]]}]},
    {"series": [{**GOOD_SERIES, "losses": [[2, 0.5], [1, 0.4]]}]},
    {"series": [{**GOOD_SERIES, "accuracies": [[1, 1.5, 0.5]]}]},
    {"series": [{**GOOD_SERIES, "losses": [[k + 1, 0.5] for k in range(121)]}]},
    {"series": [{**GOOD_SERIES, "losses": [[k + 1, 0.5] for k in range(81)]}] * 4},      # 324 points in all
    {"series": [{**GOOD_SERIES, "run": 2}]}, {"series": [{**GOOD_SERIES, "run": -1}]},     # of runs=2: 0 or 1
    {"series": [{**GOOD_SERIES, "run": True}]}, {"series": [{**GOOD_SERIES, "run": "0"}]},
    {"series": [{**GOOD_SERIES, "run": 1.0}]},
    {"weights": [[0.5, float("nan")]]}, {"weights": [[float("inf")]]}, {"weights": [[1e7]]}, {"weights": [[]]},
    {"weights": [["0.5"]]}, {"weights": [[True]]}, {"weights": [0.5]}, {"weights": {"W1": [0.5]}},
    {"weights": [[0.1] * 1025]}, {"weights": [[0.1] * 100] * 11}, {"weights": [[0.1]] * 17}])
def test_a_run_whose_series_or_weights_are_not_so_is_refused_and_with_it_the_position(server, change):
    assert RunSummary.from_json(json.loads(json.dumps(SERIES))).series[1].name == "Adam"
    data = {**SERIES, **change}
    refused_everywhere(server, data, "optimizers", "compare-optimizers")


COMPARE_SAID = {"en": "The presenter's runs:", "ko": "발표자의 비교:"}


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_followers_comparison_draws_the_presenters_runs_and_its_own_after_a_key(server, lang):
    """Chapter 6: the presenter's comparison reaches the follower's pane as each run's curves, which its
    curves view draws through its own plots (its legend in the reader's language), training nothing;
    a key gives the pane back, in the view the presenter showed, with nothing drawn."""
    from workbench.app.app import make_app
    from workbench.app.panes.compare import ComparePane
    from workbench.classroom.channel import write_key
    from workbench.models.catalog import pane

    classroom, base = server
    write_key(Address(base).port, "key", base + "/")
    tiny = ["dataset=synthetic-digits", "iterations=40", "batch_size=20", "train_size=200", "test_size=100",
            "hidden=20"]
    presenter = make_app(pane=("compare-optimizers", pane("compare-optimizers").parse(tiny)), presenting=True,
                         share=Address(base), lang="en")
    follower = make_app(follow=Address(base, "tok"), lang=lang)
    async with presenter.run_test(size=(80, 24)) as pilot, follower.run_test(size=(80, 24)) as seen:
        shown = presenter.screen.query_one(ComparePane)
        await until(seen, lambda: any(isinstance(w, ComparePane) for w in follower.screen.query("#pane-area > *")))
        mine = follower.screen.query_one(ComparePane)
        assert mine.view == "runs" and mine.presenters_run is None
        await pilot.press("g")
        await until(pilot, lambda: shown.state == "done")
        await until(seen, lambda: mine.presenters_run is not None and mine.presenters_run.state == "finished")
        run = mine.presenters_run
        assert [s.name for s in run.series] == ["SGD", "Momentum", "AdaGrad", "Adam"]
        for k, series in enumerate(run.series):
            assert series.losses[-1][0] == len(shown.losses[k]) == 40
            assert [p[0] for p in series.accuracies] == [p[0] for p in shown.accs[k]]
            assert series.accuracies[-1][2] == round(shown.accs[k][-1][2], 3)
        sets = mine.curve_sets()
        assert [list(steps) for _, steps, _, _ in sets] == [[p[0] for p in s.losses] for s in run.series]
        assert mine.view == "curves" and not mine.jobs and not any(mine.losses.values()) and not mine.results
        await until(seen, lambda: str(mine.query_one("#compare-status").render()).startswith(COMPARE_SAID[lang]))
        await seen.pause()
        status = str(mine.query_one("#compare-status").render())
        legend = str(mine.query_one("#compare-legend").render())
        assert all(name in legend for name in ("SGD", "Momentum", "AdaGrad", "Adam"))
        assert "━━" in str(mine.query_one("#compare-loss").render()) or mine.query_one("#compare-loss").builds >= 1
        await seen.press("x")                       # the student takes over: the pane is theirs again
        await until(seen, lambda: mine.presenters_run is None and "presenter" not in
                    str(mine.query_one("#compare-status").render()) and "발표자" not in str(mine.query_one("#compare-status").render()))
        assert mine.view == "curves" and mine.state == "idle" and not mine.curve_sets()[0][2].size
        assert "presenter" not in str(mine.query_one("#compare-status").render())
        assert "발표자" not in str(mine.query_one("#compare-status").render())


def picture(plane_map) -> list:
    """A map's cells as (character, style) pairs, line by line: the untrained and the trained maps have the same characters
    (the points' glyphs), their colours tell them apart."""
    return [[(char, str(segment.style)) for segment in strip for char in segment.text] for strip in plane_map._strips]


def drawn_from(pane, record) -> list:
    """The map `pane` draws of `record` at its present size, through a viewer of its own (the pane's stays
    as it is): the map's height changes when the classroom line below takes a second line."""
    from workbench.models.playground import Viewer

    kept, pane.viewer = pane.viewer, Viewer(pane.settings)
    try:
        lines = pane.map_lines(record, *pane._layout[:2])
    finally:
        pane.viewer = kept
    return [[(char, str(segment.style)) for segment in line for char in segment.text] for line in lines]


DRAWN = 10.0
"""Seconds a map has to be drawn again in (a map that never is fails then, not at `until`'s 120 s)."""


def mostly(shown: list, exact: list) -> bool:
    """Whether a map `shown` from rounded weights is the map `exact` from the unrounded ones: a shade at
    most differs, in at most 3 % of its cells."""
    cells, exact = [cell for line in shown for cell in line], [cell for line in exact for cell in line]
    return len(cells) == len(exact) and sum(a == b for a, b in zip(cells, exact)) >= 0.97 * len(exact)


def map_of(pane) -> list:
    """What the playground `pane`'s map shows now (see `picture`)."""
    from workbench.app.panes.plane_map import PlaneMap

    return picture(pane.query_one("#pg-map", PlaneMap))


async def test_a_followers_playground_draws_its_map_from_the_presenters_weights(server):
    """Lesson 4.4: the presenter's trained weights reach the follower, whose map is drawn from them
    (not from its own untrained network); weights of another shape are not drawn and it says so; a
    key gives it its own map back."""
    from dataclasses import replace

    from workbench.app.app import make_app
    from workbench.app.panes.playground import PlaygroundPane
    from workbench.app.panes.plane_map import PlaneMap
    from workbench.classroom.channel import write_key
    from workbench.models.catalog import pane

    classroom, base = server
    write_key(Address(base).port, "key", base + "/")
    presenter = make_app(pane=("playground", pane("playground").parse(["dataset=circles"])), presenting=True,
                         share=Address(base))
    follower = make_app(follow=Address(base, "tok"))
    async with presenter.run_test(size=(80, 24)) as pilot, follower.run_test(size=(80, 24)) as seen:
        await until(seen, lambda: any(isinstance(w, PlaygroundPane) for w in follower.screen.query("#pane-area > *")))
        mine = follower.screen.query_one(PlaygroundPane)
        shown = presenter.screen.query_one(PlaygroundPane)
        await until(seen, lambda: mine.training is not None and map_of(mine) == drawn_from(mine, mine.training.latest),
                    DRAWN)
        untrained = mine.training.latest
        for _ in range(30):
            await pilot.press("full_stop")                            # thirty epochs, on the spot
        await until(seen, lambda: mine.presenters_run is not None and mine.presenters_run.epoch == 30)
        await until(seen, lambda: mostly(map_of(mine), drawn_from(mine, shown.training.latest)), DRAWN)
        theirs = shown.training.latest.params
        drawn = mine.viewer.network.params
        assert list(drawn) == list(theirs)
        for key in theirs:
            top = float(np.abs(theirs[key]).max())
            assert np.allclose(drawn[key], theirs[key], atol=top * 1e-3), key
        assert mine.training.epoch == 0 and not mine.jobs                 # nothing trained here
        assert picture(mine.query_one("#pg-map", PlaneMap)) != drawn_from(mine, untrained)
        assert "the presenter's run and map" in str(mine.query_one("#pg-numbers").render())

        run = follower.following.run                       # a presenter's network of another shape
        follower.following.run = replace(run, weights=run.weights[:-1])
        await until(seen, lambda: mine.presenters_run is not None and len(mine.presenters_run.weights) == 5)
        await until(seen, lambda: map_of(mine) == drawn_from(mine, untrained), DRAWN)
        assert "the presenter's map is not shown" in str(mine.query_one("#pg-numbers").render())
        follower.following.run = run                       # drawn again, so that the next is seen undrawn
        await until(seen, lambda: mine.presenters_run == run)
        await until(seen, lambda: map_of(mine) != drawn_from(mine, untrained), DRAWN)
        follower.following.run = replace(run, weights=(run.weights[0][:-1], *run.weights[1:]))
        await until(seen, lambda: mine.presenters_run is not None and len(mine.presenters_run.weights[0]) == 7)
        await until(seen, lambda: map_of(mine) == drawn_from(mine, untrained), DRAWN)
        follower.following.run = run
        await until(seen, lambda: mine.presenters_run == run)
        await until(seen, lambda: map_of(mine) != drawn_from(mine, untrained), DRAWN)

        await seen.press("x")
        await until(seen, lambda: mine.presenters_run is None)
        await until(seen, lambda: map_of(mine) == drawn_from(mine, untrained), DRAWN)
        assert "presenter" not in str(mine.query_one("#pg-numbers").render())


def test_a_browser_session_that_follows_is_counted_once(server):
    """A browser's app is `workbench follow` too, asking with an id of its own: the presenter's line
    counted it as a session and again by its id ('(2 following)' for one browser)."""
    classroom, base = server
    states = []
    classroom.sessions["browser"] = object()          # the session, as the websocket handler keeps it
    publisher = Publisher(Address(base), "key", states.append).start()
    browser = Subscriber(Address(base, "tok", "browser-app"), lambda p: None, lambda s: None).start()
    terminal = Subscriber(Address(base, "tok", "terminal"), lambda p: None, lambda s: None).start()
    try:
        publisher.publish(Position("perceptron", 1))
        assert wait_for(lambda: len(classroom.followers) == 2)
        publisher.publish(Position("perceptron", 2))
        assert wait_for(lambda: states and states[-1].ok and states[-1].join and states[-1].followers == 2)
        assert classroom.follower_count == 2
    finally:
        publisher.close()
        browser.close()
        terminal.close()
        classroom.sessions.clear()


def test_followers_exploring_on_their_own_are_counted_apart_as_soon_as_they_leave_and_rejoin(server):
    """The presenter's count said 2 following while one student explored on their own: they are counted
    apart, within a heartbeat of leaving (a request of their own: the poll under way is held), and again
    among those following once they rejoin."""
    from workbench.classroom.channel import HEARTBEAT

    classroom, base = server
    states = []
    publisher = Publisher(Address(base), "key", states.append).start()
    staying = Subscriber(Address(base, "tok", "staying"), lambda p: None, lambda s: None).start()
    roaming = Subscriber(Address(base, "tok", "roaming"), lambda p: None, lambda s: None).start()
    try:
        publisher.publish(Position("perceptron", 1))
        assert wait_for(lambda: states and states[-1].ok and (states[-1].followers, states[-1].exploring) == (2, 0))
        roaming.explore(True)
        assert wait_for(lambda: (classroom.follower_count, classroom.explorer_count) == (1, 1), 1.5)
        assert wait_for(lambda: (states[-1].followers, states[-1].exploring) == (1, 1), HEARTBEAT + 1.5)
        roaming.explore(False)
        assert wait_for(lambda: (classroom.follower_count, classroom.explorer_count) == (2, 0), 1.5)
        roaming.close()
        assert wait_for(lambda: (classroom.follower_count, classroom.explorer_count) == (1, 0), 1.5)
    finally:
        publisher.close()
        staying.close()
        roaming.close()


def test_a_follower_hears_the_presenter_at_once_after_the_server_restarts(server):
    """Versions started again at 0 when the server restarted: a follower still holding the old server's
    version found the new one's equal to it after as many moves, and took its position for no news."""
    from workbench.serve.server import Presenter

    classroom, base = server
    positions = []
    publisher = Publisher(Address(base), "key", lambda state: None).start()
    follower = Subscriber(Address(base, "tok", "f9"), positions.append, lambda state: None).start()
    try:
        for step in (1, 2):
            publisher.publish(Position("perceptron", step))
            assert wait_for(lambda: positions and positions[-1].step == step)
        follower.close()
        held = follower.version
        classroom.presenter = Presenter()                     # the server restarted
        step = 2
        while step == 2 or classroom.presenter.version < held:     # it moved on as often as before
            step += 1
            publisher.publish(Position("perceptron", step))
            assert wait_for(lambda: getattr(classroom.presenter.position, "step", None) == step)
        positions.clear()
        follower = Subscriber(Address(base, "tok", "f9"), positions.append, lambda state: None)
        follower.version = held                               # the same follower, polling on
        follower.start()
        assert wait_for(lambda: positions and positions[-1].step == step, 2.0)
    finally:
        publisher.close()
        follower.close()


def test_a_follower_that_quits_leaves_the_presenters_count_at_once(server):
    """The count lingered ~25 s (WAIT + 10: a follower counts that long after its last request) after a
    follower quit; one that closes says so, and the presenter hears the new count at its next heartbeat."""
    from workbench.classroom.channel import HEARTBEAT

    classroom, base = server
    states = []
    publisher = Publisher(Address(base), "key", states.append).start()
    staying = Subscriber(Address(base, "tok", "staying"), lambda p: None, lambda s: None).start()
    leaving = Subscriber(Address(base, "tok", "leaving"), lambda p: None, lambda s: None).start()
    try:
        publisher.publish(Position("perceptron", 1))
        assert wait_for(lambda: states and states[-1].ok and states[-1].followers == 2)
        leaving.close()
        quit_at = time.monotonic()
        assert wait_for(lambda: classroom.follower_count == 1, 1.5)
        assert wait_for(lambda: states[-1].followers == 1, HEARTBEAT + 1.5)
        assert time.monotonic() - quit_at < HEARTBEAT + 1.5
        assert status(base + "/classroom/position?after=-1&token=tok&id=leaving") == 200   # a late request of its
        assert "leaving" not in classroom.followers and classroom.follower_count == 1      # counts it no more
    finally:
        publisher.close()
        staying.close()
        leaving.close()


def test_a_follower_that_goes_without_a_word_still_times_out_and_a_wrong_token_cannot_remove_one(server):
    from workbench.classroom.channel import WAIT

    classroom, base = server
    classroom.followers.update({"gone": time.monotonic() - WAIT - 11, "here": time.monotonic()})
    assert classroom.follower_count == 1
    assert post(base + "/classroom/leave?token=nope&id=here", b"") == 403
    assert post(base + "/classroom/leave?id=here", b"") == 403
    assert classroom.follower_count == 1
    assert post(base + "/classroom/leave?token=tok&id=here", b"") == 204
    assert classroom.follower_count == 0


async def test_a_followers_app_that_quits_is_no_longer_counted(server):
    """However its app ends (here as a browser's session is ended: the app exits without Ctrl+Q), the
    follower tells the server it has gone."""
    from workbench.app.app import make_app

    classroom, base = server
    follower = make_app(follow=Address(base, "tok"))
    async with follower.run_test(size=(80, 24)) as seen:
        await until(seen, lambda: classroom.follower_count == 1)
    assert wait_for(lambda: classroom.follower_count == 0, 1.5), classroom.followers


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("places", [1, 3])
def test_a_full_class_counts_its_places_in_words_that_fit_the_number(places, lang):
    """'All 1 places' read wrongly when --max-sessions 1: one place has its own sentence."""
    from workbench.i18n import set_language

    set_language(lang)
    try:
        served = ClassroomServer("true", host="127.0.0.1", port=18000, token="", presenter_key="k", max_sessions=places)
        served.sessions = {str(i): object() for i in range(places)}
        page = served.refusal(None, "").text
    finally:
        set_language("en")
    if lang == "en":
        assert ("The one place of this class is taken" in page) == (places == 1)
        assert ("All 3 places" in page) == (places == 3)
    else:
        assert ("한 자리가 찼습니다" in page) == (places == 1)
        assert ("3자리가 모두" in page) == (places == 3)
    assert "1 places" not in page and "1자리" not in page


# -- a presenter, a server and followers of different versions -------------------------------------

def test_a_position_carries_its_steps_id_and_fold_and_one_without_them_still_reads():
    position = Position("neural-network", 2, "forward", step_id="three-layers", folded=True)
    assert Position.from_json(json.loads(json.dumps(position.to_json()))) == position
    old = Position.from_json({"lesson": "neural-network", "step": 2, "pane": "forward", "settings": []})
    assert (old.step_id, old.folded) == ("", False)
    for data in ({"step_id": "A/b"}, {"step_id": 3}, {"step_id": 0}, {"step_id": None}, {"step_id": "x" * 65},
                 {"folded": "yes"}, {"folded": 1}):
        with pytest.raises(BadPosition):
            Position.from_json({"lesson": "neural-network", "step": 1, **data})


def test_a_step_is_found_by_its_id_else_by_its_index_never_past_the_last():
    steps = ("intro", "added-in-8-2", "relu", "end")
    assert Position("l", 1, step_id="relu").step_in(steps) == 2          # a lesson that gained a step
    assert Position("l", 1, step_id="gone").step_in(steps) == 1          # an id this version does not know
    assert Position("l", 1).step_in(steps) == 1                           # an older presenter: no id
    assert Position("l", 9).step_in(steps) == 3


def test_a_server_that_refuses_a_position_is_said_to_have_answered_and_refused(server):
    """HTTP 400 (a server of another version refusing new figures, here a step past MAX_STEP) is no
    'unreachable': the server answered."""
    classroom, base = server
    states = []
    publisher = Publisher(Address(base), "key", states.append).start()
    try:
        publisher.publish(Position("perceptron", 5000))
        assert wait_for(lambda: states and states[-1] == ChannelState(False, "rejected"))
        assert classroom.presenter.position is None or classroom.presenter.position.step != 5000
    finally:
        publisher.close()


def test_a_follower_whose_reads_are_refused_says_the_server_answered(server):
    """A server that answers 404 to the follow channel (not one of this version's): "rejected"."""
    classroom, base = server
    states = []
    subscriber = Subscriber(Address(base + "/older", "tok", "f9"), lambda position: None, states.append).start()
    try:
        assert wait_for(lambda: states and states[-1] == ChannelState(False, "rejected"))
    finally:
        subscriber.close()


def test_a_position_a_follower_cannot_read_is_said_so_and_one_whose_figures_only_it_cannot_is_followed(server):
    from dataclasses import replace

    from workbench.classroom.channel import read_where
    from workbench.classroom.figures import NewerFigures

    classroom, base = server
    where = {"lesson": "perceptron", "step": 2, "pane": "perceptron", "settings": [], "step_id": "and-gate"}
    later = read_where(where | {"figures": {"kind": "from-a-later-version"}})     # said to need an update
    assert later == replace(Position.from_json(where), figures=NewerFigures("from-a-later-version"))
    assert read_where(where | {"figures": {"kind": "gradcheck"}}) == Position.from_json(where)   # known, bad
    assert read_where(where | {"step": 5000}) is None and read_where([]) is None
    classroom.presenter.position = Position("perceptron", 5000)      # as a presenter of another version says it
    classroom.presenter.heard = time.monotonic()
    states, positions = [], []
    subscriber = Subscriber(Address(base, "tok", "f10"), positions.append, states.append).start()
    try:
        assert wait_for(lambda: states and states[-1].problem == "unreadable")
        assert not states[-1].ok and states[-1].live and positions == []
    finally:
        subscriber.close()


@pytest.mark.parametrize("lang, said", [("en", "refused this step: restart 'workbench serve' with workbench"),
                                        ("ko", "이 단계를 거부했습니다. 이 버전(")])
async def test_a_presenter_refused_by_a_server_of_another_version_says_so_and_what_to_do(server, monkeypatch, lang, said):
    """The presenter's app (Pilot) shares to a server that refuses every position it sends (HTTP 400, as
    a server still running older code refuses new figures): its line says the server answered and refused."""
    from workbench.app.app import make_app
    from workbench.app.presenter import ClassroomLine
    from workbench.classroom.channel import write_key
    from workbench.serve import server as server_module

    class OlderPosition:
        @staticmethod
        def from_json(data):
            raise BadPosition("figures this server does not know")

    monkeypatch.setattr(server_module, "Position", OlderPosition)
    classroom, base = server
    write_key(Address(base).port, "key", base + "/")
    app = make_app(lesson_id="perceptron", step=1, presenting=True, share=Address(base), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.share_state is not None and app.share_state.problem == "rejected", 10)
        await pilot.pause(0.2)
        line = app.screen.query_one(ClassroomLine)
        text = line.render()
        assert said in text.plain and "--step 2" in text.plain
        assert len(text.wrap(app.console, line.size.width - 2)) <= 2          # all of it in its two lines


# -- a position is encoded once (a class of 40 on the presenter's computer) ------------------------------

def counting_encodings(monkeypatch) -> list:
    """Count every encoding of a position to JSON from now on (Position.to_json's calls)."""
    calls = []
    encode = Position.to_json

    def to_json(self):
        calls.append(self)
        return encode(self)

    monkeypatch.setattr(Position, "to_json", to_json)
    return calls


def test_a_shared_position_is_encoded_once_to_count_its_bytes_and_send_them(monkeypatch):
    """The presenter's app counts a position's bytes (its gap before the next epoch) and its publisher
    sends them, at once and at every heartbeat: one encoding for all of it. Before this the app encoded
    it once more only to count its bytes, and the publisher at every send."""
    from workbench.app.classroom import ClassroomApp

    class Sharing:
        def __init__(self):
            self.sharing = Publisher(Address("http://127.0.0.1:9"), "key", lambda state: None)   # never started

    run = RunSummary.rounded("TwoLayerNet", "mnist", "running", epoch=1, epochs=17, losses=[2.3, 1.9, 1.2])
    position = Position("training-loop", 2, "train", (("epochs", "17"),), run)
    calls = counting_encodings(monkeypatch)
    app = Sharing()
    ClassroomApp._publish(app, position)
    sent = []

    def nobody_answers(request, timeout):
        sent.append(request.data)
        raise OSError("nobody there")

    monkeypatch.setattr(urllib.request, "urlopen", nobody_answers)
    for _ in range(3):                    # the first send and two heartbeats
        app.sharing._post(position)
    assert len(calls) == 1
    assert app._published_bytes == len(sent[0]) and json.loads(sent[0]) == position.to_json()
    assert len(set(sent)) == 1


def test_the_server_encodes_the_presenters_position_once_for_all_its_followers(server, monkeypatch):
    """Forty followers ask for each new position: the server answers them all with one encoding of it
    (it encoded it again for each of them), and each reads the presenter's position."""
    classroom, base = server
    publisher = Publisher(Address(base), "key", lambda state: None).start()
    run = RunSummary.rounded("SimpleConvNet", "fashion-mnist", "running", epoch=3, epochs=40, iteration=120,
                             iterations=1600, losses=list(np.linspace(2.3, 0.5, 120)), accuracies=[(1, 0.5, 0.4)])
    position = Position("simple-convnet", 7, "train", (("epochs", "40"),), run, cursor="curves")
    try:
        publisher.publish(position)
        assert wait_for(lambda: classroom.presenter.position == position)
        calls = counting_encodings(monkeypatch)
        answers = []
        for follower in range(5):
            url = Address(base, "tok", f"f{follower}").position_url(-1)
            with urllib.request.urlopen(url, timeout=5) as response:
                answers.append(json.loads(response.read()))
        assert len(calls) == 1
        assert all(Position.from_json(answer["position"]) == position and answer["live"] for answer in answers)
        assert len({answer["version"] for answer in answers}) == 1
    finally:
        publisher.close()


def test_a_presenter_who_quits_is_gone_for_its_followers_at_once_and_its_last_position_stays(server):
    """Before, followers heard a presenter had gone only once it stopped counting as live (7 s): one who
    restarted their app within that was never gone, and their followers' last run was wiped."""
    classroom, base = server
    follower_states, positions = [], []
    publisher = Publisher(Address(base), "key", lambda state: None).start()
    subscriber = Subscriber(Address(base, "tok", "f9"), positions.append, follower_states.append).start()
    try:
        publisher.publish(Position("perceptron", 2))
        assert wait_for(lambda: follower_states and follower_states[-1].live and positions[-1].step == 2)
        publisher.close()
        assert wait_for(lambda: not follower_states[-1].live, 2.0)
        assert classroom.presenter.position == Position("perceptron", 2)
        assert post(base + PRESENTER_LEAVE_PATH, b"", key="not-the-key") == 403
    finally:
        publisher.close()
        subscriber.close()


FAKE_APP = """import json, sys, time
meta = json.dumps({"type": "exit"}).encode()
sys.stdout.buffer.write(b"__GANGLION__\\n" + b"M" + len(meta).to_bytes(4, "big") + meta)
sys.stdout.flush()
time.sleep(0.3)                 # a traceback printed, a goodbye sent
sys.exit(STATUS)
"""
"""An app as Textual's web driver ends one, on Ctrl+Q and on an error alike: it says it exits, then ends."""


IDLE_APP = """import sys
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
sys.stdin.buffer.read(1)        # until the server tells it to quit
"""


@pytest.mark.parametrize("app, status, code", [(FAKE_APP, 0, 4000), (FAKE_APP, 1, 4001), (IDLE_APP, 0, 4002)],
                         ids=["quit", "crashed", "idle"])
def test_a_sessions_page_hears_whether_its_app_quit_crashed_or_sat_idle(tmp_path, app, status, code):
    """textual-serve closed every ended session's websocket alike, and its page said "ended: quit, idle, or
    the server stopped" after a crash too: the close code now says which, and the page reads it."""
    import aiohttp

    script = tmp_path / "app.py"
    script.write_text(app.replace("STATUS", str(status)))
    for classroom, base in serving(f"{sys.executable} {script}", idle=0.5):
        async def closed_with() -> int:
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(base.replace("http", "ws") + "/ws/tok?width=80&height=24") as socket:
                    async for _ in socket:
                        pass
                    return socket.close_code

        assert asyncio.run(asyncio.wait_for(closed_with(), 20)) == code
        from workbench.serve.server import ENDED_BY_CODE

        page = classroom.page_template()
        said = t(f"classroom.page.ended.{ENDED_BY_CODE[code]}", minutes=f"{classroom.idle / 60:g}")
        assert f'"{code}": "{said}"' in page and page.index(said) < page.index('js/textual.js"')


@pytest.mark.parametrize("lang, said", [("en", "stopped on an error"), ("ko", "오류로 멈췄습니다")])
def test_the_page_says_a_crashed_session_stopped_on_an_error_and_a_reload_starts_again(server, lang, said):
    from workbench.i18n import language, set_language

    classroom, base = server
    before = language()
    set_language(lang)
    try:
        page, again = classroom.page_template(), t("classroom.page.restart")
    finally:
        set_language(before)
    crashed = json.loads(re.search(r"const ended = (\{.*?\});", page)[1])["4001"]
    assert said in crashed and again in crashed
