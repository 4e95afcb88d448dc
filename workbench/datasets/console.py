"""`workbench data status|download|verify` in plain text: what is where, fetching, checking.

Each command writes to `out` and returns an exit code (0 fine, 1 a problem, 130 interrupted); none
raises, not even on a console that cannot show "…" (see workbench.textout). The CLI only parses
arguments and calls these.
"""
from __future__ import annotations

import os
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from workbench.datasets.errors import DatasetError
from workbench.datasets.fetch import FetchError, fetch
from workbench.datasets.load import bad_file_action, set_aside, tidy_cache
from workbench.datasets.locate import (ENV_DATA, Place, UnreadableFolder, cache_dir, cache_root, candidates,
                                      places)
from workbench.datasets.sources import DATASETS, DatasetInfo, IdxFile
from workbench.datasets.verify import FileProblem, check_file
from workbench.i18n import cell_len, t
from workbench.i18n.numbers import human_bytes
from workbench.i18n.os_errors import os_error_text
from workbench.textout import bar, bar_percent, fit_progress, progress_width, redraws, safe_stream

BAR_WIDTHS = (24, 18, 12, 8)


@dataclass(frozen=True)
class Copy:
    """One copy of a file found on disk, and what its check found (`problem` None: verified).

    A folder that could not be searched is a Copy too, with `unsearched` set and `path` the folder:
    a load stops there, so status and verify report it in its place.
    """

    place: Place
    path: Path
    size: int
    problem: FileProblem | None
    unsearched: bool = False


def survey(info: DatasetInfo, spec: IdxFile) -> list[Copy]:
    """Every copy of `spec` in every place load_dataset searches, checked, in search order."""
    copies = []
    for place in places(info):
        try:
            found = candidates(place, spec)
        except UnreadableFolder as exc:
            problem = FileProblem(t("datasets.problem.unsearchable", reason=exc.reason))
            copies.append(Copy(place, place.folder, 0, problem, unsearched=True))
            continue
        for path in found:
            size = 0
            try:
                size = path.stat().st_size
                check_file(path, spec)
                problem = None
            except FileProblem as exc:
                problem = exc
            except OSError as exc:
                problem = FileProblem(t("datasets.problem.unreadable", reason=os_error_text(exc)))
            copies.append(Copy(place, path, size, problem))
    return copies


def chosen(copies: list[Copy]) -> tuple[Copy | None, Copy | None]:
    """(the copy a load would use, the bad copy or folder that would stop it), either may be None."""
    for copy in copies:
        if copy.problem is None:
            return copy, None
        if copy.unsearched or bad_file_action(copy.place, copy.problem) == "stop":
            return None, copy
    return None, None


def _size(n: int) -> str:
    """A file's size as the panes write one (units of 1,024 bytes: "44.9 MB"), not in SI's kB."""
    return human_bytes(n)


def _pad(words: str, keys: tuple[str, ...]) -> str:
    """`words` padded to the widest text of `keys` in screen cells, so the columns after it line up."""
    return words + " " * (max(cell_len(t(key)) for key in keys) - cell_len(words))


def _error(message: object) -> str:
    return t("datasets.console.error", message=message)


def _in_block(text: str) -> str:
    """`text` indented under its dataset's name, as the lines about each file are: an error at the margin
    read as the whole command failing, the next dataset's "ready" printed under it."""
    return textwrap.indent(text, "  ")


def _real_datasets() -> list[DatasetInfo]:
    return [info for info in DATASETS.values() if info.source is not None]


def status(out: TextIO = sys.stdout) -> int:
    """Print, per dataset, each file's size and whether it verified, and where they are: the folder once
    when every file is in the same one (a path on each row ran far past 80 columns), else on each row."""
    out = safe_stream(out)
    try:
        data = os.environ.get(ENV_DATA)
        _say(f"{ENV_DATA}: {data or t('datasets.status.not_set')}{_not_a_folder(data)}", out)
        _say(t("datasets.status.cache", folder=cache_root() / "datasets"), out)
        for info in _real_datasets():
            print(f"\n{info.display_name}", file=out)
            found = [(spec, *chosen(survey(info, spec))) for spec in info.source.files()]
            for line in _status_rows(found):
                _say(line, out, hang=4)
            ready = all(use for _, use, _ in found)
            _say("  " + (t("datasets.status.ready") if ready else
                         t("datasets.status.not_ready", name=info.name, variable=ENV_DATA)), out, prose=True)
        info = DATASETS["synthetic-digits"]
        print(f"\n{info.display_name}\n  {t('datasets.status.synthetic')}", file=out)
        return 0
    except (DatasetError, OSError) as exc:
        _say(_error(os_error_text(exc, getattr(exc, "filename", None))), out)
        return 1


