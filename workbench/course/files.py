"""Read the lesson folders: settings from lesson.toml, text from one Markdown file per language.

    lessons/chapters.toml               chapter titles, one table per language
    lessons/<lesson-id>/lesson.toml     id, chapter, order, steps (id, pane, settings)
    lessons/<lesson-id>/en.md           title, summary (a short title where the title is long), and each
                                        step's text under `## Title {#step-id}`

A translation (ko.md beside en.md) translates only text; steps it leaves out fall back to English.
Reading never raises on bad content: every problem comes back with its file and line.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any

from workbench.course.keys import mentioned_keys
from workbench.course.model import CHAPTERS, Course, Lesson, Problem, Step
from workbench.i18n import t
from workbench.i18n.os_errors import os_error_text
from workbench.i18n.cells import cell_len
from workbench.course.toml_lines import key_lines, line_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SETTINGS_FILE = "lesson.toml"
CHAPTERS_FILE = "chapters.toml"
BASE_LANGUAGE = "en"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STEP_HEADING = re.compile(r"^##[ \t]+(.*?)[ \t]*\{#([^}\s]*)\}[ \t]*$")
_LESSON_KEYS = {"id", "chapter", "order", "steps"}
_STEP_KEYS = {"id", "pane", "settings"}
_TEXT_KEYS = {"title", "summary"}
_OPTIONAL_TEXT_KEYS = {"short"}
"""A shorter title, which the lesson bar shows where the whole one and the step's title do not both fit."""
MAX_LENGTH = {"title": 50, "summary": 69, "short": 24}
"""Screen cells, so that a title and its summary each fit one line of the home screen at 80 columns (and
a short title leaves the step's its room beside it)."""


def lessons_root() -> Path:
    """The installed `workbench/lessons/` of a wheel, else the checkout's `lessons/` (editable install)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "lessons"
    return installed if installed.is_dir() else package.parent / "lessons"


def load_course(root: Path | None = None, lang: str = BASE_LANGUAGE) -> Course:
    """Every lesson under `root` that reads cleanly, in (chapter, order); the rest become problems.

    Fast: no text is parsed as Markdown and no pane's settings are built until asked for
    (`Course.problems`, `Step.built`)."""
    root = Path(root) if root is not None else lessons_root()
    problems: list[Problem] = []
    if not root.is_dir():
        return Course(root, (), {}, (Problem(root, 1, t("course.no_folder")),), lang)
    folders = _lesson_folders(root, problems)
    if not folders and not problems and not (root / CHAPTERS_FILE).exists():
        return Course(root, (), {}, (Problem(root, 1, t("course.no_lessons")),), lang)
    titles = _chapter_titles(root / CHAPTERS_FILE, lang, problems)
    lessons = []
    for folder in folders:
        lesson = _read_lesson(folder, lang, problems)
        if lesson is not None:
            lessons.append(lesson)
    lessons = _drop_clashes(lessons, problems)
    for chapter in CHAPTERS:
        if not any(lesson.chapter == chapter for lesson in lessons):
            problems.append(Problem(root / CHAPTERS_FILE, 1, t("course.empty_chapter", chapter=chapter)))
    lessons.sort(key=lambda lesson: (lesson.chapter, lesson.order))
    return Course(root, tuple(lessons), MappingProxyType(titles), tuple(problems), lang)


def _lesson_folders(root: Path, problems: list[Problem]) -> list[Path]:
    """The lesson folders in `root`, sorted; what cannot be listed or examined becomes a problem.

    A folder with neither a lesson.toml nor a lesson's text (.md) is not one (`--dir /tmp` listed every
    folder of /tmp as a lesson missing its lesson.toml); a folder with only one of them is a lesson
    with a file missing, and is reported. A folder that cannot be examined is reported only beside
    lessons: without any, "no lessons here" says it all.
    """
    try:
        entries = sorted(p for p in root.iterdir() if not p.name.startswith((".", "_")))
    except OSError as exc:
        problems.append(Problem(root, 1, t("course.cannot_list", reason=os_error_text(exc))))
        return []
    folders, unreadable = [], []
    for entry in entries:
        try:
            if entry.is_dir() and _looks_like_a_lesson(entry):
                folders.append(entry)
        except OSError as exc:
            unreadable.append(Problem(entry, 1, t("course.cannot_read", reason=os_error_text(exc))))
    if folders or (root / CHAPTERS_FILE).exists():
        problems.extend(unreadable)
    return folders


def _looks_like_a_lesson(folder: Path) -> bool:
    """A lesson.toml or a Markdown text in it: what an author starts a lesson with."""
    return (folder / SETTINGS_FILE).exists() or any(path.suffix == ".md" for path in folder.iterdir())


def _read_text(path: Path, problems: list[Problem], missing: str = "course.missing") -> str | None:
    """The file's text, or None with a problem saying why it could not be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path, 1, t(missing)))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, 1, t("course.cannot_read", reason=os_error_text(exc))))
    return None


