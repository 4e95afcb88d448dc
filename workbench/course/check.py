"""The lesson validator: every file reads, and every step's pane and settings exist and are in range.

The loader already builds each step's settings through the pane catalog and records what it
refuses, so checking is reading the course; nothing here imports Textual.
"""
from __future__ import annotations

from pathlib import Path

from workbench.course.files import load_course
from workbench.course.model import Course, Problem


def check_course(course: Course) -> list[Problem]:
    """Every problem met while reading the course: files, texts, panes and settings."""
    return list(course.problems)


def check_lessons(root: Path | None = None, lang: str = "en") -> list[Problem]:
    """Load the lessons under `root` (the installed ones when None) and return their problems."""
    return check_course(load_course(root, lang))
