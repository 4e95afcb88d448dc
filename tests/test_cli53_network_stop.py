"""Ctrl+C in `workbench network` while it gets its data (some seconds that cannot stop halfway): the stop
is said at once. It was said after waiting for the job, and the ^C stood alone for seven seconds."""
from __future__ import annotations

import threading

from workbench import cli
from workbench.jobs import Job
from workbench.models import trained


def test_ctrl_c_is_said_before_the_job_is_waited_for(monkeypatch, capsys):
    def slow(ctx, **kwargs):
        while True:
            ctx.checkpoint()
            threading.Event().wait(0.01)

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    said_before = []
    wait = Job.wait

    def waited(self, timeout=None):
        said_before.append(capsys.readouterr().err)
        return wait(self, timeout)

    monkeypatch.setattr(trained, "obtain", slow)
    monkeypatch.setattr("queue.Queue.get", interrupted)
    monkeypatch.setattr(Job, "wait", waited)
    assert cli.main(["network"]) == 130
    assert said_before == ["training stopped; the network kept before, if any, is unchanged\n"]
