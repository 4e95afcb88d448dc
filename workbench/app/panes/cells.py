"""Grids of numbers and small images drawn as text, whose cells know what they show.

A `Canvas` places styled text at (x, y) and remembers a key for the cells that carry one, so the
`CellView` that shows it can say which grid cell the mouse is on (`CellView.Picked`): a pane moves
its cursor there. `grid` draws a matrix of numbers or symbols; `half_blocks` an image at two pixel
rows per line (▀, the top pixel in the foreground colour and the bottom one in the background).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from workbench.app.styles import pane_css


def tighten(form: Widget, label_width: int) -> None:
    """Inline fields without the dialog's spacing: no blank line between fields, a short name column
    (`label_width` cells, or more when a name needs it: 스트라이드 takes 10).

    Set as inline styles because the app's settings.tcss outranks a widget's DEFAULT_CSS.
    """
    for field in form.query(".setting-field"):
        field.styles.margin = 0
        field.styles.height = "auto"
    fields = list(form.query(".setting-field"))
    label_width = max([label_width] + [cell_len(getattr(field, "label", "")) + 1 for field in fields])
    for label in form.query(".setting-name"):
        label.styles.width = label_width
    for hint in form.query(".setting-hint"):
        hint.styles.padding = 0


class Canvas:
    """Styled text placed at (x, y); cells placed with a key can be found again with `key_at`."""

    def __init__(self) -> None:
        self._lines: dict[int, list[tuple[int, Text, Hashable | None]]] = {}

    @property
    def height(self) -> int:
        return max(self._lines, default=-1) + 1

    @property
    def width(self) -> int:
        return max((x + piece.cell_len for line in self._lines.values() for x, piece, _ in line), default=0)

    def put(self, x: int, y: int, text: str | Text, style: str | Style = "", key: Hashable | None = None) -> int:
        """Place `text` with its left edge at column x of line y; returns the column after it."""
        piece = text.copy() if isinstance(text, Text) else Text(text, style=style)
        if isinstance(text, Text) and style:
            piece.stylize(style)
        self._lines.setdefault(y, []).append((x, piece, key))
        return x + piece.cell_len

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="crop")
        for y in range(self.height):
            if y:
                out.append("\n")
            column = 0
            for x, piece, _ in sorted(self._lines.get(y, []), key=lambda item: item[0]):
                if x > column:
                    out.append(" " * (x - column))
                    column = x
                out.append_text(piece)
                column += piece.cell_len
        return out

    def find(self, key: Hashable) -> tuple[int, int] | None:
        """Where the cell with `key` was placed, if it was."""
        for y, line in self._lines.items():
            for x, _, placed in line:
                if placed == key:
                    return x, y
        return None

    def key_at(self, x: int, y: int) -> Hashable | None:
        for start, piece, key in self._lines.get(y, []):
            if key is not None and start <= x < start + piece.cell_len:
                return key
        return None


class CellView(Static):
    """Shows a Canvas; a click on (or the mouse over) a keyed cell posts `Picked` with its key."""

    DEFAULT_CSS = pane_css(__file__)

    @dataclass
    class Picked(Message):
        view: CellView
        key: Hashable
        click: bool

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.canvas = Canvas()
        self._hovered: Hashable | None = None

    def draw(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.update(canvas.render())

    def _pick(self, x: int, y: int, click: bool) -> None:
        key = self.canvas.key_at(x, y)
        if key is None or (not click and key == self._hovered):
            return
        self._hovered = key
        self.post_message(self.Picked(self, key, click))

    def on_click(self, event: events.Click) -> None:
        self._pick(event.x, event.y, True)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._pick(event.x, event.y, False)

    def on_leave(self, event: events.Leave) -> None:
        self._hovered = None


def grid(canvas: Canvas, x: int, y: int, cells: Sequence[Sequence[str]], *,
         style: Callable[[int, int], str] = lambda i, j: "", key: Callable[[int, int], Hashable] | None = None,
         width: int | None = None, label: Callable[[int], str] | None = None) -> tuple[int, int]:
    """Draw a matrix of short texts, right-aligned in columns of one width, one space apart, with an
    optional row label before each row; returns the (width, height) it took."""
    width = width or max((cell_len(c) for row in cells for c in row), default=1)
    label_width = max((cell_len(label(i)) for i in range(len(cells))), default=0) + 1 if label else 0
    right = x
    for i, row in enumerate(cells):
        column = x
        if label:
            canvas.put(column, y + i, label(i), "dim")
            column += label_width
        for j, cell in enumerate(row):
            column = canvas.put(column, y + i, " " * (width - cell_len(cell)) + cell, style(i, j),
                                key(i, j) if key else None)
            if key and j < len(row) - 1:          # the space after a cell picks it too: no dead gaps
                canvas.put(column, y + i, " ", "", key(i, j))
            column += 1
        right = max(right, column - 1)
    return right - x, len(cells)


def grid_width(cells: Sequence[Sequence[str]], label_width: int = 0) -> int:
    """The width `grid` will take for these cells (label_width includes its space)."""
    width = max((cell_len(c) for row in cells for c in row), default=1)
    columns = max((len(row) for row in cells), default=0)
    return label_width + columns * (width + 1) - 1


class Shades:
    """Colours for numbers in [0, 1] (from the background to the foreground) and in [−1, 1] (towards the
    error colour below zero, the primary colour above), from the current theme's variables."""

    LEVELS = 24

    def __init__(self, theme: dict[str, str]) -> None:
        base = Color.parse(theme["background"])
        ends = {"ink": Color.parse(theme["foreground"]), "neg": Color.parse(theme["error"]),
                "pos": Color.parse(theme["primary"]), "mark": Color.parse(theme["accent"]),
                "heat": Color.parse(theme["secondary"])}
        self.base = base
        self._ramps = {name: [base.blend(end, i / self.LEVELS).hex for i in range(self.LEVELS + 1)]
                       for name, end in ends.items()}
        self.mark = ends["mark"]

    def gray(self, value: float) -> str:
        return self._ramps["ink"][round(min(max(value, 0.0), 1.0) * self.LEVELS)]

    def signed(self, value: float) -> str:
        ramp = self._ramps["neg" if value < 0 else "pos"]
        return ramp[round(min(abs(value), 1.0) * self.LEVELS)]

    def tint(self, color: str, amount: float = 0.55) -> str:
        """`color` mixed with the accent colour: a marked pixel that still shows its value."""
        return Color.parse(color).blend(self.mark, amount).hex

    def heat(self, value: float) -> str:
        """A background for counts (how many windows cover a pixel), in the secondary colour."""
        return self._ramps["heat"][round(min(max(value, 0.0), 1.0) * self.LEVELS)]