def _not_a_folder(data: str | None) -> str:
    """" (no such folder: …)" when $WORKBENCH_DATA names no folder: a mistyped path was listed as if it
    were searched, every file "missing", with nothing to say why."""
    if not data:
        return ""
    folder = Path(data).expanduser()
    try:
        if folder.is_dir():
            return ""
        return " " + t("datasets.status.env_not_folder" if folder.exists() else "datasets.status.env_no_folder")
    except OSError:               # cannot be looked at: the rows below say so where it matters
        return ""


def _status_rows(found: list[tuple[IdxFile, Copy | None, Copy | None]]) -> list[str]:
    """A row per file (name, size, state; the bad copy and its problem), then the one folder they are in."""
    states = ("datasets.status.verified", "datasets.status.failed")
    folders = {(use.path.parent, use.place.label) for _, use, _ in found if use}
    one_folder = len(folders) == 1 and all(use for _, use, _ in found)
    rows = []
    for spec, use, blocker in found:
        if use:
            state = _pad(t("datasets.status.verified"), states)
            where = "" if one_folder else f"  {use.path} ({use.place.label})"
            rows.append(f"  {spec.stem:26} {_size(use.size):>8}  {state}{where}".rstrip())
        elif blocker:
            size = "" if blocker.unsearched else _size(blocker.size)
            state = _pad(t("datasets.status.failed"), states)
            rows.append(f"  {spec.stem:26} {size:>8}  {state}  {blocker.path}: {blocker.problem}")
        else:
            rows.append(f"  {spec.stem:26} {'':>8}  {t('datasets.status.missing')}")
    if one_folder:
        folder, place = folders.pop()
        rows.append("  " + t("datasets.status.folder", folder=folder, place=place))
    return rows


def _say(text: str, out: TextIO, hang: int = 0, prose: bool = False) -> None:
    """A line of `out`; on a terminal broken at words to fit it (a path stays whole). Into a file or a
    pipe `prose` (a dataset's "not ready: …", 94 cells) is broken to fit the page too (`textout.on_page`:
    80 cells or $COLUMNS); a line with a path stays whole there, to copy."""
    from workbench.i18n.cells import NO_BREAK
    from workbench.textout import is_terminal, on_page

    terminal = is_terminal(out)
    if terminal or prose:
        text = on_page(text, out, hang, terminal).replace(NO_BREAK, " ")
    print(text, file=out)


def verify(out: TextIO = sys.stdout) -> int:
    """Check every copy of every dataset file found anywhere; exit code 1 if any failed or a folder
    could not be searched."""
    out = safe_stream(out)
    try:
        checked = failed = 0
        unsearched: set[Path] = set()
        states = ("datasets.verify.ok", "datasets.verify.failed")
        ok, bad = (_pad(t(key), states) for key in states)
        absent = []
        for info in _real_datasets():
            before = checked
            for spec in info.source.files():
                for copy in survey(info, spec):
                    if copy.unsearched:
                        if copy.path not in unsearched:
                            unsearched.add(copy.path)
                            _say(f"{bad}  {copy.path}  ({copy.place.label}): {copy.problem}", out, hang=4)
                        continue
                    checked += 1
                    if copy.problem is None:
                        _say(f"{ok}  {copy.path}  ({info.display_name} {spec.stem})", out, hang=4)
                    else:
                        failed += 1
                        _say(f"{bad}  {copy.path}  ({info.display_name} {spec.stem}): "
                              f"{copy.problem}", out, hang=4)
            if checked == before:
                absent.append(info)
        folders = ""
        if unsearched:
            many = "many" if len(unsearched) > 1 else "one"
            folders = t(f"datasets.verify.unsearched_{many}", count=len(unsearched))
        if not checked:
            _say(t("datasets.verify.none", folders=folders), out, hang=4)
        else:       # a set with no file at all was passed over without a word: was MNIST checked?
            for info in absent:
                _say(t("datasets.verify.absent", display=info.display_name, name=info.name), out, hang=4)
            _say(t("datasets.verify.summary", checked=checked, failed=failed, folders=folders), out, hang=4)
        return 1 if failed or unsearched else 0
    except (DatasetError, OSError) as exc:
        _say(_error(os_error_text(exc, getattr(exc, "filename", None))), out, hang=4)
        return 1


