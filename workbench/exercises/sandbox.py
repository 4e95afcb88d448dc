"""Run the grader on the learner's code in a separate process, with a time limit and a memory limit.

The learner's code may loop forever, allocate 10 GB or crash the interpreter; none of it reaches the
caller. The child gets an address-space limit (resource.setrlimit), so a huge allocation raises
MemoryError inside it and is reported as such; each part gets `time_limit` seconds of wall time,
after which the child is interrupted (it says where the learner's code was) and killed, that part is
reported with the row that was running and the learner's line, and a new child grades the parts that
are left. Results are the grader's plain dictionaries.
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from workbench.exercises.parts import Part, select as select_parts

TIME_LIMIT = 5.0
"""Seconds of wall time per part; the whole check of a correct solution takes well under one."""
STARTUP_LIMIT = 30.0
"""Seconds the child has to start Python, NumPy and the grader before the first part's `time_limit` begins:
on a loaded machine that alone took over 7 s, and a right MulLayer was stopped as an endless loop."""
GRACE = 1.0
"""Seconds the child has, once interrupted at the time limit, to say where the learner's code was."""
MEMORY_LIMIT = 1 << 30
"""Bytes of address space for the child: far above what the checks need, far below a runaway allocation."""


def child_env() -> dict:
    """The child's environment: one BLAS thread (the app's cores stay free), no .pyc files in the learner's folder."""
    return dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                PYTHONDONTWRITEBYTECODE="1")


def limits(memory: int, cpu_seconds: int):
    def apply() -> None:
        import resource

        os.setsid()                                   # its own process group, killed as one
        _die_with_parent()
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    return apply


SERVED = "WORKBENCH_SERVED"
"""Set in the environment of a served session (`workbench serve`): it must never run the learner's code."""


class Refused(RuntimeError):
    """Grading was asked for in a served session."""


def served() -> bool:
    return bool(os.environ.get(SERVED))


def _die_with_parent() -> None:
    """On Linux, ask for SIGKILL when the thread that started the child ends (the app quitting mid-grade)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)      # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def check(folder: Path, names=(), *, time_limit: float = TIME_LIMIT, memory: int = MEMORY_LIMIT) -> list[dict]:
    """The grader's result for each part named (all when none is; KeyError for an unknown name), in the book's order.

    Refused in a served session (WORKBENCH_SERVED set)."""
    if served():
        raise Refused(SERVED)
    parts = select_parts(list(names))
    results: dict[str, dict] = {}
    left = [part for part in parts]
    while left:
        got, stopped = _run_child(Path(folder).resolve(), left, time_limit, memory)
        results.update(got)
        if stopped is not None:
            results.update(_stopped_loading(stopped, left, got, time_limit))
        left = [part for part in left if part.name not in results]
        if stopped is None and left:      # the child ended without a word on these: it crashed
            first = left.pop(0)
            results[first.name] = dict(_stopped(first, "present", "crashed_silent"), message=crash_message(0))
    return [results[part.name] for part in parts]


CANCEL_POLL = 0.1
"""Seconds between two looks at a milestone's cancel flag."""
MILESTONE_TIME_LIMIT = 300.0
"""Seconds for one milestone: the last one trains the book's SimpleConvNet twice (the library's and theirs),
about 13 s with the book's im2col on a quiet machine; an im2col that loops over every window is ~20× slower."""


