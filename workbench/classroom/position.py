"""Where the presenter is: the lesson, the step and the pane's settings, as data a network may carry.

A position travels as JSON between the presenter's app, the server and every follower, so reading one
checks everything: ids are short plain words, the step a small number, each setting a key and the text
its field would show. The follower reads that text back through the pane's own settings (the same
checks as `workbench open --set`), so nothing that arrives can name a file or run anything. The step
comes as its index and its id: a follower whose workbench is of another version (a lesson that gained a
step) finds it by id, by index only where it does not know the id, as progress does
(`Progress.resume_index`). Whether the step's text is folded away comes too: a follower's screen is laid
out as the presenter's. While the pane trains, the run's figures come along (`workbench.classroom.run`),
and what a pane computed in a job its followers would wait for (the gradient check, the
numerical-versus-backprop timings, a search's trials, a comparison's table) comes as its figures
(`workbench.classroom.figures`), checked the same way.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from workbench.classroom import figures as pane_figures
from workbench.classroom.figures import NewerFigures
from workbench.classroom.check import CheckSummary
from workbench.classroom.compare import CompareSummary
from workbench.classroom.results import ResultsSummary
from workbench.classroom.search import SearchSummary
from workbench.classroom.speed import SpeedSummary
from workbench.classroom.run import BadRun, RunSummary

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
"""A lesson id, a pane name or a setting key."""
MAX_STEP = 999
MAX_SETTINGS = 40
MAX_TEXT = 200
MAX_CURSOR = 64


class BadPosition(ValueError):
    """A position that does not read as one (a follower ignores it)."""


@dataclass(frozen=True)
class Position:
    """A lesson step (`lesson`, 0-based `step` and its `step_id`, "" where not known), or a pane on its
    own (`lesson` None), or home (both None); `settings` are the pane's settings as (key, text) pairs,
    `cursor` where its cursor is or which view (and epoch) it shows, as the pane writes it ("" where a
    step starts), `run` its run's figures, `figures` what else its pane computed (the presenter's, while
    it has them) and `folded` whether the step's text is folded away (the pane has the width)."""

    lesson: str | None = None
    step: int = 0
    pane: str | None = None
    settings: tuple[tuple[str, str], ...] = ()
    run: RunSummary | None = None
    cursor: str = ""
    figures: CheckSummary | SpeedSummary | SearchSummary | ResultsSummary | CompareSummary | NewerFigures | None = None
    step_id: str = ""
    folded: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"lesson": self.lesson, "step": self.step, "pane": self.pane,
                "settings": [list(pair) for pair in self.settings], "cursor": self.cursor,
                "run": None if self.run is None else self.run.to_json(),
                "figures": None if self.figures is None else self.figures.to_json(),
                "step_id": self.step_id, "folded": self.folded}

    @cached_property
    def body(self) -> bytes:
        """The position as JSON, encoded once: the presenter counts its bytes and sends them (at every
        heartbeat too), the server answers every follower with them."""
        return json.dumps(self.to_json()).encode()

    def without_run(self) -> "Position":
        """Only where the position is: a follower goes there; the run and the figures are shown, not followed."""
        return replace(self, run=None, figures=None)

    @classmethod
    def from_json(cls, data: Any) -> "Position":
        """The position `data` describes; BadPosition for anything else. A position without a step id
        or `folded` (from a presenter of an earlier version) reads, as "" and False."""
        if not isinstance(data, dict):
            raise BadPosition("not an object")
        lesson, pane, step = data.get("lesson"), data.get("pane"), data.get("step", 0)
        step_id, folded = data.get("step_id", ""), data.get("folded", False)
        for value in (lesson, pane):
            if value is not None and not (isinstance(value, str) and NAME.fullmatch(value)):
                raise BadPosition(f"bad name {value!r}")
        if step_id != "" and not (isinstance(step_id, str) and NAME.fullmatch(step_id)):
            raise BadPosition(f"bad step id {step_id!r}")
        if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= MAX_STEP:
            raise BadPosition(f"bad step {step!r}")
        if not isinstance(folded, bool):
            raise BadPosition(f"bad folded {folded!r}")
        raw = data.get("settings", [])
        if not isinstance(raw, list) or len(raw) > MAX_SETTINGS:
            raise BadPosition("bad settings")
        settings = []
        for pair in raw:
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair)
                    and NAME.fullmatch(pair[0]) and len(pair[1]) <= MAX_TEXT and pair[1].isprintable()):
                raise BadPosition(f"bad setting {pair!r}")
            settings.append((pair[0], pair[1]))
        cursor = data.get("cursor", "")
        if not (isinstance(cursor, str) and len(cursor) <= MAX_CURSOR and cursor.isprintable()):
            raise BadPosition(f"bad cursor {cursor!r}")
        run = data.get("run")
        try:
            run = None if run is None else RunSummary.from_json(run)
        except BadRun as exc:
            raise BadPosition(f"bad run: {exc}") from None
        figures = data.get("figures")
        try:
            figures = None if figures is None else pane_figures.read(figures)
        except pane_figures.BadFigures as exc:
            raise BadPosition(f"bad figures: {exc}") from None
        return cls(lesson, step, pane, tuple(settings), run, cursor, figures, step_id, folded)

    def step_in(self, step_ids: tuple[str, ...]) -> int:
        """The index of this step among a lesson's steps as this workbench has them (`step_ids`): by its
        id where they include it, else by its index, never past the last step."""
        if self.step_id in step_ids:
            return step_ids.index(self.step_id)
        return max(0, min(self.step, len(step_ids) - 1))

    def assignments(self) -> list[str]:
        """The settings as `KEY=VALUE` texts, for the pane's `parse`."""
        return [f"{key}={text}" for key, text in self.settings]


def settings_text(settings: Any) -> tuple[tuple[str, str], ...]:
    """A pane's settings as (key, text) pairs, each text what its field shows; without the keys they
    leave unused (the training pane's `conv` when net = two-layer), which the pane's `parse` refuses."""
    if settings is None:
        return ()
    from workbench.models.settings import as_text, kinds, unused_keys

    unused = unused_keys(settings)
    return tuple((key, as_text(settings, key)) for key in kinds(type(settings)) if key not in unused)
