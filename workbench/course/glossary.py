"""The course's glossary: every term in English and as the Korean edition writes it, what it means, the
library's name for it and the lesson step that introduces it, for the app's glossary screen and
`workbench glossary`.

Learners read the Korean edition while the library, PyTorch's documentation and papers say it in English;
one list answers "what is 오차역전파법 called in English, and where did the course show it?". The terms are in
`lessons/glossary.toml` (shipped with the lessons); each names its step as "lesson-id/step-id", so the step's
number ("3.2 step 4") is read from the course, never written down. Reading never raises: a malformed
entry is left out and reported with its line, as a lesson's problems are. No Textual here.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.course.model import Course, Lesson, Problem
from workbench.course.toml_lines import key_lines, line_of
from workbench.i18n import LANGUAGES, t
from workbench.i18n.os_errors import os_error_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

GLOSSARY_FILE = "glossary.toml"
_KEYS = {"en", "ko", "code", "step", "meaning", "also"}
_NEEDED = ("en", "ko", "step", "meaning")


@dataclass(frozen=True)
class Term:
    """One term: its names in both languages, the library's name ("" for none), its meaning in both
    languages, and the step that introduces it ("lesson-id/step-id")."""

    en: str
    ko: str
    code: str
    step: str
    meaning: Mapping[str, str]
    line: int = field(default=1, compare=False)
    """The line of its `[[terms]]` table in glossary.toml, for messages."""
    also: tuple[str, ...] = ()
    """Other names the course writes for it, which find it too: a setting's key (`lr`), a legend's
    (std=0.01), the panes' 초기 가중치 beside the edition's 가중치의 초깃값."""

    def name(self, lang: str) -> str:
        """The term in `lang` ("ko": as the Korean edition writes it, else English)."""
        return self.ko if lang == "ko" else self.en

    def means(self, lang: str) -> str:
        """The meaning in `lang`, else in English."""
        return self.meaning.get(lang) or self.meaning.get("en", "")

    @property
    def lesson_id(self) -> str:
        return self.step.partition("/")[0]

    @property
    def step_id(self) -> str:
        return self.step.partition("/")[2]


@dataclass(frozen=True)
class Glossary:
    """The terms that read cleanly, in the file's order, and the problems met."""

    terms: tuple[Term, ...]
    problems: tuple[Problem, ...] = ()


def glossary_path(root: Path | None = None) -> Path:
    """glossary.toml in the lessons folder `root` (the installed lessons by default)."""
    from workbench.course.files import lessons_root

    return (Path(root) if root is not None else lessons_root()) / GLOSSARY_FILE


def load_glossary(root: Path | None = None) -> Glossary:
    """The glossary of the lessons folder `root`; a file that cannot be read gives no terms and one problem."""
    path = glossary_path(root)
    try:
        text = path.read_text(encoding="utf-8")
        table = tomllib.loads(text)
    except FileNotFoundError:
        return Glossary((), (Problem(path, 1, t("course.missing")),))
    except (OSError, UnicodeDecodeError) as exc:
        return Glossary((), (Problem(path, 1, t("course.cannot_read", reason=os_error_text(exc))),))
    except tomllib.TOMLDecodeError as exc:
        return Glossary((), (Problem(path, getattr(exc, "lineno", 1) or 1, str(exc)),))
    lines = key_lines(text)
    entries = table.get("terms", [])
    if not isinstance(entries, list):
        return Glossary((), (Problem(path, line_of(lines, ("terms",)), t("glossary.problem.terms")),))
    terms, problems = [], []
    for index, entry in enumerate(entries):
        line = line_of(lines, ("terms", index))
        term = _term(entry, line)
        if isinstance(term, str):
            problems.append(Problem(path, line, term))
        else:
            terms.append(term)
    return Glossary(tuple(terms), tuple(problems))


def _term(entry: object, line: int) -> Term | str:
    """The term an entry describes, or why it describes none."""
    if not isinstance(entry, dict):
        return t("glossary.problem.terms")
    unknown = sorted(set(entry) - _KEYS)
    missing = [key for key in _NEEDED if not entry.get(key)]
    if unknown or missing:
        return t("glossary.problem.keys", missing=", ".join(missing) or "-", unknown=", ".join(unknown) or "-")
    meaning = entry["meaning"]
    texts = [entry["en"], entry["ko"], entry.get("code", ""), entry["step"]]
    if not isinstance(meaning, dict) or not all(isinstance(meaning.get(lang), str) and meaning[lang]
                                                 for lang in LANGUAGES) or not all(isinstance(x, str) for x in texts):
        return t("glossary.problem.keys", missing="meaning." + "/".join(LANGUAGES), unknown="-")
    if texts[3].count("/") != 1:
        return t("glossary.problem.step", step=texts[3])
    also = entry.get("also", [])
    if not isinstance(also, list) or not all(isinstance(name, str) and name for name in also):
        return t("glossary.problem.also")
    return Term(entry["en"], entry["ko"], entry.get("code", ""), entry["step"], dict(meaning), line, tuple(also))


def _folded(text: str) -> str:
    """`text` as a search compares it: lower case, with spaces, hyphens and underscores left out
    ("cross entropy", "cross-entropy" and cross_entropy_error all meet; 배치정규화 finds 배치 정규화)."""
    return re.sub(r"[\s\-_‑·.]+", "", text.casefold())


def search(terms: Sequence[Term], query: str) -> list[Term]:
    """The terms whose English, Korean or library name, or another name the course writes for it (`also`),
    contains `query` (all of them for a blank one):
    those it names exactly first, then those it begins, then the rest, each group in the course's order."""
    wanted = _folded(query)
    if not wanted:
        return list(terms)
    ranked = []
    for order, term in enumerate(terms):
        names = [_folded(name) for name in (term.en, term.ko, term.code, *term.also) if name]
        if any(wanted == name for name in names):
            rank = 0
        elif any(name.startswith(wanted) for name in names):
            rank = 1
        elif any(wanted in name for name in names):
            rank = 2
        else:
            continue
        ranked.append((rank, order, term))
    return [term for _, _, term in sorted(ranked, key=lambda item: item[:2])]


def step_of(course: Course, term: Term) -> tuple[Lesson, int] | None:
    """The lesson and 0-based step that introduce `term` in `course`, or None if the course has no such step."""
    try:
        lesson = course.lesson(term.lesson_id)
    except KeyError:
        return None
    return next(((lesson, index) for index, step in enumerate(lesson.steps) if step.id == term.step_id), None)


def introduced(course: Course, term: Term) -> str:
    """"Introduced in 3.2 step 4 · One matrix product", in the interface language; "" without the step."""
    found = step_of(course, term)
    if found is None:
        return ""
    lesson, index = found
    return t("glossary.introduced", number=lesson.number, step=index + 1, title=lesson.steps[index].title)
