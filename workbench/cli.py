"""The `workbench` command: the app, lessons, panes and data, with one-line errors and no tracebacks."""
from __future__ import annotations

import argparse
import difflib
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn


DATASET_NAMES = ("mnist", "fashion-mnist")
EXAMPLES = """\
examples:
  workbench                          the list of lessons
  workbench lesson perceptron        open one lesson (--step N to start at step N)
  workbench lessons                  list lesson ids by chapter
  workbench lessons check            validate every lesson file (--dir FOLDER for another)
  workbench panes                    the panes and the settings lessons can give them
  workbench data status              where MNIST and Fashion-MNIST are found
  workbench data download [mnist|fashion-mnist]
  workbench data verify              check every dataset file's checksum
"""


class _Parser(argparse.ArgumentParser):
    """argparse whose errors are one line: 'workbench: error: …'."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _version() -> str:
    try:
        return version("workbench")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workbench", formatter_class=argparse.RawDescriptionHelpFormatter,
                     description="Run every idea of Deep Learning from Scratch in your terminal. "
                                 "With no command, opens the list of lessons.",
                     epilog=EXAMPLES)
    parser.add_argument("--version", action="version", version=f"workbench {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     parser_class=_Parser)

    lesson = commands.add_parser("lesson", help="open one lesson (ids: 'workbench lessons')",
                                 description="Open one lesson, at its first step or at --step.")
    lesson.add_argument("id", help="lesson id, e.g. activation-functions")
    lesson.add_argument("--step", type=int, metavar="N", help="open at step N (1 is the first)")
    lesson.set_defaults(run=_run_lesson)

    lessons = commands.add_parser("lessons", help="list the lessons, or 'lessons check' to validate them",
                                  description="List the lessons; 'check' validates every lesson file "
                                              "against the panes that exist.")
    lessons.add_argument("action", nargs="?", choices=["list", "check"], default="list",
                         help="list (default) or check")
    lessons.add_argument("--dir", type=Path, metavar="FOLDER",
                         help="a lessons folder to read instead of the installed one")
    lessons.set_defaults(run=_run_lessons)

    panes = commands.add_parser("panes", help="list the panes and the settings a lesson step can give them",
                                description="List every pane with its settings, their ranges and defaults.")
    panes.set_defaults(run=_run_panes)

    data = commands.add_parser("data", help="datasets: status, download or verify",
                               description="Where MNIST and Fashion-MNIST come from and whether they are intact.")
    actions = data.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    actions.add_parser("status", help="which datasets are found, and where").set_defaults(run=_run_data)
    download = actions.add_parser("download", help="download and verify datasets into the cache")
    download.add_argument("names", nargs="*", type=_dataset_name, metavar="NAME",
                          help="mnist and/or fashion-mnist (default: both)")
    download.set_defaults(run=_run_data)
    actions.add_parser("verify", help="check the checksums of every dataset found").set_defaults(run=_run_data)

    parser.set_defaults(run=_run_home)
    return parser


def _dataset_name(name: str) -> str:
    if name not in DATASET_NAMES:
        raise argparse.ArgumentTypeError(f"invalid choice: '{name}' (choose from {', '.join(DATASET_NAMES)})")
    return name


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `workbench` script; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`workbench lessons | head`): stop quietly, as cat and ls do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _run_home(args: argparse.Namespace) -> int:
    from workbench.app.app import make_app

    return _run_app(make_app())


def _run_lesson(args: argparse.Namespace) -> int:
    from workbench.course.files import load_course

    course = load_course()
    ids = [lesson.id for lesson in course.lessons]
    if args.id not in ids:
        close = difflib.get_close_matches(args.id, ids, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "see 'workbench lessons'"
        return _fail(f"no lesson '{args.id}'; {hint}")
    steps = len(course.lesson(args.id).steps)
    if args.step is not None and not 1 <= args.step <= steps:
        return _fail(f"lesson '{args.id}' has steps 1 to {steps}, not {args.step}")
    from workbench.app.app import make_app

    step = args.step - 1 if args.step is not None else None
    return _run_app(make_app(course=course, lesson_id=args.id, step=step))


def _run_app(app) -> int:
    app.run()
    return app.return_code or 0


def _run_lessons(args: argparse.Namespace) -> int:
    from workbench.course.files import load_course

    if args.dir is not None and not args.dir.is_dir():
        return _fail(f"no lessons folder at {args.dir}")
    course = load_course(args.dir)
    if args.action == "check":
        from workbench.app.panes.registry import settings_classes
        from workbench.course.check import check_course

        problems = check_course(course, settings_classes())
        for problem in problems:
            print(f"{_short(problem.path)}:{problem.line}: {problem.message}")
        steps = sum(len(lesson.steps) for lesson in course.lessons)
        if problems:
            print(f"{len(problems)} problem(s) in {_short(course.root)}")
            return 1
        print(f"{len(course.lessons)} lessons, {steps} steps: all valid ({_short(course.root)})")
        return 0
    for chapter, title, lessons in course.chapters():
        print(f"Chapter {chapter} · {title}")
        for lesson in lessons:
            print(f"  {lesson.number:<5}{lesson.id:<28}{lesson.title}")
    if course.problems:
        print(f"({len(course.problems)} problem(s) in the lesson files: run 'workbench lessons check')")
    return 0


def _run_panes(args: argparse.Namespace) -> int:
    from workbench.app.panes.registry import pane_specs
    from workbench.course.settings import describe

    for name, spec in pane_specs().items():
        print(f"{name}: {spec.title}")
        for line in describe(spec.settings):
            print(f"    {line}")
    return 0


def _run_data(args: argparse.Namespace) -> int:
    try:
        from workbench.datasets import console
    except ImportError as exc:
        return _fail(f"the datasets commands are not available in this install ({exc})")
    if args.action == "status":
        return console.status(sys.stdout)
    if args.action == "download":
        return console.download(args.names or list(DATASET_NAMES), sys.stdout)
    return console.verify(sys.stdout)


def _fail(message: str) -> int:
    print(f"workbench: error: {message}", file=sys.stderr)
    return 2


def _short(path: Path) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)
