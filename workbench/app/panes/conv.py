"""The convolution explorer: a digit, a filter and the feature map of `workbench.models.conv`, with the
numbers behind the output cell under the cursor, forward and backward."""
from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from workbench.app.panes.base import Pane, failure_text
from workbench.app.panes.cells import Canvas, CellView, CursorKeys, Shades, grid, grid_width, half_blocks, step_bindings
from workbench.app.panes.im2col_views import wrap
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.i18n.numbers import num, sci
from workbench.jobs import JobDone
from workbench.models.conv import DATASETS, FILTERS, ConvResult, is_loaded, load_test_images

WIDE = 58
"""Columns from which the input and the feature map fit side by side."""
BESIDE = 44
"""Columns the numbers need to go beside the images rather than under them."""
ROOMY_LINES = 10
"""Lines under the images from which the numbers are written out in full."""
FADED = 0.3
"""How bright the forward pictures stay behind the gradients, going backward."""


def number(value: float) -> str:
    return num(value, 2)


def weight(value: float) -> str:
    return num(value) if float(value).is_integer() else num(value, 2)


def gap_text(r: ConvResult) -> str:
    """The largest difference between the two routes: "0", or "6.0e−8"."""
    return sci(r.largest_difference())


def grids_in_a_row(canvas: Canvas, y: int, grids: list[tuple[str, list[list[str]]]], width: int = 200) -> int:
    """Small grids with their titles left to right (wrapping at `width`); returns the line after them."""
    x, top = 0, y
    for title, cells in grids:
        span = max(grid_width(cells), cell_len(title))
        if x and x + span > width:
            x, top = 0, top + len(cells) + 2
        canvas.put(x, top, title, "dim")
        grid(canvas, x, top + 1, cells)
        x += span + 3
    return top + len(grids[-1][1]) + 1


def cells_of(values: np.ndarray) -> list[list[str]]:
    """A small grid as text: whole numbers as they are, anything else with two decimals throughout."""
    whole = all(float(v).is_integer() for v in values.reshape(-1))
    return [[weight(v) if whole else number(v) for v in row] for row in values]


def term(a: float, w: float) -> str:
    """"0.50·(−1)": one product of the dot product."""
    shown = weight(w)
    return f"{number(a)}·{'(' + shown + ')' if w < 0 else shown}"