def half_blocks(canvas: Canvas, x: int, y: int, colors: Sequence[Sequence[str]], background: str,
                key: Callable[[int, int], Hashable] | None = None) -> int:
    """Draw an image of colours, two pixel rows per line; the key of a line's cell is that of its top
    pixel. Returns the number of lines."""
    rows = len(colors)
    lines = (rows + 1) // 2
    for line in range(lines):
        top = colors[2 * line]
        bottom = colors[2 * line + 1] if 2 * line + 1 < rows else [background] * len(top)
        for j, (upper, lower) in enumerate(zip(top, bottom)):
            canvas.put(x + j, y + line, "▀", f"{upper} on {lower}", key(2 * line, j) if key else None)
    return lines


STEPS = Binding.Group("steps")
"""`,` and `.` of a pane that steps, one item of the footer under `<area>.key.steps`."""


def step_bindings(area: str) -> list[Binding]:
    """`.` one step further and `,` one back (action `step(±1)`), the convention of panes that step: a
    pair, ", . Step" in the footer where both are listed (`<area>.key.steps`)."""
    return [Binding("comma", "step(-1)", id=f"{area}.back", show=False, key_display=",", group=STEPS),
            Binding("full_stop", "step(1)", id=f"{area}.step", key_display=".", group=STEPS)]


def screen_binds(screen, key: str) -> bool:
    """Whether the screen itself uses `key` (a lesson steps with ← → and scrolls its text with ↑ ↓), so a
    pane leaves it alone; a key the screen binds only as a fallback (↑ ↓ beside a pane on its own scroll
    what the pane does not move itself) stays the pane's."""
    return key in screen._bindings.key_to_bindings and key not in getattr(screen, "FALLBACK_KEYS", ())


class CursorKeys:
    """Mixin for panes with a cursor: bindings: h j k l, and the arrows where the screen
    does not use them (a lesson keeps ← → for its steps and ↑ ↓ for its text)."""

    ARROWS = {"left": (0, -1), "right": (0, 1), "up": (-1, 0), "down": (1, 0)}

    @staticmethod
    def bindings(area: str) -> list[Binding]:
        return [
            Binding("h", "move(0, -1)", id=f"{area}.move", key_display="hjkl"),
            Binding("l", "move(0, 1)", id=f"{area}.move_right", show=False),
            Binding("k", "move(-1, 0)", id=f"{area}.move_up", show=False),
            Binding("j", "move(1, 0)", id=f"{area}.move_down", show=False),
            *(Binding(key, f"arrow('{key}')", id=f"{area}.arrow_{key}", show=False) for key in CursorKeys.ARROWS),
        ]

    def action_move(self, dy: int, dx: int) -> None:
        raise NotImplementedError

    def action_arrow(self, key: str) -> None:
        self.action_move(*self.ARROWS[key])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "arrow":
            return not screen_binds(self.screen, str(parameters[0]))
        return super().check_action(action, parameters)


def return_keys(pane: Widget, key: str) -> None:
    """After Enter in the pane's field for `key` applied its value, give the keys back to the pane
    (a field keeps the focus otherwise, and the pane's own keys would type into it)."""
    focused = pane.screen.focused
    if isinstance(focused, Input) and focused.id == f"field-{key}" and pane in focused.ancestors:
        pane.focus()


class FieldsGiveKeysBack:
    """Mixin for panes with inline fields: a value entered with Enter returns the keys to the pane."""

    def edit(self, key: str, text: str) -> bool:
        done = super().edit(key, text)
        if done:
            return_keys(self, key)
        return done
