"""The broadcast pane: A op B in four stages, from `workbench.models.broadcast`.

On top, the stages (arrays › align › stretch › result), the one shown highlighted; a click on one
goes there, as `.` and `,` do one at a time. Under them the stage itself: the arrays with their shape
and dtype; the shapes aligned from the right, axis by axis, with what happens on each axis (or why
they do not fit); both arrays stretched to the result's shape, the values NumPy reuses dimmed; the
result. A and B are fields at the bottom.
"""
from __future__ import annotations

import math
import re

import numpy as np
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.no_break import NO_BREAK, keys_kept
from workbench.app.panes.base import Pane
from workbench.app.panes.cells import Canvas, FieldsGiveKeysBack, step_bindings, tighten
from workbench.app.settings_form import SettingsForm
from workbench.app.styles import pane_css
from workbench.app.themes import on_primary
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.i18n.cells import wrap_even
from workbench.i18n.numbers import MINUS
from workbench.models.broadcast import STAGES, BroadcastView, axis_name, reused_at, shape_text, source_index
from workbench.models.broadcast_settings import BOOK_A, BOOK_B, OPERATORS

STAGE_TO = "broadcast-stage"
"""The meta key of each stage's name on top: the stage a click on it goes to."""
CELL = "broadcast-cell"
"""The meta key of each value of a stretched array: ("A" or "B", its index), what a click picks."""
SHOWN_OPERATOR = {"-": MINUS}
"""How the pane writes an operator: a true minus for `-`."""
SIGN = 3
"""Cells between two arrays side by side: an operator with a space either side."""
_LONE_NUMBER = re.compile(r" (?=[−-]?\d[\d.]*[,.;:)]*(?: |$))")
"""The space before a number standing alone as a word ("stretched to 2", "one of them 1", "2 and 2,")."""


def number_kept(text: str, width: int) -> list[str]:
    """`text` wrapped in rows of `width` cells, each number that stands alone kept with the word before
    it: an axis line never leaves "2" alone on the row under "…is stretched to"."""
    kept = _LONE_NUMBER.sub(NO_BREAK[0], text)
    return [line.replace(NO_BREAK[0], " ") for line in wrap_even(kept, width)]


def number_text(value) -> str:
    """One value as NumPy prints an element, with a true minus: 3, 2.5, 0.3333, inf, True."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value)).replace("-", MINUS)
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return ("−" if value < 0 else "") + "inf"
    if value.is_integer() and abs(value) < 1e16:
        return f"{value:.0f}.".replace("-", MINUS)
    text = f"{value:.4g}" if abs(value) >= 1e5 or abs(value) < 1e-4 else f"{value:.4f}".rstrip("0")
    return text.replace("-", MINUS).replace("e+0", "e").replace("e+", "e").replace("e−0", "e−")


def array_lines(array: np.ndarray, dim: np.ndarray | None = None, name: str = "",
                lit: frozenset = frozenset()) -> list[Text]:
    """An array as NumPy prints it ([[1 2] / [3 4]]), every element padded to one width; elements where
    `dim` is True are dimmed (the values a stretched array reuses), those whose index is in `lit`
    highlighted. With a `name`, each element carries (name, its index) for a click to find."""
    if array.ndim == 0:
        return [Text(number_text(array.item()), style=cell_style((), dim, name, lit))]
    rows = array.reshape(1, -1) if array.ndim == 1 else array
    cells = [[number_text(v) for v in row] for row in rows.tolist()]
    width = max(cell_len(c) for row in cells for c in row)
    lines = []
    for r, row in enumerate(cells):
        line = Text("[" if r == 0 or array.ndim == 1 else " ")
        if array.ndim == 2:
            line.append("[")
        for c, cell in enumerate(row):
            line.append(" " if c else "")
            index = (r, c) if array.ndim == 2 else (c,)
            line.append(cell.rjust(width), style=cell_style(index, dim, name, lit))
        line.append("]" + ("]" if array.ndim == 2 and r == len(cells) - 1 else ""))
        lines.append(line)
    return lines


def cell_style(index: tuple[int, ...], dim: np.ndarray | None, name: str, lit: frozenset) -> Style:
    """Dim for a reused value, reversed for one lit, with (name, index) for a click when named."""
    style = Style(dim=bool(dim is not None and dim[index]), reverse=index in lit or None)
    return style + Style(meta={CELL: (name, index)}) if name else style


Block = tuple[list[Text], Text | None]
"""An array's lines under its title, and the line under them (its shape and dtype) or None."""


