"""One runner for long work (training, gradient checks, downloads, searches), used by the app and the console.

    runner = JobRunner(deliver=print)                  # the app passes a thread-safe poster
    job = runner.start("train", work)                   # work(ctx) runs off the caller's thread
    job.pause(); job.resume(); job.cancel()

`work` receives a `JobContext`. It reports with `ctx.progress(done, total, **info)` (only the latest
counts) and `ctx.emit(item, …)` (every item is kept, e.g. each training loss), and calls
`ctx.checkpoint()` between steps, which blocks while paused and raises `Cancelled` once cancelled.
Events reach `deliver` batched on a time budget — at most one `JobProgress` every `interval`
seconds (0.25 s: four a second), whatever the job's speed — and always one final `JobDone` with the
reason: finished (with the work's return value), cancelled, or failed (with the message; an
exception inside the job never escapes it). Every event carries the job's `run_id`, so a listener
can drop events of a run it no longer shows.

A job can forward the controls to an object that has its own (a `Trainer`): `ctx.on_control(pause=…,
resume=…, cancel=…)`. Jobs run in daemon threads, so quitting never waits for one; `cancel_all`
also wakes paused jobs. NumPy releases the GIL in its heavy calls, so a thread keeps the interface
responsive (measured in benchmarks/bench_ui_latency.py, which also measures a job in a process).
"""
from __future__ import annotations

import itertools
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FINISHED, CANCELLED, FAILED = "finished", "cancelled", "failed"
_run_ids = itertools.count(1)


def _nicer(step: int) -> None:
    """Raise the calling thread's nice value by `step` (Linux only: elsewhere it would be the process's)."""
    if sys.platform.startswith("linux"):
        try:
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + step)
        except OSError:
            pass


def failure_text(exc: Exception) -> str:
    """What a failed job says: its exception's message; an OSError's or the library's refusal of a
    size too large for memory in the reader's language ("[Errno 28] No space left on device: 'x'" or
    "im2col of images … would need 329.6 MB" would be English in a Korean message)."""
    from workbench.i18n.library_errors import library_error_text

    return library_error_text(exc)


class Cancelled(Exception):
    """Raised by `JobContext.checkpoint()` in a job that was cancelled; the runner reports it."""


@dataclass(frozen=True)
class JobProgress:
    """What a job did since its last report: the latest `done`/`total` and `info`, and every new item."""

    run_id: int
    name: str
    done: float
    total: float | None
    info: dict[str, Any]
    items: tuple[Any, ...]
    paused: bool = False


@dataclass(frozen=True)
class JobDone:
    """The last event of every job: `reason` is finished, cancelled or failed; `message` says why."""

    run_id: int
    name: str
    reason: str
    message: str = ""
    result: Any = None
    items: tuple[Any, ...] = ()
    """Items emitted after the last progress report."""
    info: dict[str, Any] = field(default_factory=dict)


JobEvent = JobProgress | JobDone


class JobContext:
    """What a running job uses to report, to pause and to notice that it was cancelled."""

    def __init__(self, job: Job, deliver: Callable[[JobEvent], None], interval: float):
        self._job = job
        self._deliver = deliver
        self._interval = interval
        self._lock = threading.Lock()
        self._done: float = 0
        self._total: float | None = None
        self._info: dict[str, Any] = {}
        self._items: list[Any] = []
        self._dirty = False
        self._last = 0.0

    @property
    def cancelled(self) -> bool:
        return self._job.cancel_requested

    def progress(self, done: float, total: float | None = None, **info: Any) -> None:
        """The job's position (`done` of `total`) and its latest figures; sent at most every `interval`."""
        with self._lock:
            self._done, self._dirty = done, True
            if total is not None:
                self._total = total
            self._info.update(info)
        self._maybe_flush()

    def emit(self, *items: Any) -> None:
        """Items every listener must see (a loss per step): batched, never dropped or replaced."""
        with self._lock:
            self._items.extend(items)
            self._dirty = True
        self._maybe_flush()

    def checkpoint(self) -> None:
        """Call between steps: waits while the job is paused, raises `Cancelled` once it is cancelled."""
        job = self._job
        if not job._running.is_set():
            self.flush(paused=True)
            job._running.wait()
        if job.cancel_requested:
            raise Cancelled

    def on_control(self, *, pause: Callable[[], None] | None = None, resume: Callable[[], None] | None = None,
                   cancel: Callable[[], None] | None = None) -> None:
        """Also call these when the job is paused, resumed or cancelled (from the controlling thread)."""
        self._job._hooks = {"pause": pause, "resume": resume, "cancel": cancel}

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last >= self._interval:
            self.flush()

    def flush(self, paused: bool = False) -> None:
        """Send what is pending now, whatever the time budget says."""
        with self._lock:
            if not self._dirty and not paused:
                return
            event = JobProgress(self._job.run_id, self._job.name, self._done, self._total, dict(self._info),
                                tuple(self._items), paused)
            self._items.clear()
            self._dirty = False
            self._last = time.monotonic()
        self._job._send(event)

    def _final(self, reason: str, message: str, result: Any) -> JobDone:
        with self._lock:
            items, self._items = tuple(self._items), []
            return JobDone(self._job.run_id, self._job.name, reason, message, result, items, dict(self._info))


