"""Progress on disk: the last step seen in each lesson, the finished lessons, the lesson the learner
was in, the theme and the language.

A lesson's last step is kept twice: as its 0-based index (`last_step`, the only form before ids were
kept, and all an older workbench reads) and as the ids of the lesson's steps up to it (`last_step_ids`),
so that a lesson that gains, loses or reorders steps in a release resumes at the same step
(`Progress.resume_index`). A file with indexes only (still version 1: the ids are an added key, which
older versions ignore) resumes by index, as it always did, and is written with ids at its next save by
an app that knows the lessons (`ProgressStore.steps`). A step that is not one (a negative, huge or
non-integer index, ids that are not names or do not match their index) is ignored on its own, the rest
of the file kept; a file whose parts are not of their kind at all (`last_step` not a table, `finished`
not a list, ...) is set aside, as a damaged one is.

One small JSON file in the user's state folder, written to a temp file beside it and moved into place
with os.replace, so a crash mid-write leaves the old file whole. A file that cannot be read or parsed
is renamed aside (never deleted, never over another one set aside) and the app starts fresh with a
notice. A file written by a newer workbench (a higher `version`) is not damaged: it is left as it is, read
as far as this version understands it, and never saved over (the newer workbench would find its progress
gone), with a notice that says to upgrade. Two sessions may run at once (two terminals): each save re-reads the file and applies only
what this session changed since it last loaded or saved (a lesson's index and ids as one), so neither
loses the other's progress; the read, the merge and the replace happen under a lock (`.progress.lock`
beside the file, an OS lock that dies with its process), so two saves at the same moment cannot both
read the old file. A save that cannot get the lock within LOCK_TIMEOUT seconds (another session hung
while saving) saves anyway.
A symlinked progress.json is written through the link, and the file keeps its mode. The temp file of
a save killed mid-write is deleted by a later save.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
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
STALE_TEMP_SECONDS = 60
"""A temp file of a save untouched this long belongs to no save in progress (a killed one's)."""
MAX_STEP_INDEX = 999
"""A saved step index above this is junk (no lesson has a thousand steps), ignored as a negative one is."""
MAX_STEP_ID = 100
"""A saved step id longer than this is junk (lesson.toml's ids are a few words)."""


@dataclass
class Progress:
    """What the learner has done; `last_step` holds 0-based step indexes by lesson id, and
    `last_step_ids` the same steps by id (see `resume_index`)."""

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
    last_step_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """By lesson id, the ids of the lesson's steps from its first to the last one seen, in the order the
    learner saw them: one more than `last_step`'s index, else stale (that index was set alone)."""

    def record_step(self, lesson: str, step_ids: Sequence[str], index: int) -> None:
        """The learner is on step `index` of `lesson`, whose steps are `step_ids` in order."""
        self.last_step[lesson] = index
        self.last_step_ids[lesson] = tuple(step_ids[:index + 1])

    def step_ids_seen(self, lesson: str) -> tuple[str, ...]:
        """The ids of `lesson`'s steps up to the last one seen, or () where only its index is known."""
        ids = self.last_step_ids.get(lesson, ())
        return ids if len(ids) == self.last_step.get(lesson, -1) + 1 else ()

    def resume_index(self, lesson: str, step_ids: Sequence[str]) -> int | None:
        """The index, among `lesson`'s steps as they are now (`step_ids`), of the step last seen; None
        if the lesson was never opened.

        Found by id, so steps inserted, removed or reordered since do not move it. A step whose id is
        gone gives the nearest step before it, in the order the learner saw them, that the lesson still
        has. With no id left (or none saved: a file from before ids were kept) the saved index, as it
        always did; never past the last step.
        """
        index = self.last_step.get(lesson)
        if index is None:
            return None
        now = {step: position for position, step in enumerate(step_ids)}
        for step in reversed(self.step_ids_seen(lesson)):
            if step in now:
                return now[step]
        return max(0, min(index, len(step_ids) - 1))

    def with_step_ids(self, lessons: Mapping[str, Sequence[str]]) -> Progress:
        """A copy in which every step known by its index alone (a file from before ids were kept) is
        named by the ids `lessons` (lesson id: step ids) give it: it resumes where it did, and keeps
        doing so when its lesson changes. An index past a lesson's end stays an index."""
        named = self.copy()
        for lesson, index in self.last_step.items():
            steps = lessons.get(lesson, ())
            if not self.step_ids_seen(lesson) and index < len(steps):
                named.record_step(lesson, steps, index)
        return named

    def to_json(self) -> dict:
        return {"version": VERSION, "last_step": dict(sorted(self.last_step.items())),
                "last_step_ids": {lesson: list(self.step_ids_seen(lesson)) for lesson in sorted(self.last_step)
                                  if self.step_ids_seen(lesson)},
                "finished": sorted(self.finished), "theme": self.theme, "language": self.language,
                "current": self.current, "glyphs": self.glyphs, "milestones": sorted(self.milestones)}

    @classmethod
    def from_json(cls, data: object) -> Progress:
        """Parse a saved file; ValueError if it is not one of ours, NewerProgress (a ValueError) if a newer
        workbench wrote it. A lesson's step that is not one (a negative, huge or non-integer index; ids that
        are not a list of names matching it) is left out."""
        version = data.get("version") if isinstance(data, dict) else None
        if _is_count(version) and version > VERSION:
            raise NewerProgress(version, data)
        if not isinstance(data, dict) or version != VERSION:
            raise NotProgress("not a workbench progress file of version 1", "version")
        last_step, finished = data.get("last_step", {}), data.get("finished", [])
        theme, language, current = data.get("theme"), data.get("language"), data.get("current")
        if not isinstance(last_step, dict):
            raise NotProgress("last_step must map lesson ids to step numbers", "last_step")
        last_step = {lesson: index for lesson, index in last_step.items() if _is_step_index(index)}
        step_ids = _step_ids(data.get("last_step_ids"), last_step)
        if not (isinstance(finished, list) and all(isinstance(x, str) for x in finished)):
            raise NotProgress("finished must be a list of lesson ids", "finished")
        if theme is not None and not isinstance(theme, str):
            raise NotProgress("theme must be a name", "theme")
        if language is not None and not isinstance(language, str):
            raise NotProgress("language must be a name", "language")
        if current is not None and not isinstance(current, str):
            raise NotProgress("current must be a lesson id", "current")
        glyphs = data.get("glyphs")
        if glyphs is not None and not isinstance(glyphs, str):
            raise NotProgress("glyphs must be a name", "glyphs")
        milestones = data.get("milestones", [])
        if not (isinstance(milestones, list) and all(isinstance(x, str) for x in milestones)):
            raise NotProgress("milestones must be a list of names", "milestones")
        return cls(last_step, set(finished), theme, language, current, glyphs, set(milestones), step_ids)

    def copy(self) -> Progress:
        return Progress(dict(self.last_step), set(self.finished), self.theme, self.language, self.current,
                        self.glyphs, set(self.milestones), dict(self.last_step_ids))


class NotProgress(ValueError):
    """A file that is not a progress file of ours: the English message, and `part`, the key of the file
    at fault (`progress.bad.<part>` says it in the reader's language)."""

    def __init__(self, message: str, part: str):
        super().__init__(message)
        self.part = part


class NewerProgress(ValueError):
    """A progress file of a later `version` than this workbench writes: another workbench's, to be kept."""

    def __init__(self, version: int, data: dict):
        super().__init__(f"a progress file of version {version}, written by a newer workbench; this one reads "
                         f"version {VERSION}")
        self.version = version
        self.data = data

    def readable_part(self) -> Progress:
        """What of the file this version understands (a newer file is expected to keep version 1's keys,
        as version 1 added keys without a new number); fresh progress if even that is not there."""
        try:
            return Progress.from_json({**self.data, "version": VERSION})
        except (ValueError, RecursionError):
            return Progress()


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _whole_number(text: str) -> int | None:
    """A JSON integer, or None for one of more digits than any count we keep: Python refuses to read
    more than 4,300 digits, which would lose the whole file to one hand-typed index."""
    return int(text) if len(text) <= 20 else None


def _is_step_index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_STEP_INDEX


def _step_ids(raw: object, last_step: dict[str, int]) -> dict[str, tuple[str, ...]]:
    """The saved step ids of each lesson whose index they match; anything else is left out (the index
    alone then resumes the lesson), a missing or mistyped table too (a file from before ids were kept)."""
    if not isinstance(raw, dict):
        return {}
    return {lesson: tuple(ids) for lesson, ids in raw.items()
            if isinstance(ids, list) and len(ids) == last_step.get(lesson, -1) + 1
            and all(isinstance(step, str) and 0 < len(step) <= MAX_STEP_ID for step in ids)}


def merge(mine: Progress, base: Progress, theirs: Progress) -> Progress:
    """`theirs` (the file now) with what `mine` changed since `base` (the file as this session knew it).

    Finished lessons and milestones are never lost (the union). A lesson's last step, the theme, the
    language and the current lesson are mine where I changed them since `base`, else theirs; a lesson
    only I know of keeps my step. A step's index and ids go together, from one side: mine where my
    index changed (ids added to the same step, as an old file's are, are no change).
    """
    last_step, step_ids = dict(theirs.last_step), dict(theirs.last_step_ids)
    for lesson, step in mine.last_step.items():
        if lesson not in last_step or base.last_step.get(lesson) != step:
            last_step[lesson] = step
            step_ids.pop(lesson, None)
            if lesson in mine.last_step_ids:
                step_ids[lesson] = mine.last_step_ids[lesson]
    return Progress(last_step, theirs.finished | mine.finished,
                    mine.theme if mine.theme != base.theme else theirs.theme,
                    mine.language if mine.language != base.language else theirs.language,
                    mine.current if mine.current != base.current else theirs.current,
                    mine.glyphs if mine.glyphs != base.glyphs else theirs.glyphs,
                    theirs.milestones | mine.milestones, step_ids)


class _Unusable(Exception):
    """progress.json is there but is not a progress file we can read; the message says why."""


class _Newer(_Unusable):
    """progress.json was written by a newer workbench: never set aside or saved over. `progress` is what
    this version can read of it."""

    def __init__(self, message: str, progress: Progress):
        super().__init__(message)
        self.progress = progress


_KINDS = {stat.S_ISDIR: "folder", stat.S_ISFIFO: "pipe", stat.S_ISCHR: "device",
          stat.S_ISBLK: "device", stat.S_ISSOCK: "socket"}


def read_progress(path: Path) -> Progress | None:
    """The progress saved at `path`, or None if there is no file (or an empty one); _Unusable if it is
    not one of ours, its message in the reader's language.

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
    if not data.strip():               # an empty file (`touch`, a disk that filled as a tool wrote it): no
        return None                    # progress to keep, nothing to set aside or warn of
    try:
        return Progress.from_json(json.loads(data.decode("utf-8"), parse_int=_whole_number))
    except UnicodeDecodeError:
        raise _Unusable(t("progress.damaged", path=path, reason=t("progress.not_utf8"))) from None
    except RecursionError:
        raise _Unusable(t("progress.damaged", path=path, reason=t("progress.too_deep"))) from None
    except NewerProgress as exc:
        raise _Newer(t("progress.newer", path=path, version=exc.version, reads=VERSION),
                     exc.readable_part()) from None
    except json.JSONDecodeError as exc:               # the parser's words are English: said in ours
        raise _Unusable(t("progress.damaged", path=path,
                          reason=t("progress.not_json", line=exc.lineno, column=exc.colno))) from None
    except NotProgress as exc:
        raise _Unusable(t("progress.damaged", path=path, reason=t(f"progress.bad.{exc.part}"))) from None
    except ValueError as exc:
        raise _Unusable(t("progress.damaged", path=path, reason=exc)) from None




class ProgressStore:
    """Loads and saves `Progress` in one folder; never raises on a bad file or a failed write."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else state_dir()
        self.path = self.folder / FILE_NAME
        self.frozen = False
        """Set when a bad file could not be moved aside, or a newer workbench wrote the file: saving then
        would overwrite it, so we don't."""
        self._frozen_notice: str | None = None
        """Why saving stopped, when it says more than `progress.frozen` (a newer workbench's file)."""
        self._base = Progress()
        """The progress as this session last loaded or saved it: what a save compares with."""
        self.steps: Mapping[str, Sequence[str]] = {}
        """Each lesson's step ids (lesson id: ids in order), from the app that knows the lessons: a save
        names by id the steps a file from before ids were kept knew by index alone."""

    def load(self) -> tuple[Progress, str | None]:
        """The saved progress and None, or fresh progress and a notice saying what was set aside."""
        blocked = self._folder_is_a_file()
        if blocked:
            return Progress(), blocked
        try:
            progress = read_progress(self.path) or Progress()
            notice = None
        except _Newer as exc:
            progress, notice = exc.progress, self._freeze(str(exc))
        except _Unusable as exc:
            progress, notice = Progress(), self._set_aside(str(exc))
        self._base = progress.copy()
        return progress, notice

    def read(self) -> Progress:
        """The saved progress, only looked at: nothing set aside, nothing frozen, nothing to say. For a
        reader that says nothing of the file (the milestones reached, in `workbench exercises`), which
        moved a damaged file aside without a word. A file that cannot be read gives fresh progress, a
        newer workbench's what this version can read of it."""
        try:
            return read_progress(self.path) or Progress()
        except _Newer as exc:
            return exc.progress
        except _Unusable:
            return Progress()

    def save(self, progress: Progress) -> str | None:
        """Merge into the file on disk and write it atomically; None on success, else one line to show.

        The file is re-read first and `progress` merged in (see `merge`), so another session's
        progress saved meanwhile is kept. A file found damaged is set aside and the notice returned.
        """
        if self.frozen:
            return self._frozen_notice or t("progress.frozen", path=self.path)
        blocked = self._folder_is_a_file()
        if blocked:
            return blocked
        target = Path(os.path.realpath(self.path))     # through a symlink, to the real file
        notice = None
        with save_lock(self.folder):
            try:
                theirs = read_progress(target)
            except _Newer as exc:                       # a newer workbench saved since we loaded
                return self._freeze(str(exc))
            except _Unusable as exc:
                notice, theirs = self._set_aside(str(exc)), None
                if self.frozen:
                    return notice
            merged = merge(progress, self._base, theirs if theirs is not None else self._base)
            problem = self._write(target, merged.with_step_ids(self.steps))
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
            remove_stale_temp_files(target)
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

    def _freeze(self, notice: str) -> str:
        """Stop saving for this session, `notice` saying why (each later save returns it, unchanged)."""
        self.frozen, self._frozen_notice = True, notice
        return notice

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


def remove_stale_temp_files(target: Path) -> None:
    """Delete the temp files that saves of `target` killed mid-write (SIGKILL, a power cut) left beside
    it, one a crash: only our own names, untouched for STALE_TEMP_SECONDS (a save in progress in
    another session is younger). Errors are ignored: this is tidying."""
    prefix, now = f".{target.name}.", time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
            try:
                if entry.is_file(follow_symlinks=False) and \
                        now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


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
