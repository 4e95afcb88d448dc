"""Shared fixtures: no test reads or writes the real progress file, and every test starts in English;
a small valid lessons folder to break in controlled ways.

The tests run NumPy with one BLAS thread (unless the environment says otherwise): their arrays are
small, and on 2 cores shared with other work OpenBLAS's spinning threads made the suite several times
slower (tests/nn with the end-to-end training: 757 s against 178 s beside a load of 12).
"""
import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")     # before NumPy is imported; subprocesses inherit it

from workbench.blas_kernels import choose_blas_kernels  # noqa: E402

# OpenBLAS's AVX2 kernels wherever the CPU has them (the app's on Zen 4): the screenshots show numbers
# computed live, whose last bits depend on the kernels, so they come out the same on every such machine
choose_blas_kernels(repeatable=True)

import gc  # noqa: E402

# Python's young-generation collection ran every 700 allocations, and the app tests allocate by the
# million (Textual's styles, strips and messages), nearly all freed by reference counting: a collection
# every 20,000 cut the CPU of an app-test subset by about a fifth (walk_panes, help and palette: 31 →
# 23 s) at the same peak memory. The older generations keep their defaults, so cycles are still freed.
gc.set_threshold(20_000, 10, 10)

import textwrap  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from workbench.i18n import set_language  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """The tests marked slow run first, each worker's in its order: xdist's worksteal hands every worker a
    third of the list in order and an idle one takes the second half of the longest queue, so a test of
    10 s at the end of the list ran alone while the other workers had nothing left."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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


@pytest.fixture(autouse=True)
def course_read_once(monkeypatch):
    """The app reads the shipped lessons once per language per test process, not at every start (25 ms
    of every one of some 2,500 app starts). Lessons in a test's own folder are read each time, as the
    app does."""
    from workbench.app import app as app_module

    monkeypatch.setattr(app_module, "load_course", _course_read_once)


def _course_read_once(root=None, lang="en"):
    from workbench.course.files import lessons_root, load_course

    shipped = lessons_root().resolve()
    if root is not None and Path(root).resolve() != shipped:
        return load_course(root, lang)
    if (shipped, lang) not in _COURSES:
        _COURSES[shipped, lang] = load_course(shipped, lang)
    return _COURSES[shipped, lang]


_COURSES: dict = {}


@pytest.fixture(autouse=True, scope="session")
def idle_means_the_app_is_idle():
    """Pilot's pause and key presses wait until the process is idle: until a 20 ms window in which it
    used under 1 ms of CPU, or 1 s. A job's thread (a training run, a comparison) keeps the process busy
    however idle the app is, so every key pressed while a job ran waited the whole second (in four app
    test files that train, 122 waits of a second or so took 110 of 344 s; 59, 44 s, without). Here the CPU of the jobs' threads ("job-…") and of the fast
    engine's helpers that compute for them ("workbench-engine-…") is not counted: a pause still waits
    for the app to handle what it was sent, and for any other thread's work; what a job does, a test
    waits for by its state (`until`)."""
    import textual.app
    import textual.pilot

    with pytest.MonkeyPatch.context() as patch:
        for module in (textual.app, textual.pilot):
            patch.setattr(module, "wait_for_idle", _wait_for_idle_but_jobs)
        yield


@pytest.fixture(autouse=True, scope="session")
def css_parsed_once():
    """Textual parses an app's CSS again for every App (its parse cache belongs to one stylesheet): 24 ms
    of each of some 2,500 app starts. Here the parsed rules are kept for the whole test process, by
    everything the parse depends on: the CSS, where it was read from, its scope, defaults flag and
    tie-breaker, and the variables (the theme) it was parsed with. Textual never changes a RuleSet once
    parsed (a stylesheet already hands the same ones out again from its own cache on every reparse)."""
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict = {}

    def _parse_rules_once(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(self._variables.items()))
        if key not in parsed:
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "_parse_rules", _parse_rules_once)
        yield


JOB_THREADS = ("job-", "workbench-engine-")
"""The names of the threads that work for jobs (workbench/jobs.py, workbench/nn/workers.py)."""


def _cpu_but_jobs() -> float:
    """The process's CPU time without that of the threads running jobs and the engine's helpers now."""
    import threading
    import time

    total = time.process_time()
    for thread in threading.enumerate():
        if thread.name.startswith(JOB_THREADS) and thread.ident is not None:
            try:
                total -= time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
            except (OSError, ValueError):       # it ended meanwhile: its time counts, as for any thread
                pass
    return total


async def _wait_for_idle_but_jobs(min_sleep: float = 1 / 50, max_sleep: float = 1) -> None:
    """Textual's `wait_for_idle` (textual/_wait.py), with the jobs' threads' CPU left out."""
    import asyncio
    import time

    from textual._wait import SLEEP_GRANULARITY, SLEEP_IDLE

    start = time.monotonic()
    while True:
        cpu = _cpu_but_jobs()
        await asyncio.sleep(SLEEP_GRANULARITY)
        cpu_elapsed = _cpu_but_jobs() - cpu
        elapsed = time.monotonic() - start
        if elapsed >= max_sleep or (elapsed > min_sleep and cpu_elapsed < SLEEP_IDLE):
            break


CHAPTERS = "[en]\n" + "".join(f'{n} = "Chapter {n}"\n' for n in range(1, 9))


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
    """A valid course: chapter titles and one text-only lesson in each of chapters 1 to 8."""
    root = tmp_path / "lessons"
    root.mkdir()
    (root / "chapters.toml").write_text(CHAPTERS, encoding="utf-8")
    for chapter in range(1, 9):
        text_only_lesson(root, chapter)
    return root


EXERCISES_SOLUTION = Path(__file__).parent / "exercises" / "solution"
"""The reference solution of the exercises, written for the tests."""


@pytest.fixture
def solution_copy(tmp_path) -> Path:
    """The exercises' reference solution copied to tmp_path/mine, for a test to break as a learner would."""
    import shutil

    mine = tmp_path / "mine"
    shutil.copytree(EXERCISES_SOLUTION, mine, ignore=shutil.ignore_patterns("__pycache__"))
    return mine
