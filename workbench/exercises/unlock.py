"""Which milestone comes next, and remembering the ones reached with the learner's progress.

Milestones unlock in order: the next is the first not reached yet, tried once every part it needs
passes; one not reached holds back the later ones that run the same files (chapter 4's gradient in
functions.py holds back none of chapter 5's, so a learner who starts at chapter 5 misses nothing). A reached milestone is saved in progress.json (the progress store writes a temp file and
renames it, and merges with other sessions), so it stays reached.
"""
from __future__ import annotations

from workbench.course.progress import Progress, ProgressStore
from workbench.exercises.parts import BY_NAME
from workbench.exercises.sandbox import passed

MILESTONES = (
    ("numgrad", ("sigmoid", "softmax", "cross_entropy_error", "numerical_gradient")),
    ("apple", ("MulLayer", "AddLayer")),
    ("gradcheck", ("Affine", "Relu", "SoftmaxWithLoss")),
    ("train", ("Affine", "Relu", "SoftmaxWithLoss", "SGD")),
    ("convnet", ("im2col", "col2im", "Convolution", "Pooling", "Affine", "Relu", "SoftmaxWithLoss", "SGD")),
)
"""(name, the parts it runs), in the order they unlock; the child's `milestones.MILESTONES` is the same."""
NAMES = tuple(name for name, _ in MILESTONES)


def reached() -> set[str]:
    return ProgressStore().read().milestones & set(NAMES)


def next_milestone(results: list[dict], done: set[str]) -> str | None:
    """The first milestone not in `done` whose parts are all among `results` and pass, and which no
    milestone before it not in `done` holds back (one that runs a file of the same)."""
    statuses = {result["name"]: passed(result) for result in results}
    waiting: set[str] = set()                  # the files of the milestones not reached yet
    for name, parts in MILESTONES:
        if name in done:
            continue
        files = {BY_NAME[part].file for part in parts}
        if not files & waiting and all(statuses.get(part) for part in parts):
            return name
        waiting |= files
    return None


def remember(name: str) -> str | None:
    """Save milestone `name` as reached; None, or the store's one line: why it could not save, or that a
    damaged file was set aside (its load dropped that line: the learner's progress was moved away unsaid)."""
    return ProgressStore().save(Progress(milestones={name}))      # merged into the file as it is then
