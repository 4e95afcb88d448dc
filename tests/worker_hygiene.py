"""What keeps a test worker's run as fast at its last test as at its first (tests/conftest.py uses them):
each test's folder made without listing those of the tests before it, and the jobs a test left running
cancelled as it ends. A module of its own, so that a test can import them (`conftest` names several
modules under tests/)."""
from __future__ import annotations

import collections
import contextlib
import re
from pathlib import Path

import pytest


def new_test_folder(factory, test_name: str) -> Path:
    """A new folder in the session's base folder named as pytest's `tmp_path` names it (the test's
    name, cut to 30 characters, and a number from 0), numbered by a count of this process. pytest's own
    lists the whole base folder to find the next number, and it holds a folder for every test the
    process ran before (every test has one: `private_state_dir`), so each set-up took longer than the
    one before: 2 to 9 ms a listing at 2,000 folders on a busy machine, more for the runs of one
    parametrized test, whose folders all match its name (3,000 of them: 44 s of set-up, 4.6 s with
    this; tests/nn and tests/models in one process, 2,205 tests: 1.5 s less). The names are as long as
    pytest's: tests that print a path cut the longer ones. The folders are kept as pytest keeps them
    (its default retention: those of the last three sessions)."""
    name = re.sub(r"\W", "_", test_name)[:30]
    while True:
        number = _FOLDERS[name]
        _FOLDERS[name] += 1
        try:
            return factory.mktemp(f"{name}{number}", numbered=False)
        except FileExistsError:         # "test_a1" + "0" was made before "test_a" + "10"
            continue


_FOLDERS: collections.Counter = collections.Counter()


@contextlib.contextmanager
def jobs_cancelled_at_the_end():
    """Cancel, on the way out, every job started inside that is still running. An app's jobs run in
    daemon threads that its exit leaves be (the process ends with it, but the test's worker goes on):
    3.4's network, trained on the real data where a test did not give it a tiny set, went on for seconds
    of CPU through the next tests of the worker, and slowed them (2.5 s in each of two tests of 1,200)."""
    from workbench import jobs

    started = []
    start = jobs.JobRunner.start

    def recorded(self, *args, **kwargs):
        job = start(self, *args, **kwargs)
        started.append(job)
        return job

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs.JobRunner, "start", recorded)
        try:
            yield
        finally:
            for job in started:
                if not job.done:
                    job.cancel()
