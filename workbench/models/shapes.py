"""Chapter 7 and 8: the shape of a batch through a whole network, layer by layer, and where it stops fitting.

For SimpleConvNet, DeepConvNet (the book's layers, as `workbench.nn.networks` builds them) or a
network the learner writes as a list of layers ("conv 30 5, relu, pool 2, affine 100, relu,
affine 10"): each layer's input and output shape, its parameter count, the output-size formula
with the numbers filled in, and im2col's col for the batch. The first layer whose sizes do not fit
stops the trace with the reason in words, instead of NumPy's "shapes not aligned" three layers on.
Nothing is allocated: the sizes are worked out, each output size by the library's `conv_output_size`.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.i18n import t
from workbench.i18n.cells import NO_BREAK, cell_len, wrap
from workbench.i18n.numbers import grouped, short_count, unit_count
from workbench.models.im2col import (ITEMSIZE, axis_word, human_bytes, not_whole_text, output_formulas, output_size,
                                     pooling_fix, shape_text)
from workbench.models.settings import SettingError
from workbench.models.shapes_settings import (DEEP, KINDS, LIMIT, NETWORKS, POOL, RELU, SIMPLE,  # noqa: F401
                                              TITLES, LayerList, LayerSpec, ShapesSettings, layer_list,
                                              parse_layer, split_layers)


# -- the trace ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One layer of the trace. `output` is None once the shapes have stopped fitting (see `error`)."""

    name: str
    spec: LayerSpec | None
    input: tuple[int, ...]
    output: tuple[int, ...] | None
    params: int = 0
    weights: tuple[tuple[int, ...], ...] = ()
    """Shapes of W and b."""
    formulas: tuple[str, ...] = ()
    col: tuple[int, int] | None = None
    """im2col's col for the batch (conv and pool)."""
    error: str | None = None

    @property
    def col_bytes(self) -> int:
        return math.prod(self.col) * ITEMSIZE if self.col else 0


@dataclass(frozen=True)
class Trace:
    title: str
    batch: int
    rows: tuple[Row, ...]

    @property
    def failed(self) -> Row | None:
        return next((row for row in self.rows if row.error), None)

    @property
    def params(self) -> int:
        return sum(row.params for row in self.rows)


def _window_row(name: str, spec: LayerSpec, shape_in: tuple[int, ...]) -> Row:
    N, C, H, W = shape_in
    FH, FW = spec.window
    size = output_size if spec.kind == "conv" else _pool_size
    OH = size(H, FH, spec.stride, spec.pad, axis="height")
    OW = size(W, FW, spec.stride, spec.pad, axis="width")
    formulas = tuple(output_formulas((H, W), (FH, FW), spec.stride, spec.pad, (OH, OW)))
    col = (N * OH * OW, C * FH * FW)
    if spec.kind == "pool":
        return Row(name, spec, shape_in, (N, C, OH, OW), formulas=formulas, col=col)
    weights = ((spec.filters, C, FH, FW), (spec.filters,))
    params = math.prod(weights[0]) + spec.filters
    return Row(name, spec, shape_in, (N, spec.filters, OH, OW), params, weights, formulas, col)


def _pool_size(size: int, window: int, stride: int, pad: int, *, axis: str) -> int:
    """Pooling windows along one axis. When they do not fit or tile, the advice is another window or
    another input size, never a pad: a network's pool layer is written `pool SIZE [stride S]`, and
    the book pools without padding (the im2col inspector's single pooling, which has a pad, may
    suggest one)."""
    padded = size + 2 * pad
    if window > padded:
        raise SettingError("pool", t("shapes.error.pool_too_big", window=window, axis=axis_word(axis), size=padded))
    span = padded - window
    if span % stride:
        raise SettingError("stride", t("shapes.error.pool_not_whole", axis=axis_word(axis), size=padded,
                                       window=window, stride=stride, value=not_whole_text(span, stride),
                                       fix=pooling_fix(size, window, stride, pad, can_pad=False)))
    return output_size(size, window, stride, pad, axis=axis, window_key="pool")


