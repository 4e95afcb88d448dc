"""Runs of the learner's own parts that a pane replays (`impl = mine`), kept by what they depend on.

A pane with `impl = mine` cannot run the learner's code while it draws: the code runs in the sandbox
(`workbench.exercises.runner`), in a job. The job keeps its result here under a key made of the
learner's folder, the modification time and size of its files (so a save makes a new key) and the
settings the run reads; the model's `compute` looks the key up and replays the run, or says it is
pending. A handful of runs is kept, the oldest dropped first.
"""
from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

from workbench.models.exercises import folder_stamp
from workbench.models.mine import missing_folder

KEEP = 16


def folder_of(settings) -> Path:
    """The learner's folder of the settings (`folder`, relative to where workbench started)."""
    return Path(settings.folder).expanduser().resolve()


def run_key(settings, *what) -> tuple:
    """What a run depends on: the folder, its files' stamps, and `what` the settings give it."""
    folder = folder_of(settings)
    return (str(folder), folder_stamp(folder), *what)


class Kept:
    """Results of runs by key, safe to fill from a job's thread and read from the UI's."""

    def __init__(self, keep: int = KEEP):
        self._runs: dict[tuple, Any] = {}
        self._lock = threading.Lock()
        self._keep = keep

    def get(self, key: tuple) -> Any:
        with self._lock:
            return self._runs.get(key)

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._runs[key] = value
            while len(self._runs) > self._keep:
                self._runs.pop(next(iter(self._runs)))


def no_folder(settings, file: str = "layers.py") -> dict | None:
    """The failure to show, without starting a run, when the learner's folder is not there (yet):
    models.mine's missing_folder, as the plain data these panes keep."""
    missing = missing_folder(settings.folder, file)
    return None if missing is None else dataclasses.asdict(missing)
