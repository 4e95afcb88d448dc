"""The im2col inspector: the shapes of the book's convolution and pooling, the windows behind col's rows,
and what col2im adds into each pixel, for `workbench.models.im2col`.

With `impl = mine` col, dx and the coverage come from the learner's own im2col and col2im, run in the
sandbox in a job (`workbench.models.im2col_mine`) whenever the sizes or a file of their folder change;
a line under the formula says so, the first entry that differs from the library's is marked with both
values, and a part that is missing or raises is said in place of its numbers."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, ScrollableContainer
from textual.geometry import Region, Spacing
from rich.cells import cell_len

from workbench.app.messages import CursorMoved
from workbench.app.panes.base import Pane
from workbench.app.panes.mine import MineRuns, shown_path
from workbench.app.panes.cells import Canvas, CellView, CursorKeys, Shades, return_keys, step_bindings, tighten
from workbench.app.panes.im2col_views import Drawing, Marks, cursor_pixel, mine_lines, unavailable, wrap
from workbench.app.settings_form import SettingField, SettingsForm
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.models.im2col import (LAYERS, VIEWS, Im2colResult, Im2colSettings, Sizes, copies_of,
                                     entry_position, size_formulas, window_from_pixel)
from workbench.models.im2col_mine import Im2colMine, key_of, run_in_sandbox
from workbench.models.settings import SettingError, kinds


class Im2colPane(MineRuns, CursorKeys, Pane):
    """One batch through im2col: the stages' shapes, col's rows beside their windows, col2im's sums."""

    PANE = "im2col"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("1", "view('shapes')", id="im2col.shapes"),
        Binding("2", "view('windows')", id="im2col.windows"),
        Binding("3", "view('col2im')", id="im2col.col2im"),
        *step_bindings("im2col"),
        Binding("4", "layer", id="im2col.layer"),
        *CursorKeys.bindings("im2col"),
        Binding("i", "swap", id="im2col.swap", show=False),
        Binding("v", "values", id="im2col.values", show=False),
        Binding("g", "gradient", id="im2col.gradient", show=False),
    ]

    def __init__(self, settings=None, **kwargs):
        super().__init__(settings, **kwargs)
        self.cursor: tuple = ("col", 0, 0)
        self._swapped_from: tuple | None = None
        """(col entry, pixel) of the last `i` from col: `.` and `,` on that pixel go on from that row."""

    def compose_pane(self) -> ComposeResult:
        yield CellView(id="im2col-tabs")
        with Vertical(id="im2col-controls"):
            yield SettingsForm(self.entry, self.settings, keys=["input", "filter", "pool"], compact=True,
                               whole_formulas=True, id="im2col-sizes")
            yield SettingsForm(self.entry, self.settings, keys=["stride", "pad"], compact=True,
                               whole_formulas=True, id="im2col-steps")
        yield CellView(id="im2col-formula")
        yield CellView(id="im2col-mine")
        with MarkedScroll(id="im2col-body"):
            yield CellView(id="im2col-view")

    def on_mount(self) -> None:
        super().on_mount()
        for form in self.query(SettingsForm):
            tighten(form, 7)
        self.start_mine_polling()

    # -- the learner's im2col and col2im (impl = mine) ------------------------------------------------

    def mine_state(self) -> Im2colMine | None:
        result = self.result
        return result.mine if result is not None and result.settings.impl == "mine" else None

    def mine_key(self, settings) -> tuple:
        return key_of(settings)

    def mine_run(self, settings, cancelled):
        return run_in_sandbox(settings, cancelled=cancelled)

    def job_done(self, name: str, event) -> None:
        if name == "mine":
            self.mine_done(event)

    def watch_settings(self, settings) -> None:
        if self.is_mounted and settings is not self._computed:
            self.cursor = ("col", 0, 0)     # new settings from outside (a lesson step): start at the top
            self._swapped_from = None
        super().watch_settings(settings)

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, result: Im2colResult) -> None:
        s = result.settings
        for field in self.query_one("#im2col-sizes", SettingsForm).query(SettingField):
            field.display = field.key != ("pool" if s.layer == "conv" else "filter")
        self.cursor = clamp(self.cursor, result)
        body = self.query_one("#im2col-body", ScrollableContainer)
        width = (body.size.width or 39) - 1      # room for the scroll bar
        self.query_one("#im2col-tabs", CellView).draw(self.tabs(s, width))
        formula = Canvas()
        for y, line in enumerate(size_formulas(result.sizes)):
            formula.put(0, y, line)
        self.query_one("#im2col-formula", CellView).draw(formula)
        mine = self.query_one("#im2col-mine", CellView)
        mine.display = result.mine is not None
        if result.mine is not None:
            mine.draw(mine_lines(result, shown_path(result.mine.folder, result.mine.file), width,
                                 Marks.of(self.app.theme_variables)))
        self.run_mine_if_needed()
        view = self.query_one("#im2col-view", CellView)
        if s.view != "shapes" and result.arrays is None:
            canvas = Canvas()
            for y, line in enumerate(wrap(t("im2col.numbers_hidden", reason=result.too_big), width)):
                canvas.put(0, y, line, "italic")
            view.draw(canvas)
            return
        if s.view != "shapes" and result.mine is not None:
            missing = unavailable(result, width, Marks.of(self.app.theme_variables))
            if missing is not None:
                view.draw(missing)
                return
        drawing = Drawing(result, self.cursor, width, Marks.of(self.app.theme_variables),
                          Shades(self.app.theme_variables))
        view.draw({"shapes": drawing.shapes, "windows": drawing.windows, "col2im": drawing.col2im}[s.view]())
        self._keep_in_sight(view.canvas, body)

    def tabs(self, s: Im2colSettings, width: int) -> Canvas:
        """The views and the layer as a line of tabs (with their keys when there is room); the current
        ones stand out, and a click picks one."""
        canvas, x = Canvas(), 0
        names = [(str(number), f"im2col.view.{name}", ("view", name)) for number, name in enumerate(VIEWS, start=1)]
        names.append(("4", f"im2col.layer.{s.layer}", ("layer",)))
        keys = sum(cell_len(t(label)) + 6 for _, label, _ in names) <= width
        for number, label, key in names:
            current = key == ("view", s.view)
            style = "reverse bold" if current else "bold" if key == ("layer",) else "dim"
            x = canvas.put(x, 0, f" {number + ' ' if keys else ''}{t(label)} ", style, key) + 1
        return canvas

    def _keep_in_sight(self, canvas: Canvas, body: ScrollableContainer) -> None:
        """Scroll as little as shows the cursor clear of the "more ↓" mark, once the reader has moved
        it: where a step starts the view stays at its top (7.2's col2im steps start on a pixel of dx,
        under dcol and its title, and their text says to scroll down to it), also when t or a resize
        redraws the pane."""
        if self.cursor == clamp(("col", 0, 0), self.result):
            return
        where = canvas.find(("col", *self.cursor[1:]) if self.cursor[0] == "col" else tuple(self.cursor))
        if where is not None:
            body.scroll_to_region(Region(where[0], where[1], 1, 1), spacing=Spacing(bottom=1),
                                  animate=False, immediate=True)

    # -- keys and the mouse -------------------------------------------------------------------------

    def action_view(self, name: str) -> None:
        self.apply(view=name)

    def action_layer(self) -> None:
        s = self.settings
        layer = LAYERS[(LAYERS.index(s.layer) + 1) % len(LAYERS)]
        stride = s.pool[0] if layer == "pool" and s.stride == 1 else s.stride
        if not self.apply(layer=layer, stride=stride):
            self.apply(layer=layer)

    def action_values(self) -> None:
        s = self.settings
        if s.values != "random":
            self.apply(values="random")
        else:
            self.apply(values="count", seed=s.seed + 1)

    def action_gradient(self) -> None:
        self.apply(gradient="numbers" if self.settings.gradient == "symbols" else "symbols")

    def action_step(self, direction: int) -> None:
        """`.`/`,`: the next or previous window (row of col), or pixel in the col2im view. From a pixel
        (after `i`, or h j k l) they go on from where the reader is: the row after (before) the one `i`
        came from, else the pixel's first (last) window, not back to row 0."""
        result = self.result
        if result is None or result.arrays is None:
            return
        if self.settings.view == "shapes":
            self.apply(view="windows")
            return
        if self.settings.view == "col2im":
            self.cursor = step_pixel(self.cursor, result.sizes, int(direction))
        elif self.cursor[0] == "col":
            rows = len(result.arrays.rows)
            self.cursor = ("col", (self.cursor[1] + int(direction)) % rows, self.cursor[2])
        elif self._swapped_from is not None and self._swapped_from[1] == self.cursor:
            row, column = self._swapped_from[0][1:]         # `i` took the reader from this row to its pixel
            self.cursor = ("col", (row + int(direction)) % len(result.arrays.rows), column)
        else:
            self.cursor = ("col", *window_from_pixel(result.sizes, self.cursor[1:], int(direction)))
        self.cursor_moved()

    def action_move(self, dy: int, dx: int) -> None:
        if self.result is not None and self.result.arrays is not None:
            self.cursor = move(self.cursor, self.result, int(dy), int(dx))
            self.cursor_moved()

    def action_swap(self) -> None:
        """`i`: from a col entry to the pixel it copies, or from a pixel to its first copy in col."""
        result = self.result
        if result is None or result.arrays is None:
            return
        if self.cursor[0] == "col":
            entry = self.cursor
            self.cursor = ("x", *entry_position(result.sizes, *self.cursor[1:]))
            self._swapped_from = (entry, self.cursor)
        else:
            pixel = cursor_pixel(result.sizes, self.cursor)
            copies = [] if pixel is None else copies_of(result.arrays.row_source, pixel)
            self.cursor = ("col", *(copies[0] if copies else (0, 0)))
        self.cursor_moved()

    @on(CellView.Picked)
    def _picked(self, event: CellView.Picked) -> None:
        event.stop()
        key = event.key
        if key[0] == "view" and event.click:
            self.apply(view=key[1])
        elif key[0] == "layer" and event.click:
            self.action_layer()
        elif key[0] in ("col", "x"):
            self.cursor = key
            self.cursor_moved()

    # -- the classroom: a presenter's followers see its cursor --------------------------------------

    def cursor_moved(self) -> None:
        self.refresh_view()
        self.post_message(CursorMoved())

    def shared_cursor(self) -> str:
        """The cursor as "col ROW COLUMN" or "x N C Y X" ("" where a step starts: col's first entry, or
        in the col2im view the first pixel)."""
        start = ("col", 0, 0) if self.result is None else clamp(("col", 0, 0), self.result)
        return "" if self.cursor in (("col", 0, 0), start) else " ".join(map(str, self.cursor))

    def follow_cursor(self, text: str) -> None:
        """Put the cursor where a presenter's is (kept inside the arrays); text that is none changes nothing."""
        cursor = read_cursor(text)
        if cursor is not None and self.result is not None:
            self.cursor, self._swapped_from = clamp(cursor, self.result), None
            self.refresh_view()

    # -- fields -------------------------------------------------------------------------------------

    def edit(self, key: str, text: str) -> bool:
        """A typed value; a new channel count C of the input is carried to the filter when they agreed."""
        s = self.settings
        done = None
        if key == "input":
            try:
                new = kinds(Im2colSettings)["input"].from_text("input", text)
            except SettingError as exc:
                self.error = exc
                return False
            FN, FC, FH, FW = s.filter
            if new[1] != s.input[1] and FC == s.input[1]:
                done = self.apply(input=new, filter=(FN, new[1], FH, FW))
        if done is None:
            done = super().edit(key, text)
        if done:
            return_keys(self, key)
        return done

    def on_error(self, error: SettingError | None) -> None:
        """Mark the field at fault; stride and pad, side by side, go one under the other while one of
        them says why (half the pane's width cut its formula: "(6 + 2·1 − 3)/2 +" over "1 = 3.5")."""
        super().on_error(error)
        steps = self.query_one("#im2col-steps", SettingsForm)
        steps.set_class(any(field.has_class("-invalid") for field in steps.query(SettingField)), "-stacked")


