"""The job runner: batched progress on a time budget, pause, resume, cancel, a final event always,
run ids, contained errors, and a process that exits even when a job is paused."""
import os
import subprocess
import sys
import threading
import time

import pytest

from workbench.jobs import CANCELLED, FAILED, FINISHED, JobDone, JobProgress, JobRunner


class Listener:
    def __init__(self):
        self.events = []
        self.lock = threading.Lock()

    def __call__(self, event):
        with self.lock:
            self.events.append(event)

    def progress(self):
        return [e for e in self.events if isinstance(e, JobProgress)]

    def done(self):
        return [e for e in self.events if isinstance(e, JobDone)]

    def held(self, seconds: float = 10.0) -> None:
        """Wait until the job says it is paused: its checkpoint sends that as it starts to wait."""
        deadline = time.monotonic() + seconds
        while not any(e.paused for e in self.progress()):
            assert time.monotonic() < deadline, "the job never said it was paused"
            time.sleep(0.005)


def test_a_fast_job_reports_a_few_batches_and_every_item_once():
    listener = Listener()
    runner = JobRunner(listener, interval=0.05)

    def work(ctx):
        for i in range(20000):
            ctx.checkpoint()
            ctx.emit(i)
            ctx.progress(i + 1, 20000, last=i)
        return "result"

    job = runner.start("count", work)
    assert job.wait(30)
    items = [item for e in listener.progress() for item in e.items] + list(listener.done()[0].items)
    assert items == list(range(20000))
    assert len(listener.progress()) < 200, "batched on the time budget, not one event per step"
    [done] = listener.done()
    assert (done.reason, done.result, done.run_id) == (FINISHED, "result", job.run_id)
    assert listener.events[-1] is done


def test_reports_are_spaced_by_the_interval():
    listener = Listener()
    runner = JobRunner(listener, interval=0.1)

    def work(ctx):
        end = time.monotonic() + 0.6
        while time.monotonic() < end:
            ctx.progress(1)

    runner.start("spin", work).wait(10)
    stamps = []
    runner2 = JobRunner(lambda e: stamps.append(time.monotonic()), interval=0.1)
    runner2.start("spin", work).wait(10)
    gaps = [b - a for a, b in zip(stamps, stamps[1:-1])]
    assert len(stamps) <= 9 and all(gap >= 0.09 for gap in gaps)


def test_pause_holds_the_job_and_resume_lets_it_go_on():
    listener = Listener()
    runner = JobRunner(listener, interval=0.01)
    steps = []
    gate = threading.Event()

    def work(ctx):
        for i in range(1000):
            ctx.checkpoint()
            steps.append(i)
            if i == 5:
                gate.set()
            time.sleep(0.001)

    job = runner.start("steps", work)
    gate.wait(5)
    job.pause()
    listener.held()                      # a paused job says so
    held = len(steps)
    time.sleep(0.2)
    assert len(steps) == held and job.paused
    job.resume()
    assert job.wait(10) and len(steps) == 1000 and job.reason == FINISHED


def test_cancel_wakes_a_paused_job_and_the_last_event_says_cancelled():
    listener = Listener()
    runner = JobRunner(listener)
    started = threading.Event()

    def work(ctx):
        started.set()
        while True:
            ctx.checkpoint()
            time.sleep(0.001)

    job = runner.start("forever", work)
    started.wait(5)
    job.pause()
    listener.held()
    job.cancel()
    assert job.wait(5)
    assert listener.done()[0].reason == CANCELLED


def test_an_error_in_a_job_is_contained_and_reported():
    listener = Listener()
    job = JobRunner(listener).start("bad", lambda ctx: 1 / 0)
    assert job.wait(5)
    [done] = listener.done()
    assert done.reason == FAILED and done.message == "division by zero"


