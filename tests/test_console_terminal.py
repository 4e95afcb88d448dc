"""The console commands as a learner's terminal shows them: with `--json > out.json` the lines for
people and the progress bars go to stderr's terminal, and must fit that terminal (not a width made up
for stdout, which is a file), while stdout stays the JSON alone."""
import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time

import pytest

from workbench.i18n.cells import cell_len

COLUMNS = 50
TINY = ["--set", "dataset=synthetic-digits", "--set", "train_size=300", "--set", "test_size=100"]


def with_stderr_on_a_terminal(args: list[str], columns: int = COLUMNS) -> tuple[int, str, list[str]]:
    """Run `workbench ARGS` with stdout into a pipe and stderr on a pseudo-terminal `columns` wide:
    (exit status, stdout, every line the terminal shows, each redrawn line in each of its versions)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", "en", *args], stdout=subprocess.PIPE,
                               stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:              # the process ended and closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
            elif process.poll() is not None:
                break
        out = process.communicate(timeout=60)[0].decode()
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    lines = [frame for line in text.replace("\r\n", "\n").split("\n") for frame in line.split("\r") if frame]
    return process.returncode, out, lines


@pytest.mark.parametrize("args", [
    ["gradcheck", "--net", "simple", "--json"],
    ["train", "--dataset", "synthetic-digits", "--net", "two-layer", "--train-size", "300", "--test-size", "100",
     "--epochs", "2", "--batch-size", "50", "--json"],
    ["compare", "free", *TINY, "--set", "runs=lr=0.1; lr=0.01", "--set", "epochs=2", "--set", "batch_size=50",
     "--json"],
    ["search", "--trials", "2", "--epochs", "1", "--set", "dataset=synthetic-digits", "--json"],
], ids=["gradcheck", "train", "compare", "search"])
def test_with_json_in_a_file_the_lines_on_the_terminal_fit_it(args):
    """They were sized for stdout's width, which shutil took from its fallback (80 or 100 cells): on a
    terminal 50 wide every prose line and table broke again mid-word, and a progress bar redrawn with
    a carriage return wrapped below itself at every update."""
    status, out, lines = with_stderr_on_a_terminal(args)
    assert status in (0, 1), lines
    json.loads(out)                                                       # stdout is the data alone
    assert lines and "Traceback" not in "\n".join(lines)
    too_wide = [line for line in lines if cell_len(line) > COLUMNS]
    assert not too_wide, too_wide
