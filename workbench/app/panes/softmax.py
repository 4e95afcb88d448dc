"""The softmax pane: the book's first softmax beside the stable one, as bars with their numbers.

Under the bars, the exponentials each version takes the ratio of (exp(a) and exp(a − C)) with their
sums, why the first version gives nan when it does, and the argmax before and after softmax.
"""
from __future__ import annotations

import math

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.panes.base import Pane
from workbench.app.panes.cells import FieldsGiveKeysBack, tighten
from workbench.app.settings_form import SettingsForm
from workbench.app.styles import pane_css
from workbench.app.widgets.network_status import bar
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.i18n.cells import wrap_even
from workbench.i18n.numbers import MINUS, exponent_form
from workbench.models.settings import exact_text
from workbench.models.softmax import BOOK_SCORES, EXP_FLOOR, EXP_LIMIT, LIMIT, OVERFLOW_SCORES, SoftmaxResult

SHIFT = 100.0
"""What `[` and `]` subtract from or add to every score. The footer lists them as one item, "] [ ±100",
so that at 80 columns `0` (T = 1, listed once T is not 1) and `s` fit beside every other key: as two
items they pushed `s` off the open pane's footer."""
NUMBER = 7
"""Cells for a probability beside its bar: 0.737, 4.54e−5."""


compact = exponent_form
"""Python's exponent made short and typographic: 4.54e-05 → 4.54e−5, 1.01e+304 → 1.01e304."""


def probability(value: float) -> str:
    """0.737, 1.000, 4.54e−5, 0, nan."""
    if math.isnan(value):
        return "nan"
    if value == 0 or value >= 0.0005:
        return "0" if value == 0 else f"{value:.3f}"
    return compact(f"{value:.2e}")


