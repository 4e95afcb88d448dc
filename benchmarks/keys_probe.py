"""The `workbench` command with a probe: when the interface's thread takes an input event, and when it
hands a frame to the terminal, with that thread's CPU time at each moment.

    python benchmarks/keys_probe.py LOG open train --set net=deep ...     # any `workbench` arguments

Writes one line per event to LOG: ``key <monotonic s> <UI thread CPU s> <its run-queue wait s>`` as
the interface's thread starts handling a key or a mouse event, and ``frame ...`` after it has
handed a frame to the terminal, and ``gc <start> <seconds> <thread>`` for each of Python's full
collections (the thread that ran it, ``ui`` or ``job``, held the GIL meanwhile). The run-queue wait (Linux schedstat) is the time the thread was ready but had no core;
what is left of the wall time is time it slept: waiting for the GIL, or for the next frame's timer.
``bench_keys.py`` runs the app through this script and, for
every key it times from outside, takes the UI thread's CPU time from the key to the last frame before
the key's effect was seen on the screen: the work the key cost the interface, which other processes
on a busy machine change far less than the wall time. The clock is ``time.monotonic`` in both
processes (CLOCK_MONOTONIC on Linux), so the lines line up with the benchmark's ``perf_counter``.
Nothing of the app changes but these two wrapped methods.
"""
from __future__ import annotations

import gc
import sys
import threading
import time


def install(path: str) -> None:
    from textual import events
    from textual.app import App

    log = open(path, "a", buffering=1, encoding="utf-8")
    clock = time.pthread_getcpuclockid(threading.main_thread().ident)

    schedstat = f"/proc/self/task/{threading.main_thread().native_id}/schedstat"

    def runqueue() -> float:
        """Seconds the interface's thread has waited for a core while runnable (Linux), else 0."""
        try:
            with open(schedstat) as stat:
                return int(stat.read().split()[1]) / 1e9
        except OSError:
            return 0.0

    def note(kind: str, at: float | None = None) -> None:
        at = time.monotonic() if at is None else at
        log.write(f"{kind} {at:.6f} {time.clock_gettime(clock):.6f} {runqueue():.6f}\n")

    on_event, display = App.on_event, App._display

    async def probed_on_event(self, event):
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            note("key")
        return await on_event(self, event)

    def probed_display(self, screen, renderable):
        at = time.monotonic()       # the frame may be on screen before display() returns (a writer thread)
        result = display(self, screen, renderable)
        if renderable is not None:
            note("frame", at)
        return result

    App.on_event, App._display = probed_on_event, probed_display

    started = {}

    def on_collection(phase: str, info: dict) -> None:
        """Python's full collections (generation 2): ``gc <start> <seconds> <thread>``; whichever
        thread starts one holds the GIL until it ends."""
        if info.get("generation") != 2:
            return
        if phase == "start":
            started["at"] = time.monotonic()
        elif "at" in started:
            at = started.pop("at")
            thread = "ui" if threading.current_thread() is threading.main_thread() else "job"
            log.write(f"gc {at:.6f} {time.monotonic() - at:.6f} {thread}\n")

    gc.callbacks.append(on_collection)


if __name__ == "__main__":
    install(sys.argv[1])
    from workbench.cli import main

    sys.exit(main(sys.argv[2:]))
