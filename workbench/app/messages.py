"""The messages screens and panes post to say what happened; the app (and later a presenter
or a served session) listens. Messages go up, method calls go down."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from workbench.jobs import JobEvent


@dataclass
class StepShown(Message):
    """A lesson step is on screen; `stepped` is True when the learner got there with next/previous."""

    lesson_id: str
    index: int
    total: int
    stepped: bool


@dataclass
class LessonFinished(Message):
    """The learner read a lesson to its last step."""

    lesson_id: str


@dataclass
class PaneShown(Message):
    """A pane was shown on its own or in a lesson step, with these settings."""

    name: str
    settings: Any


@dataclass
class SettingsChanged(Message):
    """The learner changed a pane's settings from inside the pane (a key, a field)."""

    name: str
    settings: Any


@dataclass
class CursorMoved(Message):
    """A pane's cursor moved (im2col's window or pixel, the shape tracer's layer): not a setting, but
    what a presenter points at, so its followers are shown it too."""


@dataclass
class RunMoved(Message):
    """A pane's run reached a point its followers should see soon (an epoch ended, a run of a
    comparison ended): a sharing presenter publishes it now, not at its next once-a-second look."""


@dataclass
class JobUpdate(Message):
    """An event of a job a widget started (progress, or its end), delivered on the UI thread."""

    event: JobEvent


@dataclass
class WantsRoom(Message):
    """A pane started something that needs its whole width to be read (live training curves): a lesson
    whose text leaves the pane narrow folds the text away, and says so through `pane.room_made()`."""

    pane: Any
