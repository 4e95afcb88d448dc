"""Small images in the terminal: two pixels a cell with the upper-half block "▀" (foreground = upper
pixel, background = lower pixel), for digits, filters and feature maps.

    image_text(digit, app)                     # 28×28 → 28 cells wide, 14 lines
    image_text(filter_, app, signed=True)      # negative weights in one colour, positive in another

Values are scaled to the array's own range (or to `limits`), so a filter's sign and a digit's ink
both show; colours come from the theme, so images follow light and dark themes.
"""
from __future__ import annotations

import numpy as np
from rich.color import Color as RichColor
from rich.style import Style
from rich.text import Span, Text
from textual.app import App
from textual.color import Color

UPPER_HALF = "▀"


def _ramp(app: App, signed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, middle, high) colours as RGB arrays: background to foreground, or error ↔ background ↔ primary."""
    variables = app.theme_variables
    background = np.array(Color.parse(variables["background"]).rgb, dtype=float)
    if signed:
        low = np.array(Color.parse(variables["error"]).rgb, dtype=float)
        high = np.array(Color.parse(variables["primary"]).rgb, dtype=float)
        return low, background, high
    foreground = np.array(Color.parse(variables["foreground"]).rgb, dtype=float)
    return background, background, foreground


def colours(values: np.ndarray, app: App, *, signed: bool = False,
            limits: tuple[float, float] | None = None) -> np.ndarray:
    """An (H, W, 3) uint8 array of theme colours for a 2-D array of values."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"an image must be 2-D, got shape {values.shape}")
    low_c, mid_c, high_c = _ramp(app, signed)
    finite = values[np.isfinite(values)]
    if signed:
        scale = limits[1] if limits is not None else (np.abs(finite).max() if finite.size else 1.0)
        u = np.clip(np.nan_to_num(values) / (scale or 1.0), -1, 1)[..., None]
        rgb = np.where(u >= 0, mid_c + u * (high_c - mid_c), mid_c + (-u) * (low_c - mid_c))
    else:
        lo, hi = limits if limits is not None else ((finite.min(), finite.max()) if finite.size else (0.0, 1.0))
        u = np.clip((np.nan_to_num(values) - lo) / ((hi - lo) or 1.0), 0, 1)[..., None]
        rgb = low_c + u * (high_c - low_c)
    return np.round(rgb).astype(np.uint8)


def _rgb(colour: int) -> tuple[int, int, int]:
    """(r, g, b) of a colour packed as 0xRRGGBB (the low 24 bits)."""
    return (colour >> 16) & 255, (colour >> 8) & 255, colour & 255


_STYLES: dict[int, Style] = {}


def _style(pair: int) -> Style:
    """The Style of a cell whose (upper, lower) colours are packed as 0xRRGGBB_RRGGBB, made once."""
    style = _STYLES.get(pair)
    if style is None:
        if len(_STYLES) >= 1 << 16:
            _STYLES.clear()
        style = _STYLES[pair] = Style(color=RichColor.from_rgb(*_rgb(pair >> 24)), bgcolor=RichColor.from_rgb(*_rgb(pair)))
    return style


def image_text(values: np.ndarray, app: App, *, signed: bool = False,
               limits: tuple[float, float] | None = None) -> Text:
    """A Rich Text of `values` (H×W), H/2 lines (rounded up) of W cells.

    Neighbouring cells of the same two colours share one style span (backgrounds are long runs), and
    each pair of colours makes one Style: a grid of twelve digits takes a few milliseconds, where a
    span and a Style per cell took over a hundred (the training pane redraws it at each key).
    """
    rgb = colours(values, app, signed=signed, limits=limits)
    height, width = rgb.shape[:2]
    if height % 2:
        rgb = np.concatenate([rgb, np.broadcast_to(_ramp(app, signed)[1].astype(np.uint8), (1, width, 3))])
    pixels = rgb.astype(np.int64)
    packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]     # one int a colour
    cells = ((packed[0::2] << 24) | packed[1::2]).ravel()                       # (upper, lower) a cell
    lines = cells.size // width
    runs = np.empty(cells.size, dtype=bool)                                      # where a span starts:
    runs[0] = True
    np.not_equal(cells[1:], cells[:-1], out=runs[1:])                            # a new pair of colours
    runs[::width] = True                                                         # or a new line
    starts = np.flatnonzero(runs)
    ends = np.append(starts[1:], cells.size)
    pairs, which = np.unique(cells[starts], return_inverse=True)
    styles = [_style(pair) for pair in pairs.tolist()]
    # a cell's place in the text: one "\n" before each line but the first
    spans = [Span(start + start // width, end + (end - 1) // width, styles[k])
             for start, end, k in zip(starts.tolist(), ends.tolist(), which.tolist())]
    return Text("\n".join([UPPER_HALF * width] * lines), spans=spans)