def _read_toml(path: Path, problems: list[Problem]) -> tuple[dict[str, Any], dict[tuple, int]] | None:
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        return tomllib.loads(text), key_lines(text)
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        problems.append(Problem(path, 1, t("course.too_deep")))
        return None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(path, int(found.group(1)) if found else 1, t("course.bad_toml", reason=exc)))
        return None


def _chapter_titles(path: Path, lang: str, problems: list[Problem]) -> dict[int, str]:
    read = _read_toml(path, problems)
    if read is None:
        return {}
    data, lines = read
    titles: dict[int, str] = {}
    for language in dict.fromkeys((BASE_LANGUAGE, lang)):
        table = data.get(language, {})
        for key, title in table.items() if isinstance(table, dict) else ():
            if not (key.isdigit() and int(key) in CHAPTERS) or not isinstance(title, str):
                problems.append(Problem(path, line_of(lines, (language, key)),
                                        t("course.bad_chapter_title", key=key, value=repr(title),
                                          first=CHAPTERS[0], last=CHAPTERS[-1])))
                continue
            titles[int(key)] = title
    for chapter in CHAPTERS:
        if str(chapter) not in data.get(BASE_LANGUAGE, {}):
            problems.append(Problem(path, line_of(lines, (BASE_LANGUAGE,)), t("course.no_chapter_title", chapter=chapter)))
    return titles


def _read_lesson(folder: Path, lang: str, problems: list[Problem]) -> Lesson | None:
    path = folder / SETTINGS_FILE
    start = len(problems)
    read = _read_toml(path, problems)
    if read is None:
        return None
    data, lines = read
    for key in data.keys() - _LESSON_KEYS:
        problems.append(Problem(path, line_of(lines, (key,)),
                                t("course.unknown_lesson_key", key=repr(key), keys=", ".join(sorted(_LESSON_KEYS)))))
    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not _ID.match(lesson_id):
        problems.append(Problem(path, line_of(lines, ("id",)),
                                t("course.bad_id", value=repr(lesson_id))))
    elif lesson_id != folder.name:
        problems.append(Problem(path, line_of(lines, ("id",)),
                                t("course.id_folder", id=repr(lesson_id), folder=repr(folder.name))))
    chapter, order = data.get("chapter"), data.get("order")
    if not isinstance(chapter, int) or isinstance(chapter, bool) or chapter not in CHAPTERS:
        problems.append(Problem(path, line_of(lines, ("chapter",)),
                                t("course.bad_chapter", value=repr(chapter), first=CHAPTERS[0], last=CHAPTERS[-1])))
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        problems.append(Problem(path, line_of(lines, ("order",)),
                                t("course.bad_order", value=repr(order))))
    steps = _read_steps(path, data.get("steps"), lines, problems)
    if len(problems) > start:
        return None
    texts = _read_texts(folder, lang, [s["id"] for s in steps], problems)
    if texts is None or len(problems) > start:
        return None
    header, sections, english = texts
    built = []
    for s in steps:
        text = sections[s["id"]][1]
        keys = tuple(dict.fromkeys(mentioned_keys(english[s["id"]][1]) + mentioned_keys(text)))
        built.append(Step(id=s["id"], title=sections[s["id"]][0], text=text, pane=s["pane"],
                          settings=MappingProxyType(s["settings"]), line=s["line"],
                          lines=MappingProxyType(s["lines"]), path=path, keys=keys))
    return Lesson(lesson_id, chapter, order, header["title"], header["summary"], tuple(built), folder,
                  short=header.get("short", ""))


def build_settings(step: Step) -> tuple[Any, Problem | None]:
    """The step's typed pane settings, built through the catalog, or None and the problem.

    The steps of a course call this on first use (`Step.built`), so that reading lessons loads no
    model: a pane's settings may need its model, and NumPy, to be checked."""
    from workbench.models import catalog
    from workbench.models.settings import SettingError

    if step.pane is None:
        return None, None
    try:
        return catalog.pane(step.pane).build(step.settings), None
    except SettingError as exc:
        where = "pane" if step.pane not in catalog.PANES else (f"settings.{exc.key}" if exc.key else "settings")
        message = t("course.bad_settings", step=repr(step.id), pane=repr(step.pane), problem=exc)
        line = step.lines.get(where, step.line_of("settings"))
        return None, Problem(step.path or Path(SETTINGS_FILE), line, message, reason=str(exc))


