"""Grader results as text: the status words, a part's message with its hint, and the console's table."""
from __future__ import annotations

import re

from workbench.exercises.parts import BY_NAME, ROWS
from workbench.exercises.sandbox import passed
from workbench.exercises.stubs import init_command
from workbench.i18n import cell_len, has, t
from workbench.i18n.numbers import grouped


def status_word(status: str | None) -> str:
    return t(f"exercises.status.{status}") if status else ""


def row_label(row: str, kind: str = "layer") -> str:
    """The row's heading for a kind of part: what its third row grades is a function's value on hidden
    inputs, a layer's forward, an optimizer's path on the valley (only a layer has a backward)."""
    if row == "forward":
        return t({"function": "exercises.row.value", "optimizer": "exercises.row.path"}.get(kind, "exercises.row.forward"))
    return t(f"exercises.row.{row}")


def column_label(row: str, kinds: set[str]) -> str:
    """A column's heading over parts of `kinds`: their own word when they are of one kind ("value" over
    chapter 3's functions), else "output" (what the part returns; `graded` says which for each part)."""
    if len(kinds) == 1:
        return row_label(row, next(iter(kinds)))
    return t("exercises.row.output") if row == "forward" else t(f"exercises.row.{row}")


def shown_rows(names) -> tuple[str, ...]:
    """The rows a table of these parts has a column for: "backward" only when a layer is among them
    (a table of chapter 3's functions has no column of dashes saying softmax has no backward)."""
    names = [name for name in names if name in BY_NAME]
    return tuple(row for row in ROWS if not names or any(row in BY_NAME[name].rows for name in names))


def kinds_of(names) -> set[str]:
    return {BY_NAME[name].kind for name in names if name in BY_NAME}


def graded(kind: str) -> str:
    """What the grader checks of a kind of part, in a phrase ("graded on its value for hidden inputs")."""
    return t(f"exercises.graded.{kind}")


def table_key(names) -> str:
    """The line under a table of parts of more than one kind that says what its "output" column grades
    of each; "" for a table of one kind, whose headings say it."""
    kinds = kinds_of(names)
    if len(kinds) < 2:
        return ""
    return t("exercises.key", kinds=", ".join(t(f"exercises.key.{kind}") for kind in ("function", "layer", "optimizer")
                                           if kind in kinds))


def message_text(result: dict) -> str:
    """The part's message in the current language, its hint on a line of its own; "" when it has none."""
    message = result.get("message")
    if not message:
        return ""
    return said(message)


def said(message: dict) -> str:
    """A grader-style message {"key", "values", "hint"?} in the current language.

    The child that grades forms no words of its own: a value that names something the reader should
    read in their language is a code or a phrase, put in words here (a verdict, an OS error's number, a row,
    a milestone, a test case)."""
    values = {key: words(value) for key, value in message.get("values", {}).items()}
    if "verdict" in values:                        # the gradient check's verdict, in the learner's language
        values["verdict"] = status_word(values["verdict"])
    if "errno" in values:                          # an OSError in the child: its number and the system's words
        values["error"] = _os_error(values.pop("errno"), values.get("error", ""))
    if "row" in values:
        values["row"] = t(f"exercises.row.{values['row']}")
    if "milestone" in values:                      # a milestone by its title, as the pane shows it
        values["milestone"] = milestone_title(values["milestone"])
    if "program" in values:                        # a program of the sandbox's runner by its pane's title
        values["program"] = program_title(values["program"])
    if "folder" in values:                         # the command that makes it, said from where the reader is
        values["init"] = init_command(values["folder"])
    text = t(message["key"], **values)
    hint = message.get("hint")
    if hint:
        text += "\n" + t(hint["key"], **{key: words(value) for key, value in hint.get("values", {}).items()})
    return text


def words(value) -> str:
    """A message's value as text: a phrase ({"key", "values"}: a test case's term, the kind of value the
    learner returned) said in the current language, a list of phrases joined by commas, text as it is."""
    if isinstance(value, dict):
        return t(value["key"], **{key: words(v) for key, v in value.get("values", {}).items()})
    if isinstance(value, list):
        return ", ".join(words(v) for v in value)
    return str(value)


def _os_error(number: str, words: str) -> str:
    from workbench.i18n.os_errors import os_error_text

    try:
        return os_error_text(OSError(int(number), words))
    except ValueError:                             # no number: the system's words are all there is
        return words


