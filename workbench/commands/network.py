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
from workbench.textout import bar
from workbench.i18n.numbers import percent

if TYPE_CHECKING:
    from workbench.jobs import JobProgress

ORDER = 60
BAR_WIDTH = 30


def register(subparsers) -> None:
    parser = subparsers.add_parser("network", help=t("trained.command.help"),
                                   description=t("trained.command.description"))
    parser.add_argument("--retrain", action="store_true", help=t("trained.command.retrain"))
    parser.set_defaults(run=run)


def progress_line(event: JobProgress) -> str:
    """The job's progress as one line of text: why, or a bar with the epoch and the loss."""
    info = event.info
    if info.get("phase") in ("check", "data"):
        return t(f"trained.status.{'looking' if info['phase'] == 'check' else 'data'}")
    fraction = event.done / event.total if event.total else 0.0
    figures = t("trained.status.figures", epoch=info.get("epoch", 0), epochs=info.get("epochs", 0),
                loss=f"{info['loss']:.2f}") if info.get("loss") is not None else ""
    return f"[{bar(fraction, BAR_WIDTH)}] {percent(fraction, 0):>5}  {figures}"


def run(args: argparse.Namespace) -> int:
    from workbench.cli import fail, safe_line, say
    from workbench.jobs import FINISHED, JobDone, JobRunner
    from workbench.models import trained       # NumPy and the library: only when the command runs

    events: queue.Queue = queue.Queue()
    job = JobRunner(deliver=events.put).start("network", lambda ctx: trained.obtain(ctx, retrain=args.retrain))
    tty = sys.stderr.isatty()
    said_why, shown = False, -1
    try:
        while True:
            event = events.get()
            if isinstance(event, JobDone):
                break
            if "why" in event.info and not said_why:
                said_why = True
                say(event.info["why"])
            line = progress_line(event)
            if tty:
                print("\r" + safe_line(line, sys.stderr), end="", file=sys.stderr, flush=True)
            elif event.total and int(4 * event.done / event.total) != shown:
                shown = int(4 * event.done / event.total)           # a line as it passes each quarter
                print(safe_line(line, sys.stderr), file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        job.cancel()
        job.wait(10)
        return fail(t("trained.command.cancelled"))
    finally:
        if tty and said_why:
            print(file=sys.stderr)
    if event.reason != FINISHED:
        return fail(event.message or event.reason)
    found = event.result
    say(trained.summary(found))
    say(t("trained.command.kept", path=str(found.path)))
    return 0
