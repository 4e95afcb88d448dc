"""What a lesson is once read: lessons of steps, each step a text and, optionally, a pane with settings."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

CHAPTERS = range(1, 9)
"""The book's chapters that have lessons: 1 Python and NumPy, 2 perceptron … 8 deep learning."""


@dataclass(frozen=True)
class Problem:
    """Something wrong in a lesson file, with the file and line to fix."""

    path: Path
    line: int
    message: str
    reason: str = field(default="", compare=False)
    """For a step's settings, what the pane's settings said, without the file and step around it."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Step:
    """One screen of a lesson: its text, and the pane beside it with the settings the text relies on."""

    id: str
    title: str
    text: str
    pane: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    line: int = 1
    """Line of the step's `[[steps]]` table in lesson.toml, for messages."""
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    """Lines in lesson.toml of "pane", "settings" (its table) and each "settings.<name>", for messages."""
    path: Path | None = field(default=None, compare=False)
    """The lesson.toml the step was read from, for messages."""
    keys: tuple[str, ...] = field(default=(), compare=False)
    """The keys the step's text tells the learner to press (in English or in the translation shown),
    which the footer keeps in view."""

    def line_of(self, what: str) -> int:
        """The line of `what` (see `lines`), else of the step itself."""
        return self.lines.get(what, self.line)

    @cached_property
    def built(self) -> tuple[Any, Problem | None]:
        """The pane's typed settings, or None and the problem (`workbench.course.files.build_settings`).

        Built on first use, not when the lesson is read: a pane's settings may need its model (and
        NumPy) to be checked, and listing lessons or drawing the home screen needs neither."""
        from workbench.course.files import build_settings

        return build_settings(self)

    @property
    def pane_settings(self) -> Any:
        """The pane's typed settings; None without a pane or when they are invalid (see `problem`)."""
        return self.built[0]

    @property
    def problem(self) -> str | None:
        """Why the pane's settings could not be built (also among the course's problems)."""
        found = self.built[1]
        return found.reason if found is not None else None


@dataclass(frozen=True)
class Lesson:
    """A sequence of steps on one idea of the book, filed under its chapter."""

    id: str
    chapter: int
    order: int
    title: str
    summary: str
    steps: tuple[Step, ...]
    folder: Path
    short: str = ""
    """A shorter title, for the lesson bar where the whole one and the step's do not both fit ("" for none)."""

    @property
    def short_title(self) -> str:
        """The short title, else the title."""
        return self.short or self.title

    @property
    def number(self) -> str:
        """The lesson's place in the course, as the home screen shows it: "3.1"."""
        return f"{self.chapter}.{self.order}"

    @property
    def step_ids(self) -> tuple[str, ...]:
        """The ids of the steps, in order: what progress finds the step last seen by."""
        return tuple(step.id for step in self.steps)


@dataclass(frozen=True)
class Course:
    """Every lesson that loaded, in reading order, with the chapter titles and the problems met."""

    root: Path
    lessons: tuple[Lesson, ...]
    chapter_titles: Mapping[int, str]
    read_problems: tuple[Problem, ...] = ()
    """What reading the files found; cheap, as no pane's settings are built for it."""
    language: str = "en"
    """The language its texts were read in: the app shows its own strings in the same one."""

    @cached_property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem: what reading found, then what a closer look finds (unclosed emphasis, settings a
        pane refuses: `workbench.course.files.checked_problems`), which parses every text and builds every
        step's settings, loading the models whose checks need them."""
        from workbench.course.files import checked_problems

        return self.read_problems + checked_problems(self)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id; KeyError when there is none."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    def following(self, lesson: Lesson) -> Lesson | None:
        """The lesson after `lesson` in reading order, or None after the last."""
        index = self.lessons.index(lesson)
        return self.lessons[index + 1] if index + 1 < len(self.lessons) else None

    def preceding(self, lesson: Lesson) -> Lesson | None:
        """The lesson before `lesson` in reading order, or None before the first."""
        index = self.lessons.index(lesson)
        return self.lessons[index - 1] if index > 0 else None

    def chapters(self) -> list[tuple[int, str, list[Lesson]]]:
        """(chapter, title, lessons) for every chapter that has lessons, in order."""
        grouped: dict[int, list[Lesson]] = {}
        for lesson in self.lessons:
            grouped.setdefault(lesson.chapter, []).append(lesson)
        return [(ch, self.chapter_titles.get(ch, f"Chapter {ch}"), grouped[ch]) for ch in sorted(grouped)]
