"""The shape tracer: a batch's shape through SimpleConvNet, DeepConvNet or the learner's own layers,
from `workbench.models.shapes`, with the first layer that does not fit and why."""
from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region

from workbench.app.messages import CursorMoved
from workbench.app.panes.base import Pane
from workbench.app.panes.cells import Canvas, CellView, FieldsGiveKeysBack, step_bindings, tighten
from workbench.app.panes.im2col_views import wrap
from workbench.app.settings_form import SettingsForm
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.models.shapes import TITLES, Trace, as_custom, detail_lines, fitting_cells

NETWORKS = ("simple", "deep", "custom")
WIDE = 70


class ShapesPane(FieldsGiveKeysBack, Pane):
    """A network's layers as a table of shapes and parameters; the selected layer's sums below."""

    PANE = "shapes"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("1", "network('simple')", id="shapes.simple"),
        Binding("2", "network('deep')", id="shapes.deep"),
        Binding("3", "network('custom')", id="shapes.custom"),
        *step_bindings("shapes"),
        Binding("j", "step(1)", id="shapes.down", show=False),
        Binding("k", "step(-1)", id="shapes.up", show=False),
        Binding("e", "edit_layers", id="shapes.edit"),
    ]

    def __init__(self, settings=None, **kwargs):
        super().__init__(settings, **kwargs)
        self.selected: int | None = None
        """The row whose details show; None: the first that failed, else the first convolution."""

    def compose_pane(self) -> ComposeResult:
        yield CellView(id="shapes-tabs")
        yield SettingsForm(self.entry, self.settings, keys=["input", "batch"], compact=True, id="shapes-sizes")
        yield SettingsForm(self.entry, self.settings, keys=["layers"], compact=True, id="shapes-layers")
        with MarkedScroll(id="shapes-body"):
            yield CellView(id="shapes-table")
        yield CellView(id="shapes-detail")

    def on_mount(self) -> None:
        super().on_mount()
        for form in self.query(SettingsForm):
            tighten(form, 7)

    def watch_settings(self, settings) -> None:
        if self.is_mounted and settings is not self._computed:
            self.selected = None            # new settings from outside (a lesson step): the default row
        super().watch_settings(settings)

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, trace: Trace) -> None:
        width = (self.query_one("#shapes-body").size.width or 39) - 1      # room for the scroll bar
        self.query_one("#shapes-layers").display = self.settings.network == "custom"
        self.query_one("#shapes-tabs", CellView).draw(self.tabs(width))
        selected = self.current_row(trace)
        table = self.table(trace, width, selected)
        self.query_one("#shapes-table", CellView).draw(table)
        detail = Canvas()
        y = 0
        for text, style in detail_lines(trace.rows[selected], trace):
            for line in wrap(text, width):
                detail.put(0, y, line, self.app.theme_variables["text-error"] if style == "error" else style)
                y += 1
        self.query_one("#shapes-detail", CellView).draw(detail)
        where = table.find(("row", selected))
        if where is not None:
            self.query_one("#shapes-body").scroll_to_region(Region(0, where[1], 1, 1), animate=False, immediate=True)

    def current_row(self, trace: Trace) -> int:
        if self.selected is not None and self.selected < len(trace.rows):
            return self.selected
        failed = trace.failed
        if failed is not None:
            return trace.rows.index(failed)
        return next((i for i, row in enumerate(trace.rows) if row.spec and row.spec.kind == "conv"), 0)

    def tabs(self, width: int) -> Canvas:
        canvas, x = Canvas(), 0
        labels = [TITLES.get(name) or t("shapes.custom") for name in NETWORKS]
        keys = sum(cell_len(label) + 5 for label in labels) <= width
        for number, (name, label) in enumerate(zip(NETWORKS, labels), start=1):
            style = "reverse bold" if name == self.settings.network else "dim"
            x = canvas.put(x, 0, f" {str(number) + ' ' if keys else ''}{label} ", style, ("network", name)) + 1
        return canvas

    def table(self, trace: Trace, width: int, selected: int) -> Canvas:
        theme = self.app.theme_variables
        cells, wide = fitting_cells(trace, width, wide=width >= WIDE)   # large numbers get a unit to fit
        header, rows, total = cells[0], cells[1:-1], cells[-1]
        widths = [max(cell_len(r[i]) for r in cells) for i in range(len(header))]
        numeric = {len(header) - (2 if wide else 1)}
        canvas = Canvas()
        failed = trace.failed
        for y, cells in enumerate([header, *rows, total]):
            index = y - 1
            row = trace.rows[index] if 0 <= index < len(trace.rows) else None
            style = "bold" if y == 0 or y == len(rows) + 1 else ""
            if row is not None and row is failed:
                style = f"bold {theme['background']} on {theme['error']}"
            elif row is not None and row.output is None:
                style = "dim"
            if index == selected:
                style = (style + " reverse").strip()
            x, key = 0, ("row", index) if row is not None else None
            for i, text in enumerate(cells):
                gap = " " * (widths[i] - cell_len(text))
                x = canvas.put(x, y, gap + text if i in numeric else text + gap, style, key)
                if i < len(cells) - 1:
                    x = canvas.put(x, y, "  ", "", key)       # the gap between columns picks the row too
        return canvas

    # -- keys and the mouse -------------------------------------------------------------------------

    def action_network(self, name: str) -> None:
        self.selected = None
        self.apply(network=name)

    def action_step(self, direction: int) -> None:
        if self.result is not None:
            now = self.current_row(self.result)
            self.selected = min(max(now + int(direction), 0), len(self.result.rows) - 1)
            self.cursor_moved()

    def action_edit_layers(self) -> None:
        """`e`: write the network shown as layers of your own, and put the cursor in their field."""
        if self.settings.network != "custom":
            self.apply(network="custom", layers=as_custom(self.settings).layers)
        self.call_after_refresh(self.query_one("#field-layers").focus)

    @on(CellView.Picked)
    def _picked(self, event: CellView.Picked) -> None:
        event.stop()
        if event.key[0] == "network" and event.click:
            self.action_network(event.key[1])
        elif event.key[0] == "row" and event.click:
            self.selected = event.key[1]
            self.cursor_moved()

    # -- the classroom: a presenter's followers see the layer it selected ----------------------------

    def cursor_moved(self) -> None:
        self.refresh_view()
        self.post_message(CursorMoved())

    def shared_cursor(self) -> str:
        """The selected row's index ("" for the default row)."""
        return "" if self.selected is None else str(self.selected)

    def follow_cursor(self, text: str) -> None:
        """Select the row a presenter selected ("" the default); text that is no row changes nothing."""
        if text == "" or (text.isascii() and text.isdigit()):
            self.selected = int(text) if text else None
            self.refresh_view()
