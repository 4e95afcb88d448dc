"""What the descent and optimizers panes share: walking along a path one update at a time, the
learning rate on a log-scale ladder, the update written out with its numbers, and the sentence
that says what the path does.

`.` goes one update further and `,` one back, `e` to the end and `r` to the start; space runs the
walk to its end (about four seconds, whatever its length) and stops it again. All of them change
the pane's `step` setting, so a lesson, `workbench open --set step=…` and the keys agree.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding

from workbench.i18n import t
from workbench.models.surface_path import Equation, Observation, next_rate, short

RUN_SECONDS = 4.0
"""How long space takes to run a walk from start to end."""


def walk_bindings(area: str) -> list[Binding]:
    """The keys of a pane that walks: . , space e r."""
    return [
        Binding("full_stop", "step(1)", id=f"{area}.step", key_display="."),
        Binding("comma", "step(-1)", id=f"{area}.back", show=False, key_display=","),
        Binding("space", "run", id=f"{area}.run", key_display="space"),
        Binding("e,end", "to_end", id=f"{area}.end", show=False),
        Binding("r,home", "to_start", id=f"{area}.start", show=False),
    ]


def rate_bindings(area: str) -> list[Binding]:
    """`+` and `-`: the learning rate one rung up or down its ladder."""
    return [Binding("plus,equals_sign", "rate(1)", id=f"{area}.faster", key_display="+ -"),
            Binding("minus", "rate(-1)", id=f"{area}.slower", show=False, key_display="-")]


class Walking:
    """Mixin for a Pane whose settings have `step` and `steps`; subclasses say which setting holds
    the learning rate that + and - move (`rate_key`) and along which ladder."""

    LADDER = "decades"
    RATE_RANGE = (1e-12, 100.0)
    _runner = None

    def rate_key(self) -> str:
        raise NotImplementedError

    def action_step(self, direction: int) -> None:
        self.stop_running()
        s = self.settings
        self.apply(step=min(max(s.step + int(direction), 0), s.steps))

    def action_to_end(self) -> None:
        self.stop_running()
        self.apply(step=self.settings.steps)

    def action_to_start(self) -> None:
        self.stop_running()
        self.apply(step=0)

    def action_run(self) -> None:
        """Run the walk to its end, one update per tick; again to stop (from the end: from the start)."""
        if self._runner is not None:
            self.stop_running()
            return
        s = self.settings
        if s.step >= s.steps:
            self.apply(step=0)
        self._runner = self.set_interval(min(0.25, max(0.03, RUN_SECONDS / s.steps)), self._tick)
        self.refresh_view()

    def _tick(self) -> None:
        s = self.settings
        if s.step >= s.steps or not self.apply(step=s.step + 1) or self.settings.step >= s.steps:
            self.stop_running()

    def stop_running(self) -> None:
        if self._runner is not None:
            self._runner.stop()
            self._runner = None
            self.refresh_view()

    @property
    def running(self) -> bool:
        return self._runner is not None

    def leave(self) -> None:
        self.stop_running()
        super().leave()

    def action_rate(self, direction: int) -> None:
        key = self.rate_key()
        value = next_rate(getattr(self.settings, key), int(direction), self.LADDER, *self.RATE_RANGE)
        self.apply(**{key: value})


def equation_text(eq: Equation, width: int, style: str = "") -> Text:
    """`name ← rule`, then `= terms` (on one line if they fit, else one term a line), then `= value`."""
    text = Text()
    text.append(f"{eq.name} ← {eq.rule}", style=f"bold {style}".strip())
    indent = " " * (cell_len(eq.name) + 1)
    terms = " ".join(eq.terms)
    if cell_len(indent) + 2 + cell_len(terms) <= width:
        text.append(f"\n{indent}= {terms}")
    else:
        for i, term in enumerate(eq.terms):
            text.append(f"\n{indent}{'= ' if i == 0 else '  '}{term}")
    if eq.terms != (eq.value,):
        text.append(f"\n{indent}= ")
        text.append(eq.value, style="bold")
    return text


def observation_text(observation: Observation, has_minimum: bool = True, axes: tuple[str, str] = ("x", "y")) -> str:
    """The sentence for what a path does, its numbers written short, its axes named `axes`."""
    numbers = {key: short(value, 2) if isinstance(value, float) else value
               for key, value in observation.numbers.items()}
    if "axis" in numbers:
        numbers["axis"] = axes[numbers["axis"]]
    if "moved" in observation.numbers:
        return t("path.observe.barely", **numbers)
    target = t("path.minimum" if has_minimum else "path.saddle")
    return t(f"path.observe.{observation.kind}", target=target, **numbers)
