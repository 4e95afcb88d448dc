"""Python's full garbage collections on a timer, between frames, instead of in the middle of one.

Python starts a full collection (generation 2) when enough objects have survived the younger ones,
so it falls while the interface is making objects: drawing a frame, answering a key. With a network
training beside it, each took 35-70 ms of the interface's thread (9 in 80 s of keys, and 5 keys of
80 met one: `benchmarks/bench_keys.py`). While the app runs, the generation-2 threshold is set out of
reach and a timer collects every ``EVERY`` seconds instead: the timer runs when the interface has
nothing else to do, so a key waits for a collection only if it arrives during one. The younger
generations are collected as before; the thresholds are put back when the app stops.
"""
from __future__ import annotations

import gc

EVERY = 10.0
"""Seconds between two full collections while the app runs."""
OUT_OF_REACH = 1_000_000_000


class TimedCollections:
    """Full collections every ``EVERY`` seconds on ``app``'s timer, from ``start`` until ``stop``."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._timer = None

    def start(self, app) -> None:
        if self._saved is not None:
            return
        self._saved = gc.get_threshold()
        first, second, _ = self._saved
        gc.set_threshold(first, second, OUT_OF_REACH)
        self._timer = app.set_interval(EVERY, self.collect, name="full collections")

    @staticmethod
    def collect() -> None:
        gc.collect()

    def stop(self) -> None:
        if self._saved is None:
            return
        if self._timer is not None:
            self._timer.stop()
        gc.set_threshold(*self._saved)
        self._saved = self._timer = None
