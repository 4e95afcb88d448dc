"""Chapter 7: one batch through im2col, the book's convolution and pooling, and back through col2im.

The learner's sizes are checked here first, with messages naming the setting at fault (the
window that does not fit, the stride that does not tile, the channels that differ, the col that
would not fit in memory), so the pane can show them next to that control. Then the library makes
every array the pane shows: `im2col`, `col2im`, `Convolution` and `Pooling` of `workbench.nn`.
The stages of the book's code (padding, the 6-D array, its transpose, col, col_W, the product and
its reshapes) are listed with their shapes, element counts and bytes, for any size; the numbers
themselves only for batches small enough to read.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.i18n import t
from workbench.i18n.numbers import human_bytes, num  # noqa: F401 - human_bytes: the shapes pane's and CLI's import
from workbench.models.im2col_settings import LAYERS, SIZE_MAX, VIEWS, Im2colSettings  # noqa: F401 - for the pane
from workbench.models.settings import SettingError
from workbench.nn.im2col import col2im, conv_output_size, im2col, pad_images
from workbench.nn.layers import Convolution, Pooling

ITEMSIZE = np.dtype(np.float32).itemsize
"""Bytes per number: the library computes in float32."""
MEMORY_LIMIT = 256 * 2 ** 20
"""The largest col the pane agrees to describe, in bytes; larger sizes are refused with the reason."""
SHOWN = {"rows": 64, "columns": 36, "images": 8, "side": 16}
"""The largest batch whose numbers the pane builds and draws: col rows and columns, N·C images, H or W
after padding."""


# -- checking sizes ------------------------------------------------------------------------------

def axis_word(axis: str) -> str:
    return t(f"im2col.axis.{axis}")


def output_size(size: int, window: int, stride: int, pad: int, *, axis: str = "height",
                window_key: str = "filter") -> int:
    """Windows along one axis, (size + 2·pad − window)/stride + 1, from the library once checked.

    A window larger than the padded input is blamed on `window_key`; an output that is not whole on
    the stride, with a stride or a pad that would work.
    """
    if stride < 1:
        raise SettingError("stride", t("im2col.error.stride", stride=stride))
    if pad < 0:
        raise SettingError("pad", t("im2col.error.pad", pad=pad))
    padded = size + 2 * pad
    if window > padded:
        raise SettingError(window_key, t("im2col.error.too_big", axis=axis_word(axis), window=window,
                                         size=size, pad=pad, padded=padded,
                                         need=math.ceil((window - size) / 2)))
    span = padded - window
    if span % stride:
        raise SettingError("stride", t("im2col.error.not_whole", axis=axis_word(axis), size=size, pad=pad,
                                       window=window, stride=stride, value=not_whole_text(span, stride),
                                       fix=(pooling_fix if window_key == "pool" else _tiling_fix)(
                                           size, window, stride, pad)))
    return conv_output_size(size, window, stride, pad)


def not_whole_text(span: int, stride: int) -> str:
    """span/stride + 1, which is not whole, with as many decimals as it takes to show that it is not
    (2 at most unless more are needed): 23/2 + 1 → "12.5", 1/4096 + 1 → "1.0002", never a bare "1"."""
    value = span / stride + 1
    for places in range(2, 10):
        if round(value, places) != round(value):
            return num(round(value, places))
    return f"{span // stride + 1} + {span % stride}/{stride}"


def _tiling_fix(size: int, window: int, stride: int, pad: int) -> str:
    """A stride (always) and a pad (when one exists) that make the windows tile exactly."""
    span = size + 2 * pad - window
    smaller = max(d for d in range(1, stride) if span % d == 0)
    pads = [p for p in range(pad + 1, pad + stride) if (size + 2 * p - window) % stride == 0]
    if pads:
        return t("im2col.fix.stride_or_pad", stride=smaller, pad=pads[0])
    return t("im2col.fix.stride", stride=smaller)


def pooling_fix(size: int, window: int, stride: int, pad: int, *, can_pad: bool = True) -> str:
    """A padding, a pooling window, or else an input size, that make pooling windows tile exactly
    (no padding when the layer cannot take one: a network's `pool SIZE [stride S]` in the shapes pane).

    Pooling shrinks an image by its window, stride and window alike (the book's Pooling), so a
    smaller stride is no answer: it would make the windows overlap. A window keeps its stride equal
    to it when it was so.
    """
    def tiles(n: int, w: int, s: int) -> bool:
        return n >= w and (n - w) % s == 0

    same = stride == window
    pads = [p for p in range(pad + 1, pad + window) if tiles(size + 2 * p, window, stride)] if can_pad else []
    padded = size + 2 * pad
    windows = sorted((w for w in range(2, padded) if w != window and tiles(padded, w, w if same else stride)),
                     key=lambda w: (abs(w - window), w))
    if pads and windows:
        return t("im2col.fix.pool_or_pad", window=windows[0], pad=pads[0])
    if windows:
        return t("im2col.fix.pool", window=windows[0])
    if pads:
        return t("im2col.fix.pad", pad=pads[0])
    sizes = [n for n in range(max(window, size - 2 * stride), size + 2 * stride + 1)
             if n != size and tiles(n + 2 * pad, window, stride)]
    smaller = max((n for n in sizes if n < size), default=None)
    larger = min(n for n in sizes if n > size)
    words = "im2col.fix" if can_pad else "shapes.fix"     # "no window or pad tiles it" / "make it … by changing …"
    if smaller is None:
        return t(f"{words}.input_larger", larger=larger)
    return t(f"{words}.input", smaller=smaller, larger=larger)


def shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


# -- sizes (Im2colSettings check theirs with sizes_of) ------------------------------------------

@dataclass(frozen=True)
class Sizes:
    """Every size the book names: N, C, H, W; FN, FH, FW (the pool's PH, PW for pooling); S, P; OH, OW."""

    layer: str
    N: int
    C: int
    H: int
    W: int
    FN: int
    FH: int
    FW: int
    S: int
    P: int
    OH: int
    OW: int

    @property
    def col_shape(self) -> tuple[int, int]:
        return (self.N * self.OH * self.OW, self.C * self.FH * self.FW)

    @property
    def padded(self) -> tuple[int, int]:
        return (self.H + 2 * self.P, self.W + 2 * self.P)


def sizes_of(s: Im2colSettings, limit: int | None = MEMORY_LIMIT) -> Sizes:
    """The settings' sizes, checked (see `check_sizes`)."""
    return check_sizes(s.layer, s.input, s.filter, s.pool, s.stride, s.pad, limit)


def check_sizes(layer: str, images: tuple[int, ...], filters: tuple[int, ...], pool: tuple[int, ...],
                stride: int, pad: int, limit: int | None = MEMORY_LIMIT) -> Sizes:
    """Sizes of a convolution (`filters`) or a pooling (`pool`), checked: channels agree, windows fit
    and tile, and col takes at most `limit` bytes (None: no limit, nothing is allocated)."""
    N, C, H, W = images
    if layer == "conv":
        FN, FC, FH, FW = filters
        if FC != C:
            raise SettingError("filter", t("im2col.error.channels", fc=FC, c=C))
    else:
        FN, (FH, FW) = C, pool
    window_key = "filter" if layer == "conv" else "pool"
    OH = output_size(H, FH, stride, pad, axis="height", window_key=window_key)
    OW = output_size(W, FW, stride, pad, axis="width", window_key=window_key)
    sizes = Sizes(layer, N, C, H, W, FN, FH, FW, stride, pad, OH, OW)
    rows, columns = sizes.col_shape
    if limit is not None and rows * columns * ITEMSIZE > limit:
        raise SettingError("input", t("im2col.error.memory", rows=rows, columns=columns,
                                      size=human_bytes(rows * columns * ITEMSIZE), limit=human_bytes(limit)))
    return sizes


# -- the stages of the book's code -----------------------------------------------------------------

@dataclass(frozen=True)
class Stage:
    """One array the book's code makes: what it is (`key`, a catalog word), the code, its shape."""

    key: str
    code: str
    shape: tuple[int, ...]

    @property
    def elements(self) -> int:
        return math.prod(self.shape)

    @property
    def bytes(self) -> int:
        return self.elements * ITEMSIZE


def stages(z: Sizes) -> tuple[Stage, ...]:
    """The arrays of the book's im2col and Convolution.forward (or Pooling.forward), in order."""
    N, C, FH, FW, OH, OW = z.N, z.C, z.FH, z.FW, z.OH, z.OW
    unfold = (
        Stage("input", "x", (N, C, z.H, z.W)),
        Stage("padded", "img = np.pad(x, …)", (N, C, *z.padded)),
        Stage("six_d", "col = np.zeros(…)", (N, C, FH, FW, OH, OW)),
        Stage("transposed", "col.transpose(0, 4, 5, 1, 2, 3)", (N, OH, OW, C, FH, FW)),
        Stage("col", "col.reshape(N*OH*OW, -1)", z.col_shape),
    )
    if z.layer == "conv":
        rows = N * OH * OW
        return unfold + (
            Stage("col_w", "col_W = W.reshape(FN, -1).T", (C * FH * FW, z.FN)),
            Stage("product", "np.dot(col, col_W) + b", (rows, z.FN)),
            Stage("reshaped", "out.reshape(N, OH, OW, -1)", (N, OH, OW, z.FN)),
            Stage("output", "out.transpose(0, 3, 1, 2)", (N, z.FN, OH, OW)),
        )
    rows = N * OH * OW * C
    return unfold + (
        Stage("pool_rows", "col.reshape(-1, PH*PW)", (rows, FH * FW)),
        Stage("maxima", "np.max(col, axis=1)", (rows,)),
        Stage("reshaped", "out.reshape(N, OH, OW, C)", (N, OH, OW, C)),
        Stage("output", "out.transpose(0, 3, 1, 2)", (N, C, OH, OW)),
    )


def growth_text(found: tuple[Stage, ...], z: Sizes) -> str:
    """How many times more numbers col holds than the input, in numbers and in bytes, in words; where the
    windows tile the input (SimpleConvNet's 2 × 2 pooling, stride 2), that each pixel is copied once (7.3
    read "1.00 times as many ... because each pixel is copied once for every window that covers it")."""
    x, col = found[0], next(stage for stage in found if stage.key == "col")
    key = "im2col.growth.tiled" if tiled(z) else "im2col.growth"
    return t(key, ratio=num(col.elements / x.elements, 2), col=human_bytes(col.bytes),
             x=human_bytes(x.bytes), col_count=f"{col.elements:,}", x_count=f"{x.elements:,}")


def tiled(z: Sizes) -> bool:
    """Whether the windows cover every pixel of the input once: no padding, a stride of the window's
    size, and windows up to the input's edge."""
    return z.P == 0 and z.S == z.FH == z.FW and z.OH * z.S == z.H and z.OW * z.S == z.W


def size_formulas(z: Sizes) -> list[str]:
    """"OH = (4 + 2·0 − 3)/1 + 1 = 2" and the same for OW (one line when both are the same)."""
    return output_formulas((z.H, z.W), (z.FH, z.FW), z.S, z.P, (z.OH, z.OW))


def output_formulas(size: tuple[int, int], window: tuple[int, int], stride: int, pad: int,
                    out: tuple[int, int]) -> list[str]:
    """The output-size formula of both axes with the numbers filled in; one line when they agree."""
    oh, ow = (formula(size[i], window[i], stride, pad, out[i]) for i in (0, 1))
    return [f"OH = OW = {oh}"] if oh == ow else [f"OH = {oh}", f"OW = {ow}"]


def formula(size: int, window: int, stride: int, pad: int, out: int) -> str:
    """"(4 + 2·0 − 3)/1 + 1 = 2": the output-size formula with the numbers filled in."""
    return f"({size} + 2·{pad} − {window})/{stride} + 1 = {out}"


# -- the numbers, for small batches ---------------------------------------------------------------

@dataclass(frozen=True)
class Arrays:
    """The library's arrays for one small batch, and where every col entry was copied from.

    `source` has col's shape: the flat index (into x) + 1 of the pixel each entry copies, 0 for
    padding; it is im2col applied to the pixels' numbers, so the library itself says where each
    entry comes from. For pooling, `rows`/`row_source` are col reshaped to one window per row.
    `gradient` is what flows back: dcol for a convolution (into col2im), dout for pooling, and
    `dx` is the library's result (col2im, or Pooling.backward); `coverage` counts the windows over
    each pixel (col2im of ones).
    """

    x: np.ndarray
    img: np.ndarray
    col: np.ndarray
    source: np.ndarray
    rows: np.ndarray
    row_source: np.ndarray
    out: np.ndarray
    arg_max: np.ndarray | None
    gradient: np.ndarray
    dx: np.ndarray
    coverage: np.ndarray


BOOK_POOLING_INPUT = ((1, 2, 1, 0),
                      (0, 1, 2, 3),
                      (3, 0, 1, 2),
                      (2, 4, 0, 1))
"""The 4 × 4 input of the book's figure of max pooling (Fig. 7-14): 2 × 2 windows, stride 2, give 2 3 / 4 2."""


def check_book_input(shape: tuple[int, ...]) -> None:
    """`values = book` is the book's one 4 × 4 image: another input shape is refused, naming it."""
    if tuple(shape) != (1, 1, 4, 4):
        raise SettingError("values", t("im2col.error.book", shape=", ".join(map(str, shape))))


def input_values(s: Im2colSettings) -> np.ndarray:
    """The batch: 1, 2, … N·C·H·W in order (as slides number pixels), seeded whole numbers 0 to 9, or
    the book's 4 × 4 image of max pooling."""
    count = math.prod(s.input)
    if s.values == "book":
        return np.array(BOOK_POOLING_INPUT, dtype=np.float32).reshape(s.input)
    if s.values == "random":
        return np.random.default_rng(s.seed).integers(0, 10, size=s.input).astype(np.float32)
    return np.arange(1, count + 1, dtype=np.float32).reshape(s.input)


def too_big_to_show(z: Sizes) -> str | None:
    """Why the numbers of this batch are not drawn (too many rows, columns, images), or None."""
    rows, columns = z.col_shape
    if z.layer == "pool":
        rows, columns = rows * z.C, z.FH * z.FW
    checks = (("rows", rows), ("columns", columns), ("images", z.N * z.C), ("side", max(z.padded)))
    for what, value in checks:
        if value > SHOWN[what]:
            key = "columns.pool" if what == "columns" and z.layer == "pool" else what
            return t(f"im2col.too_big.{key}", value=value, limit=SHOWN[what])
    return None


def arrays_of(s: Im2colSettings, z: Sizes) -> Arrays:
    """Run the library on the batch: im2col, col2im and the layer forward (and backward for pooling)."""
    x = input_values(s)
    index = np.arange(1, x.size + 1, dtype=np.float64).reshape(x.shape)
    source = im2col(index, z.FH, z.FW, z.S, z.P).astype(np.int64)
    col = im2col(x, z.FH, z.FW, z.S, z.P)
    coverage = col2im(np.ones(col.shape, dtype=np.float32), x.shape, z.FH, z.FW, z.S, z.P)
    if s.layer == "conv":
        W = np.ones(s.filter, dtype=np.float32)
        layer = Convolution(W, np.zeros(z.FN, dtype=np.float32), z.S, z.P)
        out = layer.forward(x)
        gradient = np.arange(1, col.size + 1, dtype=np.float32).reshape(col.shape)
        dx = col2im(gradient, x.shape, z.FH, z.FW, z.S, z.P)
        return Arrays(x, pad_images(x, z.P), layer.col, source, layer.col, source, out, None, gradient, dx,
                      coverage)
    layer = Pooling(z.FH, z.FW, z.S, z.P)
    out = layer.forward(x)
    gradient = np.arange(1, out.size + 1, dtype=np.float32).reshape(out.shape)
    dx = layer.backward(gradient)
    window = z.FH * z.FW
    return Arrays(x, pad_images(x, z.P), col, source, col.reshape(-1, window), source.reshape(-1, window),
                  out, layer.arg_max, gradient, dx, coverage)


# -- where things come from and go --------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """Where col row `row` was read: image n, channels `channels`, rows y0… and columns x0… of img."""

    row: int
    n: int
    channels: tuple[int, ...]
    y0: int
    x0: int
    height: int
    width: int


def window_of(z: Sizes, row: int) -> Window:
    """The window a row of col (a convolution) or of the pooling rows came from, in padded coordinates."""
    if z.layer == "pool":
        position, c = divmod(row, z.C)
        channels = (c,)
    else:
        position, channels = row, tuple(range(z.C))
    n, rest = divmod(position, z.OH * z.OW)
    oy, ox = divmod(rest, z.OW)
    return Window(row, n, channels, oy * z.S, ox * z.S, z.FH, z.FW)


def entry_position(z: Sizes, row: int, column: int) -> tuple[int, int, int, int]:
    """The padded pixel (n, c, y, x) that entry (row, column) of col (or of the pooling rows) copies."""
    window = window_of(z, row)
    if z.layer == "pool":
        c, (fy, fx) = window.channels[0], divmod(column, z.FW)
    else:
        c, rest = divmod(column, z.FH * z.FW)
        fy, fx = divmod(rest, z.FW)
    return window.n, c, window.y0 + fy, window.x0 + fx


def window_from_pixel(z: Sizes, position: tuple[int, int, int, int], direction: int) -> tuple[int, int]:
    """Where `.` (direction 1) or `,` (−1) goes from padded pixel (n, c, y, x): (row, column) of the
    first (or last) window that holds it, at the pixel's place in that window; for a pixel no window
    holds, the next (or previous) window in reading order, at its first column."""
    n, c, y, x = position
    rows = z.N * z.OH * z.OW * (z.C if z.layer == "pool" else 1)
    windows = [w for w in map(lambda row: window_of(z, row), range(rows)) if c in w.channels]
    holding = [w for w in windows if w.n == n and w.y0 <= y < w.y0 + w.height and w.x0 <= x < w.x0 + w.width]
    if holding:
        w = holding[0] if direction > 0 else holding[-1]
        place = (y - w.y0) * z.FW + (x - w.x0)
        return w.row, place if z.layer == "pool" else c * z.FH * z.FW + place
    if direction > 0:
        after = [w for w in windows if (w.n, w.y0, w.x0) > (n, y, x)]
        return (after[0] if after else windows[0]).row, 0
    before = [w for w in windows if (w.n, w.y0, w.x0) < (n, y, x)]
    return (before[-1] if before else windows[-1]).row, 0


def unpadded(z: Sizes, n: int, c: int, y: int, x: int) -> int | None:
    """The flat index into x of padded pixel (n, c, y, x), None when it is padding."""
    if z.P <= y < z.P + z.H and z.P <= x < z.P + z.W:
        return pixel_index(z, n, c, y - z.P, x - z.P)
    return None


def pixel_index(z: Sizes, n: int, c: int, y: int, x: int) -> int:
    """The flat index into x of pixel (n, c, y, x), unpadded coordinates."""
    return ((n * z.C + c) * z.H + y) * z.W + x


def copies_of(source: np.ndarray, pixel: int) -> list[tuple[int, int]]:
    """Every (row, column) of col (or of the pooling rows) that holds a copy of `pixel`."""
    rows, columns = np.nonzero(source == pixel + 1)
    return list(zip(rows.tolist(), columns.tolist()))


def gradient_terms(a: Arrays, layer: str, pixel: int) -> list[tuple[int, ...]]:
    """What col2im adds into `pixel`: (row, column) entries of dcol for a convolution; for pooling,
    the flat indices into dout of the windows whose maximum (the first one, if tied) is `pixel`."""
    if layer == "conv":
        return copies_of(a.source, pixel)
    winners = a.row_source[np.arange(len(a.row_source)), a.arg_max]
    N, C, OH, OW = a.out.shape
    terms = []
    for j in np.flatnonzero(winners == pixel + 1).tolist():
        position, c = divmod(j, C)
        n, rest = divmod(position, OH * OW)
        terms.append((((n * C + c) * OH * OW) + rest,))
    return terms


def gradient_value(a: Arrays, term: tuple[int, ...]) -> float:
    """The number behind one gradient symbol."""
    return float(a.gradient[term] if len(term) == 2 else a.gradient.reshape(-1)[term[0]])


def symbol(z: Sizes, term: tuple[int, ...]) -> str:
    """The name of a gradient entry, counted from 0 as NumPy and the rest of the screen count: d03 for
    dcol[0, 3]; d2,11 (commas throughout) once an index reaches 10. For pooling, d01 for dout at row
    0, column 1 of a single image, else d and the flat index of dout."""
    if len(term) == 2:
        parts, widest = [term[0], term[1]], max(z.col_shape)
    elif z.N * z.C == 1:
        parts, widest = [term[0] // z.OW, term[0] % z.OW], max(z.OH, z.OW)
    else:
        parts, widest = [term[0]], 0
    glue = "" if widest <= 10 else ","
    return "d" + glue.join(map(str, parts))


# -- the result ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Im2colResult:
    """Sizes, the stages with their shapes, and the arrays when the batch is small enough to draw."""

    settings: Im2colSettings
    sizes: Sizes
    stages: tuple[Stage, ...]
    arrays: Arrays | None
    too_big: str | None
    mine: Any = None
    """With `impl = mine`: the learner's im2col and col2im's state (`workbench.models.im2col_mine.Im2colMine`)."""

    @property
    def growth(self) -> float:
        """How many times more numbers col holds than the input."""
        return self.stages[4].elements / self.stages[0].elements


def compute(s: Im2colSettings) -> Im2colResult:
    z = sizes_of(s)
    reason = too_big_to_show(z)
    result = Im2colResult(s, z, stages(z), None if reason else arrays_of(s, z), reason)
    if s.impl == "mine":
        from workbench.models.im2col_mine import with_mine

        return with_mine(result)
    return result