def block(title: str, lines: list[Text], foot: str = "") -> Block:
    """An array under its title, with a line under it (its shape and dtype)."""
    return [Text(title, style="bold"), *lines], (Text(foot, style="dim") if foot else None)


def side_by_side(blocks: list[Block], signs: list[str], width: int) -> Text:
    """Blocks next to each other with a sign between them (on their first row of numbers), their feet on
    one line, when they fit in `width`; else one under the other."""
    spans = [max(line.cell_len for line in lines + ([foot] if foot else [])) for lines, foot in blocks]
    canvas = Canvas()
    if sum(spans) + SIGN * len(signs) <= width:
        height = max(len(lines) for lines, _ in blocks)
        x = 0
        for i, (lines, foot) in enumerate(blocks):
            for y, line in enumerate(lines):
                canvas.put(x, y, line)
            if foot is not None:
                canvas.put(x, height, foot)
            x += spans[i]
            if i < len(signs):
                canvas.put(x, 1, signs[i].center(SIGN))
                x += SIGN
        return canvas.render()
    y = 0
    for i, (lines, foot) in enumerate(blocks):
        for line in lines + ([foot] if foot else []):
            canvas.put(0, y, line)
            y += 1
        if i < len(signs) and signs[i]:
            canvas.put(0, y, signs[i], "bold")
            y += 1
    return canvas.render()


