"""An app stopped from outside and continued (a student's laptop asleep, the presenter's process paused,
`kill -STOP` then `-CONT`, or tmux resuming its pane) goes on as it was, and quits with Ctrl+Q.

Textual started its application mode again on every SIGCONT, as if the app had suspended itself with
Ctrl+Z: each one left another input and output thread running, the follower showed the presenter's step
up to 27 s late, and Ctrl+Q then left the process waiting for the threads for ever, on a blank screen."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest


def read_until(master: int, done, seconds: float, seen: bytearray) -> bool:
    deadline = time.monotonic() + seconds
    while not done(bytes(seen)) and time.monotonic() < deadline:
        if select.select([master], [], [], 0.1)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:               # the app is gone: EIO on Linux
                break
            if not chunk:
                break
            seen += chunk
    return done(bytes(seen))


def threads(pid: int) -> int:
    """How many threads process `pid` runs (Python's thread names do not reach /proc)."""
    return len(os.listdir(f"/proc/{pid}/task"))


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGSTOP, SIGCONT and /proc")
def test_an_app_stopped_and_continued_keeps_its_threads_and_quits(tmp_path):
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", "en"], stdin=slave, stdout=slave,
                               stderr=slave, env={**os.environ, "HOME": str(tmp_path), "TERM": "xterm-256color",
                                                  "COLUMNS": "80", "LINES": "24"},
                               start_new_session=True)
    os.close(slave)
    seen = bytearray()
    try:
        assert read_until(master, lambda text: b"Perceptrons" in text, 60, seen), bytes(seen[-500:])
        help_shown = lambda times: lambda text: text.count(b"Keys here") >= times      # noqa: E731
        os.write(master, b"?")          # the threads the app runs once it has shown a dialog
        assert read_until(master, help_shown(1), 30, seen), bytes(seen[-500:])
        os.write(master, b"\x1b")
        before = threads(process.pid)
        for _ in range(3):
            process.send_signal(signal.SIGSTOP)
            process.send_signal(signal.SIGCONT)
        os.write(master, b"?")          # shown again once the app has run on past the signals' handlers
        assert read_until(master, help_shown(2), 30, seen), bytes(seen[-500:])
        assert threads(process.pid) <= before      # no input or output thread more
        os.write(master, b"\x1b")
        os.write(master, b"\x11")                                       # Ctrl+Q
        read_until(master, lambda text: process.poll() is not None, 30, seen)    # ends at the terminal's close
        assert process.wait(timeout=30) == 0, bytes(seen[-300:])
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
