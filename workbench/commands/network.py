"""`workbench network`: chapter 3's trained network, found or trained here, and what it learned from.

    workbench network             find it (or train it, with a progress line) and describe it
    workbench network --retrain   train it again on the best data on this computer

An instructor can run it before a class, so that the lesson opens on a network that is ready.
Training runs as a job of the same runner the app uses; its events are printed from here.
"""
from __future__ import annotations

import argparse
import queue
import sys
from typing import TYPE_CHECKING

from workbench.i18n import t
from workbench.textout import bar, bar_percent, fit_progress, progress_width, redraws

if TYPE_CHECKING:
    from workbench.jobs import JobProgress

ORDER = 47
BAR_WIDTH = 30


def register(subparsers) -> None:
    parser = subparsers.add_parser("network", help=t("trained.command.help"),
                                   description=t("trained.command.description"), epilog=t("cli.network.examples"))
    parser.add_argument("--retrain", action="store_true", help=t("trained.command.retrain"))
    parser.set_defaults(run=run)


def progress_line(event: JobProgress, width: int | None = None) -> str:
    """The job's progress as one line of text: why, or a bar with the epoch and the loss; in `width`
    cells when given (a terminal's line redrawn in place must not wrap)."""
    info = event.info
    if info.get("phase") in ("check", "data"):
        return t(f"trained.status.{'looking' if info['phase'] == 'check' else 'data'}")
    fraction = event.done / event.total if event.total else 0.0
    figures = t("trained.status.figures", epoch=info.get("epoch", 0), epochs=info.get("epochs", 0),
                loss=f"{info['loss']:.2f}") if info.get("loss") is not None else ""

    def render(cells: int) -> str:
        return f"[{bar(fraction, cells)}] {bar_percent(fraction):>5}  {figures}"
    return render(BAR_WIDTH) if width is None else fit_progress(render, width, (BAR_WIDTH, 20, 12, 8))


def run(args: argparse.Namespace) -> int:
    from workbench.cli import fail, safe_line, tell
    from workbench.jobs import FINISHED, JobDone, JobProgress, JobRunner
    from workbench.models import trained       # NumPy and the library: only when the command runs

    tty = redraws(sys.stderr)
    quarter, drawn = -1, False

    def show(event: JobProgress) -> None:
        """On a terminal the line redrawn in place; otherwise a line each time a quarter is passed."""
        nonlocal quarter, drawn
        line = safe_line(progress_line(event, progress_width(stream=sys.stderr) if tty else None), sys.stderr)
        if tty:
            print("\r" + line + "\x1b[K", end="", file=sys.stderr, flush=True)
            drawn = True
        elif event.total and int(4 * event.done / event.total) != quarter:
            quarter = int(4 * event.done / event.total)
            print(line, file=sys.stderr, flush=True)

    def clear() -> None:
        nonlocal drawn
        if drawn:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)
            drawn = False

    events: queue.Queue = queue.Queue()
    job = JobRunner(deliver=events.put).start("network", lambda ctx: trained.obtain(ctx, retrain=args.retrain))
    said_why, finished = False, False
    try:
        while True:
            event = events.get()
            if isinstance(event, JobDone):
                if event.reason == FINISHED and event.info.get("phase") in ("train", "test"):
                    finished = True      # the last report came steps before the end (four a second at most)
                    show(JobProgress(event.run_id, event.name, 1, 1, event.info, ()))
                break
            if "why" in event.info and not said_why:
                said_why = True
                clear()                                     # "Looking for…" has said its part
                tell(event.info["why"], listing=True)
            show(event)
    except KeyboardInterrupt:          # stopped, not an error: said plainly, with Ctrl+C's status
        job.cancel()
        clear()        # said at once, then the job waited for: getting the data cannot stop halfway, and
        print(safe_line(t("trained.command.cancelled"), sys.stderr), file=sys.stderr, flush=True)
        job.wait(10)   # said after it, the ^C stood alone for seven seconds
        return 130
    finally:
        if finished and drawn:
            print(file=sys.stderr, flush=True)              # the finished bar stays
            drawn = False
        clear()
    if event.reason != FINISHED:
        return fail(event.message or event.reason)
    found = event.result
    tell(trained.summary(found), listing=True)       # fits the page into a pipe too
    if found.not_kept:                               # a read-only or full disk: trained, but for nothing here
        return fail(t("trained.command.not_kept", reason=found.not_kept))
    tell(t("trained.command.kept", path=str(found.path)), listing=True, whole=str(found.path))
    return 0
