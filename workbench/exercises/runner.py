"""Run a program of the workbench on the learner's own parts, in the sandbox: the panes' `impl = mine`.

    result = run(folder, "workbench.models.graph_mine:apple", {"expression": "..."},
                 on_event=lambda event: ..., cancelled=lambda: job.cancelled)

`program` names a function `function(mine, args, emit)` that runs in a separate process with the
grader's limits (address space, its own process group, killed with the app; the learner's print()
kept out of the protocol). `mine` has the learner's classes and functions by the book's names, each
loaded from its file on first use; `args` and the return value are JSON data (arrays through `pack`
and `unpack`); `emit(dict)` sends a progress event, handed to `on_event` in the parent as it arrives.

When the learner's code cannot run the program — a part missing, a syntax error, an exception, an
endless loop past `time_limit`, a runaway allocation — `run` raises `MineFailed` with a grader-style
message, the part at fault when known and the traceback trimmed to the learner's files. A program
may raise `MineFailed` itself (a value that is wrong). `cancelled()` is polled ten times a second or
more; when it is true the child is killed and `Cancelled` raised. Refused in a served session.
"""
from __future__ import annotations

import base64
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from workbench.exercises.sandbox import MEMORY_LIMIT, SERVED, Refused, child_env, crash_message, end, limits, served

STARTUP_LIMIT = 30.0
"""Seconds for the child to start Python and NumPy before `time_limit` begins (generous: a loaded machine)."""
GRACE = 1.0
"""Seconds the child has, once interrupted at the time limit, to say where it was."""
POLL = 0.05
"""Seconds between looks at `cancelled()` and the clock."""


class MineFailed(Exception):
    """The learner's code could not run the program."""

    def __init__(self, message: dict, part: str | None = None, traceback: str | None = None,
                 printed: dict | None = None):
        super().__init__(message.get("key", ""))
        self.message = message
        """A grader-style message {"key": "exercises....", "values": {...}}, shown with t()."""
        self.part = part
        """The learner's part at fault when known ("MulLayer", "im2col", ...)."""
        self.traceback = traceback
        """The traceback trimmed to the learner's files, as the grader trims it."""
        self.printed = printed
        """What their code printed before it failed ({"lines", "count"}, as the grader keeps it), or None."""

    def data(self) -> dict:
        return {"message": self.message, "part": self.part, "traceback": self.traceback, "printed": self.printed}


class Cancelled(Exception):
    """The caller cancelled the run; the child was killed."""


def message(key: str, **values) -> dict:
    """A grader-style message: `exercises.msg.<key>` with its values as text."""
    return {"key": f"exercises.msg.{key}", "values": {k: str(v) for k, v in values.items()}}


def timeout_message(program: str, used: list[str], seconds: str) -> dict:
    """The time limit, stopped in the last part used; before any, in the program itself, which is named
    by the code `program` (report.said names its pane) and not by its function's name ("walk")."""
    if used:
        return message("timeout", where=used[-1], seconds=seconds)
    return message("timeout_program", program=program, seconds=seconds)


# -- arrays as JSON data ---------------------------------------------------------------------------

def pack(array) -> dict:
    """An array as JSON data: its dtype, shape and bytes (base64), exact both ways."""
    import numpy as np

    array = np.asarray(array)                      # (not ascontiguousarray: it makes a 0-d array 1-d)
    if array.dtype.kind not in "biufc":
        raise TypeError(f"cannot pack an array of {array.dtype}")
    return {"dtype": array.dtype.str, "shape": list(array.shape),
            "data": base64.b64encode(array.tobytes(order="C")).decode("ascii")}


def unpack(data: dict):
    """The array `pack` made (numbers only: nothing else is ever built from the child's bytes)."""
    import numpy as np

    dtype = np.dtype(data["dtype"])
    if dtype.kind not in "biufc":
        raise TypeError(f"cannot unpack an array of {dtype}")
    raw = base64.b64decode(data["data"])
    return np.frombuffer(raw, dtype=dtype).reshape(tuple(int(n) for n in data["shape"])).copy()


# -- the parent ------------------------------------------------------------------------------------

