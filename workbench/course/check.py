"""The lesson validator: every file reads, and every step's pane and settings exist and are in range."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from workbench.course.files import SETTINGS_FILE, load_course
from workbench.course.model import Course, Problem
from workbench.course.settings import SettingError, build_settings


def check_course(course: Course, panes: Mapping[str, type]) -> list[Problem]:
    """Reading problems plus one problem per step whose pane or settings the panes do not accept.

    `panes` maps each pane name to its settings class, so this runs without Textual.
    """
    problems = list(course.problems)
    for lesson in course.lessons:
        path = lesson.folder / SETTINGS_FILE
        for step in lesson.steps:
            if step.pane is None:
                continue
            if step.pane not in panes:
                problems.append(Problem(path, step.line_of("pane"), f"unknown pane {step.pane!r} in step {step.id!r}; "
                                                         f"panes: {', '.join(sorted(panes))}"))
                continue
            try:
                build_settings(panes[step.pane], step.settings)
            except SettingError as exc:
                line = step.line_of(f"settings.{exc.key}" if exc.key else "settings")
                problems.append(Problem(path, line, f"step {step.id!r}, pane {step.pane!r}: {exc}"))
    return problems


def check_lessons(root: Path | None, panes: Mapping[str, type]) -> list[Problem]:
    """Load the lessons under `root` (the installed ones when None) and check them all."""
    return check_course(load_course(root), panes)
