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

import signal  # noqa: E402

# A suite started in the background (`pytest &`, nohup, some CI runners) begins with Ctrl+C ignored, and
# every process a test starts inherits that: the tests that press Ctrl+C on a command, or stop a
# learner's stuck code to say where it was, then waited for their timeouts and failed (15 of them, with
# `.ci/run` run from `( … &)`). A handler of Python's own is reset to the default on exec, so children
# start as they would from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

import textwrap  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from workbench.i18n import set_language  # noqa: E402
from worker_hygiene import jobs_cancelled_at_the_end, new_test_folder  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """The tests marked slow run first, each worker's in its order: xdist's worksteal hands every worker a
    third of the list in order and an idle one takes the second half of the longest queue, so a test of
    10 s at the end of the list ran alone while the other workers had nothing left."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
def tmp_path(request, tmp_path_factory) -> Path:
    """pytest's `tmp_path`: a new folder for each test in the session's base folder, named after the
    test (`new_test_folder`)."""
    return new_test_folder(tmp_path_factory, request.node.name)



@pytest.fixture(autouse=True)
def private_state_dir(tmp_path):
    """Point $WORKBENCH_STATE_DIR (progress) and $WORKBENCH_DATA_HOME (trained networks) at fresh
    folders for every test. A patch of its own, so that a test's `monkeypatch.undo()` cannot send
    the rest of the test to the real folders (it did: a test read the language saved there)."""
    folder = tmp_path / "state"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKBENCH_STATE_DIR", str(folder))
        patch.setenv("WORKBENCH_DATA_HOME", str(tmp_path / "data-home"))
        yield folder


@pytest.fixture(autouse=True)
def english():
    """Every test starts with the interface in English, whatever the locale of the shell running it
    (a test that switches language is undone; a test's `monkeypatch.undo()` leaves the locale out)."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
            patch.delenv(variable, raising=False)
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
    shipped = _files.lessons_root().resolve()
    if root is not None and Path(root).resolve() != shipped:
        return _load_course(root, lang)
    if (shipped, lang) not in _COURSES:
        _COURSES[shipped, lang] = _load_course(shipped, lang)
    return _COURSES[shipped, lang]


_COURSES: dict = {}

from workbench.course import files as _files  # noqa: E402

_load_course = _files.load_course
# The tests' own calls read the shipped lessons once per language too (a Course is frozen; its parsed
# texts and problems are kept on it either way): some 20 at collection in each worker, and helpers such
# as a step's index by its id at every test that calls them, 20 ms each. Set here, before any test
# module imports `load_course`.
_files.load_course = _course_read_once


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


@pytest.fixture(autouse=True, scope="session")
def no_sync_to_disk():
    """`os.fsync` checks its descriptor but does not wait for the disk: the app syncs each progress file
    and kept network before renaming it into place (a crash must not leave half a file), and each sync
    waited 5 to 30 ms on this machine's disk, shared with other work; the tests write some thousands in
    fresh folders that no crash will read (the 103 progress writes of test_footer_named_keys' 39 short
    tests took 1.9 s with the sync, 0.7 s without). A test that makes the sync fail (test_os_errors)
    replaces it as before."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", _checked_not_synced)
        yield


def _checked_not_synced(fd: int) -> None:
    """As `os.fsync` to a caller, but for the wait: a closed or bad descriptor still raises OSError."""
    os.fstat(fd)


@pytest.fixture(autouse=True, scope="session")
def cursors_do_not_blink():
    """A focused field's cursor stays shown: Textual's Input and TextArea hide and show it every 0.5 s,
    so a screenshot or a screen read more than half a second after the last key (a busy machine) found
    it hidden or shown by chance (the glossary's snapshots failed so in 1 to 4 runs of 40 beside three
    busy processes; none in 80 since). Focus and blur still show and hide it, as they do for a learner."""
    from textual.widgets import Input, TextArea

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Input, "_toggle_cursor", lambda self: None)
        patch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
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
    """Textual's `wait_for_idle` (textual/_wait.py), with the jobs' threads' CPU left out, that also ends
    after a window a quarter as long once the app has nothing left to do (`_quiet`).

    Textual's wait ends only after a whole 20 ms window in which the process used under 1 ms of CPU: a
    window in which nothing happens, after every pause and twice after every key press. A plain 5 ms
    window ended some waits while a handler was about to run (two compare tests failed at stop 44); here
    the short window ends the wait only if nothing of the app's is ready to run, queued, or due within
    the long window's 20 ms as well (the screen's refresh, 60 times a second; a `set_timer`; a message).
    Otherwise it waits as Textual does, but never past a callback that is ready to run (`_ready`)."""
    import asyncio
    import time

    from textual._wait import SLEEP_GRANULARITY, SLEEP_IDLE

    window = SLEEP_GRANULARITY / 4
    start = time.monotonic()
    idle_since, idle_cpu = start, _cpu_but_jobs()       # the long window, as Textual measures it
    while True:
        cpu = _cpu_but_jobs()
        await asyncio.sleep(window)
        now, cpu_now = time.monotonic(), _cpu_but_jobs()
        elapsed = now - start
        if elapsed >= max_sleep:
            break
        if cpu_now - cpu >= SLEEP_IDLE / 4:             # busy: the long window starts again
            idle_since, idle_cpu = now, cpu_now
        elif elapsed > min_sleep and _quiet(SLEEP_GRANULARITY):
            break
        if now - idle_since >= SLEEP_GRANULARITY and cpu_now - idle_cpu < SLEEP_IDLE and not _ready():
            break


def _ready() -> bool:
    """Whether a callback other than the running one waits in the event loop's queue (a timer just
    due, a task woken): Textual's wait ended beside a timer due at the end of its window, before the
    timer's callback ran. Unknown (another loop) counts as ready."""
    import asyncio

    return bool(getattr(asyncio.get_running_loop(), "_ready", True))


def _quiet(horizon: float) -> bool:
    """Whether the running app has nothing to do now: no callback ready in the event loop but the wait's
    own, no timer of the loop due within `horizon` seconds, and no message or `call_next` callback queued
    for the app, a screen, or a widget of the current screen (a `set_timer` callback is one). The jobs'
    threads are left out, as their CPU is: a test waits for what a job does by its state (`until`)."""
    import asyncio

    from textual._context import active_app

    loop = asyncio.get_running_loop()
    scheduled = getattr(loop, "_scheduled", None)
    if scheduled is None or _ready():
        return False
    due = loop.time() + horizon
    if any(handle.when() < due and not handle.cancelled() for handle in scheduled):
        return False
    try:
        app = active_app.get()
    except LookupError:
        return False
    pumps = [app, *app._screen_stack]
    if app._screen_stack:
        pumps += list(app.screen.walk_children())
    return not any(pump._next_callbacks or pump.__dict__.get("_message_queue") and pump._message_queue.qsize()
                   for pump in pumps)


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


@pytest.fixture(autouse=True)
def terminal_that_redraws(monkeypatch):
    """TERM=xterm when the shell running the tests says "dumb" (an editor's terminal, some CIs): a test
    that fakes a terminal checks its bars and colours, which a dumb one does not get (`textout.redraws`);
    the tests of a dumb terminal set TERM themselves."""
    if os.environ.get("TERM") == "dumb":
        monkeypatch.setenv("TERM", "xterm")


@pytest.fixture(autouse=True)
def jobs_end_with_their_test():
    """The jobs a test started and left running are cancelled as it ends (`jobs_cancelled_at_the_end`)."""
    with jobs_cancelled_at_the_end():
        yield
