"""`workbench gradcheck`: the gradient-check pane's table in the console, and its bugs.

    workbench gradcheck [--net NAME] [--break BUG] [--where N] [--samples N] [--seed N] [--h H]
                        [--kinks RULE] [--batch N] [--book-delta] [--json]
    workbench gradcheck --list-bugs

The same model as the pane (`workbench.models.gradcheck`) and the same job runner: the check runs
in a job whose events come through a queue and are printed from the main thread (a progress bar
with the time left on a terminal, plain lines otherwise); Ctrl+C stops it after the current
entry, as it stops `train` after the current step. Exit status 0 when every parameter passes, 1 when
one warns or fails, 2 for bad arguments, 130 when stopped.

The check multiplies small matrices thousands of times; OpenBLAS's threads only slow that down,
badly so on a busy machine (DeepConvNet: about 1 s with one thread, 1 to 35 s with two, in
benchmarks/README.md). Like every command, it runs with one BLAS thread (`workbench.cli.one_blas_thread`).
"""
from __future__ import annotations

import argparse
import json
import math
import queue
import sys
import time
from collections.abc import Callable

from workbench.i18n import t
from workbench.i18n.cells import cell_len
from workbench.textout import bar, bar_percent, fit_progress, progress_width, redraws

ORDER = 44
OPTIONS = {"net": "--net", "bug": "--break", "where": "--where", "samples": "--samples", "seed": "--seed",
           "h": "--h", "kinks": "--kinks", "batch": "--batch", "impl": "--impl", "folder": "--folder"}
"""Setting → the option that sets it, for messages."""
BAR_WIDTHS = (24, 18, 12, 8)


def register(subparsers) -> None:
    parser = subparsers.add_parser("gradcheck", help=t("gradcheck.cli.help"), description=t("gradcheck.cli.description"),
                                   epilog=t("gradcheck.cli.examples"))
    parser.add_argument("--net", metavar="NAME", help=t("gradcheck.cli.net"))
    parser.add_argument("--break", dest="bug", metavar="BUG", help=t("gradcheck.cli.break"))
    told = _told()
    parser.add_argument("--where", metavar="N", help=told(t("gradcheck.cli.where"), "where"))
    parser.add_argument("--samples", metavar="N", help=told(t("gradcheck.cli.samples"), "samples"))
    parser.add_argument("--seed", metavar="N", help=told(t("gradcheck.cli.seed"), "seed"))
    parser.add_argument("--h", metavar="H", help=told(t("gradcheck.cli.h"), "h"))
    parser.add_argument("--kinks", metavar="RULE", help=t("gradcheck.cli.kinks"))
    parser.add_argument("--batch", metavar="N", help=told(t("gradcheck.cli.batch"), "batch"))
    parser.add_argument("--book-delta", action="store_true", help=t("gradcheck.cli.book_delta"))
    parser.add_argument("--impl", metavar="IMPL", help=t("gradcheck.cli.impl"))
    parser.add_argument("--folder", metavar="DIR", help=t("gradcheck.cli.folder"))
    parser.add_argument("--json", action="store_true", help=t("gradcheck.cli.json"))
    parser.add_argument("--list-bugs", action="store_true", help=t("gradcheck.cli.list_bugs"))
    parser.set_defaults(run=run)


def _told() -> Callable[[str, str], str]:
    """What each numeric option's help says after its text, "(1 to 9; default 1)", from the gradient
    check's settings (as train's and search's help give them): the help named defaults alone, written
    into its sentences. Returns `told(help, key)`: the help with its key's range and default."""
    from workbench.cli import option_help, option_told
    from workbench.models.gradcheck_settings import GradcheckSettings
    from workbench.models.settings import kinds

    defaults, found = GradcheckSettings(), kinds(GradcheckSettings)
    return lambda text, key: option_help(text, option_told(found[key], getattr(defaults, key)))


