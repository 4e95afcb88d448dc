"""The receptive field: stacked 3×3 convolutions against one large filter, and DeepConvNet's layers,
each output cell with the input pixels it depends on (`workbench.models.receptive_field`)."""
from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from workbench.app.panes.base import Pane
from workbench.app.panes.cells import Canvas, CellView, CursorKeys, Shades, half_blocks, step_bindings
from workbench.app.panes.run_controls import view_tabs
from workbench.app.styles import pane_css
from workbench.app.widgets.view_tabs import ViewTabs
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.i18n.cells import wrap
from workbench.models.receptive_field import (VIEWS, NetworkResult, ReceptiveFieldResult, StackResult, carry,
                                              cell_at)

DEPTHS = range(1, 5)
"""How many 3×3 convolutions the stack may hold (the setting's range)."""
BESIDE = 62
"""Columns from which DeepConvNet's layer map goes beside the input image."""
FADED = 0.45
"""How bright the digit stays outside the field."""
TINT = 0.5
"""How much of the accent colour the field's pixels take (the digit shows through)."""
MAP = 0.15
"""The grey of a layer's map, on which the cursor's cell is lit."""


def count(value: int) -> str:
    return f"{value:,}"


def side(n: int) -> str:
    return f"{n}×{n}"


class ReceptiveFieldPane(CursorKeys, Pane):
    """What one output cell sees of the input: through a stack of 3×3 filters, and through DeepConvNet."""

    PANE = "receptive-field"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("1", "view('stack')", id="receptive-field.stack"),
        Binding("2", "view('network')", id="receptive-field.network"),
        *step_bindings("receptive-field"),
        Binding("plus,equals_sign", "depth(1)", id="receptive-field.deeper", key_display="+",
                group=Binding.Group("depth")),
        Binding("minus", "depth(-1)", id="receptive-field.shallower", key_display="-", show=False,
                group=Binding.Group("depth")),
        Binding("left_square_bracket", "image(-1)", id="receptive-field.previous_image", key_display="[",
                show=False, group=Binding.Group("image")),
        Binding("right_square_bracket", "image(1)", id="receptive-field.next_image", key_display="]", show=False,
                group=Binding.Group("image")),
        *CursorKeys.bindings("receptive-field"),
    ]

    def compose_pane(self) -> ComposeResult:
        yield ViewTabs(id="rf-tabs")
        with MarkedScroll(id="rf-body"):
            yield CellView(id="rf-view")

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, result: ReceptiveFieldResult) -> None:
        width = (self.query_one("#rf-body").size.width or 39) - 1      # room for the scroll bar
        self.query_one("#rf-tabs", ViewTabs).update(view_tabs(VIEWS, result.settings.view, "receptive-field", width + 1))
        theme = self.app.theme_variables
        if result.settings.view == "stack":
            canvas = self.stack(result.stack, width, theme)
        else:
            canvas = self.network(result.network, width, theme)
        self.query_one("#rf-view", CellView).draw(canvas)

    def stack(self, r: StackResult, width: int, theme: dict[str, str]) -> Canvas:
        """The book's figure: the input and every layer's output as grids, the cells the marked one
        depends on filled in; then the weights of the stack against one large filter."""
        canvas = Canvas()
        last = r.rows[-1]
        one = "_one" if r.depth == 1 else ""    # one layer: nothing to compare, "9 = 9, against 9" said
        canvas.put(0, 0, t(f"receptive-field.stack.title{one}", depth=r.depth, big=side(last.field)), "bold")
        y = self.cone(canvas, 1, r, width, theme)
        row = r.rows[r.layer - 1]
        alone = "_one" if row.layers == 1 else ""      # the first layer's own weights, the 3×3 filter itself
        lines = [(t(f"receptive-field.stack.field{one}", layer=r.layer, depth=r.depth, field=side(row.field)), "bold"),
                 (t(f"receptive-field.stack.pair{alone}", sum=" + ".join(map(str, row.terms)),
                    stacked=row.stacked_pair, single=row.single_pair, big=side(row.field)), ""),
                 (t(f"receptive-field.stack.all{alone}", channels=r.channels, stacked=count(row.stacked_all),
                    single=count(row.single_all)), ""),
                 (t(f"receptive-field.stack.relu{alone}", relus=row.layers), "dim")]
        for text, style in lines:
            for line in wrap(text, width):
                canvas.put(0, y, line, style)
                y += 1
        self.stack_table(canvas, y + 1, r, theme)
        return canvas

    def cone(self, canvas: Canvas, y: int, r: StackResult, width: int, theme: dict[str, str]) -> int:
        """The grids left to right (wrapping), two cells a square; returns the line after them."""
        field, own = f"bold {theme['accent']}", f"bold {theme['primary']}"
        x, top, tallest = 0, y, 0
        for i, (n, mask) in enumerate(zip(r.sides, r.cone)):
            title = t("receptive-field.stack.input", side=side(n)) if i == 0 else \
                t("receptive-field.stack.output", layer=i, side=side(n))
            span = max(2 * n - 1, cell_len(title))
            if x and x + span > width:
                x, top, tallest = 0, top + tallest + 1, 0
            key = ("layer", i) if i else None                  # a click on a layer's grid marks that layer
            canvas.put(x, top, title, "bold" if i == r.layer else "dim", key)
            for a in range(n):
                for b in range(n):
                    marked = bool(mask[a, b])
                    style = (own if i == r.layer else field) if marked else "dim"
                    canvas.put(x + 2 * b, top + 1 + a, "■" if marked else "·", style, key)
                    if b < n - 1:
                        canvas.put(x + 2 * b + 1, top + 1 + a, " ", "", key)
            tallest = max(tallest, n + 1)
            x += span + 3
        return top + tallest + 1

    def stack_table(self, canvas: Canvas, y: int, r: StackResult, theme: dict[str, str]) -> None:
        """Every depth: the field and the weights per pair of channels, stacked and in one filter."""
        header = [t("receptive-field.column.layers"), t("receptive-field.column.field"),
                  t("receptive-field.column.stacked"), t("receptive-field.column.single")]
        rows = [header] + [[str(row.layers), side(row.field), str(row.stacked_pair), str(row.single_pair)]
                           for row in r.rows]
        self.table(canvas, y, rows, r.layer, theme, keys=True)

    def table(self, canvas: Canvas, y: int, rows: list[list[str]], selected: int, theme: dict[str, str],
              keys: bool = False) -> int:
        """A small table, numbers right-aligned, the header bold and row `selected` (1-based) marked."""
        widths = [max(cell_len(row[k]) for row in rows) for k in range(len(rows[0]))]
        for i, row in enumerate(rows):
            pads = [" " * (widths[k] - cell_len(cell)) for k, cell in enumerate(row)]
            cells = [cell + pad if k == 0 else pad + cell for k, (cell, pad) in enumerate(zip(row, pads))]
            style = "bold" if i == 0 else f"reverse {theme['accent']}" if i == selected else ""
            canvas.put(0, y + i, "  ".join(cells), style, ("layer", i) if keys and i else None)
        return y + len(rows)

    def network(self, r: NetworkResult, width: int, theme: dict[str, str]) -> Canvas:
        """The input with the field of the cursor's cell lit on a digit, the layer's map beside it where
        it fits, what the field is, and the table of DeepConvNet's windows."""
        canvas = Canvas()
        w, g = r.window, r.shape
        i, j = r.cell
        channels, oh, ow = w.out_shape
        canvas.put(0, 0, t("receptive-field.network.title", layer=w.name, i=i, j=j, oh=oh, ow=ow), "bold")
        shades = Shades(theme)
        colors = [[shades.tint(shades.gray(float(v)), TINT) if inside else shades.gray(float(v) * FADED)
                   for v, inside in zip(image_row, mask_row)] for image_row, mask_row in zip(r.image, r.mask)]
        lines = half_blocks(canvas, 0, 1, colors, shades.base.hex, lambda y, x: ("pixel", y, x))
        if width >= BESIDE:
            x0 = len(colors[0]) + 3
            canvas.put(x0, 0, t("receptive-field.network.map", layer=w.name, oh=oh, ow=ow, channels=channels), "dim")
            cells = [[shades.tint(shades.gray(MAP), 0.9) if (a, b) == r.cell else shades.gray(MAP) for b in range(ow)]
                     for a in range(oh)]
            half_blocks(canvas, x0, 1, cells, shades.base.hex, lambda y, x: ("cell", y, x))
        y = lines + 1
        top, bottom, left, right = r.bounds
        on_image = (bottom - top, right - left)
        text = [(t("receptive-field.network.field", field=side(g.field), top=top, bottom=bottom, left=left,
                   right=right), "bold")]
        if r.cut:
            text.append((t("receptive-field.network.cut", h=on_image[0], w=on_image[1]), "dim"))
        if w.kind == "Convolution":
            shape = "×".join(map(str, (channels, w.in_shape[0], w.size, w.size)))
            text.append((t("receptive-field.network.conv", shape=shape, stride=w.stride, pad=w.pad,
                           params=count(w.params)), ""))
        else:
            text.append((t("receptive-field.network.pool", size=side(w.size), stride=w.stride), ""))
        for line_text, style in text:
            for line in wrap(line_text, width):
                canvas.put(0, y, line, style)
                y += 1
        rows = [[t("receptive-field.column.layer"), t("receptive-field.column.output"),
                 t("receptive-field.column.field"), t("receptive-field.column.params")]]
        rows += [[win.name, "×".join(map(str, win.out_shape)), side(geo.field), count(win.params)]
                 for win, geo in zip(r.windows, r.shapes)]
        y = self.table(canvas, y + 1, rows, r.layer, theme, keys=True)
        affine = r.params - sum(win.params for win in r.windows)
        for line in wrap(t("receptive-field.network.affine", pixels=count(r.image.size), params=count(affine),
                           total=count(r.params)), width):
            canvas.put(0, y, line, "dim")
            y += 1
        return canvas

    # -- keys and the mouse ---------------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        self.apply(view=view)

    def action_step(self, direction: int) -> None:
        """`.`/`,`: the next or previous layer (in DeepConvNet, the cursor's cell keeps its place)."""
        r = self.result
        if r is None:
            return
        if self.settings.view == "stack":
            self.apply(layer=min(max(r.stack.layer + int(direction), 1), r.stack.depth))
            return
        self.to_layer(min(max(r.network.layer + int(direction), 1), len(r.network.windows)))

    def to_layer(self, layer: int) -> None:
        """DeepConvNet's layer `layer`, its cursor on the cell whose field is centred where the current one's is."""
        r = self.result.network
        side = r.windows[layer - 1].out_shape[1:]
        self.apply(layer=layer, cell=carry(r.cell, r.shape, r.shapes[layer - 1], side))

    def action_depth(self, direction: int) -> None:
        depth = min(max(self.settings.depth + int(direction), 1), DEPTHS[-1])
        self.apply(depth=depth, layer=depth)

    def action_image(self, direction: int) -> None:
        self.apply(index=min(max(self.settings.index + int(direction), 0), 9999))

    def action_move(self, dy: int, dx: int) -> None:
        r = self.result
        if r is None or self.settings.view != "network":
            return
        oh, ow = r.network.side
        i, j = r.network.cell
        self.apply(cell=(min(max(i + int(dy), 0), oh - 1), min(max(j + int(dx), 0), ow - 1)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.settings.view if self.settings is not None else "stack"
        if action == "depth":            # dim at either end: + at four layers did nothing a learner could see
            return view == "stack" and (self.settings is None or self.settings.depth + int(parameters[0]) in DEPTHS
                                        or None)
        if action in ("move", "arrow", "image"):
            return view == "network" and super().check_action(action, parameters)
        return super().check_action(action, parameters)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        if self.is_mounted:
            self.refresh_bindings()

    @on(CellView.Picked)
    def _picked(self, event: CellView.Picked) -> None:
        event.stop()
        r = self.result
        if r is None:
            return
        kind, *where = event.key
        if r.settings.view == "stack":              # a row of the table or a layer's grid: that layer
            if event.click and kind == "layer" and where[0] != r.stack.layer:
                self.apply(layer=where[0])
            return
        if kind == "pixel":
            cell = cell_at(r.network.shape, r.network.side, *where)
        elif kind == "cell":
            cell = tuple(where)
        elif event.click:                       # a row of the table: that layer
            self.to_layer(where[0])
            return
        else:
            return
        if cell != r.network.cell:
            self.apply(cell=cell)
