"""The exercises pane's settings and model: which folder and chapter, and what the table shows.

Computing the view only looks at the folder; grading runs the learner's code in the sandbox
(`workbench.exercises.sandbox`), which the pane starts as a job whenever a file's modification time
or size changes (`fingerprint`, polled), so the table follows each save within a second.

A served session (an instructor's `workbench serve`) must never run code from the machine's
folders on a visitor's behalf: when WORKBENCH_SERVED is set in the environment, the model refuses
the pane with a message, and `sandbox.check` refuses to grade.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.exercises.parts import FILES, PARTS, Part
from workbench.exercises.sandbox import served
from workbench.i18n import t
from workbench.models.exercises_settings import ExercisesSettings
from workbench.models.settings import SettingError

@dataclass(frozen=True)
class ExercisesView:
    """The folder (absolute) and the parts the table lists."""

    folder: Path
    parts: tuple[Part, ...]

    @property
    def exists(self) -> bool:
        """Whether the folder is there yet: asked afresh each time, since the learner runs
        `workbench exercises init` in another terminal while the pane is open."""
        return self.folder.is_dir()

    @property
    def names(self) -> list[str]:
        return [part.name for part in self.parts]


def compute(settings: ExercisesSettings) -> ExercisesView:
    if served():
        raise SettingError(None, t("exercises.served"))
    folder = Path(settings.folder).expanduser().resolve()
    parts = tuple(p for p in PARTS if settings.chapter == "all" or p.chapter == int(settings.chapter))
    return ExercisesView(folder, parts)


def fingerprint(view: ExercisesView) -> tuple:
    """What changes when the learner saves a file: each file's modification time and size (None if absent)."""
    return folder_stamp(view.folder)


def folder_stamp(folder: Path) -> tuple:
    """Each of the learner's files' modification time and size (None if absent): it changes with every save,
    of a helper of theirs beside them too (`from helpers import softmax` in layers.py)."""
    try:
        helpers = {path.name for path in folder.glob("*.py") if not path.name.startswith(".")}
    except OSError:
        helpers = set()
    stamps = []
    for name in sorted(set(FILES.values()) | helpers):
        try:
            stat = (folder / name).stat()
            stamps.append((name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((name, None, None))
    return tuple(stamps)