@pytest.mark.parametrize("process", [False, True])
def test_a_job_is_done_for_its_listener_and_waited_for_until_its_jobdone_was_handed_on(process):
    """The JobDone's listener finds the job done (a pane asks `done` to say whether it still runs), but
    `delivered` and `wait` turn true only once the listener has it: `wait` returned as the job ended,
    before the JobDone was sent, so a test that read `done` (test_startup_checks' `checked`) or `wait`
    and then let the app go idle could read the result before the app had the JobDone."""
    seen, started = [], threading.Event()

    def listener(event):
        if isinstance(event, JobDone) and started.wait(10):
            seen.append((job.done, job.delivered, job.wait(0), event.reason))

    job = JobRunner(listener).start("count", counting_job, process=process)
    started.set()
    assert job.wait(60) and job.delivered
    assert seen == [(True, False, False, FINISHED)]


def test_a_new_run_of_the_same_job_cancels_the_old_one_and_has_a_new_run_id():
    listener = Listener()
    runner = JobRunner(listener)

    def work(ctx):
        while True:
            ctx.checkpoint()
            time.sleep(0.001)

    first = runner.start("train", work)
    second = runner.start("train", work)
    assert first.wait(5) and first.reason == CANCELLED
    assert second.run_id != first.run_id and not second.done
    runner.cancel_all()
    assert second.wait(5)


def test_controls_reach_an_object_with_its_own():
    calls = []
    started = threading.Event()

    def work(ctx):
        ctx.on_control(pause=lambda: calls.append("pause"), resume=lambda: calls.append("resume"),
                       cancel=lambda: calls.append("cancel"))
        started.set()
        while True:
            ctx.checkpoint()
            time.sleep(0.001)

    job = JobRunner(lambda e: None).start("trainer", work)
    started.wait(5)
    job.pause()
    job.resume()
    job.cancel()
    job.wait(5)
    assert calls == ["pause", "resume", "cancel"]


@pytest.mark.parametrize("paused", [False, True])
def test_the_interpreter_exits_at_once_with_a_job_running_or_paused(paused):
    program = f"""
import time
from workbench.jobs import JobRunner
def work(ctx):
    while True:
        ctx.checkpoint()
        sum(range(1000))
job = JobRunner(lambda e: None).start("forever", work)
time.sleep(0.1)
if {paused}:
    job.pause()
print("leaving")
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0 and done.stdout.strip() == "leaving"


def counting_job(ctx):
    """A job for a child process (module level, so the process can import it)."""
    for i in range(50):
        ctx.checkpoint()
        ctx.emit(i)
        ctx.progress(i + 1, 50)
        time.sleep(0.002)
    return {"count": 50}


def failing_job(ctx):
    raise ValueError("bad input in the child")


def test_a_job_in_a_process_reports_like_a_thread_job():
    listener = Listener()
    job = JobRunner(listener, interval=0.05).start("count", counting_job, process=True)
    assert job.wait(60)
    items = [item for e in listener.progress() for item in e.items] + list(listener.done()[0].items)
    assert items == list(range(50))
    assert listener.done()[0].reason == FINISHED and job.result == {"count": 50}


def test_a_failure_in_a_process_is_contained():
    listener = Listener()
    job = JobRunner(listener).start("bad", failing_job, process=True)
    assert job.wait(60)
    assert listener.done()[0].reason == FAILED and listener.done()[0].message == "bad input in the child"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="threads have their own nice value on Linux")
def test_a_runner_can_run_its_jobs_nicer_and_the_engine_threads_follow(monkeypatch):
    """The app's jobs yield the CPU to the interface; the engine's helper threads take on the niceness."""
    import numpy as np

    from workbench.nn.workers import workers

    monkeypatch.setenv("WORKBENCH_THREADS", "2")
    seen = {}

    def work(ctx):
        seen["job"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        workers.run(lambda i, slot: seen.setdefault(slot, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())),
                    64, threads=2)
        return np.zeros(1)

    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    job = JobRunner(deliver=lambda event: None, niceness=3).start("nice", work)
    assert job.wait(10) and job.reason == "finished"
    assert seen["job"] == base + 3
    assert all(value >= base + 3 for key, value in seen.items() if key != "job")
    plain = JobRunner(deliver=lambda event: None).start("plain", lambda ctx: seen.update(plain=os.getpriority(
        os.PRIO_PROCESS, threading.get_native_id())))
    assert plain.wait(10) and seen["plain"] == base
