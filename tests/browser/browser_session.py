"""A served workbench and Debian's Chromium driven by Playwright (no browser download: /usr/bin/chromium).

Not a conftest.py: the tests import `conftest` by name elsewhere (tests/course), and a second one
here would shadow it."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_screen import Screen

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START = 60.0
"""Seconds a served app may take to draw its first frame on a busy 2-core machine."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    state: Path
    url: str
    output: Path

    @property
    def presenter_key(self) -> str:
        return json.loads((self.state / "classroom" / f"serve-{self.port}.json").read_text())["key"]


def serve(tmp: Path, *options: str) -> Served:
    """`workbench serve` on a free port, until its port answers; the join URL read from what it prints."""
    port = free_port()
    state, output = tmp / "state", tmp / "serve.log"
    env = os.environ | {"WORKBENCH_STATE_DIR": str(state), "WORKBENCH_DATA_HOME": str(tmp / "data"),
                        "PYTHONUNBUFFERED": "1"}
    with output.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", "en", "serve", "--port", str(port),
                                    *options], stdout=log, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)      # its sessions' apps too: stop() ends the group
    end = time.monotonic() + 30
    url = None
    while time.monotonic() < end and url is None:
        time.sleep(0.1)
        found = re.search(r"Serving workbench on (\S+)", output.read_text())
        if found and _answers(port):
            url = found.group(1)
    if url is None:
        process.kill()
        raise AssertionError(f"workbench serve did not start: {output.read_text()}")
    return Served(process, port, state, url, output)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def stop(served: Served) -> None:
    """The server stopped as a presenter stops it, then anything it started and left (a session's app
    outliving a server killed after the wait) ended with it: none may go on spending the run's 2 cores."""
    served.process.terminate()
    try:
        served.process.wait(15)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()
    try:
        os.killpg(served.process.pid, signal.SIGKILL)
    except ProcessLookupError:       # the group is empty: every session ended with the server
        pass


INSTALL = "sudo apt-get install chromium"
REQUIRED = "WORKBENCH_CI"
"""Set by .ci/run, which installs chromium: there a missing browser fails the run rather than skipping."""


def need_chromium(path: str = CHROMIUM) -> None:
    """Nothing when `path` runs; else a skip that says how to install it (a fresh machine running the
    README's test command), or a failure under CI (`REQUIRED` set), where its absence is a broken set-up."""
    if os.access(path, os.X_OK):
        return
    said = f"the browser tests need Debian's chromium at {path}: {INSTALL}"
    if os.environ.get(REQUIRED):
        pytest.fail(f"{said} (.ci/run installs it; {REQUIRED} is set, so this fails rather than skips)")
    pytest.skip(said)


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A browser tab on a served workbench, with the text its terminal shows."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport={"width": 1100, "height": 700})
        self.screen = Screen()
        self.page.on("websocket", lambda ws: ws.on("framereceived", self.screen.feed))
        self.page.goto(url)

    def wait_for(self, text: str, seconds: float = 10.0) -> float:
        """Seconds until `text` is on the terminal (the page's events run meanwhile); fails after `seconds`."""
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            if text in self.screen.text():
                return time.monotonic() - start
            self.page.wait_for_timeout(25)
        raise AssertionError(f"{text!r} not on screen after {seconds} s:\n{self.screen.text()}")

    def stays_without(self, text: str, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            assert text not in self.screen.text()
            self.page.wait_for_timeout(50)

    def press(self, *keys: str) -> None:
        self.page.locator("textarea").focus()
        for key in keys:
            self.page.keyboard.press(key)

    def close(self) -> None:
        self.page.close()