class ConvPane(CursorKeys, Pane):
    """A digit through one 3×3 filter: the window and the filter behind each output, and the way back."""

    PANE = "conv"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        *step_bindings("conv"),
        Binding("b", "direction('backward')", id="conv.direction"),      # labelled with the way it goes
        Binding("b", "direction('forward')", id="conv.forward"),         # to: one is on (check_action)
        Binding("f", "filter", id="conv.filter"),
        Binding("left_square_bracket", "image(-1)", id="conv.previous_image", show=False, key_display="[",
                group=Binding.Group("image")),
        Binding("right_square_bracket", "image(1)", id="conv.next_image", key_display="]",
                group=Binding.Group("image")),
        Binding("v", "swap_image", id="conv.swap_image"),
        Binding("m", "dataset", id="conv.dataset", show=False),
        *CursorKeys.bindings("conv"),
    ]

    def compose_pane(self) -> ComposeResult:
        yield CellView(id="conv-status")
        with MarkedScroll(id="conv-body"):
            yield CellView(id="conv-images")
            yield CellView(id="conv-numbers")

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, result: ConvResult) -> None:
        width = (self.query_one("#conv-body").size.width or 39) - 1      # room for the scroll bar
        theme = self.app.theme_variables
        shades = Shades(theme)
        self.query_one("#conv-status", CellView).draw(self.status(result, width, theme))
        images = self.images(result, width, shades)
        self.query_one("#conv-images", CellView).draw(images)
        beside = width - images.width - 3 >= BESIDE
        self.set_class(beside, "-beside")
        room = width - images.width - 3 if beside else width
        height = self.query_one("#conv-body").size.height or 20
        roomy = beside or (height - images.height >= ROOMY_LINES and width >= BESIDE)
        self.query_one("#conv-numbers", CellView).draw(self.numbers(result, room, roomy))
        if result.digit.pending:
            self.load(self.settings.dataset)

    def status(self, result: ConvResult, width: int, theme: dict[str, str]) -> Canvas:
        """The filter and the image on one line (short names in a narrow pane), and a note when the
        image is not from the data set asked for."""
        s, d = self.settings, result.digit
        canvas = Canvas()
        source = t(f"conv.dataset.{d.dataset}", label=d.label, index=s.index)
        lines = [t("conv.status", filter=t(f"conv.filter.{s.filter}"), source=source)]
        if cell_len(lines[0]) > width:
            short = t(f"conv.filter_short.{s.filter}")
            lines = [t("conv.status", filter=short, source=source)]
        if cell_len(lines[0]) > width:       # "Sobel x · Fashion-MNIST class 9 (test #0)": the image on a line of its own
            lines = [t("conv.status", filter=short, source="").rstrip(), *wrap(source, width)]
        for y, line in enumerate(lines):
            canvas.put(0, y, line, "bold")
        for y, text in enumerate(wrap(d.note, width) if d.note else [], start=len(lines)):
            canvas.put(0, y, text, theme["warning"])
        return canvas

    def images(self, result: ConvResult, width: int, shades: Shades) -> Canvas:
        """The input (or dx) and the feature map (or dout), side by side when they fit."""
        canvas = Canvas()
        backward = self.settings.direction == "backward"
        both = width >= WIDE
        panels = ["input", "map"] if both else [self.settings.picture]
        x = 0
        for panel in panels:
            title, colors, key = self.panel(panel, result, backward, shades)
            canvas.put(x, 0, title, "bold")
            half_blocks(canvas, x, 1, colors, shades.base.hex, key)
            x += len(colors[0]) + 2
        return canvas

    def panel(self, panel: str, r: ConvResult, backward: bool, shades: Shades):
        """(title, colours, cell key) of one image panel. Backward, the gradients are drawn in colour
        over the forward picture, faded, so one sees where on the digit they land."""
        i, j = r.cell
        S, P = r.stride, r.pad
        side = r.book.out.shape[2]
        if panel == "input":
            image = r.padded
            colors = [[shades.gray(v * (FADED if backward else 1.0)) for v in row] for row in image]
            if backward:
                dx = np.pad(r.book.dx[0, 0], P)
                top = float(np.max(np.abs(dx))) or 1.0
                for y, x in zip(*np.nonzero(dx)):
                    colors[y][x] = shades.signed(dx[y, x] / top)
            else:
                for y in range(i * S, i * S + 3):
                    for x in range(j * S, j * S + 3):
                        colors[y][x] = shades.tint(colors[y][x])
            title = t("conv.panel.dx" if backward else "conv.panel.input", side=image.shape[0], pad=P)

            def key(y, x):
                return ("cell", min(max((y - 1) // S, 0), side - 1), min(max((x - 1) // S, 0), side - 1))
            return title, colors, key
        out = r.book.out[0, 0]
        top = float(np.max(np.abs(out))) or 1.0
        colors = [[shades.signed(v / top * (FADED if backward else 1.0)) for v in row] for row in out]
        colors[i][j] = shades.tint(colors[i][j], 0.9)
        title = t("conv.panel.dout" if backward else "conv.panel.map", side=side, stride=S)
        return title, colors, lambda y, x: ("cell", y, x)

    def numbers(self, r: ConvResult, width: int, roomy: bool) -> Canvas:
        """The window and the filter behind the cell and their dot product, or the gradients back.

        With room (`roomy`): the window and the filter side by side, the sum written out term by term,
        col's row and col_W's column (the same numbers), and the direct route's numbers beside the
        book's. In a narrow pane: the nine products as a grid, and one line for each check."""
        canvas = Canvas()
        i, j = r.cell
        S = r.stride
        window = r.window.reshape(3, 3)
        W = r.W[0, 0]
        y = 0
        if self.settings.direction == "forward":
            canvas.put(0, y, t("conv.forward_title", i=i, j=j, value=num(r.value, 3)), "bold")
            y += 1
            if roomy:
                y = grids_in_a_row(canvas, y, [(t("conv.window", y0=i * S, y1=i * S + 3, x0=j * S, x1=j * S + 3),
                                                 cells_of(window)), (t("conv.filter_title"), cells_of(W))])
                written = " + ".join(term(a, w) for a, w in zip(r.window, r.column))
                lines = [f"{written} + {weight(r.b[0])} = {num(r.value, 3)}",
                         f"col[{r.row}] = " + " ".join(number(v) for v in r.window),
                         "col_W[:, 0] = " + " ".join(weight(v) for v in r.column)]
            else:
                cells = [[term(window[a, b], W[a, b]) for b in range(3)] for a in range(3)]
                grid_width, _ = grid(canvas, 0, y, cells)
                canvas.put(grid_width + 2, y + 1, f"+ {weight(r.b[0])}")
                y += 3
                lines = []
            lines.append(t("conv.same_numbers", row=r.row))
            check = "conv.direct_same" if roomy else "conv.direct_short"
            lines.append(t(check, value=num(float(r.direct.out[0, 0, i, j]), 3), gap=gap_text(r)))
        else:
            canvas.put(0, y, t("conv.backward_title", i=i, j=j, dout=weight(self.settings.dout)), "bold")
            y += 1
            routes = [[(t("conv.dw_title"), r.book.dW[0, 0]), (t("conv.dx_title"), self.dx_window(r, r.book))]]
            if roomy:
                routes.append([(t("conv.direct_dw"), r.direct.dW[0, 0]),
                               (t("conv.direct_dx"), self.dx_window(r, r.direct))])
            for grids in routes:
                y = grids_in_a_row(canvas, y, [(title, cells_of(values)) for title, values in grids], width) + 1
            y -= 1
            lines = [t("conv.backward_route", row=r.row, db=weight(float(r.book.db[0]))),
                     t("conv.direct_same_back", gap=gap_text(r))]
        if r.largest_difference() >= 1e-4:
            lines[-1] = t("conv.direct_differs", gap=gap_text(r))
        for line in lines:
            for text in wrap(line, width):
                canvas.put(0, y, text, "dim" if line is lines[-1] else "")
                y += 1
        return canvas

    @staticmethod
    def dx_window(r: ConvResult, route) -> np.ndarray:
        """The 3×3 part of dx (padded) under the cursor's window."""
        i, j = r.cell
        S = r.stride
        return np.pad(route.dx[0, 0], r.pad)[i * S:i * S + 3, j * S:j * S + 3]

    # -- loading a data set --------------------------------------------------------------------------

    def load(self, dataset: str) -> None:
        job = self.jobs.get("load")
        if job is None or job.done:
            self.start_job("load", lambda ctx: load_test_images(dataset))

    def job_done(self, name: str, event: JobDone) -> None:
        if event.reason == "failed":
            self.app.notify(failure_text(event), severity="error")
        if is_loaded(self.settings.dataset):
            self.recompute()   # the same settings, now with the data set's image

    # -- keys and the mouse ---------------------------------------------------------------------------

    def action_move(self, dy: int, dx: int) -> None:
        if self.result is None:
            return
        side = self.result.book.out.shape[2]
        i, j = self.result.cell
        self.apply(cell=(min(max(i + int(dy), 0), side - 1), min(max(j + int(dx), 0), side - 1)))

    def action_step(self, direction: int) -> None:
        """`.`/`,`: the next or previous output cell, row by row (the order of col's rows)."""
        if self.result is None:
            return
        side = self.result.book.out.shape[2]
        row = (self.result.row + int(direction)) % (side * side)
        self.apply(cell=divmod(row, side))

    def action_direction(self, direction: str) -> None:
        self.apply(direction=direction)
        self.refresh_bindings()

    def action_filter(self) -> None:
        names = list(FILTERS)
        self.apply(filter=names[(names.index(self.settings.filter) + 1) % len(names)])

    def action_image(self, direction: int) -> None:
        self.apply(index=min(max(self.settings.index + int(direction), 0), 9999))

    def action_dataset(self) -> None:
        self.apply(dataset=DATASETS[(DATASETS.index(self.settings.dataset) + 1) % len(DATASETS)])

    def action_swap_image(self) -> None:
        self.apply(picture="input" if self.settings.picture == "map" else "map")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "swap_image":
            return self.size.width < WIDE + 2 or None
        if action == "direction":     # `b` reads Backward going forward and Forward going backward
            return parameters[0] != self.settings.direction
        return super().check_action(action, parameters)

    def on_resize(self) -> None:
        super().on_resize()
        self.refresh_bindings()

    @on(CellView.Picked)
    def _picked(self, event: CellView.Picked) -> None:
        event.stop()
        if event.key[0] == "cell" and tuple(event.key[1:]) != self.result.cell:
            self.apply(cell=tuple(event.key[1:]))