def run(args: argparse.Namespace) -> int:
    from workbench.cli import accepted_by, close_choice, fail, option_error, say, tell
    from workbench.commands._console import table_width
    from workbench.models.catalog import pane
    from workbench.models.gradcheck import compute
    from workbench.models.settings import SettingError

    if args.list_bugs:
        from workbench.nn.bugs import BUGS

        if args.json:                           # stdout with --json is JSON alone, a listing too
            say(json.dumps([{"name": name, "description": t(f"gradcheck.bug.{name}")} for name in BUGS],
                           ensure_ascii=False))
            return 0
        from workbench.cli import named_list

        named_list([(name, t(f"gradcheck.bug.{name}")) for name in BUGS])
        return 0
    assignments = [f"{key}={value}" for key, value in
                   ((key, getattr(args, key)) for key in OPTIONS) if value is not None]
    if args.book_delta:
        assignments.append("book_delta=true")
    try:
        plan = compute(pane("gradcheck").parse(assignments))
    except SettingError as exc:
        where = OPTIONS.get(exc.key or "", "")
        close = close_choice(pane("gradcheck").settings, exc.key, getattr(args, exc.key, None),
                             accepted_by(pane("gradcheck"), assignments, exc.key)) if where else None
        return fail(option_error(where, exc.key, str(exc), close) if where else str(exc))
    except ValueError as exc:
        return fail(str(exc))
    if plan.settings.impl == "mine":
        from workbench.models.mine import folder_problem

        problem = folder_problem(plan.settings.folder)
        if problem:
            return fail(f"--folder: {problem}")
    report = _checked(plan)
    if isinstance(report, Stopped):             # Ctrl+C: the parameters checked so far, as compare and search do
        if args.json:
            say(json.dumps(stopped_json(plan, report.checks), ensure_ascii=False, indent=2))
        elif report.checks:
            for line in stopped_lines(plan, report.checks, table_width()):
                tell(line, listing=True)
            say()
        print(t("gradcheck.cli.stopped", done=len(report.checks), total=len(plan.rows)), file=sys.stderr)
        return 130
    if isinstance(report, str):
        print(t("gradcheck.cli.failed", message=report), file=sys.stderr)
        return 1
    printed = None
    if isinstance(report, Checked):             # the learner's layers: the report and what their code printed
        report, printed = report.report, report.printed
    if args.json:
        say(json.dumps(as_json(plan, report) | ({"printed": printed} if printed else {}), ensure_ascii=False,
                       indent=2))
    else:
        from workbench.models.mine import printed_lines

        for line in report_lines(plan, report, table_width()):
            tell(line, listing=True)                # the page's width into a pipe too: the bug's line ran to 124
        for line in printed_lines(printed):
            tell(line)
    return 0 if report.verdict == "pass" else 1


class Checked:
    """A check of the learner's layers: its report, and what their code printed ({"lines", "count"} or None)."""

    def __init__(self, report, printed: dict | None):
        self.report, self.printed = report, printed


class Stopped:
    """A check stopped by Ctrl+C, with the parameters it had checked ({name: GradientCheck}, in order)."""

    def __init__(self, checks: dict):
        self.checks = checks


def _checked(plan):
    """Run the check as a job, drawing its progress on stderr; the report, Stopped if cancelled, or the
    failure's message."""
    from workbench.jobs import CANCELLED, FINISHED, JobDone, JobRunner
    from workbench.models.gradcheck import run_check

    events: queue.Queue = queue.Queue()
    runner = JobRunner(deliver=events.put)

    def work(ctx):
        if plan.settings.impl == "mine":
            return _checked_mine(plan, ctx)

        def on_entry(done, total, name):
            ctx.progress(done, total, param=name)
            ctx.checkpoint()
        return run_check(plan, on_entry=on_entry, on_param=lambda name, check: ctx.emit((name, check)))

    job = runner.start("gradcheck", work)
    progress = Progress(sys.stderr, len(plan.rows))
    interrupted = False
    done = None
    while done is None:
        try:
            event = events.get(timeout=0.1)
            if isinstance(event, JobDone):
                done = event                        # first: a Ctrl+C while printing cannot lose it
                progress.finish(event.items)
            else:
                progress.update(event)
        except queue.Empty:
            pass
        except KeyboardInterrupt:
            if not interrupted:                     # as train and compare: the job ends its current entry
                interrupted = True
                job.cancel()
                progress.clear()
                print(t("gradcheck.cli.stopping"), file=sys.stderr)
    if done.reason == FINISHED:
        return done.result
    if done.reason == CANCELLED:
        return Stopped(progress.checks)
    return done.message


def _checked_mine(plan, ctx):
    """The check on the learner's layers (in the sandbox's child): the report, or their failure in words."""
    from workbench.exercises.runner import Cancelled as ChildCancelled
    from workbench.jobs import Cancelled
    from workbench.models import gradcheck_mine
    from workbench.models.mine import MineFailure

    try:
        result = gradcheck_mine.check(plan, on_entry=lambda done, total, name: ctx.progress(done, total, param=name),
                                      on_param=lambda name, check: ctx.emit((name, check)),
                                      cancelled=lambda: ctx.cancelled)
    except ChildCancelled:
        raise Cancelled from None
    if isinstance(result, MineFailure):
        from workbench.models.mine import printed_lines

        return "\n".join([result.headline(), *([result.traceback] if result.traceback else []),
                          *printed_lines(result.printed)])
    return Checked(result.report, result.printed)