def read_cursor(text: str) -> tuple | None:
    """A cursor as `shared_cursor` writes it ("" is the top), or None."""
    kind, *numbers = text.split() or ["col", "0", "0"]
    if (kind, len(numbers)) not in (("col", 2), ("x", 4)) or not all(n.isascii() and n.isdigit() for n in numbers):
        return None
    return (kind, *map(int, numbers))


def clamp(cursor: tuple, result: Im2colResult) -> tuple:
    """The cursor moved inside the current arrays (after the sizes changed). In the col2im view it is
    always on a pixel of x (a col entry, as at a step's start, becomes the pixel it copies, the nearest
    one when that is padding), so that h j k l move over pixels from the start, as `.` and `,` do."""
    a, z = result.arrays, result.sizes
    if a is None:
        return cursor
    if cursor[0] == "col" and result.settings.view == "col2im":
        rows, columns = a.rows.shape
        cursor = ("x", *entry_position(z, min(cursor[1], rows - 1), min(cursor[2], columns - 1)))
    if cursor[0] == "col":
        rows, columns = a.rows.shape
        return ("col", min(cursor[1], rows - 1), min(cursor[2], columns - 1))
    _, n, c, y, x = cursor
    Hp, Wp = z.padded
    if result.settings.view == "col2im":
        y, x = min(max(y, z.P), z.P + z.H - 1), min(max(x, z.P), z.P + z.W - 1)
    return ("x", min(n, z.N - 1), min(c, z.C - 1), min(y, Hp - 1), min(x, Wp - 1))


