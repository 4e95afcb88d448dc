"""Python's full garbage collections on a timer, between frames, instead of in the middle of one.

Python starts a full collection (generation 2) when enough objects have survived the younger ones,
so it falls while the interface is making objects: drawing a frame, answering a key. With a network
training beside it, each took 35-70 ms of the interface's thread (9 in 80 s of keys, and 5 keys of
80 met one: `benchmarks/bench_keys.py`). While an app runs, the generation-2 threshold is set out of
reach and a timer collects every ``EVERY`` seconds instead: the timer runs when the interface has
nothing else to do, so a key waits for a collection only if it arrives during one. The younger
generations are collected as before; the thresholds are put back when the last app stops.
"""
from __future__ import annotations

import gc

EVERY = 10.0
"""Seconds between two full collections while the app runs."""
OUT_OF_REACH = 1_000_000_000

_apps = 0
_saved: tuple[int, int, int] | None = None


class TimedCollections:
    """Full collections every ``EVERY`` seconds on ``app``'s timer, from ``start`` until ``stop``
    (apps running side by side in one process, as tests do, share the thresholds)."""

    def __init__(self) -> None:
        self._timer = None

    def start(self, app) -> None:
        global _apps, _saved
        if self._timer is not None:
            return
        if _apps == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], OUT_OF_REACH)
        _apps += 1
        self._timer = app.set_interval(EVERY, self.collect, name="full collections")

    @staticmethod
    def collect() -> None:
        gc.collect()

    def stop(self) -> None:
        global _apps
        if self._timer is None:
            return
        self._timer.stop()
        self._timer = None
        _apps -= 1
        if _apps == 0 and _saved is not None:
            gc.set_threshold(*_saved)
