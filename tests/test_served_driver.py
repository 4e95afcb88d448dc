"""A served session's app ends when its server is gone (workbench/app/served_driver.py).

A `workbench serve` killed before it ended its sessions left their apps running: Textual's web driver
let the input end at end of file and went on, and one such follower ran for the rest of a CI run at
63 % of a core. Here each app is run as the server runs it (textual-serve's TEXTUAL_DRIVER, its bytes on
stdin, the page's on stdout) and its server's side of one pipe is closed."""
from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

import pytest

ENDS_WITHIN = 20.0
"""Seconds the app may take to notice and end on a busy 2-core machine (it takes well under one)."""


def served_app(tmp_path, *args: str) -> subprocess.Popen:
    """`workbench ARGS` as textual-serve runs it, once its first frame has been written."""
    env = os.environ | {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "COLUMNS": "80", "ROWS": "24",
                        "WORKBENCH_STATE_DIR": str(tmp_path / "state"), "WORKBENCH_SERVED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", "en", *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    seen, end = b"", time.monotonic() + 60
    while b"Chapter 1" not in seen and time.monotonic() < end:
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            seen += os.read(process.stdout.fileno(), 65536)
    if b"Chapter 1" not in seen:
        process.kill()
        pytest.fail(f"the served app drew no home screen: {seen[-400:]!r}")
    return process


def meta(data: dict) -> bytes:
    """A packet the server sends its app (textual-serve's AppService.encode_packet)."""
    payload = json.dumps(data).encode()
    return b"M" + len(payload).to_bytes(4, "big") + payload


def ended(process: subprocess.Popen) -> bool:
    try:
        process.wait(ENDS_WITHIN)
        return True
    except subprocess.TimeoutExpired:
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
            process.wait()


@pytest.mark.parametrize("args", [(), ("follow", "http://127.0.0.1:9/")], ids=["app", "follower"])
def test_a_served_app_ends_when_its_server_stops_sending(tmp_path, args):
    """The server's end of stdin closed (its process gone): the app exits instead of running unseen."""
    process = served_app(tmp_path, *args)
    process.stdin.close()
    assert ended(process), "the app kept running after its input ended"


def test_a_served_app_ends_when_nobody_reads_what_it_draws(tmp_path):
    """The server's end of stdout closed, its stdin still open: the next frame cannot be written."""
    process = served_app(tmp_path)
    process.stdout.close()
    process.stdin.write(meta({"type": "resize", "width": 100, "height": 30}))    # something new to draw
    process.stdin.flush()
    assert ended(process), "the app kept running with nobody reading its frames"
