"""The last grading of each part, kept on disk, so the home screen can say how far each chapter's exercises are.

The pane and `workbench exercises check` record every grading here; the home screen reads it
(`chapter_counts`) for a mark beside each chapter's heading ("✓ 5/5 parts"). One small JSON file in the
state folder beside progress.json, {"version", "folder", "passed": {part: bool}}: a grading of some
parts updates those, a grading of another folder starts afresh (the counts are of one folder's files).
Written to a temp file and renamed; a file that cannot be read is taken as none (it is only a mark).
"""
from __future__ import annotations

import json
from pathlib import Path

from workbench.exercises.parts import PARTS
from workbench.paths import state_dir, write_text_atomically

FILE = "exercises.json"
VERSION = 1


def path() -> Path:
    return state_dir() / FILE


def load() -> tuple[str | None, dict[str, bool]]:
    """(the folder last graded, whether each part graded there passed); (None, {}) when there is none."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("passed"), dict):
        return None, {}
    known = {part.name for part in PARTS}
    passed = {name: ok for name, ok in data["passed"].items() if name in known and isinstance(ok, bool)}
    folder = data.get("folder")
    return (folder if isinstance(folder, str) else None), passed


def record(folder: Path, results: list[dict]) -> None:
    """Keep whether each part in `results` (the grader's, of `folder`) passed; never raises (a mark only)."""
    from workbench.exercises.sandbox import passed

    folder_text = str(Path(folder).resolve())
    before_folder, before = load()
    kept = before if before_folder == folder_text else {}
    kept.update({result["name"]: passed(result) for result in results})
    text = json.dumps({"version": VERSION, "folder": folder_text, "passed": kept}, ensure_ascii=False, indent=1)
    try:
        target = path()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, text)
    except OSError:
        pass


def chapter_counts() -> dict[int, tuple[int, int]]:
    """By chapter, (parts passing, parts in the chapter), for the chapters with a part graded."""
    _, kept = load()
    counts: dict[int, tuple[int, int]] = {}
    for chapter in sorted({part.chapter for part in PARTS}):
        names = [part.name for part in PARTS if part.chapter == chapter]
        if any(name in kept for name in names):
            counts[chapter] = (sum(kept.get(name, False) for name in names), len(names))
    return counts
