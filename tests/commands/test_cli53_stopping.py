"""Ctrl+C in the middle of `workbench train`, `compare` and `search`, as a new user presses it: once (the run
ends after its current step, then reports), twice (it is still stopping: said, once), and the progress
bar, which was drawn again after "stopping…" as if the run went on (DeepConvNet measuring 10,000 test
images after the stop: "epoch 1/3 [########....] 40 % · 0:35 left" stood under the stop for seconds)."""
from __future__ import annotations

import io
import queue
import signal
import time
from types import SimpleNamespace

import pytest

from workbench.i18n import set_language, t


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def live_console():
    """A JobConsole writing to a StringIO as to a terminal that redraws its bar."""
    from workbench.commands._console import JobConsole

    console = JobConsole(io.StringIO())
    console.tty = console.live = True
    console.columns = lambda: 80
    return console


def until_cancelled(ctx):
    """A job that reports every step until it is cancelled (a stop after the current step)."""
    for step in range(2000):
        ctx.progress(step, 2000)
        time.sleep(0.01)
        ctx.checkpoint()


class DoneOnce(queue.Queue):
    """The job's events, failing (not waiting for ever) when asked for one after the job was done."""

    def __init__(self):
        super().__init__()
        self.done_taken = False

    def get(self, block=True, timeout=None):
        from workbench.jobs import JobDone

        assert not self.done_taken, "waited for events after the job was done"
        event = super().get(block, timeout)
        self.done_taken = isinstance(event, JobDone)
        return event


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_second_ctrl_c_while_the_end_is_printed_is_heard_and_the_run_still_ends(monkeypatch, lang):
    """The second Ctrl+C landing while the job's last items were printed (a run's line, a trial's) left
    the console waiting for ever for an end it had already been given: the command hung after a
    double Ctrl+C, and more Ctrl+C did nothing."""
    from workbench.commands import _console
    from workbench.jobs import CANCELLED, JobDone

    set_language(lang)
    monkeypatch.setattr(_console.queue, "Queue", DoneOnce)
    console = live_console()

    taken = []

    def take(items, event):
        taken.append(event)
        if isinstance(event, JobDone) or len(taken) == 1:         # the first event, then the last
            raise KeyboardInterrupt
    done, interrupted = console.run_job("test", until_cancelled, take, t("compare.cli.stopping"))
    assert interrupted and done.reason == CANCELLED
    lines = console.out.getvalue().replace("\r\x1b[K", "").splitlines()
    assert lines == [t("compare.cli.stopping"), *console_lines(t("cli.still_stopping"))]


def console_lines(text: str) -> list[str]:
    from workbench.textout import wrapped

    return wrapped(text, 79).splitlines()


def test_once_stopping_the_progress_bar_is_not_drawn_again():
    from workbench.commands._console import JobConsole

    console = live_console()
    console.progress(0.4, "40/100 iterations", "40 % done")
    assert "[########" in console.out.getvalue()
    console.stopping = True
    console.out = io.StringIO()
    console.progress(0.5, "50/100 iterations", "50 % done")
    assert console.out.getvalue() == ""
    assert JobConsole(io.StringIO()).stopping is False


# -- train -------------------------------------------------------------------------------------

class Scripted:
    """The job's events as a run gives them: each entry is an event, or KeyboardInterrupt to raise."""

    def __init__(self, script):
        self.script = list(script)

    def get(self, timeout=None):
        step = self.script.pop(0)
        if step is KeyboardInterrupt:
            raise KeyboardInterrupt
        return step


def train_console(tmp_path):
    from workbench.commands import train as command

    args = SimpleNamespace(json=False, save=None)
    training = SimpleNamespace(settings=SimpleNamespace(epochs=3))
    console = command.Console(training, args, SimpleNamespace(number=signal.SIGINT))
    console.out = io.StringIO()
    console.tty = console.live = True
    console.columns = lambda: 80
    return console


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_train_says_a_second_ctrl_c_once_and_draws_no_bar_after_stopping(tmp_path, monkeypatch, lang):
    from workbench.commands import train as command
    from workbench.jobs import CANCELLED, JobDone, JobProgress

    set_language(lang)
    clock = iter(range(1000))        # a second between two looks at the clock: every progress may draw
    monkeypatch.setattr(command, "time", SimpleNamespace(monotonic=lambda: float(next(clock))))
    console = train_console(tmp_path)
    info = {"epoch": 1, "in_epoch": 12, "iter_per_epoch": 30, "samples_per_sec": 220.0, "seconds_left": 35.0}
    progress = JobProgress(1, "train", 12, 90, info, ())
    cancelled = SimpleNamespace(cancel=lambda: None)
    done, interrupted = console.wait(Scripted([progress, KeyboardInterrupt, KeyboardInterrupt, KeyboardInterrupt,
                                               progress, JobDone(1, "train", CANCELLED)]),
                                     cancelled)
    assert interrupted and done.reason == CANCELLED
    written = console.out.getvalue()
    before, _, after = written.partition(t("train.cli.stopping"))
    assert "\r" in before.replace("\r\x1b[K", "")            # the bar, before the stop
    assert "\r" not in after.replace("\r\x1b[K", "")          # no bar redrawn after the stop
    assert after.count("\n") == 1 + len(console_lines(t("cli.still_stopping")))   # said once, for three
    assert t("cli.still_stopping").split()[0] in after


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_says_a_run_stopped_in_its_first_epoch_so(lang):
    """Stopped before an epoch of Fashion-MNIST's 60,000 images ended: "SGD: stopped after 0 epochs · train
    75.1 %" (an accuracy after no epoch?) where the run had trained 211 iterations."""
    from workbench.commands.compare import CompareConsole

    set_language(lang)
    result = SimpleNamespace(stop_reason="stopped", epochs_done=0, name="SGD", final_train_acc=0.751,
                             final_test_acc=0.746, gap=0.005, seconds=1.7, diagnosis=None, warning=None)
    line = CompareConsole.ended(None, SimpleNamespace(result=result))
    assert line.startswith(t("compare.cli.run_stopped.zero", name="SGD", train="", test="", gap="", seconds="")[:12])
    assert " 0 " not in line and "0번" not in line
