"""The sandbox's child process: grade parts of one folder and write each result as a JSON line.

    python -m workbench.exercises.child FOLDER NAME...
    python -m workbench.exercises.child FOLDER --milestone NAME
    python -m workbench.exercises.child FOLDER --run PACKAGE.MODULE:FUNCTION SECONDS   (args: JSON on stdin)

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

    if argv[1:2] == ["--run"]:
        from workbench.exercises.runner import child_main

        child_main(folder, argv[2], argv[3], lambda text: (protocol.write(text + "\n"), protocol.flush()))
        return 0
    if argv[1:2] == ["--milestone"]:
        from workbench.exercises.milestones import run

        send({"milestone": run(folder, argv[2])})
        return 0
    signal.signal(signal.SIGINT, signal.default_int_handler)   # the time limit: even if the app ignores ^C
    for name in argv[1:]:
        part = BY_NAME[name]
        try:
            result = grade(folder, part, on_row=lambda row, name=name: send({"part": name, "row": row}))
        except KeyboardInterrupt:                 # the parent's time limit: say where their code was
            from workbench.exercises.grader import learner_trace

            send({"interrupted": {"part": name, "trace": learner_trace(folder)[:-1]}})
            return 0
        send({"result": result})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
