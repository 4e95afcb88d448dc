"""One key, k, and a click on the status's line, to bring a run kept out of sight back into view with its
settings, and back again.

A lesson step puts its own settings back as the learner returns to it; the run the learner made with
theirs is kept (`RunControls.kept_runs`), and the status's line says so (`kept_line`). Typing three
settings back with s was tedious: k puts the kept run's settings in use, which shows it, the run shown
till then (the step's, if it had one) kept in turn; k again goes back to the settings k came from, so
that the learner switches between the two. The line names k, and a click on it does what k does; the
key is in the footer only while it does something (`kept_target`), and named to the lesson's footer
then (`named_keys`). Not while a job runs, nor while the pane draws a presenter's run.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events

from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.run_controls import KEPT_CHANGES, RUNNING
from workbench.i18n import t
from workbench.models.settings import labelled, named, named_value, unused_keys

KEPT_KEY = "k"
"""The key that brings the kept run (free in the training, comparison and search panes, and beside the
lesson screen's → ← n p t Escape ? F1)."""
KEPT_LINE = "kept-line"
"""The meta key of the status's line that names the kept run: a click on it does what k does."""


class KeptKey(PanePart):
    """k and the kept line's click: the kept run's settings in use, or those k came from again."""

    swapped: tuple[Any, Any] | None = None
    """(the settings k came from, the settings it brought), while the learner switches between them."""
    _kept_named: Any = None
    """The settings the status's line last named (the footer's keys are refreshed when they change)."""

    def finished_kept(self) -> list[Any]:
        """The settings of the finished runs kept for other settings, the last set aside last."""
        return [k.settings for k in self.kept_runs if k.settings is not None and k.values.get("state") not in RUNNING]

    def kept_target(self) -> Any | None:
        """The settings k puts in use now, or None: after k, those it came from (always) or brought (when
        their run is still kept); else, while the settings in use have no run, those of the finished run
        kept last that differ from them in a setting they use."""
        if self.result is None or self.running() or self.presenters_shown():
            return None
        wanted, finished = self.result.settings, self.finished_kept()
        if self.swapped is not None and wanted in self.swapped:
            came_from, brought = self.swapped
            other = brought if wanted == came_from else came_from
            if other != wanted and (other == came_from or other in finished) and self.changes_to(other):
                return other
        if self.run_made_with() is None and finished and self.changes_to(finished[-1]):
            return finished[-1]
        return None

    def presenters_shown(self) -> bool:
        """Whether the pane draws a presenter's run in place of its own (a follower's)."""
        return getattr(self, "presenters_run", None) is not None or getattr(self, "presenters", None) is not None

    def changes_to(self, theirs: Any) -> list[str]:
        """"trials = 5" for each setting `theirs` has other than those in use, of those it uses (6.4 step
        1's plain run said its unused weight decay too), each named as its field and list show it
        ("신경망 = SimpleConvNet", not "net = simple", as the refusals name them)."""
        wanted, unused = self.result.settings, unused_keys(theirs)
        with labelled(self.entry.setting_label, self.entry.choice_label):
            return [f"{named(field.name)} = {named_value(theirs, field.name)}"
                    for field in dataclasses.fields(theirs)
                    if getattr(theirs, field.name) != getattr(wanted, field.name) and field.name not in unused]

    def kept_line(self, key: str) -> str:
        """The status's line while k does something: the text of `key` naming the settings of the run it
        shows ("Your search with trials = 5 is kept: k shows it."), or that k goes back to the settings it
        came from, which have no run; "" when k does nothing."""
        target = self.kept_target()
        if target != self._kept_named:                 # k comes into the footer or leaves it
            self._kept_named = target
            self.refresh_bindings()
        if target is None:
            return ""
        changes = self.changes_to(target)
        said = ", ".join(changes[:KEPT_CHANGES]) + (", …" if len(changes) > KEPT_CHANGES else "")
        return t(key if target in self.finished_kept() else "pane.kept_back", changes=said)

    def add_kept_line(self, text: Text, key: str) -> None:
        """Append the kept line (`kept_line`) to the status `text`, dim, a click on it doing what k does."""
        line = self.kept_line(key)
        if line:
            text.append("\n")
            text.append(line, style=Style(dim=True, meta={KEPT_LINE: True}))

    def named_keys(self) -> tuple[str, ...]:
        """k while the status's line names it: the lesson's footer keeps it in view among the step's keys."""
        return (*super().named_keys(), *((KEPT_KEY,) if self.kept_target() is not None else ()))

    def action_kept(self) -> None:
        """Put the settings of `kept_target` in use: their run is shown, the one shown till then kept."""
        target = self.kept_target()
        if target is None:
            return
        came_from = self.result.settings
        if self.swapped is None or came_from not in self.swapped or target not in self.swapped:
            self.swapped = (came_from, target)
        self._take(target)
        self.refresh_bindings()

    def on_click(self, event: events.Click) -> None:
        """A click on the kept line does what k does."""
        if event.style is not None and event.style.meta.get(KEPT_LINE):
            event.stop()
            self.action_kept()
