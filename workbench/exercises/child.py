"""The sandbox's child process: grade parts of one folder and write each result as a JSON line.

    python -m workbench.exercises.child FOLDER NAME...
    python -m workbench.exercises.child FOLDER --milestone NAME
    python -m workbench.exercises.child FOLDER --run PACKAGE.MODULE:FUNCTION SECONDS   (args: JSON on stdin)

What a part's code printed (print(), to stdout) is kept, its first PRINTED_KEPT lines and a count,
and sent with its result as "printed": a learner who debugs with print() sees it under the message.
A pane's run of their code (--run) sends what it printed with its answer or its failure, the same way.

Before each row it writes {"part", "row"}, so that the parent, if it has to stop this process
(a time limit), knows which row of which part was running; interrupted (SIGINT) at the time limit,
it writes {"interrupted": {"part", "trace"}}, the learner's frames where their code was. The protocol has a file descriptor of its
own: whatever the learner's code prints goes to stderr, never into the results.
"""
from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path


PRINTED_KEPT = 5
"""Lines of what a part's code printed kept to show; the count says how many more there were."""
PRINTED_WIDTH = 200
"""Characters of a printed line kept (a printed array of a million numbers is one long line)."""


class Printed:
    """A text stream in place of sys.stdout while the grader runs (warnings, on stderr, are not theirs to
    read as their own output): it keeps the first
    lines the learner's code prints (and counts them all), for the part being graded."""

    def __init__(self):
        self.lines: list[str] = []
        self.count = 0
        self._open = ""

    def write(self, text: str) -> int:
        text = str(text)
        *done, self._open = (self._open + text).split("\n")
        self._open = self._open[-PRINTED_WIDTH:]
        for line in done:
            self.count += 1
            if len(self.lines) < PRINTED_KEPT:
                self.lines.append(line[:PRINTED_WIDTH])
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def take(self) -> dict | None:
        """{"lines", "count"} of what was printed since the last take (None: nothing), then forget it."""
        if self._open:
            self.write("\n")
        said = {"lines": self.lines, "count": self.count} if self.count else None
        self.lines, self.count = [], 0
        return said


def main(argv: list[str]) -> int:
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)                                 # the learner's print() goes to stderr
    sys.stdout = sys.stderr
    folder = Path(argv[0]).resolve()
    from workbench.exercises.grader import grade
    from workbench.exercises.parts import BY_NAME

    def send(message: dict) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    signal.signal(signal.SIGINT, signal.default_int_handler)   # the time limit: even if the app ignores ^C
    if argv[1:2] == ["--run"]:
        from workbench.exercises.runner import child_main

        printed = Printed()
        sys.stdout = printed
        child_main(folder, argv[2], argv[3], lambda text: (protocol.write(text + "\n"), protocol.flush()),
                   printed.take)
        return 0
    if argv[1:2] == ["--milestone"]:
        from workbench.exercises.milestones import run

        send({"milestone": run(folder, argv[2])})
        return 0
    printed = Printed()
    sys.stdout = printed
    for name in argv[1:]:
        part = BY_NAME[name]
        try:
            result = grade(folder, part, on_row=lambda row, name=name: send({"part": name, "row": row}))
        except KeyboardInterrupt:                 # the parent's time limit: say where their code was
            from workbench.exercises.grader import learner_trace

            send({"interrupted": {"part": name, "trace": learner_trace(folder)[:-1], "printed": printed.take()}})
            return 0
        send({"result": dict(result, printed=printed.take())})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
