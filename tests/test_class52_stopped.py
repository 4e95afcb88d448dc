"""An app stopped from outside and continued (a student's laptop asleep, the presenter's process paused,
`kill -STOP` then `-CONT`, or tmux resuming its pane) goes on as it was, and quits with Ctrl+Q.

Textual started its application mode again on every SIGCONT, as if the app had suspended itself with
Ctrl+Z: each one left another input and output thread running, the follower showed the presenter's step
up to 27 s late, and Ctrl+Q then left the process waiting for the threads for ever, on a blank screen."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from test_cli import read_terminal_until


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
    seen = b""
    try:
        seen = read_terminal_until(master, lambda text: b"Perceptrons" in text, 60)
        assert b"Perceptrons" in seen, seen[-500:]
        help_shown = lambda after: lambda text: b"Keys here" in text[after:]      # noqa: E731
        os.write(master, b"?")          # the threads the app runs once it has shown a dialog
        seen = read_terminal_until(master, help_shown(0), 30, seen)
        assert help_shown(0)(seen), seen[-500:]
        os.write(master, b"\x1b")
        before = threads(process.pid)
        for _ in range(3):
            process.send_signal(signal.SIGSTOP)
            process.send_signal(signal.SIGCONT)
        mark = len(seen)
        os.write(master, b"?")          # shown again once the app has run on past the signals' handlers
        seen = read_terminal_until(master, help_shown(mark), 30, seen)
        assert help_shown(mark)(seen), seen[-500:]
        assert threads(process.pid) <= before      # no input or output thread more
        os.write(master, b"\x1b")
        os.write(master, b"\x11")                                       # Ctrl+Q
        seen = read_terminal_until(master, lambda text: process.poll() is not None, 30, seen)   # ends at its close
        assert process.wait(timeout=30) == 0, seen[-300:]
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