class Job:
    """A handle on one run of a job: pause, resume, cancel, wait, and its state."""

    def __init__(self, name: str, work: Callable[[JobContext], Any], deliver: Callable[[JobEvent], None],
                 interval: float):
        self.name = name
        self.run_id = next(_run_ids)
        self.reason: str | None = None
        self.message = ""
        self.result: Any = None
        self.cancel_requested = False
        self._work = work
        self._deliver = deliver
        self._running = threading.Event()
        self._running.set()
        self._finished = threading.Event()
        self._delivered = threading.Event()
        self._hooks: dict[str, Callable[[], None] | None] = {}
        self._context = JobContext(self, deliver, interval)
        self._thread = threading.Thread(target=self._run, name=f"job-{name}-{self.run_id}", daemon=True)

    def _send(self, event: JobEvent) -> None:
        try:
            self._deliver(event)
        except Exception:   # a listener that went away must not kill the job
            pass

    niceness = 0

    def _run(self) -> None:
        if self.niceness:
            _nicer(self.niceness)
        try:
            result = self._work(self._context)
            reason, message = (CANCELLED, "") if self.cancel_requested else (FINISHED, "")
        except Cancelled:
            result, reason, message = None, CANCELLED, ""
        except Exception as exc:  # contained: the listener shows the message, never a traceback
            result, reason = None, FAILED
            message = failure_text(exc)
            self.trace = traceback.format_exc()
        self.reason, self.message, self.result = reason, message, result
        self._over(self._context._final(reason, message, result))

    def _over(self, event: JobDone) -> None:
        """Mark the job done, then hand its `JobDone` on: a listener handling it finds the job done (a
        pane's "running?" asks `done`), and `delivered` (with `wait`) turns true only once it has it. A
        test that read `done` and then let the app go idle read the result before the JobDone arrived."""
        self._finished.set()
        try:
            self._send(event)
        finally:
            self._delivered.set()

    def _hook(self, name: str) -> None:
        hook = self._hooks.get(name)
        if hook is not None:
            hook()

    @property
    def done(self) -> bool:
        """The job is over (its result, reason and message are set); its `JobDone` may be on its way."""
        return self._finished.is_set()

    @property
    def delivered(self) -> bool:
        """The job is over and its `JobDone` was handed to the listener (an app has it in its queue)."""
        return self._delivered.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set() and not self.done

    def pause(self) -> None:
        """Hold the job at its next checkpoint."""
        if not self.done:
            self._running.clear()
            self._hook("pause")

    def resume(self) -> None:
        """Let a paused job go on."""
        self._running.set()
        self._hook("resume")

    def cancel(self) -> None:
        """Ask the job to stop at its next checkpoint (a paused job wakes up to stop)."""
        self.cancel_requested = True
        self._hook("cancel")
        self._running.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is over (its `JobDone` was delivered); False on timeout."""
        return self._delivered.wait(timeout)


class _ProcessContext(JobContext):
    """The context of a job running in a child process: events and controls cross a pipe and two flags."""

    def __init__(self, conn, running, cancel, interval: float):
        self._conn = conn
        self._running_flag = running
        self._cancel_flag = cancel
        self._interval = interval
        self._lock = threading.Lock()
        self._done, self._total, self._info, self._items = 0, None, {}, []
        self._dirty, self._last = False, 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel_flag.is_set()

    def checkpoint(self) -> None:
        if not self._running_flag.is_set():
            self.flush(paused=True)
            self._running_flag.wait()
        if self._cancel_flag.is_set():
            raise Cancelled

    def on_control(self, **hooks) -> None:
        """Controls reach a job in a process only through `checkpoint`."""

    def flush(self, paused: bool = False) -> None:
        with self._lock:
            if not self._dirty and not paused:
                return
            message = ("progress", self._done, self._total, dict(self._info), tuple(self._items), paused)
            self._items.clear()
            self._dirty = False
            self._last = time.monotonic()
        self._conn.send(message)


def _process_main(work, conn, running, cancel, interval) -> None:
    """The body of a job's child process: run `work`, send its events and one final message."""
    ctx = _ProcessContext(conn, running, cancel, interval)
    try:
        result = work(ctx)
        reason, message = (CANCELLED, "") if cancel.is_set() else (FINISHED, "")
    except Cancelled:
        result, reason, message = None, CANCELLED, ""
    except Exception as exc:
        result, reason, message = None, FAILED, failure_text(exc)
    with ctx._lock:
        items, info = tuple(ctx._items), dict(ctx._info)
    conn.send(("done", reason, message, result, items, info))
    conn.close()


