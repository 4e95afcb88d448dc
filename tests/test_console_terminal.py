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


def everything_shown(master: int, process) -> bytes:
    """Every byte the pseudo-terminal `master` shows until `process` ends and closes it (or 240 s)."""
    shown = b""
    deadline = time.monotonic() + 240
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
    return shown


def with_stderr_on_a_terminal(args: list[str], columns: int = COLUMNS) -> tuple[int, str, list[str]]:
    """Run `workbench ARGS` with stdout into a pipe and stderr on a pseudo-terminal `columns` wide:
    (exit status, stdout, every line the terminal shows, each redrawn line in each of its versions)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", "en", *args], stdout=subprocess.PIPE,
                               stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    try:
        shown = everything_shown(master, process)
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


def on_a_dumb_terminal(args: list[str], home) -> tuple[int, bytes]:
    """Run `workbench ARGS` with stdout and stderr on a pseudo-terminal 80 wide whose TERM is "dumb"
    (Emacs's shell, an editor's terminal): (exit status, every byte it was sent)."""
    return on_a_terminal(args, home)


def on_a_terminal(args: list[str], home, columns: int = 80, lang: str = "en", term: str = "dumb"
                  ) -> tuple[int, bytes]:
    """Run `workbench --lang LANG ARGS` with stdout and stderr on a pseudo-terminal `columns` wide whose
    TERM is `term`, $HOME `home`: (exit status, every byte it was sent)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {key: value for key, value in os.environ.items()
           if key not in ("COLUMNS", "LINES", "NO_COLOR") and not key.startswith("XDG_")}
    env.update(TERM=term, HOME=str(home))
    process = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", lang, *args], stdout=slave,
                               stderr=slave, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    try:
        shown = everything_shown(master, process)
        process.wait(timeout=60)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return process.returncode, shown


@pytest.mark.parametrize("args", [
    ["gradcheck"],
    ["train", "--dataset", "synthetic-digits", "--net", "two-layer", "--train-size", "300", "--test-size", "100",
     "--epochs", "2"],
    ["compare", "free", *TINY, "--set", "runs=lr=0.1; lr=0.01", "--set", "epochs=2"],
    ["network"],
], ids=["gradcheck", "train", "compare", "network"])
def test_a_dumb_terminal_gets_no_escape_codes_but_plain_progress_lines(args, tmp_path):
    """With TERM=dumb the bars were cleared with ESC[K, train's curves moved up over with ESC[13A and
    drawn in ESC[38;5;12m colours: such a terminal shows each code as text. It gets a file's plain
    progress lines, and its width still breaks the lines."""
    from workbench.i18n.cells import cell_len

    status, shown = on_a_dumb_terminal(args, tmp_path)
    text = shown.decode("utf-8", "replace")
    assert status == 0 and "Traceback" not in text, text
    assert "\x1b" not in text, re.findall(r"\x1b\[[0-9;?]*[A-Za-z]", text)[:5]
    assert "\r" not in text.replace("\r\n", "\n")
    assert all(cell_len(line) <= 80 for line in text.replace("\r\n", "\n").splitlines())


def test_a_downloads_bar_on_a_dumb_terminal_is_a_plain_line_a_quarter(monkeypatch):
    """`workbench data download` drew its bar with ESC[K on a dumb terminal too."""
    import io

    from workbench.datasets.console import TextProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("TERM", "dumb")
    out = Terminal()
    progress = TextProgress(out)
    for done in range(0, 101, 5):
        progress(done * 1000, 100_000, "train-images-idx3-ubyte")
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue()
    assert len(out.getvalue().splitlines()) == 5, out.getvalue()
