"""The terminal driver that answers Escape promptly (workbench/app/driver.py): the input thread wakes
when an escape's wait is over, not at its usual 0.1 s, and sequences still parse as their keys."""
import os
import selectors
import sys
import threading

import pytest

if sys.platform == "win32":
    pytest.skip("the Linux/macOS driver", allow_module_level=True)

from textual import constants, events  # noqa: E402

from workbench.app.app import make_app  # noqa: E402
from workbench.app.driver import ESCAPE_DELAY_MS, IDLE_WAKE, PromptEscapeDriver  # noqa: E402


class Recorder(PromptEscapeDriver):
    """The driver reading a pipe; its keys go to a list instead of an app."""

    def __init__(self, fd: int):
        super().__init__(make_app())
        self.fileno = fd
        self.keys: list[str] = []
        self.got = threading.Event()

    def process_message(self, message) -> None:
        if isinstance(message, events.Key):
            self.keys.append(message.key)
            self.got.set()


def run_with(data: bytes, monkeypatch, escdelay: str | None = None) -> tuple[list[str], list[float]]:
    """Keys the driver's input thread reads from `data`, and the timeouts of its waits."""
    timeouts: list[float] = []
    select = selectors.SelectSelector.select

    def noted(self, timeout=None):
        timeouts.append(timeout)
        return select(self, timeout)

    monkeypatch.setattr(selectors.SelectSelector, "select", noted)
    monkeypatch.setattr(constants, "ESCAPE_DELAY", constants.ESCAPE_DELAY)     # put back afterwards
    if escdelay is None:
        monkeypatch.delenv("ESCDELAY", raising=False)
    else:
        monkeypatch.setenv("ESCDELAY", escdelay)
    read, write = os.pipe()
    driver = Recorder(read)
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(write, data)
        assert driver.got.wait(10), "no key came out of the driver"
    finally:
        driver.exit_event.set()
        thread.join(10)
        os.close(write)
        os.close(read)
    return driver.keys, timeouts


async def test_the_app_runs_on_the_prompt_escape_driver():
    assert make_app().get_driver_class() is PromptEscapeDriver


async def test_after_an_escape_the_input_thread_waits_only_the_escape_delay(monkeypatch):
    keys, timeouts = run_with(b"\x1b", monkeypatch)
    assert keys == ["escape"]
    assert constants.ESCAPE_DELAY == ESCAPE_DELAY_MS / 1000 < IDLE_WAKE
    assert timeouts[0] == IDLE_WAKE                      # nothing pending: Textual's usual wake
    assert min(timeouts) < 2 * constants.ESCAPE_DELAY    # then only the escape's wait


async def test_escdelay_set_by_the_user_is_kept(monkeypatch):
    keys, timeouts = run_with(b"\x1b", monkeypatch, escdelay="80")
    assert keys == ["escape"] and constants.ESCAPE_DELAY != ESCAPE_DELAY_MS / 1000


async def test_a_sequence_is_still_one_key(monkeypatch):
    keys, timeouts = run_with(b"\x1b[A", monkeypatch)
    assert keys == ["up"]


async def test_a_plain_key_keeps_the_usual_wake(monkeypatch):
    keys, timeouts = run_with(b"q", monkeypatch)
    assert keys == ["q"] and set(timeouts) == {IDLE_WAKE}
