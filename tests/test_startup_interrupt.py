"""Ctrl+C while `workbench` starts (Python importing workbench.cli, some 30 ms) ends it quietly with 130.

`workbench.__main__` makes SIGINT end the process at once before it imports anything of the command;
`cli.main` puts KeyboardInterrupt back first thing. A signal that lands before any file of workbench
runs (CPython's own start, the import system finding the package) is outside the product's reach: it
may end with Python's words, but never in a frame of workbench's own files.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import workbench

PACKAGE = str(Path(workbench.__file__).parent) + os.sep
DELAYS = (0.0, 0.005, 0.01, 0.02, 0.03, 0.04)
TRIES = 3


def interrupted(command: list[str], delay: float, home: Path) -> tuple[int, str] | None:
    """`command lessons` sent a SIGINT after `delay`: its status and what it said, or None where it had
    ended before the signal (on a quiet machine with its bytecode cached, `lessons` ends within the longest
    delay: its start-up was over, and its status 0 was no Ctrl+C swallowed)."""
    process = subprocess.Popen(command + ["lessons"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=dict(os.environ, HOME=str(home)))
    time.sleep(delay)
    if process.poll() is not None:
        process.communicate(timeout=30)
        return None
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    return process.returncode, err.decode("utf-8", "replace")


def script() -> list[str]:
    found = shutil.which("workbench", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("no workbench script beside this Python")
    return [found]


@pytest.mark.parametrize("command", [lambda: [sys.executable, "-m", "workbench"], script], ids=["python -m", "script"])
def test_ctrl_c_at_any_moment_of_start_up_ends_quietly_with_130(command, tmp_path):
    command = command()
    for delay in DELAYS:
        for _ in range(TRIES):
            ended = interrupted(command, delay, tmp_path)
            if ended is None:
                continue
            status, err = ended
            ours = [line for line in err.splitlines() if line.strip().startswith("File ") and PACKAGE in line]
            assert not ours, (delay, err)
            if not said_by_python_itself(err):
                assert status in (130, -signal.SIGINT), (delay, status, err)


def test_a_command_over_before_the_signal_is_not_taken_for_a_quiet_ctrl_c(tmp_path):
    """Alone on a quiet machine `workbench lessons` was over within 40 ms: its status 0, signal unsent,
    failed the test above as if a Ctrl+C had been swallowed (under load start-up took longer)."""
    assert interrupted([sys.executable, "-c", "pass", "--"], 0.5, tmp_path) is None


def said_by_python_itself(err: str) -> bool:
    """Whether `err` is what CPython's own start-up says of a SIGINT before any line of ours: site's
    traceback or its "Exception ignored", a bare KeyboardInterrupt, or, with the signal in the
    interpreter's initialisation, a "Fatal Python error" with no Python frame (status 1)."""
    return ("Traceback" in err or "Exception ignored" in err or err.strip() == "KeyboardInterrupt"
            or (err.startswith("Fatal Python error: init_") and "<no Python frame>" in err))


def test_a_signal_in_the_interpreters_own_initialisation_is_pythons_to_say():
    """One in a few dozen runs of the test above, alone on a quiet machine, the 5 ms SIGINT landed in
    CPython's initialisation, which ends with status 1 and these words: the test failed (under load the
    start-up is slower and the signal came later)."""
    err = ("Fatal Python error: init_interp_main: can't initialize signals\nPython runtime state: core initialized\n"
           "KeyboardInterrupt\n\nCurrent thread 0x00007fa506a52b80 (most recent call first):\n  <no Python frame>\n")
    assert said_by_python_itself(err)
    assert not said_by_python_itself("Fatal Python error: Aborted\n\nCurrent thread (most recent call first):\n"
                                     f'  File "{PACKAGE}cli.py", line 1 in main\n')


@pytest.mark.parametrize("delay", [0.015, 0.03, 0.3])
def test_a_ctrl_c_ignored_from_the_start_stays_ignored(tmp_path, delay):
    """A background job of a script starts with SIGINT ignored, and Python leaves it so; the start-up's
    handler must not take it over (it made such a `workbench lessons` end with 130)."""
    process = subprocess.Popen([sys.executable, "-m", "workbench", "lessons"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=dict(os.environ, HOME=str(tmp_path)),
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0 and not err, (process.returncode, err)


def test_after_start_up_ctrl_c_is_a_keyboard_interrupt_again():
    previous = signal.getsignal(signal.SIGINT)
    try:
        import workbench.__main__ as entry        # (which puts in the start-up's handler)
        from workbench import cli

        signal.signal(signal.SIGINT, entry._interrupted_while_starting)
        cli._end_of_startup()
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)


def started_then_terminated(argv: list[str], home: Path) -> tuple[int, str]:
    """`workbench ARGV` with a SIGTERM right after workbench.__main__ ran, before the command is imported:
    the moment a SIGTERM used to end it without a word (what the command does next no timing decides)."""
    code = ("import os, signal, sys; sys.argv = ['workbench', *sys.argv[1:]]; import workbench.__main__ as entry; "
            "os.kill(os.getpid(), signal.SIGTERM); sys.exit(entry.start())")
    process = subprocess.run([sys.executable, "-c", code, *argv], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             env=dict(os.environ, HOME=str(home)), timeout=60)
    return process.returncode, process.stdout.decode("utf-8", "replace")


def test_sigterm_while_train_starts_is_said_in_one_line(tmp_path):
    """From the first line of workbench.__main__ on, not only once the train command has started
    (some 50-100 ms later)."""
    status, out = started_then_terminated(["--lang", "en", "train", "--epochs", "1"], tmp_path)
    assert status == 128 + signal.SIGTERM and "stopped before training started (SIGTERM)" in out, (status, out)
    assert "Traceback" not in out


def test_sigterm_while_another_command_starts_still_ends_it_by_the_signal(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "workbench", "lessons"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=dict(os.environ, HOME=str(tmp_path)))
    time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGTERM and b"Traceback" not in out, out
