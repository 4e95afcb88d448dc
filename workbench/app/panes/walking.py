"""What the descent and optimizers panes share: walking along a path one update at a time, the
learning rate on a log-scale ladder, the update written out with its numbers, and the sentence
that says what the path does.

`.` goes one update further and `,` one back (`>` and `<` ten), `e` to the end and `r` to the start; space runs the
walk to its end (about four seconds, whatever its length) and stops it again. All of them change
the pane's `step` setting, so a lesson, `workbench open --set step=…` and the keys agree.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding

from workbench.app.no_break import glued, together
from workbench.app.panes.cells import STEPS
from workbench.i18n import t
from workbench.models.surface_path import SURFACE_NAMES, Equation, Observation, next_rate, short

RUN_SECONDS = 4.0
"""How long space takes to run a walk from start to end."""


TENS, RATE = Binding.Group("tens"), Binding.Group("rate")
"""`<` `>` (ten steps) and `+` `-` (the rate): pairs, each one item of the footer."""


def walk_bindings(area: str, *between: Binding) -> list[Binding]:
    """The keys of a pane that walks: . , > < space e r (`between` go after . in the footer)."""
    return [
        Binding("comma", "step(-1)", id=f"{area}.back", show=False, key_display=",", group=STEPS),
        Binding("full_stop", "step(1)", id=f"{area}.step", key_display=".", group=STEPS),
        *between,
        Binding("space", "run", id=f"{area}.run", key_display="space"),
        Binding("less_than_sign", "step(-10)", id=f"{area}.ten_back", show=False, key_display="<", group=TENS),
        Binding("greater_than_sign", "step(10)", id=f"{area}.ten", show=False, key_display=">", group=TENS),
        Binding("e,end", "to_end", id=f"{area}.end", show=False),
        Binding("r,home", "to_start", id=f"{area}.start", show=False),
    ]


def rate_bindings(area: str) -> list[Binding]:
    """`+` and `-`: the learning rate one rung up or down its ladder; a pair, one item in the footer
    under `<area>.key.rate` where both are listed (one "+ -" display was listed twice where the text
    named `-`)."""
    return [Binding("plus,equals_sign", "rate(1)", id=f"{area}.faster", key_display="+", group=RATE),
            Binding("minus", "rate(-1)", id=f"{area}.slower", key_display="-", group=RATE)]


class Walking:
    """Mixin for a Pane whose settings have `step` and `steps`; subclasses say which setting holds
    the learning rate that + and - move (`rate_key`) and along which ladder."""

    LADDER = "decades"
    RATE_RANGE = (1e-12, 100.0)
    _runner = None

    def rate_key(self) -> str:
        raise NotImplementedError

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`.` and `>` dimmed at the walk's last update, `,` and `<` at its start; `+` at the top of the
        rate's ladder and `-` at its foot: there they would do nothing, with the keys lit."""
        if action == "step":
            s, direction = self.settings, int(parameters[0])
            if (direction > 0 and s.step >= s.steps) or (direction < 0 and s.step <= 0):
                return None
        if action == "rate":
            rate = getattr(self.settings, self.rate_key())
            if next_rate(rate, int(parameters[0]), self.LADDER, *self.RATE_RANGE) == rate:
                return None
        return super().check_action(action, parameters)

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

    def on_contour_plot_clicked(self, event) -> None:
        """A click on the contours starts the walk there (its update shown stays); on a tile's caption, the
        pane's `caption_clicked` says what it does."""
        event.stop()
        if event.point is None:
            self.caption_clicked(event.tile)
            return
        self.stop_running()
        self.start_at(*event.point)

    def start_at(self, x: float, y: float) -> None:
        """Walk from (x, y) of the plane: the setting of the start point, as the settings dialog sets it."""
        raise NotImplementedError

    def caption_clicked(self, tile: int) -> None:
        """A click on the caption of picture `tile`: nothing, unless the pane says otherwise."""

    def action_function(self) -> None:
        """The next of the surfaces (bowl, valley, saddle, Rosenbrock), from the same start."""
        names = SURFACE_NAMES
        self.apply(function=names[(names.index(self.settings.function) + 1) % len(names)])

    def action_rate(self, direction: int) -> None:
        key = self.rate_key()
        value = next_rate(getattr(self.settings, key), int(direction), self.LADDER, *self.RATE_RANGE)
        self.apply(**{key: value})


def rows(text: Text, width: int) -> int:
    """How many screen rows `text` takes at `width` cells (its lines wrapped)."""
    return sum(max(1, -(-cell_len(line) // max(width, 1))) for line in text.plain.split("\n"))


def steady(widget, text: Text, width: int) -> None:
    """Show `text` in `widget` (a Static) without letting its height shrink while the width stays:
    a readout that grew by a line keeps it, so the plot above does not rescale from step to step."""
    held = getattr(widget, "_held_rows", (0, 0))
    needed = rows(text, width)
    height = max(needed, held[1]) if held[0] == width else needed
    widget._held_rows = (width, height)
    widget.styles.min_height = height
    widget.update(text)


def packed(parts: list[Text], width: int, gap: str = "   ") -> Text:
    """`parts` on one line `gap` apart while they fit in `width` cells, the rest on the next lines."""
    text, used = Text(), 0
    for part in parts:
        if used and used + len(gap) + part.cell_len <= width:
            text.append(gap)
            used += len(gap)
        elif used:
            text.append("\n")
            used = 0
        text.append_text(part)
        used += part.cell_len
    return text


def equation_text(eq: Equation, width: int, style: str = "") -> Text:
    """`name ← rule`, then `= terms` (on one line if they fit, else one term a line), then `= value`."""
    text = Text()
    text.append(f"{eq.name} ← {eq.rule}", style=f"bold {style}".strip())
    indent = " " * (cell_len(eq.name) + 1)
    terms = " ".join(eq.terms)
    if eq.terms == (eq.value,):
        pass                                    # the short form: the rule and its value only
    elif cell_len(indent) + 2 + cell_len(terms) <= width:
        text.append(f"\n{indent}= {terms}")
    else:
        for i, term in enumerate(eq.terms):
            text.append(f"\n{indent}{'= ' if i == 0 else '  '}{term}")
    text.append(f"\n{indent}= ")
    text.append(eq.value, style="bold")
    return text


COUNTED = frozenset({"start", "overflow", "zigzag", "overshoot", "crawl", "reach", "distance"})
"""What a path does that is told with a count of its steps (or updates)."""


def observation_text(observation: Observation, has_minimum: bool = True, axes: tuple[str, str] = ("x", "y"),
                     counts: str = "observe") -> str:
    """The sentence for what a path does, its numbers written short, its axes named `axes`; `counts`
    "update" tells the count in updates (the optimizers pane, whose header counts updates), not steps.
    The line it crosses ("y = 0") is one word, and so is each formula ("|x| ≈ 2.6e13"): a narrow
    readout never breaks inside them."""
    numbers = {key: short(value, 2) if isinstance(value, float) else value
               for key, value in observation.numbers.items()}
    if "axis" in numbers:
        numbers["line"] = together(f"{axes[numbers.pop('axis')]} = {numbers.pop('at')}")
    if "moved" in observation.numbers:
        return glued(t("path.observe.barely", **numbers))
    target = t("path.minimum" if has_minimum else "path.saddle")
    area = "path.update" if counts == "update" and observation.kind in COUNTED else "path.observe"
    return glued(t(f"{area}.{observation.kind}", target=target, **numbers))
