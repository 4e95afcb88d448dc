"""Shared fixtures: no test reads or writes the real progress file, and every test starts in English;
a small valid lessons folder to break in controlled ways."""
import textwrap
from pathlib import Path

import pytest

from workbench.i18n import set_language


@pytest.fixture(autouse=True)
def private_state_dir(tmp_path, monkeypatch):
    """Point $WORKBENCH_STATE_DIR (progress) and $WORKBENCH_DATA_HOME (trained networks) at fresh
    folders for every test."""
    folder = tmp_path / "state"
    monkeypatch.setenv("WORKBENCH_STATE_DIR", str(folder))
    monkeypatch.setenv("WORKBENCH_DATA_HOME", str(tmp_path / "data-home"))
    return folder


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test starts with the interface in English, whatever the locale of the shell running it
    (a test that switches language is undone)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    set_language("en")
    yield
    set_language("en")


CHAPTERS = "[en]\n" + "".join(f'{n} = "Chapter {n}"\n' for n in range(2, 9))


def write_lesson(root: Path, lesson_id: str, toml: str, markdown: str) -> Path:
    """Write lessons/<lesson_id>/lesson.toml and en.md (dedented) and return the folder."""
    folder = root / lesson_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lesson.toml").write_text(textwrap.dedent(toml).lstrip(), encoding="utf-8")
    (folder / "en.md").write_text(textwrap.dedent(markdown).lstrip(), encoding="utf-8")
    return folder


def text_only_lesson(root: Path, chapter: int) -> None:
    write_lesson(root, f"lesson-{chapter}", f"""
        id = "lesson-{chapter}"
        chapter = {chapter}
        order = 1

        [[steps]]
        id = "only"
        """, f"""
        ---
        title: Lesson {chapter}
        summary: The only lesson of chapter {chapter}.
        ---

        ## Only step {{#only}}

        Text of chapter {chapter}.
        """)


@pytest.fixture
def lessons_dir(tmp_path) -> Path:
    """A valid course: chapter titles and one text-only lesson in each of chapters 2 to 8."""
    root = tmp_path / "lessons"
    root.mkdir()
    (root / "chapters.toml").write_text(CHAPTERS, encoding="utf-8")
    for chapter in range(2, 9):
        text_only_lesson(root, chapter)
    return root
