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
from workbench.models.im2col import (ITEMSIZE, axis_word, human_bytes, not_whole_text, output_formulas, output_size,
                                     shape_text)
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
        raise SettingError("stride", t("im2col.error.not_whole", axis=axis_word(axis), size=size, pad=pad,
                                       window=window, stride=stride, value=not_whole_text(span, stride),
                                       fix=_pool_fix(size, window, stride, pad)))
    return output_size(size, window, stride, pad, axis=axis, window_key="pool")


def _pool_fix(size: int, window: int, stride: int, pad: int) -> str:
    """A pooling window that tiles the axis (stride and window alike when they were), or else the
    nearest input sizes that do."""
    def tiles(n: int, w: int, s: int) -> bool:
        return n >= w and (n - w) % s == 0

    same = stride == window
    padded = size + 2 * pad
    windows = sorted((w for w in range(2, padded) if w != window and tiles(padded, w, w if same else stride)),
                     key=lambda w: (abs(w - window), w))
    if windows:
        return t("im2col.fix.pool", window=windows[0])
    sizes = [n for n in range(max(window, size - 2 * stride), size + 2 * stride + 1)
             if n != size and tiles(n + 2 * pad, window, stride)]
    smaller = max((n for n in sizes if n < size), default=None)
    larger = min(n for n in sizes if n > size)
    if smaller is None:
        return t("shapes.fix.input_larger", larger=larger)
    return t("shapes.fix.input", smaller=smaller, larger=larger)


def _affine_row(name: str, spec: LayerSpec, shape_in: tuple[int, ...]) -> Row:
    flat = math.prod(shape_in[1:])
    if spec.inputs is not None and spec.inputs != flat:
        raise SettingError(None, t("shapes.error.inputs", inputs=spec.inputs, units=spec.units, flat=flat,
                                   shape=" × ".join(map(str, shape_in[1:]))))
    weights = ((flat, spec.units), (spec.units,))
    what = "·".join(map(str, shape_in[1:]))
    formulas = (f"{what} = {flat} → {spec.units}",) if len(shape_in) > 2 else ()
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

def count_text(count: int) -> str:
    return f"{count:,}" if count else ""


def row_cells(row: Row, wide: bool) -> list[str]:
    """The table's cells for one layer: name, output shape (without spaces), parameters; when `wide`,
    name, its words, output shape, parameters and im2col's col with its bytes."""
    output = "—" if row.output is None else shape_text(row.output)
    if not wide:
        return [row.name, output.replace(" ", ""), count_text(row.params)]
    col = f"{shape_text(row.col)} {human_bytes(row.col_bytes)}" if row.col and row.output else ""
    return [row.name, row.spec.text() if row.spec else "", output, count_text(row.params), col]


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