class ProcessJob(Job):
    """A job in a child process (spawned): the same handle and events as a thread job.

    `work` must be a module-level function and its arguments and results plain data, since they
    cross a pipe. The child is a daemon: it ends with the app.
    """

    def __init__(self, name: str, work: Callable[[JobContext], Any], deliver: Callable[[JobEvent], None],
                 interval: float):
        import multiprocessing

        self.name = name
        self.run_id = next(_run_ids)
        self.reason = None
        self.message = ""
        self.result = None
        self.cancel_requested = False
        self._deliver = deliver
        self._hooks = {}
        self._finished = threading.Event()
        self._delivered = threading.Event()
        context = multiprocessing.get_context("spawn")
        self._running = context.Event()
        self._running.set()
        self._cancel = context.Event()
        receive, send = context.Pipe(duplex=False)
        self._receive = receive
        self._process = context.Process(target=_process_main, args=(work, send, self._running, self._cancel,
                                                                     interval), daemon=True)
        self._thread = threading.Thread(target=self._listen, name=f"job-{name}-{self.run_id}", daemon=True)
        self._send_end = send

    def start(self) -> None:
        self._process.start()
        self._send_end.close()
        self._thread.start()

    def _listen(self) -> None:
        final = None
        while True:
            try:
                message = self._receive.recv()
            except (EOFError, OSError):
                break
            if message[0] == "progress":
                _, done, total, info, items, paused = message
                self._send(JobProgress(self.run_id, self.name, done, total, info, items, paused))
            else:
                final = message
                break
        self._process.join(timeout=5)
        if final is None:
            final = ("done", CANCELLED if self._cancel.is_set() else FAILED,
                     "" if self._cancel.is_set() else f"the job's process ended (exit code {self._process.exitcode})",
                     None, (), {})
        _, reason, message, result, items, info = final
        self.reason, self.message, self.result = reason, message, result
        self._over(JobDone(self.run_id, self.name, reason, message, result, items, info))

    @property
    def paused(self) -> bool:
        return not self._running.is_set() and not self.done

    def cancel(self) -> None:
        self.cancel_requested = True
        self._cancel.set()
        self._running.set()


class JobRunner:
    """Starts jobs in daemon threads and keeps the live ones; `deliver` gets every event (from the job's thread)."""

    def __init__(self, deliver: Callable[[JobEvent], None], *, interval: float = 0.25, niceness: int = 0):
        self.deliver = deliver
        self.interval = interval
        self.niceness = niceness
        """Added to a job thread's nice value (Linux, where threads have their own): the app's jobs
        yield the CPU to the interface's thread, so keys are answered while a network trains."""
        self.jobs: dict[str, Job] = {}

    def start(self, name: str, work: Callable[[JobContext], Any], *,
              deliver: Callable[[JobEvent], None] | None = None, process: bool = False) -> Job:
        """Run `work(ctx)` as job `name`, cancelling a running job of the same name first.

        `deliver` overrides the runner's listener for this job (a pane passes its own poster);
        `process=True` runs it in a child process instead of a thread (see ProcessJob).
        """
        previous = self.jobs.get(name)
        if previous is not None and not previous.done:
            previous.cancel()
        if process:
            return self._start_process(name, work, deliver or self.deliver)
        job = Job(name, work, deliver or self.deliver, self.interval)
        job.niceness = self.niceness
        self.jobs[name] = job
        job._thread.start()
        return job

    def _start_process(self, name: str, work: Callable[[JobContext], Any],
                       deliver: Callable[[JobEvent], None]) -> Job:
        """A ProcessJob, started with the real stdout and stderr: the app captures them with objects
        that have no file descriptor, which multiprocessing hands on to its helper process."""
        import sys

        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = sys.__stdout__ or sys.stdout, sys.__stderr__ or sys.stderr
        try:
            job = ProcessJob(name, work, deliver, self.interval)
            self.jobs[name] = job
            job.start()
            return job
        except Exception as exc:      # it could not start: reported like any failure
            failed = Job(name, lambda ctx: None, deliver, self.interval)
            failed.reason, failed.message = FAILED, failure_text(exc)
            failed._over(JobDone(failed.run_id, name, FAILED, failed.message))
            self.jobs[name] = failed
            return failed
        finally:
            sys.stdout, sys.stderr = streams

    def get(self, name: str) -> Job | None:
        """The latest job called `name`, running or not."""
        return self.jobs.get(name)

    def running(self) -> list[Job]:
        return [job for job in self.jobs.values() if not job.done]

    def cancel_all(self) -> None:
        """Cancel every live job (paused ones wake up to stop)."""
        for job in self.running():
            job.cancel()
