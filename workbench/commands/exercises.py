"""`workbench exercises`: write the stub files, and grade the learner's parts in the console.

    workbench exercises init [FOLDER]
    workbench exercises check [FOLDER] [NAME ...] [--json]

check prints the table, then for each part that does not pass its message and the learner's
traceback trimmed to their files. Exit status 0 when every part checked passes, 1 otherwise,
2 for bad arguments (a folder that is not there: one line saying how to make it).
"""
from __future__ import annotations

import argparse
import re
import json
from pathlib import Path

from workbench.i18n import cell_len, t
from workbench.i18n.os_errors import os_error_text

from workbench.exercises.stubs import DEFAULT_FOLDER, exercises_command

ORDER = 48


def register(subparsers) -> None:
    parser = subparsers.add_parser("exercises", help=t("exercises.cli.help"),
                                   description=t("exercises.cli.description"), epilog=t("exercises.cli.examples"))
    parser.add_argument("action", choices=["init", "check"], metavar="ACTION", help=t("exercises.cli.action"))
    parser.add_argument("folder", nargs="?", default=DEFAULT_FOLDER, metavar="FOLDER", help=t("exercises.cli.folder"))
    parser.add_argument("names", nargs="*", default=[], metavar="NAME", help=t("exercises.cli.names"))
    parser.add_argument("--json", action="store_true", help=t("exercises.cli.json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli import fail, say, tell

    if not args.folder.strip():             # Path("") is the current folder: graded it, or wrote stubs in it
        return fail(t("exercises.cli.blank_folder"))
    folder, names = folder_and_names(args)
    if folder.exists() and not folder.is_dir():
        return fail(t("exercises.cli.not_folder", folder=folder))
    if args.action == "init":
        from workbench.exercises.parts import files
        from workbench.exercises.stubs import write_stubs

        if names:                               # 'init exercises Affine' wrote every stub and said nothing of Affine
            return fail(t("exercises.cli.init_names", names=" ".join(names), folder=folder))
        try:
            written, kept = write_stubs(folder)
        except OSError as exc:
            return fail(t("exercises.cli.init_failed", folder=folder, reason=os_error_text(exc)))
        if written:                             # fresh stubs: what was graded of those files here is gone
            from workbench.exercises.saved import forget

            forget(folder, [path.name for path in written])
        if args.json:                           # stdout with --json is JSON alone, what init did too
            say(json.dumps({"folder": str(folder), "written": [str(p) for p in written],
                            "kept": [str(p) for p in kept]}, ensure_ascii=False))
            return 0
        for path in written:
            tell(t("exercises.cli.written", path=path))
        for path in kept:
            tell(t("exercises.cli.kept", path=path))
        first = written[0] if written else folder / files()[0]      # a file just written is the one to open
        tell(t("exercises.cli.init_next", path=first, command=exercises_command("check", folder)))
        return 0
    from workbench.exercises.parts import PARTS, select
    from workbench.commands._console import table_width
    from workbench.exercises.report import message_text, summary, table_key, table_lines
    from workbench.exercises.sandbox import Refused, check, passed
    from workbench.exercises.saved import record

    try:
        parts = select(names)
    except KeyError as exc:
        chapters = ", ".join(str(c) for c in sorted({part.chapter for part in PARTS}))
        close = close_part(exc.args[0])
        hint = t("cli.did_you_mean", name=close) if close else ""
        return fail(t("exercises.cli.unknown", name=exc.args[0], names=", ".join(part.name for part in PARTS),
                      chapters=chapters) + hint)
    if not folder.exists():                     # one line, not a table of fourteen missing files
        from workbench.exercises.stubs import init_command

        return fail(t("exercises.no_folder", folder=str(folder), file=parts[0].file, init=init_command(folder)))
    try:
        results = check(folder, names)
    except Refused:
        return fail(t("exercises.served"))
    record(folder, results)                     # the home screen's mark beside each chapter
    if args.json:
        for result in results:
            result["passed"] = passed(result)
            result["text"] = message_text(result)
        say(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for line in table_lines(results, table_width()):
            say(line)
        key = table_key([result["name"] for result in results])
        if key:                                 # what "output" grades of each kind, for a table of several
            tell(key, listing=True)             # a note under the table, as wide as the page as it is
        for group, text, trace, printed in _grouped(results):   # not `names`: the milestones below ask it
            say()
            tell(named_once(group, text))
            for line in trace:
                say("    " + line)
            for line in printed:
                say("    " + line)
        say()
        tell(summary(results))
        if all(passed(result) for result in results):   # what is left to write, as the pane says it
            from workbench.exercises.saved import next_elsewhere

            later = next_elsewhere(folder, results)
            if later is not None:
                tell(t("exercises.next", name=later.name, file=later.file))
        if names:                               # 'check 4' as the pane of 4.2 does: chapter 3's parts as last graded
            from workbench.exercises.saved import graded_elsewhere

            _milestones(folder, results + graded_elsewhere(folder, results), tell, always_line=False)
        else:
            _milestones(folder, results, tell)
    return 0 if all(passed(result) for result in results) else 1


def folder_and_names(args: argparse.Namespace) -> tuple[Path, list[str]]:
    """The folder and the parts named. FOLDER may be left out before the names: 'check Affine' and
    'check 5' check parts in the default folder (they were taken for a folder, and the learner told to
    run 'workbench exercises init Affine'), unless a folder of that name is there; so does a typo of a
    part ('check Afine': did you mean Affine?)."""
    from workbench.exercises.parts import select

    folder = args.folder
    if args.action == "check" and folder != DEFAULT_FOLDER and not Path(folder).exists():
        try:
            select([folder])
        except KeyError:
            if close_part(folder) is None:
                return Path(folder), list(args.names)
        return Path(DEFAULT_FOLDER), [folder, *args.names]
    return Path(folder), list(args.names)


def close_part(name: str) -> str | None:
    """The part `name` was a typo of ("Afine" → Affine), or None: a folder not made yet ('check mine')
    was taken for a typo of Affine (difflib finds them alike at 0.6) and refused as no part."""
    from workbench.exercises.parts import PARTS
    from workbench.suggest import suggest

    return suggest(name, [part.name for part in PARTS])


def _milestones(folder: Path, results: list[dict], say, always_line: bool = True) -> None:
    """Try the milestones that the passing parts unlock, in order; remember the ones reached. The line of
    milestones follows when one was tried, or always (a check of every part)."""
    from workbench.exercises.report import milestone_text, milestone_title, milestones_line
    from workbench.exercises.sandbox import run_milestone
    from workbench.exercises.unlock import next_milestone, reached, remember

    done = reached()
    tried = False
    while (name := next_milestone(results, done)) is not None:
        tried = True
        say(t("exercises.milestone.running", title=milestone_title(name)))
        outcome = run_milestone(folder, name)
        say(milestone_text(outcome))
        if not outcome["passed"]:
            break
        problem = remember(name)
        if problem:
            say(problem)
        done.add(name)
    if not (tried or always_line):
        return
    line = items_together(milestones_line(done))       # a list, broken between its items to fit the page,
    say(line, hang=cell_len(line.split(" ")[0]) + 1, listing=True)      # each row under the first item


def items_together(line: str) -> str:
    """A line of items two spaces apart ("Milestones: ✓ apple graph  ○ gradient check") with each item's
    own spaces no-break, so a terminal's line breaks between items, never inside one ("✓" / "SimpleConvNet
    trained"), as the pane's does."""
    from workbench.i18n.cells import NO_BREAK

    head, _, items = line.partition(" ")
    return head + " " + "  ".join(item.replace(" ", NO_BREAK) for item in items.split("  "))


def named_once(group: list[str], text: str) -> str:
    """A message under the names of its parts ("MulLayer: backward: dx …"), but a message that names
    its one part already stands alone: "softmax: softmax for a = …" and "SGD: SGD.update must …" said
    the name twice (in Korean "…일 때 softmax: …", inside the message)."""
    first = text.partition("\n")[0]
    if len(group) == 1 and re.search(rf"(?<![A-Za-z0-9_.]){re.escape(group[0])}(?![A-Za-z0-9_])", first):
        return text
    return f"{', '.join(group)}: {text}"


def _grouped(results: list[dict]) -> list[tuple[list[str], str, list[str], list[str]]]:
    """(part names, message, traceback, what their code printed) for the parts with a message; parts with
    the same one (a missing file, a syntax error) share a line, and of the parts still to write only the
    first is named."""
    from workbench.exercises.report import message_text, printed_lines

    groups: list[tuple[list[str], str, list[str], list[str]]] = []
    todo_shown = False
    for result in results:
        text = message_text(result)
        if not text:
            continue
        if "todo" in result["rows"].values():      # only the first part still to write: the next one to do
            if todo_shown:
                continue
            todo_shown = True
        trace = result.get("traceback") or []
        printed = printed_lines(result)
        if groups and groups[-1][1:] == (text, trace, printed):
            groups[-1][0].append(result["name"])
        else:
            groups.append(([result["name"]], text, trace, printed))
    return groups