def move(cursor: tuple, result: Im2colResult, dy: int, dx: int) -> tuple:
    """One step of h j k l: within col, or across the input's pixels (to the next channel at an edge);
    in the col2im view always across the pixels, for convolution and pooling alike."""
    a, z = result.arrays, result.sizes
    if cursor[0] == "col" and result.settings.view != "col2im":
        rows, columns = a.rows.shape
        return ("col", min(max(cursor[1] + dy, 0), rows - 1), min(max(cursor[2] + dx, 0), columns - 1))
    if cursor[0] == "col":
        cursor = clamp(cursor, result)
    _, n, c, y, x = cursor
    low, (Hp, Wp) = (z.P, (z.P + z.H, z.P + z.W)) if result.settings.view == "col2im" else (0, z.padded)
    y = min(max(y + dy, low), Hp - 1)
    x += dx
    image = n * z.C + c
    if x >= Wp and image + 1 < z.N * z.C:
        image, x = image + 1, low
    elif x < low and image > 0:
        image, x = image - 1, Wp - 1
    return ("x", *divmod(image, z.C), y, min(max(x, low), Wp - 1))


def step_pixel(cursor: tuple, z: Sizes, direction: int) -> tuple:
    """The next (or previous) unpadded pixel in reading order."""
    pixel = cursor_pixel(z, cursor)
    count = z.N * z.C * z.H * z.W
    pixel = 0 if pixel is None else (pixel + direction) % count
    image, rest = divmod(pixel, z.H * z.W)
    y, x = divmod(rest, z.W)
    return ("x", *divmod(image, z.C), y + z.P, x + z.P)
