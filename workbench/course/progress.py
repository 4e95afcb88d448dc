"""Progress on disk: the last step seen in each lesson, the finished lessons, the lesson the learner
was in, the theme and the language.

One small JSON file in the user's state folder, written to a temp file beside it and moved into place
with os.replace, so a crash mid-write leaves the old file whole. A file that cannot be read or parsed
is renamed aside (never deleted, never over another one set aside) and the app starts fresh with a
notice. Two sessions may run at once (two terminals): each save re-reads the file and applies only
what this session changed since it last loaded or saved, so neither loses the other's progress; the
read, the merge and the replace happen under a lock (`.progress.lock` beside the file, an OS lock that
dies with its process), so two saves at the same moment cannot both read the old file. A save that
cannot get the lock within LOCK_TIMEOUT seconds (another session hung while saving) saves anyway.
A symlinked progress.json is written through the link, and the file keeps its mode.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.i18n import t
from workbench.i18n.os_errors import os_error_text
from workbench.paths import PROGRESS_FILE as FILE_NAME
from workbench.paths import STATE_DIR_VARIABLE, state_dir

VERSION = 1
NEW_FILE_MODE = 0o644
LOCK_NAME = ".progress.lock"
LOCK_TIMEOUT = 5.0
"""Seconds a save waits for another session's save to finish before it saves anyway."""


@dataclass
class Progress:
    """What the learner has done; `last_step` holds 0-based step indexes by lesson id."""

    last_step: dict[str, int] = field(default_factory=dict)
    finished: set[str] = field(default_factory=set)
    theme: str | None = None
    language: str | None = None
    """The interface language the learner chose (None: not chosen, use the default)."""
    current: str | None = None
    """The lesson the learner was in last (home starts on it); None before the first lesson."""
    glyphs: str | None = None
    """The glyph mode chosen with --glyphs or the palette ("unicode", "ascii"); None: not chosen."""
    milestones: set[str] = field(default_factory=set)
    """The exercises' milestones reached (`workbench.exercises.milestones`), kept like finished lessons."""

    def to_json(self) -> dict:
        return {"version": VERSION, "last_step": dict(sorted(self.last_step.items())),
                "finished": sorted(self.finished), "theme": self.theme, "language": self.language,
                "current": self.current, "glyphs": self.glyphs, "milestones": sorted(self.milestones)}

    @classmethod
    def from_json(cls, data: object) -> Progress:
        """Parse a saved file; ValueError if it is not one of ours."""
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("not a workbench progress file of version 1")
        last_step, finished = data.get("last_step", {}), data.get("finished", [])
        theme, language, current = data.get("theme"), data.get("language"), data.get("current")
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
        if current is not None and not isinstance(current, str):
            raise ValueError("current must be a lesson id")
        glyphs = data.get("glyphs")
        if glyphs is not None and not isinstance(glyphs, str):
            raise ValueError("glyphs must be a name")
        milestones = data.get("milestones", [])
        if not (isinstance(milestones, list) and all(isinstance(x, str) for x in milestones)):
            raise ValueError("milestones must be a list of names")
        return cls(dict(last_step), set(finished), theme, language, current, glyphs, set(milestones))

    def copy(self) -> Progress:
        return Progress(dict(self.last_step), set(self.finished), self.theme, self.language, self.current,
                        self.glyphs, set(self.milestones))


def merge(mine: Progress, base: Progress, theirs: Progress) -> Progress:
    """`theirs` (the file now) with what `mine` changed since `base` (the file as this session knew it).

    Finished lessons and milestones are never lost (the union). A lesson's last step, the theme, the language and
    the current lesson are mine where I changed them since `base`, else theirs; a lesson only I know
    of keeps my step.
    """
    last_step = dict(theirs.last_step)
    for lesson, step in mine.last_step.items():
        if lesson not in last_step or base.last_step.get(lesson) != step:
            last_step[lesson] = step
    return Progress(last_step, theirs.finished | mine.finished,
                    mine.theme if mine.theme != base.theme else theirs.theme,
                    mine.language if mine.language != base.language else theirs.language,
                    mine.current if mine.current != base.current else theirs.current,
                    mine.glyphs if mine.glyphs != base.glyphs else theirs.glyphs,
                    theirs.milestones | mine.milestones)


class _Unusable(Exception):
    """progress.json is there but is not a progress file we can read; the message says why."""


_KINDS = {stat.S_ISDIR: "folder", stat.S_ISFIFO: "pipe", stat.S_ISCHR: "device",
          stat.S_ISBLK: "device", stat.S_ISSOCK: "socket"}