def run(folder, program: str, args: dict, *, time_limit: float = 10.0, memory: int = MEMORY_LIMIT,
        on_event=None, cancelled=None, quiet_limit: float | None = None, on_printed=None) -> dict:
    """`program`'s return value, run on the learner's parts of `folder` in a child process.

    What their code printed ({"lines", "count"}: the first lines and how many, as the grader keeps it)
    is handed to `on_printed` when the run answers, and kept in `MineFailed.printed` when it fails.

    With `quiet_limit`, the run is also stopped, as at the time limit, once the child has said nothing
    (no event) for that many seconds: a program that emits as it goes (a step of training) hangs no
    longer than that in a learner's endless loop, however long its whole run may take."""
    if served():
        raise Refused(SERVED)
    folder = Path(folder).resolve()
    command = [sys.executable, "-m", "workbench.exercises.child", str(folder), "--run", program, f"{time_limit:g}"]
    cpu = int(time_limit + STARTUP_LIMIT) + 5
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=child_env(), preexec_fn=limits(memory, cpu),
                               cwd=str(folder) if folder.is_dir() else None)
    try:
        try:
            process.stdin.write(json.dumps(args).encode("utf-8"))
            process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        return _follow(process, program, time_limit, on_event, cancelled, quiet_limit, on_printed)
    finally:
        end(process)


def _follow(process: subprocess.Popen, program: str, time_limit: float, on_event, cancelled,
            quiet_limit: float | None = None, on_printed=None):
    """Read the child's lines until it answers, fails, dies, runs out of time (or of quiet) or is cancelled."""
    deadline = time.monotonic() + STARTUP_LIMIT
    quiet_until = None                                    # once started: the time by which it must say something
    interrupted = False
    limit = time_limit                                    # the limit that stopped it, as the message says
    used: list[str] = []
    buffer = b""
    while True:
        if cancelled is not None and cancelled():
            raise Cancelled()
        now = time.monotonic()
        if not interrupted and quiet_until is not None and now >= quiet_until < deadline:
            deadline, limit = quiet_until, quiet_limit
        if now >= deadline:
            if interrupted or process.poll() is not None:
                raise MineFailed(timeout_message(program, used, f"{limit:g}"), used[-1] if used else None)
            try:
                os.kill(process.pid, signal.SIGINT)       # the child says where it was, then we end it
            except ProcessLookupError:
                pass
            interrupted, deadline = True, now + GRACE
            continue
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, min(POLL, deadline - now)))
        if not ready:
            continue
        chunk = os.read(process.stdout.fileno(), 1 << 16)
        if not chunk:
            process.wait()
            if interrupted:
                deadline = time.monotonic()
                continue
            raise MineFailed(crash_message(process.returncode), used[-1] if used else None)
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            said = json.loads(line)
            if quiet_limit is not None and not interrupted and "started" not in said and quiet_until is not None:
                quiet_until = time.monotonic() + quiet_limit
            if "event" in said:
                if on_event is not None:
                    on_event(said["event"])
            elif "using" in said:
                used.append(said["using"])
            elif "started" in said:
                if not interrupted:
                    deadline = time.monotonic() + time_limit
                    quiet_until = None if quiet_limit is None else time.monotonic() + quiet_limit
            elif "done" in said:
                if on_printed is not None and said.get("printed"):
                    on_printed(said["printed"])
                return said["done"]
            elif "failed" in said:
                failed = said["failed"]
                raise MineFailed(_said_limit(failed["message"], limit), failed.get("part"), failed.get("traceback"),
                                 failed.get("printed"))


def _said_limit(said: dict, limit: float) -> dict:
    """A timeout the child reported (it knows only the time limit) with the limit that stopped it."""
    if said.get("key") in ("exercises.msg.timeout", "exercises.msg.timeout_program"):
        return dict(said, values=dict(said.get("values", {}), seconds=f"{limit:g}"))
    return said


# -- the child -------------------------------------------------------------------------------------