def _affine_row(name: str, spec: LayerSpec, shape_in: tuple[int, ...]) -> Row:
    flat = math.prod(shape_in[1:])
    if spec.inputs is not None and spec.inputs != flat:
        raise SettingError(None, t("shapes.error.inputs", inputs=spec.inputs, units=spec.units, flat=flat,
                                   count=grouped(flat),
                                   shape=" × ".join(map(str, shape_in[1:]))))
    weights = ((flat, spec.units), (spec.units,))
    what = "·".join(map(str, shape_in[1:]))
    # the product grouped as the params column is; the units as typed ("affine 1000")
    formulas = (f"{what} = {grouped(flat)} → {spec.units}",) if len(shape_in) > 2 else ()
    return Row(name, spec, shape_in, (shape_in[0], spec.units), flat * spec.units + spec.units, weights, formulas)


def trace(specs: Sequence[LayerSpec], image: tuple[int, int, int], batch: int, title: str = "") -> Trace:
    """Every layer's shapes for a batch of `batch` images of shape `image` (C, H, W)."""
    rows = [Row("input", None, (), (batch, *image))]
    counts: dict[str, int] = {}
    shape_now: tuple[int, ...] | None = (batch, *image)
    for spec in specs:
        counts[spec.kind] = counts.get(spec.kind, 0) + 1
        name = f"{spec.kind.capitalize()}{counts[spec.kind]}"
        if shape_now is None:
            rows.append(Row(name, spec, (), None))
            continue
        try:
            if spec.kind in ("conv", "pool"):
                if len(shape_now) != 4:
                    raise SettingError(None, t("shapes.error.needs_images", units=shape_now[1]))
                row = _window_row(name, spec, shape_now)
            elif spec.kind == "affine":
                row = _affine_row(name, spec, shape_now)
            else:
                row = Row(name, spec, shape_now, shape_now)
        except SettingError as exc:
            row = Row(name, spec, shape_now, None, error=str(exc))
        rows.append(row)
        shape_now = row.output
    return Trace(title, batch, tuple(rows))


def compute(s: ShapesSettings) -> Trace:
    return trace(s.specs, s.input, s.batch, s.title)


def as_custom(s: ShapesSettings) -> ShapesSettings:
    """The same network written out as the learner's own layers, to change from there."""
    return dataclasses.replace(s, network="custom", layers=s.specs)


# -- as text, for the pane and the console ------------------------------------------------------------

def count_text(count: int, compact: bool = False) -> str:
    """A count grouped in thousands ("432,100"), or when `compact` as the im2col inspector's narrow
    table writes it (`short_count`: "9,999", then three figures and a unit, "2.48P"): a table of
    100,000-wide layers then fits 80 columns. Empty for 0."""
    if not count:
        return ""
    return short_count(count) if compact else f"{count:,}"


def dims_text(shape: tuple[int, ...], compact: bool = False) -> str:
    """A shape as the table writes it, "(100, 30, 24, 24)"; when `compact`, without spaces and each
    size past four digits with a unit: "(100k,100k,996,996)"."""
    if not compact:
        return shape_text(shape)
    return shape_text(tuple(unit_count(n) if n >= 10_000 else n for n in shape)).replace(" ", "")


def row_cells(row: Row, wide: bool, compact: bool = False) -> list[str]:
    """The table's cells for one layer: name, output shape (without spaces), parameters; when `wide`,
    name, its words, output shape, parameters and im2col's col with its bytes. `compact` writes
    large numbers with a unit (`count_text`)."""
    output = "—" if row.output is None else dims_text(row.output, compact)
    if not wide:
        return [row.name, output.replace(" ", ""), count_text(row.params, compact)]
    col = f"{dims_text(row.col, compact)} {human_bytes(row.col_bytes)}" if row.col and row.output else ""
    return [row.name, row.spec.text() if row.spec else "", output, count_text(row.params, compact), col]