def run_milestone(folder: Path, name: str, *, time_limit: float = MILESTONE_TIME_LIMIT,
                  memory: int = MEMORY_LIMIT, cancelled=None) -> dict:
    """{"name", "passed", "message"} of one milestone, run in a child with the same limits as the grader's.

    `cancelled()` is asked ten times a second; once it is true the child is ended and jobs.Cancelled raised
    (the pane that started the run has closed: the learner should not pay for a run nobody will see)."""
    if served():
        raise Refused(SERVED)
    env = child_env()
    folder = Path(folder).resolve()
    command = [sys.executable, "-m", "workbench.exercises.child", str(folder), "--milestone", name]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                               env=env, preexec_fn=limits(memory, int(time_limit) + 5), cwd=str(folder))
    deadline = time.monotonic() + time_limit
    try:
        while True:
            try:
                out, _ = process.communicate(timeout=CANCEL_POLL)
                break
            except subprocess.TimeoutExpired:
                if cancelled is not None and cancelled():
                    from workbench.jobs import Cancelled

                    raise Cancelled() from None
                if time.monotonic() >= deadline:
                    return {"name": name, "passed": False,           # said by its title (report.said)
                            "message": {"key": "exercises.milestone.timeout",
                                        "values": {"milestone": name, "seconds": f"{time_limit:g}"}}}
    finally:
        end(process)
    for line in out.decode("utf-8", "replace").splitlines():
        message = json.loads(line)
        if "milestone" in message:
            return message["milestone"]
    return {"name": name, "passed": False, "message": crash_message(process.returncode)}


def _stopped(part: Part, at: str, key: str, **values) -> dict:
    """The result of a part stopped at row `at`: the rows before it passed, the ones after were not reached."""
    rows = {name: "skip" for name in part.rows}
    rows[at] = "fail"
    for earlier in part.rows[:part.rows.index(at)]:
        rows[earlier] = "pass"
    return {"name": part.name, "file": part.file, "chapter": part.chapter, "rows": rows,
            "message": {"key": f"exercises.msg.{key}", "values": {k: str(v) for k, v in values.items()}},
            "traceback": None}


def _stopped_loading(stopped: dict, left: list[Part], got: dict, time_limit: float) -> dict[str, dict]:
    """The results a part stopped at the time limit gives: its own; and when it was stopped while its
    file was loading (an endless loop at the top of the file), the same for every part of that file
    still to grade, which would each wait the time limit on the same loop (20 s for chapter 6's four)."""
    message = stopped["message"]
    if message["key"] != "exercises.msg.timeout_row" or message["values"].get("row") != "present":
        return {stopped["name"]: stopped}
    return {part.name: dict(_stopped(part, "present", "timeout_load", file=part.file, seconds=f"{time_limit:g}"),
                            traceback=stopped.get("traceback"), printed=stopped.get("printed"))
            for part in left if part.file == stopped["file"] and part.name not in got}


def _run_child(folder: Path, parts: list[Part], time_limit: float, memory: int):
    """Grade `parts` in one child: ({name: result}, the result of a part it had to stop or None)."""
    env = child_env()
    command = [sys.executable, "-m", "workbench.exercises.child", str(folder), *[part.name for part in parts]]
    cpu = int(time_limit * len(parts) + STARTUP_LIMIT) + 5
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                               env=env, preexec_fn=limits(memory, cpu), cwd=str(folder) if folder.is_dir() else None)
    results: dict[str, dict] = {}
    current = (parts[0].name, "present")
    deadline = time.monotonic() + STARTUP_LIMIT        # a part's own time begins when the child starts it
    started = interrupted = False
    buffer = b""
    by_name = {part.name: part for part in parts}

    def timed_out(trace=None, printed=None) -> dict:
        part = by_name[current[0]]
        row = current[1] if current[1] != "forward" else {"optimizer": "path", "function": "value"}.get(part.kind, "forward")  # as the table says
        stopped = _stopped(part, current[1], "timeout_row", where=part.name, row=row, seconds=f"{time_limit:g}")
        at = _last_place(trace) if trace else None
        endless = _endless_loop(folder, at) if at else None
        if endless:                            # a while loop whose body never changes its test: said so
            stopped["message"]["hint"] = endless
        elif current[1] == "backward" and (at is None or at["function"] != "backward"):
            # in forward: right but slow (the numerical gradient runs it again and again), or looping there
            hint = ("slow_or_endless", dict(at, name=part.name)) if at else ("slow_backward", {"name": part.name})
            stopped["message"]["hint"] = {"key": f"exercises.hint.{hint[0]}", "values": hint[1]}
        elif at:                               # their backward runs once per check: a loop it never leaves
            stopped["message"]["hint"] = {"key": "exercises.hint.crash_loop", "values": at}
        return dict(stopped, traceback=trace or None, printed=printed)

    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if not started:                    # none of the learner's code ran: not their endless loop
                    return results, _stopped(by_name[current[0]], "present", "timeout_start",
                                             seconds=f"{STARTUP_LIMIT:g}")
                if interrupted or process.poll() is not None:
                    return results, timed_out()
                try:                               # the child says where the learner's code was, then it ends
                    os.kill(process.pid, signal.SIGINT)
                except ProcessLookupError:
                    pass
                interrupted, deadline = True, time.monotonic() + GRACE
                continue
            ready, _, _ = select.select([process.stdout], [], [], min(remaining, 0.5))
            if not ready:
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                process.wait()
                if interrupted:
                    return results, timed_out()
                if process.returncode and current[0] not in results:
                    part = by_name[current[0]]
                    crash = crash_message(process.returncode)
                    return results, dict(_stopped(part, current[1], "crashed_silent"), message=crash)
                return results, None
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                message = json.loads(line)
                if "result" in message:
                    results[message["result"]["name"]] = message["result"]
                    if not interrupted:
                        deadline = time.monotonic() + time_limit
                elif "interrupted" in message:
                    return results, timed_out(message["interrupted"]["trace"], message["interrupted"].get("printed"))
                else:
                    if message["row"] == "present" and not interrupted:    # the part's own time begins
                        deadline = time.monotonic() + time_limit
                    started, current = True, (message["part"], message["row"])
    finally:
        end(process)