class Progress:
    """The job's progress on ``out``: a bar with the time left (\\r) on a terminal, a plain line per
    finished parameter otherwise."""

    def __init__(self, out, params: int):
        from workbench.textout import SafeStream

        self.out = SafeStream(out)
        self.params = params
        self.tty = redraws(out)             # a bar redrawn in place; else a line per parameter
        self.started = time.monotonic()
        self.finished_params = 0
        self.checks: dict = {}
        self.drawn = False

    def update(self, event) -> None:
        self._params(event.items)
        if not self.tty or not event.total:
            return
        fraction = min(1.0, event.done / event.total)
        elapsed = time.monotonic() - self.started
        left = ""
        if 0.05 < fraction < 1:
            left = " · " + t("gradcheck.cli.left", seconds=max(1, round(elapsed / fraction - elapsed)))
        label = t("gradcheck.cli.progress", param=event.info.get("param", ""))
        label += " " * max(0, 22 - cell_len(label))
        line = fit_progress(lambda cells: f"  {label} [{bar(fraction, cells)}] {bar_percent(fraction):>5}{left}",
                            progress_width(stream=self.out), BAR_WIDTHS)
        self.out.write("\r" + line + "\x1b[K")     # fits the terminal: a wrapped line would be redrawn below itself
        self.out.flush()
        self.drawn = True

    def _params(self, items) -> None:
        for name, check in items:
            self.finished_params += 1
            self.checks[name] = check
            if not self.tty:
                self.out.write(t("gradcheck.cli.done_param", param=name, verdict=t(f"gradcheck.verdict.{check.verdict}"),
                                 done=self.finished_params, total=self.params) + "\n")

    def finish(self, items) -> None:
        self._params(items)
        self.clear()

    def clear(self) -> None:
        """Take the bar off the terminal's line, so a message can be written there."""
        if self.tty and self.drawn:
            self.out.write("\r\x1b[K")
            self.out.flush()
            self.drawn = False


def report_lines(plan, report, width: int | None = None) -> list[str]:
    """The pane's table as plain lines, with what was checked, how, the bug and a summary; the table in
    `width` cells when given, leaving out columns as the pane does (a row the terminal broke in two
    put its verdict under the next row's name)."""
    from workbench.models.gradcheck_table import (bands_line, bug_line, how_line, joined, mine_line, summary_line,
                                                  table, title_line)

    lines = [title_line(plan), how_line(plan, report), bands_line()]
    if plan.settings.impl == "mine":
        lines.insert(1, mine_line(plan))
    bug = bug_line(plan, revealed=True)
    if bug:
        lines.append(bug)
    lines.append("")
    _, rows = table(plan, dict(report), width)
    lines += [joined(row) for row in rows]
    lines += ["", summary_line(report) + "  " + t("gradcheck.cli.timing", seconds=report.seconds)]
    return lines


def stopped_lines(plan, checks: dict, width: int | None = None) -> list[str]:
    """What was checked before Ctrl+C: the lines above the table, and the table with the parameters not
    checked yet marked "…"."""
    from workbench.models.gradcheck_table import bands_line, how_line, joined, mine_line, table, title_line

    lines = [title_line(plan), how_line(plan), bands_line()]
    if plan.settings.impl == "mine":
        lines.insert(1, mine_line(plan))
    _, rows = table(plan, checks, width)
    return lines + [""] + [joined(row) for row in rows]


def stopped_json(plan, checks: dict) -> dict:
    """A check stopped by Ctrl+C as plain data: the parameters checked so far, no verdict."""
    s = plan.settings
    return {"network": s.net, "call": plan.recipe.call, "bug": None if s.bug == "none" else {"name": s.bug,
                                                                                            "layer": plan.layer},
            "interrupted": True, "verdict": None, "params_total": len(plan.rows),
            "params": [_param_json(name, check) for name, check in checks.items()]}


def _number(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _param_json(name: str, check) -> dict:
    return {"name": name, "shape": list(check.shape), "size": check.size, "checked": check.checked,
            "sampled": check.sampled, "max_relative_error": _number(check.max_relative_error),
            "mean_relative_error": _number(check.mean_relative_error),
            "worst_index": None if check.worst_index is None else list(check.worst_index),
            "kinks": check.kinks, "left_out": check.left_out, "verdict": check.verdict,
            "seconds": round(check.seconds, 3)}


def as_json(plan, report) -> dict:
    """The report as plain data (NaN as null)."""
    s = plan.settings

    return {
        "network": s.net, "call": plan.recipe.call, "built_in": plan.dtype, "checked_in": "float64",
        "bug": None if s.bug == "none" else {"name": s.bug, "layer": plan.layer},
        "h": s.h, "kinks": s.kinks, "batch": s.batch, "seed": s.seed, "samples": s.samples,
        "book_delta": s.book_delta, "impl": s.impl, "floor": report.floor, "fixed_dropout": report.fixed_dropout,
        "verdict": report.verdict, "seconds": round(report.seconds, 3),
        "params": [_param_json(name, check) for name, check in report.items()],
    }