def read_progress(path: Path) -> Progress | None:
    """The progress saved at `path`, or None if there is no file; _Unusable if it is not one of ours.

    Opened without blocking and checked to be a regular file first, so a named pipe cannot hang us.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _Unusable(t("progress.cannot_read", path=path, reason=_reason(exc))) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS.items() if test(mode)), "other")
        raise _Unusable(t("progress.not_a_file", path=path, kind=t(f"progress.kind.{kind}")))
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise _Unusable(t("progress.cannot_read", path=path, reason=_reason(exc))) from None
    try:
        return Progress.from_json(json.loads(data.decode("utf-8")))
    except UnicodeDecodeError:
        raise _Unusable(t("progress.damaged", path=path, reason=t("progress.not_utf8"))) from None
    except RecursionError:
        raise _Unusable(t("progress.damaged", path=path, reason=t("progress.too_deep"))) from None
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        raise _Unusable(t("progress.damaged", path=path, reason=exc)) from None




class ProgressStore:
    """Loads and saves `Progress` in one folder; never raises on a bad file or a failed write."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else state_dir()
        self.path = self.folder / FILE_NAME
        self.frozen = False
        """Set when a bad file could not be moved aside: saving then would overwrite it, so we don't."""
        self._base = Progress()
        """The progress as this session last loaded or saved it: what a save compares with."""

    def load(self) -> tuple[Progress, str | None]:
        """The saved progress and None, or fresh progress and a notice saying what was set aside."""
        blocked = self._folder_is_a_file()
        if blocked:
            return Progress(), blocked
        try:
            progress = read_progress(self.path) or Progress()
            notice = None
        except _Unusable as exc:
            progress, notice = Progress(), self._set_aside(str(exc))
        self._base = progress.copy()
        return progress, notice

    def save(self, progress: Progress) -> str | None:
        """Merge into the file on disk and write it atomically; None on success, else one line to show.

        The file is re-read first and `progress` merged in (see `merge`), so another session's
        progress saved meanwhile is kept. A file found damaged is set aside and the notice returned.
        """
        if self.frozen:
            return t("progress.frozen", path=self.path)
        blocked = self._folder_is_a_file()
        if blocked:
            return blocked
        target = Path(os.path.realpath(self.path))     # through a symlink, to the real file
        notice = None
        with save_lock(self.folder):
            try:
                theirs = read_progress(target)
            except _Unusable as exc:
                notice, theirs = self._set_aside(str(exc)), None
                if self.frozen:
                    return notice
            merged = merge(progress, self._base, theirs if theirs is not None else self._base)
            problem = self._write(target, merged)
        if problem is None:
            self._base = progress.copy()
        return problem or notice

    def _write(self, target: Path, progress: Progress) -> str | None:
        """Write `progress` to a temp file beside `target`, with its mode, and move it into place."""
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                mode = NEW_FILE_MODE
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(progress.to_json(), handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
            return None
        except OSError as exc:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            return t("progress.cannot_save", path=self.path, reason=_reason(exc))

    def _folder_is_a_file(self) -> str | None:
        """A plain message if a file stands where the state folder (or a folder above it) should be."""
        for folder in (self.folder, *self.folder.parents):
            try:
                if folder.exists():
                    if folder.is_dir():
                        return None
                    return t("progress.folder_is_a_file", variable=STATE_DIR_VARIABLE, path=folder)
            except OSError:
                return None
        return None

    def _set_aside(self, what: str) -> str:
        """Rename the bad file to a name no other file has; if that fails, stop saving (`frozen`).

        A damaged regular file is renamed beside itself (through a symlink: beside its target, so the
        link stays); anything else (a pipe, a folder, a link to a device) only by its name here.
        """
        real = Path(os.path.realpath(self.path))
        try:
            bad = real if stat.S_ISREG(os.stat(real).st_mode) else self.path
        except OSError:
            bad = self.path
        stamp = time.strftime("%Y%m%d-%H%M%S")
        names = (f"{bad.name}.bad-{stamp}" + (f"-{n}" if n > 1 else "") for n in itertools.count(1))
        aside = next(bad.with_name(name) for name in names if not os.path.lexists(bad.with_name(name)))
        try:
            os.replace(bad, aside)
        except OSError as exc:
            self.frozen = True
            return t("progress.cannot_set_aside", what=what, reason=_reason(exc))
        shown = aside.name if aside.parent == self.path.parent else aside
        return t("progress.set_aside", what=what, name=shown)


@contextlib.contextmanager
def save_lock(folder: Path, timeout: float | None = None) -> Iterator[bool]:
    """Hold the progress lock of `folder` inside the block; yields whether it was got.

    An advisory OS lock on `.progress.lock` (flock, or msvcrt on Windows), released when the file
    closes, so a crashed session never leaves it held. Waits up to `timeout` seconds; a folder that
    cannot hold the lock file, or a wait that times out, runs the block unlocked rather than not at all.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_NAME, "a+b")
    except OSError:
        yield False
        return
    with handle:
        got = _acquire(handle, LOCK_TIMEOUT if timeout is None else timeout)
        try:
            yield got
        finally:
            if got:
                _release(handle)


def _acquire(handle, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    delay = 0.001
    while True:
        try:
            _try_lock(handle)
            return True
        except (BlockingIOError, PermissionError):
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        except OSError:          # a file system without locks: go on unlocked
            return False


try:
    import fcntl

    def _try_lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _release(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
except ImportError:              # Windows
    import msvcrt

    def _try_lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _release(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def _reason(exc: OSError) -> str:
    return os_error_text(exc)