def _endless_loop(folder: Path, at: dict) -> dict | None:
    """The hint for a part stopped at `at` inside a `while` loop of the learner's that never changes what it
    tests (`while not it.finished:` without it.iternext()), or None."""
    from workbench.exercises.endless_loops import unchanged_while

    try:
        loop = unchanged_while((folder / at["file"]).read_text(encoding="utf-8"), int(at["line"]))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if loop is None:
        return None
    values = dict(at, loop=str(loop.line), test=loop.test)
    if loop.iterator:
        return {"key": "exercises.hint.endless_iternext", "values": dict(values, name=loop.iterator)}
    return {"key": "exercises.hint.endless_while", "values": dict(values, names=", ".join(loop.names))}


def _last_place(trace: list[str]) -> dict | None:
    """{"file", "line", "function"} of the last frame of a learner's traceback ("layers.py:71 in backward"),
    or None; the function is the method's name without its class ("backward")."""
    for line in reversed(trace):
        head, colon, rest = line.partition(":")
        number, _, function = rest.partition(" in ")
        if colon and not line.startswith(" ") and number.isdigit():
            return {"file": head, "line": number, "function": function.rsplit(".", 1)[-1]}
    return None


def crash_message(code: int | None) -> dict:
    """The message for a child that ended without its answer: by the signal that ended it (SIGKILL,
    SIGXCPU, ...), its exit status, or neither; a catalog key with values, said in the reader's language,
    and a hint of what to do next: the usual cause of that signal, or os._exit() for an exit without one."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        hint = f"crash_{name}" if name in SIGNAL_HINTS else "crash_signal"
        return {"key": "exercises.msg.crashed_signal", "values": {"signal": name},
                "hint": {"key": f"exercises.hint.{hint}", "values": {}}}
    said = ({"key": "exercises.msg.crashed_status", "values": {"status": str(code)}} if code
            else {"key": "exercises.msg.crashed_silent", "values": {}})
    return dict(said, hint={"key": "exercises.hint.crash_os_exit", "values": {}})


SIGNAL_HINTS = ("SIGSEGV", "SIGKILL", "SIGXCPU")
"""The signals whose usual cause in a learner's NumPy code the hint names; others get "grade it again"."""


def end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
        process.wait()
    if process.stdout:
        process.stdout.close()


def passed(result: dict) -> bool:
    """True when no row of the part failed or is still to do (a warning passes)."""
    return all(status in ("pass", "warn") for status in result["rows"].values())