class Mine:
    """The learner's parts by the book's names, each loaded from its file (layers.py, …) on first use.

    A name that is not one of the parts is an AttributeError; a part whose file does not define it is a
    MineFailed naming the part and the file it belongs in; a file that is missing or does not load, a
    MineFailed naming the file (and no part: a syntax error in MulLayer is not the Affine's that asked first)."""

    def __init__(self, folder: Path, on_use=lambda name: None):
        self._folder = folder
        self._on_use = on_use
        self._modules: dict = {}

    def __getattr__(self, name: str):
        from workbench.exercises.grader import Failed, load
        from workbench.exercises.parts import BY_NAME

        part = BY_NAME.get(name)
        if part is None:
            raise AttributeError(name)
        self._on_use(name)
        try:
            if part.file not in self._modules:
                self._modules[part.file] = load(self._folder, part.file)
        except Failed as failed:        # the file's fault (missing, a syntax error), not the part's that asked
            raise MineFailed(failed.message, None, _joined(failed.trace)) from None
        thing = getattr(self._modules[part.file], name, None)
        if thing is None:
            from workbench.exercises.grader import misspelt

            key = "missing_function" if part.kind == "function" else "missing_class"
            said, found = message(key, file=part.file, name=name), misspelt(self._modules[part.file], name)
            if found:                   # "Afine": the grader's hint, in the panes that run their layers too
                said["hint"] = {"key": "exercises.hint.misspelt", "values": {"found": found, "name": name}}
            raise MineFailed(said, name)
        setattr(self, name, thing)
        return thing

    def attempt(self, function, *args):
        """(function(*args), None), or (None, the failure's data) when the learner's code fails in it, so
        a program can go on without that part (the time limit is not caught: it ends the run)."""
        try:
            return function(*args), None
        except KeyboardInterrupt:
            raise
        except Exception as exc:   # the learner's code: anything can happen
            where = getattr(function, "__qualname__", getattr(function, "__name__", "?"))
            return None, failure(exc, self._folder, where)


def _joined(trace: list[str] | None) -> str | None:
    return "\n".join(trace) if trace else None


def at_fault(folder: Path, tb) -> tuple[str | None, str | None]:
    """(part, where) of the innermost frame in the learner's files whose function belongs to a part."""
    from workbench.exercises.crash_hints import is_theirs
    from workbench.exercises.parts import BY_NAME

    found, folder = (None, None), folder.resolve()
    while tb is not None:
        code = tb.tb_frame.f_code
        if is_theirs(code.co_filename, folder):
            qualname = getattr(code, "co_qualname", code.co_name)
            head = qualname.split(".")[0]
            if head in BY_NAME:
                found = (head, qualname)
        tb = tb.tb_next
    return found


def failure(exc: BaseException, folder: Path, where: str, time_limit: str = "") -> dict:
    """The data of a MineFailed for an exception the learner's code raised (KeyboardInterrupt: the
    parent's time limit), with the part at fault when a frame of theirs names one, and their traceback."""
    from workbench.exercises.crash_hints import crash_hint
    from workbench.exercises.grader import _one_line, learner_trace

    if isinstance(exc, MineFailed):
        return exc.data()
    part, found = at_fault(folder, exc.__traceback__)
    where = found or where
    trace = learner_trace(folder) if part else None
    if isinstance(exc, KeyboardInterrupt):
        said = message("timeout", where=where, seconds=time_limit)
        trace = trace and trace[:-1]           # where it was; "KeyboardInterrupt" is ours, not theirs
    elif isinstance(exc, NotImplementedError):
        said = message("todo", where=where)
    elif isinstance(exc, MemoryError):
        said = message("memory", where=where)
    else:
        said = message("raised", where=where, error=_one_line(exc))
    hint = None if isinstance(exc, (KeyboardInterrupt, NotImplementedError)) else crash_hint(exc, folder, where)
    if hint:
        said["hint"] = {"key": f"exercises.hint.{hint[0]}", "values": hint[1]}
    return {"message": said, "part": part, "traceback": _joined(trace)}


def child_main(folder: Path, program: str, time_limit: str, write, printed=lambda: None) -> None:
    """Run `program` on the learner's parts, writing each line of the protocol with `write(text)`;
    called by `workbench.exercises.child`. `printed()` is what their code printed (None: nothing), sent
    with the answer or the failure."""
    import importlib

    args = json.loads(sys.stdin.read() or "{}")
    module_name, _, function_name = program.partition(":")
    function = getattr(importlib.import_module(module_name), function_name)
    used: list[str] = []

    def send(said: dict) -> None:
        write(json.dumps(said))

    def on_use(name: str) -> None:
        if name not in used:
            used.append(name)
            send({"using": name})

    def emit(event: dict) -> None:
        send({"event": event})

    send({"started": True})
    try:
        answer = function(Mine(folder, on_use), args, emit)
        line = json.dumps({"done": answer, "printed": printed()})
    except BaseException as exc:   # the learner's code: anything can happen (KeyboardInterrupt: the time limit)
        if isinstance(exc, KeyboardInterrupt) and not used:    # none of the learner's code ran yet
            said = {"message": timeout_message(program, used, time_limit), "part": None, "traceback": None}
        else:
            said = failure(exc, folder, used[-1] if used else function_name, time_limit)
        line = json.dumps({"failed": dict(said, printed=printed())})
    write(line)