class BroadcastPane(FieldsGiveKeysBack, Pane):
    """Two arrays and an operator: their shapes aligned, both stretched to one shape, NumPy's result."""

    PANE = "broadcast"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        *step_bindings("broadcast"),
        Binding("o", "operator", id="broadcast.operator"),
        Binding("r", "book", id="broadcast.book"),
    ]

    def __init__(self, settings=None, **kwargs):
        super().__init__(settings, **kwargs)
        self.picked: tuple[str, tuple[int, ...]] | None = None
        """The value of a stretched array clicked: ("A" or "B", its index there), or None."""

    def compose_pane(self) -> ComposeResult:
        yield Static(id="broadcast-stages")
        with MarkedScroll(id="broadcast-body"):
            yield Static(id="broadcast-work")
        yield SettingsForm(self.entry, self.settings, keys=["a", "b"], compact=True, id="broadcast-fields")

    def on_mount(self) -> None:
        super().on_mount()
        tighten(self.query_one(SettingsForm), 2)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step" and self.result is not None:
            stage = self.result.stage + int(parameters[0])
            if not 0 <= stage <= self.result.last_stage:
                return None          # dimmed in the footer: no stage past the last there is
        return super().check_action(action, parameters)

    def named_keys(self) -> tuple[str, ...]:
        """`.` while the hint under the stage says "press . for the next stage", `,` once it says "the last
        stage: , goes back": at the last stage beside 1.1's text the footer listed a dimmed `.` and no `,`."""
        view = self.result
        if view is None:
            return ()
        return (".",) if view.stage < view.last_stage else (",",) if view.fits else ()

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, view: BroadcastView) -> None:
        width = max(24, self.width_of(self.query_one("#broadcast-body")) - 1)
        self.query_one("#broadcast-stages", Static).update(self.stages(view))
        self.query_one("#broadcast-work", Static).update(self.work(view, width))

    def stages(self, view: BroadcastView) -> Text:
        """arrays › align › stretch › result: the one shown highlighted, those out of reach dim, each a
        place to click; then the expression."""
        colors = self.app.theme_variables
        text = Text()
        for i, name in enumerate(STAGES):
            if i:
                text.append(" › ", style="dim")
            if i == view.stage:
                style = on_primary(colors)
            else:
                style = "" if i <= view.last_stage else "dim strike"
            text.append(t(f"broadcast.stage.{name}"), style=Style.parse(style) + Style(meta={STAGE_TO: i}))
        text.append("\n")
        text.append(f"A {self.operator(view.op)} B", style="bold")
        text.append("  " + t("broadcast.status", stage=view.stage + 1, total=len(STAGES)), style="dim")
        return text

    @staticmethod
    def operator(op: str) -> str:
        return SHOWN_OPERATOR.get(op, op)

    def work(self, view: BroadcastView, width: int) -> Text:
        stage = STAGES[view.stage]
        text = getattr(self, f"stage_{stage}")(view, width)
        text.append("\n\n")
        if view.stage < view.last_stage:
            following = t(f"broadcast.stage.{STAGES[view.stage + 1]}")
            text.append(keys_kept(t("broadcast.next", stage=following)), style="italic dim")
        elif view.fits:
            text.append(keys_kept(t("broadcast.last")), style="italic dim")
        return text

    def described(self, name: str, array: np.ndarray) -> Block:
        return block(name, array_lines(array), f"{shape_text(array.shape)} {array.dtype}")

    def stage_arrays(self, view: BroadcastView, width: int) -> Text:
        text = side_by_side([self.described("A", view.a), self.described("B", view.b)], [""], width)
        text.append("\n\n")
        note = t("broadcast.arrays.note", a_ndim=view.a.ndim, b_ndim=view.b.ndim)
        text.append("\n".join(wrap_even(note, width)), style="dim")
        return text

    def stage_align(self, view: BroadcastView, width: int) -> Text:
        """The shapes as a table, one column per axis, right-aligned; then each axis in words."""
        colors = self.app.theme_variables
        axes = view.axes
        names = ["A " + shape_text(view.a.shape), "B " + shape_text(view.b.shape), f"A {self.operator(view.op)} B"]
        label = max(cell_len(n) for n in names) + 2
        none = "–"
        columns = [[none if axis.a is None else str(axis.a), none if axis.b is None else str(axis.b),
                    str(axis.size) if axis.fits else "✗"] for axis in axes]
        span = max([cell_len(c) for col in columns for c in col] + [1]) + 2
        canvas = Canvas()
        for row, name in enumerate(names):
            canvas.put(0, row, name, "bold" if row < 2 else f"bold {colors['text-primary']}")
            for i, (axis, col) in enumerate(zip(axes, columns)):
                stretched = (row == 0 and "a" in axis.stretched) or (row == 1 and "b" in axis.stretched)
                style = (f"bold {colors['text-error']}" if not axis.fits
                         else f"{colors['text-accent']}" if stretched else "")
                canvas.put(label + i * span, row, col[row].rjust(span - 2), style)
        text = canvas.render()
        if not axes:
            text.append(t("broadcast.align.result", shape="()") + "\n", style="dim")
        text.append("\n\n")
        lines = []
        for i, axis in enumerate(reversed(axes)):
            lines.append((self.axis_line(axis, i), "" if axis.fits else f"bold {colors['text-error']}"))
        for line, style in lines:
            text.append("\n".join(number_kept(line, width)) + "\n", style=style)
        if view.fits:
            text.append("\n" + t("broadcast.align.result", shape=shape_text(view.shape)), style="bold")
        else:
            text.append("\n")
            text.append("\n".join(number_kept(view.mismatch, width)) + "\n", style=f"bold {colors['text-error']}")
            text.append("\n".join(wrap_even(t("broadcast.align.fails", op=self.operator(view.op)), width)), style="dim")
        return text

    @staticmethod
    def axis_line(axis, from_right: int) -> str:
        """What happens on one axis, in words."""
        name = axis_name(from_right)
        if not axis.fits:
            return t("broadcast.align.misfit", axis=name, size_a=axis.a, size_b=axis.b)
        if axis.a is None or axis.b is None:
            missing = "A" if axis.a is None else "B"
            return t("broadcast.align.missing", axis=name, name=missing, size=axis.size)
        if axis.stretched:
            return t("broadcast.align.stretch", axis=name, size_a=axis.a, size_b=axis.b,
                     name=axis.stretched.upper(), size=axis.size)
        return t("broadcast.align.equal", axis=name, size_a=axis.a, size_b=axis.b)

    def stage_stretch(self, view: BroadcastView, width: int) -> Text:
        """Both arrays stretched, the values NumPy reuses dim; a value clicked is lit with every place
        that reads it, and named under them."""
        shape = shape_text(view.shape)
        picked = self.picked if self.picked is not None and len(self.picked[1]) == len(view.shape) \
            and all(i < n for i, n in zip(self.picked[1], view.shape)) else None      # still a place there
        blocks = []
        for name, array, stretched, copies in (("A", view.a, view.stretched_a, view.copies_a),
                                               ("B", view.b, view.stretched_b, view.copies_b)):
            lit = frozenset(reused_at(picked[1], array.shape, view.shape) if picked and picked[0] == name else ())
            blocks.append(block(self.stretched_title(name, array, view.shape),
                                array_lines(stretched, copies, name, lit)))
        text = side_by_side(blocks, [self.operator(view.op)], width)
        text.append("\n\n")
        counts = [t("broadcast.stretch.count", name=name, copies=int(copies.sum()), total=copies.size)
                  for name, copies in (("A", view.copies_a), ("B", view.copies_b)) if copies.any()]
        note = (t("broadcast.stretch.reuse", counts=t("broadcast.stretch.and").join(counts)) if counts
                else t("broadcast.stretch.none", shape=shape))
        text.append("\n".join(wrap_even(note, width)), style="dim")
        if picked is not None:
            text.append("\n\n" + "\n".join(wrap_even(self.picked_line(view, *picked), width)), style="bold")
        else:
            text.append("\n\n" + "\n".join(wrap_even(t("broadcast.stretch.click"), width)), style="italic dim")
        return text

    @staticmethod
    def picked_line(view: BroadcastView, name: str, index: tuple[int, ...]) -> str:
        """"B[1] = 20 is read at 2 places: (0, 1) and (1, 1)", for the value clicked."""
        array = view.a if name == "A" else view.b
        source = source_index(index, array.shape)
        places = reused_at(index, array.shape, view.shape)
        where = f"{name}[{', '.join(map(str, source))}]" if source else name
        return t("broadcast.stretch.picked", where=where, value=number_text(array[source].item()),
                 count=len(places), places=", ".join(shape_text(p) if len(p) > 1 else f"({p[0]})" for p in places))

    @staticmethod
    def stretched_title(name: str, array: np.ndarray, shape: tuple[int, ...]) -> str:
        """"B (2,) → (2, 2)" for an array stretched, "A (2, 2)" for one that keeps its shape."""
        if array.shape == shape:
            return f"{name} {shape_text(shape)}"
        return f"{name} {shape_text(array.shape)} {t('broadcast.stretch.to', shape=shape_text(shape))}"

    def stage_result(self, view: BroadcastView, width: int) -> Text:
        """The stretched A and B and the result side by side (as the book writes A * B = …) when they fit;
        else the result alone, beside A for a mask (each True under the value it picks)."""
        result = view.result
        title = f"A {self.operator(view.op)} B"
        answer = block(title, array_lines(result), f"{shape_text(result.shape)} {result.dtype}")
        operands = [block("A", array_lines(view.stretched_a, view.copies_a)),
                    block("B", array_lines(view.stretched_b, view.copies_b))]
        text = side_by_side([*operands, answer], [self.operator(view.op), "="], width)
        if text.cell_len and max(cell_len(line) for line in text.plain.split("\n")) > width \
                or text.plain.count("\n") > 8:
            picking = view.picked is not None
            text = side_by_side([operands[0], answer] if picking else [answer], ["→"] if picking else [], width)
        text.append("\n\n")
        note = t("broadcast.result.note")
        if view.op == ">":
            picked = view.picked
            if picked is not None:
                values = "[" + " ".join(number_text(v) for v in picked.tolist()) + "]"
                note = t("broadcast.result.picked", values=values)
            else:
                note = t("broadcast.result.no_pick", shape=shape_text(view.a.shape), mask=shape_text(result.shape))
        text.append("\n".join(wrap_even(note, width)), style="bold" if view.op == ">" else "dim")
        return text

    # -- keys and clicks ----------------------------------------------------------------------------

    def action_step(self, direction: int) -> None:
        stage = self.result.stage + int(direction)
        if 0 <= stage <= self.result.last_stage:
            self.apply(step=stage)

    def action_operator(self) -> None:
        """The next operator, in the order + − * / >."""
        self.apply(op=OPERATORS[(OPERATORS.index(self.settings.op) + 1) % len(OPERATORS)])

    def action_book(self) -> None:
        """The book's A and B, multiplied (the stage stays)."""
        self.apply(a=BOOK_A, b=BOOK_B, op="*")

    def on_click(self, event: events.Click) -> None:
        """A click on a stage's name goes to it (one out of reach, past shapes that do not fit, does nothing);
        one on a value of a stretched array lights every place that reads it (again: lights none)."""
        meta = event.style.meta if event.style is not None else {}
        if meta.get(CELL) is not None:
            event.stop()
            self.picked = None if meta[CELL] == self.picked else meta[CELL]
            self.refresh_view()
            return
        stage = meta.get(STAGE_TO)
        if stage is not None:
            event.stop()
            if self.result is not None and stage <= self.result.last_stage and stage != self.result.stage:
                self.apply(step=stage)
