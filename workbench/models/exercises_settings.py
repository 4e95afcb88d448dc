"""The exercises pane's settings: the learner's folder, which chapter's parts the table shows, and whose message first."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from workbench.exercises.parts import PARTS
from workbench.i18n import t
from workbench.models.settings import Kind, SettingError, choice, field, named

CHAPTERS = ("all", "3", "4", "5", "6", "7")


@dataclasses.dataclass(frozen=True)
class FolderKind(Kind):
    """A folder, as a path typed by the learner (relative to where workbench started)."""

    def from_data(self, key, value):
        if not isinstance(value, str) or not value.strip() or "\x00" in value:
            raise SettingError(key, t("exercises.error.folder", key=named(key)))
        return value.strip()

    def from_text(self, key, text):
        return self.from_data(key, text)

    def describe(self):
        return t("exercises.kind.folder")


@dataclass(frozen=True)
class ExercisesSettings:
    folder: str = field("exercises", FolderKind())
    chapter: str = choice("all", CHAPTERS)
    part: str = choice("next", ("next", *(part.name for part in PARTS)))
    """The part whose message shows until the learner picks another: a lesson's step names the one it
    just taught (4.2's numerical_diff, not chapter 4's first, mean_squared_error); "next": the first
    part that does not pass."""
