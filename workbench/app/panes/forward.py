"""The forward pass: the book's three-layer network from `workbench.models.forward`, one operation a step.

The chain of arrays sits on top (done, just computed, still to come); under it the operation that ran
last, as a formula, in shapes and with its arrays, and each of its outputs worked out for one row of
X. `.` runs the next operation and `,` takes it back; X and the current layer's weights are fields
under the numbers, so an edit recomputes the pass at once.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.messages import CursorMoved
from workbench.app.no_break import keys_kept
from workbench.app.panes.base import Pane
from workbench.app.panes.cells import Canvas, FieldsGiveKeysBack, step_bindings, tighten
from workbench.app.panes.im2col_views import wrap
from workbench.app.settings_form import SettingField, SettingsForm
from workbench.app.styles import pane_css
from workbench.app.themes import on_primary
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.models.forward import (BATCH_ROWS, BOOK, OPERATIONS, STEPS, ForwardPass, element_lines, fmt,
                                      formula, shape_text, shapes_line)

CHAIN = ("X", *(op.out for op in OPERATIONS))
FIELDS = ("x", "w1", "b1", "w2", "b2", "w3", "b3")
STEP_TO = "forward-step"
"""The meta key of each array in the chain: the step that computes it (what a click on it walks to)."""


def matrix_lines(array) -> list[str]:
    """An array's rows in brackets, each number written as the worked-out lines under it write it
    (`fmt`: at most 4 decimals, none trailing), so that one value reads one way in the pane; the
    columns aligned on the decimal point, short decimals padded with spaces, as NumPy prints them:
    [0.5162  1.214 ]."""
    rows = [array] if array.ndim == 1 else list(array)
    texts = [[fmt(v) for v in row] for row in rows]
    places = max((len(text.partition(".")[2]) for row in texts for text in row), default=0)
    cells = [[on_the_point(text, places) for text in row] for row in texts]
    widths = [max(cell_len(row[c]) for row in cells) for c in range(len(cells[0]))]
    return ["[" + "  ".join(c.rjust(w) for c, w in zip(row, widths)) + "]" for row in cells]


def on_the_point(text: str, places: int) -> str:
    """`text` padded on the right with spaces to `places` decimals, so that points line up: "1.214 "."""
    whole, point, decimals = text.partition(".")
    if not places:
        return text
    return whole + (point or " ") + decimals + " " * (places - len(decimals))


class ForwardPane(FieldsGiveKeysBack, Pane):
    """X through three layers, one matrix product or activation per step, shapes and numbers shown."""

    PANE = "forward"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        *step_bindings("forward"),
        Binding("b", "batch", id="forward.batch"),
        Binding("left_square_bracket", "row(-1)", id="forward.previous_row", show=False, key_display="[",
                group=Binding.Group("row")),
        Binding("right_square_bracket", "row(1)", id="forward.next_row", key_display="]", group=Binding.Group("row")),
        Binding("r", "book", id="forward.book"),
    ]

    def __init__(self, settings=None, **kwargs):
        super().__init__(settings, **kwargs)
        self.row = 0
        """The row of X whose outputs are worked out element by element (batch mode)."""

    def compose_pane(self) -> ComposeResult:
        yield Static(id="forward-chain")
        with MarkedScroll(id="forward-body"):
            yield Static(id="forward-work")
        yield SettingsForm(self.entry, self.settings, keys=list(FIELDS), compact=True, id="forward-fields")

    def on_mount(self) -> None:
        super().on_mount()
        tighten(self.query_one(SettingsForm), 3)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "row":
            return self.settings.batch
        if action == "step" and not 0 <= self.settings.step + int(parameters[0]) <= STEPS:
            return None          # dimmed in the footer: there is no operation past Y (or before X)
        return super().check_action(action, parameters)

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, result: ForwardPass) -> None:
        rows = result.batch_size or 1
        self.row = min(self.row, rows - 1)
        width = max(20, self.width_of(self.query_one("#forward-body")) - 1)
        self.query_one("#forward-chain", Static).update(self.chain(result))
        self.query_one("#forward-work", Static).update(self.work(result, width))
        layer = (result.operation or result.upcoming).layer
        for field in self.query(SettingField):
            field.display = field.key in ("x", f"w{layer}", f"b{layer}")

    def chain(self, result: ForwardPass) -> Text:
        """X → A1 → Z1 → … → Y: computed arrays bold, the one just computed highlighted, the rest dim;
        and where the walk is."""
        colors = self.app.theme_variables
        text = Text()
        current = result.operation.out if result.operation else None
        for i, name in enumerate(CHAIN):
            if i:
                text.append(" → ", style="dim")
            if name == current:
                style = on_primary(colors)
            else:
                style = "bold" if result.known(name) else "dim"
            text.append(name, style=Style.parse(style) + Style(meta={STEP_TO: i}))
        mode = t("forward.batch_mode", n=result.batch_size) if result.batch_size else t("forward.one_input")
        text.append("\n" + t("forward.status", step=result.step, total=STEPS, mode=mode), style="dim")
        return text

    def work(self, result: ForwardPass, width: int) -> Text:
        op = result.operation
        if op is None:
            return self.start(result, width)
        colors = self.app.theme_variables
        text = Text()
        text.append(t(f"forward.layer.{op.kind}", layer=op.layer) + "\n", style="dim")
        text.append(formula(op) + "\n", style="bold")
        text.append(shapes_line(result, op) + "\n\n", style=colors["text-accent"])
        names = [op.x, op.w, op.b, op.out] if op.kind == "affine" else [op.x, op.out]
        signs = ["·", "+", "="] if op.kind == "affine" else ["→"]
        styles = {op.out: f"bold {colors['text-primary']}"}
        marked = {op.x, op.out} if result.batch_size else set()
        text.append_text(self.arrays(result, names, signs, styles, marked, width))
        text.append("\n")
        if result.batch_size:
            text.append(t("forward.row", row=self.row + 1, n=result.batch_size) + "\n", style="dim")
        for line in element_lines(result, op, self.row):
            for i, piece in enumerate(wrap(line, width - 4)):
                text.append(("    " if i else "") + piece + "\n")
        following = result.upcoming
        text.append("\n" + (keys_kept(t("forward.next", formula=formula(following))) if following else t("forward.done")),
                    style="italic dim")
        return text

    def start(self, result: ForwardPass, width: int) -> Text:
        """Before the first step: X and the shapes of the whole network."""
        text = Text()
        text.append(t("forward.start") + "\n\n", style="bold")
        names = ["X", "W1", "B1", "W2", "B2", "W3", "B3"]
        text.append_text(self.arrays(result, names, None, {}, set(), width))
        text.append("\n" + keys_kept(t("forward.next", formula=formula(OPERATIONS[0]))), style="italic dim")
        return text

    def arrays(self, result: ForwardPass, names: list[str], signs: list[str] | None, styles: dict[str, str],
               marked: set[str], width: int) -> Text:
        """The arrays side by side with the operation's signs between them when they fit in `width`
        (as the book writes X · W1 + B1 = A1), else one under the other with their shapes in front."""
        blocks = {name: matrix_lines(result.arrays[name]) for name in names}
        titles = {name: f"{name} {shape_text(result.arrays[name])}" for name in names}
        spans = {name: max(cell_len(titles[name]), *(cell_len(line) for line in blocks[name])) for name in names}
        canvas = Canvas()
        if signs is not None and sum(spans.values()) + 5 * len(signs) <= width:
            x = 0
            for i, name in enumerate(names):
                canvas.put(x, 0, titles[name], "bold")
                for j, line in enumerate(blocks[name]):
                    canvas.put(x, 1 + j, line, self.row_style(styles.get(name, ""), name in marked and j == self.row))
                x += spans[name]
                if i < len(signs):
                    canvas.put(x, 1, f"  {signs[i]}  ")
                    x += 5
            return canvas.render() + Text("\n")
        label_width = max(cell_len(title) for title in titles.values()) + 2
        y = 0
        for name in names:
            canvas.put(0, y, titles[name], "bold")
            for j, line in enumerate(blocks[name]):
                canvas.put(label_width, y + j, line,
                           self.row_style(styles.get(name, ""), name in marked and j == self.row))
            y += len(blocks[name])
        return canvas.render() + Text("\n")

    @staticmethod
    def row_style(style: str, marked: bool) -> str:
        """The style of one row of an array: the row being worked out is underlined."""
        return f"{style} underline".strip() if marked else style

    # -- keys ---------------------------------------------------------------------------------------

    def action_step(self, direction: int) -> None:
        step = self.settings.step + int(direction)
        if 0 <= step <= STEPS:
            self.apply(step=step)

    def on_click(self, event: events.Click) -> None:
        """A click on an array of the chain (X → A1 → … → Y) walks to the step that computes it, as `.`
        and `,` pressed until there."""
        step = event.style.meta.get(STEP_TO) if event.style is not None else None
        if step is not None:
            event.stop()
            if step != self.settings.step:
                self.apply(step=step)

    def action_batch(self) -> None:
        s = self.settings
        if s.batch:
            self.apply(batch=False, x=s.x[:1])
        else:
            self.apply(batch=True, x=s.x + BATCH_ROWS[1:] if len(s.x) == 1 else s.x)

    def action_row(self, direction: int) -> None:
        """Work out another row of the batch, and bring its lines into view."""
        rows = len(self.settings.x)
        self.row = (self.row + int(direction)) % rows
        self.show_row()
        self.post_message(CursorMoved())

    def show_row(self) -> None:
        self.refresh_view()
        body = self.query_one("#forward-body")
        self.call_after_refresh(lambda: body.scroll_end(animate=False))

    # -- the classroom: a presenter's followers see the row it works out -----------------------------

    def shared_cursor(self) -> str:
        """The row of the batch worked out ("" for the first)."""
        return "" if self.row == 0 else str(self.row)

    def follow_cursor(self, text: str) -> None:
        """Work out the row a presenter works out ("" the first), kept inside the batch; text that is no
        row changes nothing."""
        if text == "" or (text.isascii() and text.isdigit()):
            row = min(int(text or 0), len(self.settings.x) - 1)
            if row != self.row:
                self.row = row
                self.show_row()

    def action_book(self) -> None:
        """The book's X, weights and biases again (the step and the mode stay)."""
        s = self.settings
        x = BOOK["x"] + BATCH_ROWS[1:] if s.batch else BOOK["x"]
        self.apply(**{**BOOK, "x": x})