def frames(trace: str | None) -> list[str]:
    """The lines of the learner's traceback (as the runner gives it) that say where: its frames and their
    source lines, without its last line when that is the error, which the message already says. A trace
    cut at the time limit ends at the line that was running, and keeps it."""
    lines = (trace or "").splitlines()
    if lines and not lines[-1].startswith(" ") and not re.match(r"\S+:\d+ in ", lines[-1]):
        lines = lines[:-1]
    return lines


def printed_lines(result: dict, said: tuple[str, str] = ("exercises.printed.all", "exercises.printed.some")) -> list[str]:
    """What the part's code printed while it was graded, under a line saying so (the first lines of
    many, and how many there were); [] when it printed nothing. `said`: the catalog keys of that line,
    for all of it and for the first lines of many (a pane's run says "in this run", not "graded")."""
    printed = result.get("printed")
    if not printed:
        return []
    lines, count = printed["lines"], printed["count"]
    head = t(said[0]) if count == len(lines) else t(said[1], count=grouped(count), shown=len(lines))
    return [head, *("    " + line for line in lines)]


def first_unfinished(results: list[dict]) -> dict | None:
    return next((result for result in results if not passed(result)), None)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def table_lines(results: list[dict], width: int | None = None) -> list[str]:
    """The table the console prints: one line per part, one column per row; within `width` cells when
    given (a terminal), without the file column (each file is named again by its part's message) and
    then with the columns one space apart, where the terminal broke every row ("pas" / "s")."""
    for with_file, gap in ((True, "  "), (False, "  "), (False, " ")):
        lines = _table(results, with_file, gap)
        if width is None or max(cell_len(line) for line in lines) <= width:
            break
    return lines


def _table(results: list[dict], with_file: bool, gap: str) -> list[str]:
    kinds, rows = kinds_of(r["name"] for r in results), shown_rows([r["name"] for r in results])
    headings = [t("exercises.column.part"), t("exercises.column.file")] + [column_label(row, kinds) for row in rows]
    cells = [[r["name"], r["file"]] + [status_word(r["rows"].get(row)) if row in r["rows"] else "—" for row in rows]
             for r in results]
    if not with_file:
        headings, cells = [headings[0], *headings[2:]], [[line[0], *line[2:]] for line in cells]
    widths = [max(cell_len(line[i]) for line in [headings] + cells) for i in range(len(headings))]
    lines = [gap.join(_pad(text, width) for text, width in zip(headings, widths)).rstrip()]
    lines += [gap.join(_pad(text, width) for text, width in zip(line, widths)).rstrip() for line in cells]
    return lines


def summary(results: list[dict]) -> str:
    """How many of the parts checked pass; one part checked by its name ("Relu passes", not "All 1 parts pass")."""
    done = sum(passed(result) for result in results)
    if len(results) == 1:
        return t("exercises.one_passes" if done else "exercises.one_fails", name=results[0]["name"])
    if done == len(results):
        return t("exercises.all_pass", total=len(results))
    return t("exercises.summary", passed=done, total=len(results))


def milestone_title(name: str) -> str:
    return t(f"exercises.milestone.title.{name}")


def program_title(program: str) -> str:
    """A program the runner ran ("workbench.models.graph_mine:walk") by the title of the pane that runs it
    (`graph.title`: the module's name without `_mine`), as the reader knows it; a program of no pane's
    (a test's) by its function's name."""
    area = program.partition(":")[0].rpartition(".")[2].removesuffix("_mine")
    key = f"{area}.title"
    return t(key) if has(key) else program.rpartition(":")[2]


def milestone_text(outcome: dict) -> str:
    """A milestone's outcome in a sentence: reached or not yet, and what was measured."""
    key = "exercises.milestone.reached" if outcome["passed"] else "exercises.milestone.missed"
    return t(key, title=milestone_title(outcome["name"]), detail=message_text(outcome))


def milestones_line(done: set[str]) -> str:
    """"Milestones: ✓ apple graph  ○ gradient check …" in the order they unlock."""
    from workbench.exercises.unlock import NAMES

    marks = [f"{'✓' if name in done else '○'} {milestone_title(name)}" for name in NAMES]
    return t("exercises.milestones") + " " + "  ".join(marks)
