"""The last grading of each part in each folder, kept on disk, so the home screen can say how far each
chapter's exercises are, and in which folder.

The pane and `workbench exercises check` record every grading here; the home screen reads it
(`chapter_counts`) for a mark beside each chapter's heading ("✓ 5/5 parts in exercises"). A learner may
grade from more than one folder (chapter 3 in one, chapter 5 in another): each folder's parts are kept
apart, and each chapter's mark counts the folder where that chapter was graded last, and names it, so a
mark always counts one folder's files and says which. A folder no longer there counts for nothing, and
`exercises init` writing a fresh stub over a deleted file forgets that file's parts there
(`forget`): they are to write again.

One small JSON file in the state folder beside progress.json, {"version", "seq", "folders": {folder:
{part: [passed, seq]}}}; `seq` counts gradings, so "last" does not hang on a clock. Written to a temp file
and renamed; a file that cannot be read is taken as none (it is only a mark).
"""
from __future__ import annotations

import json
from pathlib import Path

from workbench.exercises.parts import PARTS
from workbench.paths import state_dir, write_text_atomically

FILE = "exercises.json"
VERSION = 2
MOST_FOLDERS = 20
"""Folders kept: those graded most recently (a learner's scratch folders do not pile up)."""


def path() -> Path:
    return state_dir() / FILE


def load() -> tuple[int, dict[str, dict[str, tuple[bool, int]]]]:
    """(gradings so far, {folder: {part: (passed, when)}}); (0, {}) when there is none. A version 1 file
    (one folder) is read as that folder graded before any other."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0, {}
    if not isinstance(data, dict):
        return 0, {}
    known = {part.name for part in PARTS}
    if data.get("version") == 1 and isinstance(data.get("passed"), dict) and isinstance(data.get("folder"), str):
        parts = {name: (ok, 0) for name, ok in data["passed"].items() if name in known and isinstance(ok, bool)}
        return 0, {data["folder"]: parts} if parts else {}
    if data.get("version") != VERSION or not isinstance(data.get("folders"), dict):
        return 0, {}
    seq = data.get("seq") if isinstance(data.get("seq"), int) else 0
    folders = {}
    for folder, parts in data["folders"].items():
        if not isinstance(parts, dict):
            continue
        kept = {name: (entry[0], entry[1]) for name, entry in parts.items()
                if name in known and isinstance(entry, list) and len(entry) == 2
                and isinstance(entry[0], bool) and isinstance(entry[1], int)}
        if kept:
            folders[folder] = kept
    return seq, folders


def _save(seq: int, folders: dict[str, dict[str, tuple[bool, int]]]) -> None:
    newest = sorted(folders, key=lambda folder: max(when for _, when in folders[folder].values()), reverse=True)
    kept = {folder: {name: list(entry) for name, entry in folders[folder].items()} for folder in newest[:MOST_FOLDERS]
            if folders[folder]}
    text = json.dumps({"version": VERSION, "seq": seq, "folders": kept}, ensure_ascii=False, indent=1)
    try:
        target = path()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, text)
    except OSError:
        pass


def record(folder: Path, results: list[dict]) -> None:
    """Keep whether each part in `results` (the grader's, of `folder`) passed; never raises (a mark only)."""
    from workbench.exercises.sandbox import passed

    seq, folders = load()
    seq += 1
    kept = folders.setdefault(str(Path(folder).resolve()), {})
    kept.update({result["name"]: (passed(result), seq) for result in results})
    _save(seq, folders)


def forget(folder: Path, files: list[str]) -> None:
    """Forget the parts of `files` (names, "functions.py") in `folder`: `exercises init` has just written
    them as stubs, so what was graded there before no longer counts."""
    seq, folders = load()
    kept = folders.get(str(Path(folder).resolve()))
    if not kept:
        return
    for part in PARTS:
        if part.file in files:
            kept.pop(part.name, None)
    _save(seq, folders)


def graded_in(folder: Path) -> dict:
    """Part name → (passed, when) as each part was graded last in `folder`."""
    return load()[1].get(str(folder.resolve()), {})


def graded_elsewhere(folder: Path, results: list[dict]) -> list[dict]:
    """The parts not in `results` as they were graded last in `folder` (by another chapter's table, or
    `exercises check`), for the milestones that run them: 7.5's table grades chapter 7's parts alone, and
    its SimpleConvNet, which needs chapter 5's layers and chapter 6's SGD, never ran (nor 4.2's numerical
    gradient, which needs chapter 3's sigmoid and softmax). The milestone runs the files as they are now:
    a part broken since it was graded fails it, with the milestone's message."""
    shown = {result["name"] for result in results}
    kept = graded_in(folder)
    return [{"name": name, "rows": {"present": "pass" if ok else "fail"}}
            for name, (ok, _) in kept.items() if name not in shown]


def next_elsewhere(folder: Path, results: list[dict]):
    """The first part after this table's (in the book's order, from chapter 3 again after chapter 7) that
    did not pass when last graded in `folder`, or was never graded there: what a table whose parts all
    pass leaves the learner to write next (None when every part passed)."""
    kept = graded_in(folder)
    shown = {result["name"] for result in results}
    last = max(i for i, part in enumerate(PARTS) if part.name in shown)
    return next((part for part in PARTS[last + 1:] + PARTS[:last + 1]
                 if part.name not in shown and not kept.get(part.name, (False,))[0]), None)


def chapter_counts() -> dict[int, tuple[int, int, str]]:
    """By chapter, (parts passing, parts in the chapter, the folder they are in) for the chapters with a
    part graded in a folder still there: of the folder where the chapter was graded last."""
    _, folders = load()
    folders = {folder: parts for folder, parts in folders.items() if Path(folder).is_dir()}
    counts: dict[int, tuple[int, int, str]] = {}
    for chapter in sorted({part.chapter for part in PARTS}):
        names = [part.name for part in PARTS if part.chapter == chapter]
        graded = {folder: max(parts[name][1] for name in names if name in parts)
                  for folder, parts in folders.items() if any(name in parts for name in names)}
        if not graded:
            continue
        folder = max(graded, key=graded.get)
        parts = folders[folder]
        counts[chapter] = (sum(parts[name][0] for name in names if name in parts), len(names), folder)
    return counts
