"""Progress on disk: the last step seen in each lesson, the finished lessons, the theme and the language.

One small JSON file in the user's state folder, written to a temp file beside it and moved into place
with os.replace, so a crash mid-write leaves the old file whole. A file that cannot be read or parsed
is renamed aside (never deleted) and the app starts fresh with a notice.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

STATE_DIR_VARIABLE = "WORKBENCH_STATE_DIR"
FILE_NAME = "progress.json"
VERSION = 1


def state_dir() -> Path:
    """$WORKBENCH_STATE_DIR if set (tests set it), else the platform's user state folder."""
    override = os.environ.get(STATE_DIR_VARIABLE)
    if override:
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir("workbench", appauthor=False))


@dataclass
class Progress:
    """What the learner has done; `last_step` holds 0-based step indexes by lesson id."""

    last_step: dict[str, int] = field(default_factory=dict)
    finished: set[str] = field(default_factory=set)
    theme: str | None = None
    language: str | None = None
    """The interface language the learner chose (None: not chosen, use the default)."""

    def to_json(self) -> dict:
        return {"version": VERSION, "last_step": dict(sorted(self.last_step.items())),
                "finished": sorted(self.finished), "theme": self.theme, "language": self.language}

    @classmethod
    def from_json(cls, data: object) -> Progress:
        """Parse a saved file; ValueError if it is not one of ours."""
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("not a workbench progress file of version 1")
        last_step, finished = data.get("last_step", {}), data.get("finished", [])
        theme, language = data.get("theme"), data.get("language")
        if not (isinstance(last_step, dict) and all(isinstance(k, str) and isinstance(v, int)
                                                    and not isinstance(v, bool) and v >= 0
                                                    for k, v in last_step.items())):
            raise ValueError("last_step must map lesson ids to step numbers")
        if not (isinstance(finished, list) and all(isinstance(x, str) for x in finished)):
            raise ValueError("finished must be a list of lesson ids")
        if theme is not None and not isinstance(theme, str):
            raise ValueError("theme must be a name")
        if language is not None and not isinstance(language, str):
            raise ValueError("language must be a name")
        return cls(dict(last_step), set(finished), theme, language)


class ProgressStore:
    """Loads and saves `Progress` in one folder; never raises on a bad file or a failed write."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else state_dir()
        self.path = self.folder / FILE_NAME
        self.frozen = False
        """Set when a bad file could not be moved aside: saving then would overwrite it, so we don't."""

    def load(self) -> tuple[Progress, str | None]:
        """The saved progress and None, or fresh progress and a notice saying what was set aside."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Progress(), None
        except (OSError, UnicodeDecodeError) as exc:
            return Progress(), self._set_aside(f"could not read {self.path} ({_reason(exc)})")
        try:
            return Progress.from_json(json.loads(text)), None
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            return Progress(), self._set_aside(f"{self.path} was damaged ({exc})")

    def save(self, progress: Progress) -> str | None:
        """Write atomically; None on success, else a one-line reason (the old file is untouched)."""
        if self.frozen:
            return f"progress is not being saved: {self.path} needs attention first"
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(progress.to_json(), handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            return None
        except OSError as exc:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            return f"could not save progress to {self.path} ({_reason(exc)})"

    def _set_aside(self, what: str) -> str:
        aside = self.path.with_name(f"{FILE_NAME}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            self.frozen = True
            return (f"{what}; it could not be moved aside ({_reason(exc)}), so this session's "
                    f"progress will not be saved")
        return f"{what}; kept it as {aside.name} and started with fresh progress"


def _reason(exc: OSError | ValueError) -> str:
    return getattr(exc, "strerror", None) or str(exc)
