"""The follow channel end to end over HTTP, with the classroom server in this process (issue 20):
the presenter's moves reach a follower within a second; keys, tokens and positions are checked."""
import asyncio
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
from aiohttp import web

from workbench.classroom.channel import Address, BadURL, ChannelState, Publisher, Subscriber
from workbench.classroom.position import BadPosition, Position
from workbench.serve.server import ClassroomServer, is_loopback, join_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server():
    port = free_port()
    classroom = ClassroomServer("true", host="127.0.0.1", port=port, token="tok", presenter_key="key", follow=True)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    runner_box = []

    async def start():
        runner = web.AppRunner(await classroom._make_app())
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runner_box.append(runner)
        started.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    assert started.wait(10)
    yield classroom, f"http://127.0.0.1:{port}"
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
        # The publisher's first send (the empty position it starts with) can succeed before this one.
        assert wait_for(lambda: classroom.presenter.position == Position("perceptron", 3))
        assert wait_for(lambda: states[-1].ok) and publisher.key == "key"
    finally:
        publisher.close()


@pytest.mark.slow
def test_followers_hear_soon_that_the_presenter_went_quiet(server):
    """Once the presenter stops (quit, or its computer slept), followers hear it when it stops counting
    as live, not at the end of their 15 s wait."""
    from workbench.serve.server import LIVE_FOR

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


def test_a_position_reads_back_as_itself_and_refuses_what_is_not_one():
    position = Position("conv-layer", 2, "conv", (("stride", "1"), ("input_shape", "1, 1, 7, 7")))
    assert Position.from_json(json.loads(json.dumps(position.to_json()))) == position
    for data in ([], {"lesson": 3}, {"lesson": "A/b"}, {"step": True}, {"settings": [["k"]]},
                 {"settings": [["k", "x" * 201]]}):
        with pytest.raises(BadPosition):
            Position.from_json(data)


def test_addresses_and_join_urls():
    assert Address.parse("http://10.0.0.5:8000/?token=abc") == Address("http://10.0.0.5:8000", "abc")
    assert Address.parse("10.0.0.5:8000") == Address("http://10.0.0.5:8000")
    assert Address("http://h:8001", "t").position_url(3) == "http://h:8001/classroom/position?after=3&token=t"
    for bad in ("ftp://x/", "http://", "http://h:99999/", "file:///etc/passwd"):
        with pytest.raises(BadURL):
            Address.parse(bad)
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