def table_cells(trace: Trace, wide: bool, compact: bool = False) -> list[list[str]]:
    """The header, a row per layer and the total, as `row_cells` (the parameters column is the one
    before the last when `wide`, the last otherwise)."""
    header = [t("shapes.column.layer"), *([t("shapes.column.words")] if wide else []), t("shapes.column.output"),
              t("shapes.column.params"), *([t("shapes.column.col")] if wide else [])]
    total = ["", *([""] if wide else []), t("shapes.total"), count_text(trace.params, compact), *([""] if wide else [])]
    return [header, *(row_cells(row, wide, compact) for row in trace.rows), total]


def table_width(cells: list[list[str]], gap: int = 2) -> int:
    """Cells the table takes with `gap` between its columns."""
    columns = range(len(cells[0]))
    return sum(max(cell_len(row[i]) for row in cells) for i in columns) + gap * (len(cells[0]) - 1)


def fitting_cells(trace: Trace, width: int, wide: bool = True) -> tuple[list[list[str]], bool]:
    """The table that fits `width`: wide (when asked) with numbers in full, then wide with compact
    numbers, then narrow, in full, then compact; the narrowest when none fits. (cells, wide)."""
    tries = [(True, False), (True, True)] if wide else []
    tries += [(False, False), (False, True)]
    for is_wide, compact in tries:
        cells = table_cells(trace, is_wide, compact)
        if table_width(cells) <= width:
            return cells, is_wide
    return cells, False


def network_lines(trace: Trace, width: int) -> list[str]:
    """`workbench shapes` for a network: the table with each layer's output-size formula on its row
    when that fits `width`; else the table that fits (`fitting_cells`), each layer's col and formula
    on indented lines under its row, wrapped to `width`."""
    formulas = ["; ".join(row.formulas) if row.output else "" for row in trace.rows]
    cells = table_cells(trace, True)
    full = [cells[0] + [t("shapes.column.formula")], *(r + [f] for r, f in zip(cells[1:], formulas)),
            cells[-1] + [""]]
    if table_width(full) <= width:
        return aligned(full, numeric={3})
    cells, wide = fitting_cells(trace, width)
    lines = aligned(cells, numeric={len(cells[0]) - (2 if wide else 1)})
    out = lines[:1]
    for index, row in enumerate(trace.rows):
        out.append(lines[index + 1])
        notes = [] if wide or row.spec is None else [row.spec.text()]
        if not wide and row.col and row.output is not None:
            notes.append(f"{t('shapes.column.col')} {shape_text(row.col)} {no_break(human_bytes(row.col_bytes))}")
        notes += [formula for formula in row.formulas if row.output]
        out += ["    " + line for note in notes for line in wrap(note, max(width - 4, 20))]
    return out + lines[-1:]


def no_break(text: str) -> str:
    """"27.1 TB" kept on one line by `wrap`."""
    return text.replace(" ", NO_BREAK)


def aligned(cells: list[list[str]], numeric: set[int]) -> list[str]:
    """Rows of cells as aligned lines (numbers to the right), two spaces apart, no trailing space."""
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return ["  ".join(" " * (w - cell_len(c)) + c if i in numeric else c + " " * (w - cell_len(c))
                      for i, (c, w) in enumerate(zip(row, widths))).rstrip() for row in cells]


def detail_lines(row: Row, trace: Trace) -> list[tuple[str, str]]:
    """(text, style) lines about one layer: its words and weights, its formula, im2col's col, or its error."""
    lines = []
    head = f"{row.name}: {row.spec.text()}" if row.spec else t("shapes.input_row", shape=shape_text(row.output))
    if row.weights:
        head += " · " + t("shapes.weights", w=shape_text(row.weights[0]), b=shape_text(row.weights[1]))
    lines.append((head, "bold"))
    if row.error:
        return lines + [(row.error, "error")]
    if row.output is None:
        return lines + [(t("shapes.not_reached"), "dim")]
    lines += [(f, "") for f in row.formulas]
    if row.col:
        key = "shapes.col_conv" if row.spec.kind == "conv" else "shapes.col_pool"
        rows = row.col[0] * row.input[1] if row.spec.kind == "pool" else 0
        lines.append((t(key, col=shape_text(row.col), size=human_bytes(row.col_bytes), batch=trace.batch,
                        rows=rows, window=row.spec.window[0] * row.spec.window[1]), "dim"))
    return lines