def quantity(value: float) -> str:
    """An exponential or a score to 4 significant digits, 3 in powers of ten: 1.35, 54.6, 0.02472,
    4.54e−5, 1.01e304, inf."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return ("−" if value < 0 else "") + "inf"
    if value == 0:
        return "0"
    return compact(f"{value:.4g}" if 1e-3 <= abs(value) < 1e5 else f"{value:.3g}")


def score(value: float) -> str:
    """A score as typed, with a true minus: 0.3, 1010, −2."""
    return compact(exact_text(value)) if abs(value) < 1e6 else quantity(value)


class SoftmaxPane(FieldsGiveKeysBack, Pane):
    """Scores in, probabilities out: two versions of softmax, their sums, and what breaks the first."""

    PANE = "softmax"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("1", "scores('book')", id="softmax.book"),
        Binding("2", "scores('overflow')", id="softmax.overflow"),
        Binding("right_square_bracket", "shift(1)", id="softmax.up", key_display="]", group=Binding.Group("shift")),
        Binding("left_square_bracket", "shift(-1)", id="softmax.down", key_display="[", group=Binding.Group("shift")),
        # + and - are not a pair: at 3.3 steps 1–4 "+ T×2" fits beside the text, "+ - T ×÷2" does not
        Binding("plus,equals_sign", "temperature(2)", id="softmax.hotter", key_display="+"),
        Binding("minus", "temperature(0.5)", id="softmax.colder", key_display="-"),
        Binding("0", "temperature(0)", id="softmax.plain"),
    ]

    def compose_pane(self) -> ComposeResult:
        with MarkedScroll(id="softmax-body"):
            yield Static(id="softmax-head")
            yield Static(id="softmax-bars")
            yield Static(id="softmax-exp")
            yield Static(id="softmax-notes")
        yield SettingsForm(self.entry, self.settings, keys=["scores", "temperature"], compact=True,
                           id="softmax-fields")

    def on_mount(self) -> None:
        super().on_mount()
        tighten(self.query_one(SettingsForm), 2)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()              # `0` comes into the footer once T is not 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "temperature" and float(parameters[0]) == 0 and self.settings.temperature == 1:
            return False                     # T is 1 already: nothing for `0` to do, nothing to list
        return super().check_action(action, parameters)

    def show(self, result: SoftmaxResult) -> None:
        width = max(30, self.width_of(self.query_one("#softmax-body")) - 1)
        self.query_one("#softmax-head", Static).update(self.head(result, width))
        self.query_one("#softmax-bars", Static).update(self.bars(result, width))
        self.query_one("#softmax-exp", Static).update(self.exponentials(result))
        self.query_one("#softmax-notes", Static).update(self.notes(result, width))

    def head(self, r: SoftmaxResult, width: int) -> Text:
        scaled = "a" if r.temperature == 1 else "a/T"
        line = t("softmax.head", scaled=scaled, temperature=quantity(r.temperature))
        return Text("\n".join(wrap_even(line, width)), style="bold")

    def bars(self, r: SoftmaxResult, width: int) -> Text:
        """A row per score: the score, then each version's bar and number, side by side; the sums last."""
        colors = self.app.theme_variables
        labels = [score(v) for v in r.scores]
        label_width = max([cell_len(x) for x in labels] + [cell_len("Σ"), 1]) + 1
        side = (width - label_width - 1) // 2
        length = max(3, min(30, side - NUMBER - 1))
        side = length + 1 + NUMBER
        text = Text()
        text.append("a".ljust(label_width), style="dim")
        for name in ("naive", "stable"):
            text.append(set_cell_size(t(f"softmax.{name}"), side) + " ", style="bold")   # Hangul: 2 cells
        text.append("\n")
        winner = r.argmax_stable
        for i, label in enumerate(labels):
            text.append(label.rjust(label_width - 1) + " ", style="bold" if i == r.argmax_scores else "")
            for values in (r.naive, r.stable):
                value = float(values[i])
                top = i == winner and not math.isnan(value)
                if math.isnan(value):
                    text.append(" " * length, style="")
                    text.append(" " + "nan".rjust(NUMBER) + " ", style=f"bold {colors['text-error']}")
                    continue
                text.append(bar(value, length), style=colors["accent" if top else "primary"])
                text.append(" " + probability(value).rjust(NUMBER) + " ", style="bold" if top else "")
            text.append("\n")
        text.append("Σ".rjust(label_width - 1) + " ", style="dim")
        for total in (r.naive_sum, r.stable_sum):
            shown = "nan" if math.isnan(total) else f"{total:.3f}"
            style = f"bold {colors['text-error']}" if math.isnan(total) else "bold"
            text.append(" " * length + " " + shown.rjust(NUMBER) + " ", style=style)
        return text

    def exponentials(self, r: SoftmaxResult) -> Text:
        """The numbers each version divides: exp(a) and exp(a − C), row by row, with their sums."""
        scaled = "a" if r.temperature == 1 else "a/T"
        heads = [scaled, f"exp({scaled})", f"exp({scaled}−C)"]
        rows = [[quantity(a), quantity(e), quantity(s)] for a, e, s in zip(r.scaled, r.exp, r.exp_shifted)]
        rows.append(["Σ", quantity(r.exp_sum), quantity(r.exp_shifted_sum)])
        widths = [max(cell_len(row[c]) for row in rows + [heads]) for c in range(3)]
        colors = self.app.theme_variables
        text = Text()
        text.append("  ".join(h.rjust(w) for h, w in zip(heads, widths)) + "\n", style="dim")
        for i, row in enumerate(rows):
            for c, (cell, w) in enumerate(zip(row, widths)):
                style = f"bold {colors['text-error']}" if cell in ("inf", "nan") or (c == 1 and i == len(rows) - 1
                                                                                    and r.exp_sum == 0) else ""
                text.append(cell.rjust(w) + ("  " if c < 2 else ""), style=style)
            if i < len(rows) - 1:
                text.append("\n")
        return text

    def notes(self, r: SoftmaxResult, width: int) -> Text:
        """C, what went wrong with the first version and why, and the argmax on both sides, each wrapped
        between words, never inside a formula ("inf / inf = nan", "exp(a−C) ≤ 1")."""
        colors = self.app.theme_variables
        scaled = "a" if r.temperature == 1 else "a/T"
        lines: list[tuple[str, str]] = [(t("softmax.shift", shift=quantity(r.shift), scaled=scaled), "")]
        if r.problem == "overflow":
            first = r.overflowed[0]
            lines.append((t("softmax.overflow", x=quantity(r.scaled[first]), limit=f"{EXP_LIMIT:.2f}"),
                          f"bold {colors['text-error']}"))
        elif r.problem == "underflow":
            lines.append((t("softmax.underflow", floor=f"{EXP_FLOOR:.2f}".replace("-", MINUS)),
                          f"bold {colors['text-error']}"))
        same = r.argmax_scores == r.argmax_stable
        lines.append((t("softmax.argmax", a=r.argmax_scores, y=r.argmax_stable,
                        verdict=t("softmax.same" if same else "softmax.differs")),
                      f"bold {colors['text-success']}" if same else f"bold {colors['text-error']}"))
        text = Text()
        for i, (line, style) in enumerate(lines):
            text.append("\n".join(wrap_even(line, width)) + ("\n" if i < len(lines) - 1 else ""), style=style)
        return text

    # -- keys ---------------------------------------------------------------------------------------

    def action_scores(self, which: str) -> None:
        self.apply(scores=BOOK_SCORES if which == "book" else OVERFLOW_SCORES)

    def action_shift(self, direction: int) -> None:
        """Add or subtract SHIFT to every score: softmax does not change, the first version may break."""
        shifted = tuple(round(v + SHIFT * int(direction), 9) + 0.0 for v in self.settings.scores)
        if all(abs(v) <= LIMIT for v in shifted):
            self.apply(scores=shifted)

    def action_temperature(self, factor: float) -> None:
        factor = float(factor)
        value = 1.0 if factor == 0 else self.settings.temperature * factor
        self.apply(temperature=min(100.0, max(0.01, round(value, 6))))