class TextProgress:
    """progress(done, total, name) drawn as a bar with \\r on a terminal, as plain lines otherwise."""

    def __init__(self, out: TextIO):
        self.out = out
        self.tty = redraws(out)
        self.last_step = -1
        self.last_draw = 0.0
        self.finished = ""

    def __call__(self, done: int, total: int, name: str) -> None:
        fraction = done / total if total else 0.0
        if self.tty:
            now = time.monotonic()
            if (done < total and now - self.last_draw < 0.1) or self.finished == name:
                return
            self.last_draw = now
            if done >= total:
                self.finished = name
            end = "\n" if done >= total else ""
            amount = t("datasets.progress.amount", done=_size(done), total=_size(total))
            line = fit_progress(lambda cells: f"  {name:28} [{bar(fraction, cells)}] {bar_percent(fraction):>5} · {amount}",
                                progress_width(), BAR_WIDTHS)
            print(f"\r{line}\x1b[K", end=end, file=self.out, flush=True)   # never wraps: a wrapped line floods
        else:
            step = int(fraction * 4)                 # a line at 0, 25, 50, 75 and 100 %
            if step != self.last_step:
                self.last_step = step
                amount = t("datasets.progress.amount", done=_size(done), total=_size(total))
                print(f"  {name}: {bar_percent(fraction)} ({amount})", file=self.out, flush=True)

    def reset(self) -> None:
        self.last_step, self.last_draw, self.finished = -1, 0.0, ""


def download(names: list[str], out: TextIO = sys.stderr) -> int:
    """Fetch the named datasets (default: all real ones) into the cache, unless a verified copy is here."""
    out = safe_stream(out)
    failed: list[str] = []
    try:
        for name in names or [info.name for info in _real_datasets()]:
            info = DATASETS.get(name)
            if info is None:
                names = t("datasets.download.or").join(i.name for i in _real_datasets())
                _say(_error(t("datasets.download.unknown", name=repr(name), names=names)), out, hang=4)
                return 1
            if info.source is None:
                _say(t("datasets.download.built_in", dataset=info.display_name), out, hang=4)
                continue
            problem = _download_one(info, out)
            if problem is not None:            # the next dataset is still tried (it may be here already)
                failed.append(problem)
        if any(isinstance(problem, FetchError) for problem in failed):    # not for a full or read-only disk
            _say(t("datasets.download.offline", variable=ENV_DATA), out, hang=4)
        return 1 if failed else 0
    except KeyboardInterrupt:
        _say("\n" + t("datasets.download.interrupted"), out, hang=4)
        return 130


def _download_one(info: DatasetInfo, out: TextIO) -> DatasetError | None:
    """Fetch `info`'s missing files, saying each; None when all are here, else the error that stopped it
    (a FetchError when no mirror delivered, the network's fault, not the disk's)."""
    _say(f"{info.display_name}:", out, hang=4)
    tidy_cache(info)
    progress = TextProgress(out)
    for spec in info.source.files():
        copies = survey(info, spec)
        use, blocker = chosen(copies)
        if use:
            _say("  " + t("datasets.download.already_here", file=spec.name, path=use.path), out, hang=4)
            continue
        for copy in copies:
            if copy.problem and not copy.unsearched and bad_file_action(copy.place, copy.problem) == "delete":
                _say("  " + t("datasets.download.deleting", path=copy.path, problem=copy.problem), out, hang=4)
                copy.path.unlink(missing_ok=True)
        try:
            aside = set_aside(info, spec)
        except DatasetError as exc:
            _say(_in_block(_error(exc)), out, hang=4)
            return exc
        if aside is not None:
            _say("  " + t("datasets.download.set_aside", path=aside.with_name(spec.name), aside=aside.name), out, hang=4)
            if blocker is not None and blocker.path == aside.with_name(spec.name):
                blocker = None
        progress.reset()
        try:
            path = fetch(spec, info.source.mirrors, cache_dir(info.name), progress=progress)
        except DatasetError as exc:
            _say(_in_block(_error(exc)), out, hang=4)
            return exc
        _say("  " + t("datasets.download.done", file=spec.name, path=path), out, hang=4)
        if blocker:
            _say("  " + t("datasets.download.note", path=blocker.path, place=blocker.place.label,
                           problem=blocker.problem), out, hang=4)
    _say("  " + t("datasets.status.ready"), out, hang=4)
    return None
