"""The learner's part a milestone called last, and what it gave back: the hint for an error raised where no
line of theirs is in the traceback (the milestone's or the library's code, e.g. `z1 @ W2` after their
sigmoid returned a transposed array), which otherwise says only "Your code raised …".

`watch(kit)` wraps the learner's functions and their classes' methods that are exercise parts, in place
(the child loads their files afresh for each run); each call that returns notes its name and what it
returned (grader.what_got: an array by shape and dtype, None, a type). A call that raises notes nothing:
its own frame is in the traceback, and crash_hints names that line. Runs in the sandbox child.
"""
from __future__ import annotations

import functools
from pathlib import Path

LAST: dict = {}
"""{"where": "sigmoid" or "Affine.forward", "got": a phrase} of the last call of the learner's that returned."""
WATCHED = "_workbench_watched"


def watch(kit):
    """`kit` (a namespace of the learner's names) with its parts' functions and methods noting their calls."""
    from workbench.exercises.parts import BY_NAME

    LAST.clear()
    for name, value in list(vars(kit).items()):
        if name not in BY_NAME or getattr(value, WATCHED, False):
            continue
        if isinstance(value, type):
            for method, function in list(vars(value).items()):
                if callable(function) and not method.startswith("_") and not isinstance(function, (staticmethod, classmethod)):
                    setattr(value, method, _noted(f"{name}.{method}", function))
            setattr(value, WATCHED, True)
        elif callable(value):
            setattr(kit, name, _noted(name, value))
    return kit


def _noted(where: str, function):
    @functools.wraps(function)
    def call(*args, **kwargs):
        from workbench.exercises.grader import what_got

        out = function(*args, **kwargs)
        LAST.update(where=where, got=what_got(out))
        return out
    setattr(call, WATCHED, True)
    return call


def hint() -> tuple[str, dict] | None:
    """("after_part", {"where", "got"}) for the last call noted, or None when none of theirs returned yet."""
    return ("after_part", dict(LAST)) if LAST else None


def in_callback(folder: Path, tb, program: str) -> bool:
    """Whether the error was raised in `program`'s own code (the milestone's file) called back by a part of
    the learner's, as their numerical_gradient calls the book's loss: their deepest line is then only the
    call, and the part they called last before it is the one to look at."""
    import traceback

    from workbench.exercises.crash_hints import learner_frames

    frames, theirs = traceback.extract_tb(tb), learner_frames(folder, tb)
    if not theirs:
        return False
    below = frames[max(i for i, frame in enumerate(frames) if frame == theirs[-1]) + 1:]
    return any(Path(frame.filename).resolve() == Path(program).resolve() for frame in below)
