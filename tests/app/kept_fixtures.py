"""For the tests of runs that outlive their pane (test_*_kept.py): a lesson's steps giving a pane tiny
settings on every visit, so that coming back to the step gives the pane the same settings as before."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

from workbench.course.model import Step


def make_steps_tiny(monkeypatch, changes_for: Callable[[str], dict | None]) -> None:
    """Every step's pane settings with `changes_for(pane name)` made (none: as the lesson gives them)."""
    built = Step.pane_settings

    def tiny(step):
        settings = built.fget(step)
        changes = changes_for(step.pane) if step.pane else None
        return dataclasses.replace(settings, **changes) if changes else settings

    monkeypatch.setattr(Step, "pane_settings", property(tiny))


async def shown_pane(pilot, kind):
    """The pane of class `kind` once the screen shows it (a lesson opened, a step moved to)."""
    from screen_text import until

    await until(pilot, lambda: pilot.app.screen.query(kind))
    await pilot.pause()
    return pilot.app.screen.query_one(kind)