def computed_problems(course: Course) -> list[Problem]:
    """What each step's pane would refuse when it computes (`workbench lessons check`), as problems.

    The loader checks every setting and every combination a settings class checks; this builds each
    step as its pane will, through the catalog's `compute`, and so finds what only the pane's model
    knows: a bug the chosen network has no layer for, a `where` past its last layer, a batch larger
    than the data set. Cheap (the models plan, they do not train).
    """
    from workbench.models import catalog    # and with each step's compute, its model and NumPy

    problems = []
    for lesson in course.lessons:
        path = lesson.folder / SETTINGS_FILE
        for step in lesson.steps:
            if step.pane_settings is None:
                continue
            try:
                catalog.pane(step.pane).compute(step.pane_settings)
            except ValueError as exc:      # SettingError, or the library refusing the combination
                key = getattr(exc, "key", None)
                line = step.lines.get(f"settings.{key}" if key else "settings", step.lines.get("settings", step.line))
                problems.append(Problem(path, line, t("course.bad_settings", step=repr(step.id), pane=repr(step.pane),
                                                      problem=exc)))
    return problems


def _read_steps(path: Path, raw: Any, lines: dict[tuple, int], problems: list[Problem]) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(path, line_of(lines, ("steps",)),
                                t("course.no_steps")))
        return []
    steps, seen = [], set()
    for index, step in enumerate(raw):
        where = ("steps", index)
        line = line_of(lines, where)
        if not isinstance(step, dict):
            problems.append(Problem(path, line, t("course.step_not_table")))
            continue
        for key in step.keys() - _STEP_KEYS:
            problems.append(Problem(path, line_of(lines, where + (key,)),
                                    t("course.unknown_step_key", key=repr(key), keys=", ".join(sorted(_STEP_KEYS)))))
        step_id, pane, settings = step.get("id"), step.get("pane"), step.get("settings", {})
        if not isinstance(step_id, str) or not _ID.match(step_id):
            problems.append(Problem(path, line_of(lines, where + ("id",)),
                                    t("course.bad_step_id", value=repr(step_id))))
            continue
        if step_id in seen:
            problems.append(Problem(path, line_of(lines, where + ("id",)), t("course.step_twice", id=repr(step_id))))
            continue
        seen.add(step_id)
        if pane is not None and not isinstance(pane, str):
            problems.append(Problem(path, line_of(lines, where + ("pane",)), t("course.bad_pane", value=repr(pane))))
            continue
        if not isinstance(settings, dict) or (settings and pane is None):
            problems.append(Problem(path, line_of(lines, where + ("settings",)),
                                    t("course.bad_settings_table")))
            continue
        step_lines = {f"settings.{key}": line_of(lines, where + ("settings", key)) for key in settings}
        step_lines.update({key: line_of(lines, where + (key,)) for key in ("pane", "settings") if key in step})
        steps.append({"id": step_id, "pane": pane, "settings": dict(settings), "line": line, "lines": step_lines})
    return steps


Sections = dict[str, tuple[str, str]]
"""Step id → (title, text) of one language's file."""


def _read_texts(folder: Path, lang: str, step_ids: list[str],
                problems: list[Problem]) -> tuple[dict[str, str], Sections, Sections] | None:
    """Title, summary and step sections from en.md, overlaid with the `lang` translation if present;
    and en.md's sections on their own (what a step's keys are read from, in any language).

    Other translations are not read here (`workbench lessons` in English reads no Korean); the closer
    look (`checked_problems`) checks them all."""
    base = _read_markdown(folder / f"{BASE_LANGUAGE}.md", step_ids, problems)
    if base is None:
        return None
    header, sections = base
    english = sections
    for step_id in step_ids:
        if step_id not in sections:
            problems.append(Problem(folder / f"{BASE_LANGUAGE}.md", 1,
                                    t("course.no_text", id=repr(step_id), heading=f"## Title {{#{step_id}}}")))
    try:
        markdown = sorted(path for path in folder.iterdir() if path.suffix == ".md")
    except OSError as exc:
        problems.append(Problem(folder, 1, t("course.cannot_list_lesson", reason=os_error_text(exc))))
        return None
    for path in _translations(markdown):
        if path.stem == lang:
            translated = _read_markdown(path, step_ids, problems)
            if translated is not None:      # a short title is the language's own, or none
                header = {**{k: v for k, v in header.items() if k != "short"}, **translated[0]}
                sections = {**sections, **translated[1]}
    return header, sections, english


def _translations(markdown: list[Path]) -> list[Path]:
    """The translations among a lesson's Markdown files: `ko.md`, `pt-BR.md`, … (not en.md)."""
    return [path for path in markdown
            if path.stem != BASE_LANGUAGE and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", path.stem)]


def _read_markdown(path: Path, step_ids: list[str], problems: list[Problem]):
    """Front matter (title, summary) and `## Title {#step-id}` sections of one language file."""
    text = _read_text(path, problems, "course.missing_english")
    if text is None:
        return None
    lines = text.splitlines()
    start = len(problems)
    header, body_start = _front_matter(path, lines, problems)
    sections: dict[str, tuple[str, str]] = {}
    current, title, body = None, "", []
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        heading = _STEP_HEADING.match(line)
        if heading:
            if current is not None:
                sections[current] = (title, "\n".join(body).strip())
            title, current, body = heading.group(1), heading.group(2), []
            if current not in step_ids:
                problems.append(Problem(path, number, t("course.unknown_step_text", id=repr(current), steps=", ".join(step_ids))))
            elif current in sections:
                problems.append(Problem(path, number, t("course.text_twice", id=repr(current))))
            elif not title:
                problems.append(Problem(path, number, t("course.no_title", id=repr(current), anchor=f"{{#{current}}}")))
            continue
        if current is None and line.strip():
            problems.append(Problem(path, number, t("course.text_before")))
            break
        body.append(line)
    if current is not None:
        sections[current] = (title, "\n".join(body).strip())
    for step_id, (_, body_text) in sections.items():
        if not body_text:
            problems.append(Problem(path, _heading_line(lines, step_id), t("course.empty_step", id=repr(step_id))))
    if len(problems) > start:
        return None
    return header, sections


def checked_problems(course: Course) -> tuple[Problem, ...]:
    """What only a closer look finds, in the lessons that were read: what is wrong in a translation
    other than the one shown, a `**` or `*` that Markdown leaves unclosed (the lesson still loads), and
    each step whose pane refuses its settings.

    `Course.problems` asks for these (after what reading found); reading a course does not, as they
    read every translation, parse every text with markdown-it and build every pane's settings, which
    loads the models."""
    found: list[Problem] = []
    for lesson in course.lessons:
        try:
            texts = sorted(path for path in lesson.folder.iterdir() if path.suffix == ".md")
        except OSError:      # read a moment ago; gone now: nothing more to say about it
            texts = []
        step_ids = [step.id for step in lesson.steps]
        for path in _translations(texts):      # the one shown was read cleanly: it adds nothing here
            _read_markdown(path, step_ids, found)
        for path in texts:
            try:
                _check_emphasis(path, path.read_text(encoding="utf-8"), found)
            except (OSError, UnicodeDecodeError):
                pass
        found.extend(step.built[1] for step in lesson.steps if step.built[1] is not None)
    return tuple(found)


def _check_emphasis(path: Path, text: str, problems: list[Problem]) -> None:
    """Report each line with a `**` or `*` that Markdown leaves unclosed (the lesson still loads)."""
    from workbench.course.emphasis import unclosed

    by_line: dict[int, list[str]] = {}
    for line, run in unclosed(text):
        by_line.setdefault(line, []).append(run)
    for line, runs in sorted(by_line.items()):
        problems.append(Problem(path, line + 1, t("course.unclosed_emphasis", runs=" ".join(f"'{run}'" for run in runs),
                                                  line=repr(text.splitlines()[line].strip()))))


def _front_matter(path: Path, lines: list[str], problems: list[Problem]) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(path, 1, t("course.no_front_matter")))
        return {}, 0
    header: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            for key in sorted(_TEXT_KEYS - header.keys()):
                problems.append(Problem(path, number, t("course.front_matter_missing", key=key)))
            return header, number
        key, colon, value = line.partition(":")
        key, value = key.strip(), value.strip().strip('"')
        if not colon or key not in _TEXT_KEYS | _OPTIONAL_TEXT_KEYS:
            problems.append(Problem(path, number, t("course.front_matter_line", line=repr(line))))
        elif not value:
            problems.append(Problem(path, number, t("course.empty_field", key=key)))
        elif cell_len(value) > MAX_LENGTH[key]:
            problems.append(Problem(path, number, t("course.too_long", key=key, cells=cell_len(value), limit=MAX_LENGTH[key])))
        else:
            header[key] = value
    problems.append(Problem(path, 1, t("course.front_matter_open")))
    return header, len(lines)


def _heading_line(lines: list[str], step_id: str) -> int:
    for number, line in enumerate(lines, start=1):
        heading = _STEP_HEADING.match(line)
        if heading and heading.group(2) == step_id:
            return number
    return 1


def _drop_clashes(lessons: list[Lesson], problems: list[Problem]) -> list[Lesson]:
    """Keep the first of two lessons at the same chapter and order, reporting the second."""
    seen: dict[tuple[int, int], Lesson] = {}
    kept = []
    for lesson in lessons:
        other = seen.setdefault((lesson.chapter, lesson.order), lesson)
        if other is not lesson:
            problems.append(Problem(lesson.folder / SETTINGS_FILE, 1,
                                    t("course.clash", number=lesson.number, other=repr(other.id))))
            continue
        kept.append(lesson)
    return kept
