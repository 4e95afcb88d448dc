"""DigitCanvas: a 28×28 canvas the learner draws a digit on, with the mouse or the keyboard.

    canvas = DigitCanvas(scale=1, brush=1.4)   # scale 1: 28 cells × 14 lines; 2: 56 × 28
    canvas.drawing                             # a copy: (28, 28) float32, 0 (paper) to 1 (ink)
    canvas.clear(); canvas.load(image)         # both post Changed
    DigitCanvas.fits(width, height)            # the largest scale that fits there (0: none)

    @on(DigitCanvas.Changed)
    def drawn(self, event): ...                # event.drawing is a copy; event.canvas the widget

Mouse: press and drag with the left button to draw, with the right button to erase (a soft round
brush, `brush` pixels in radius). A click does not take the focus, so the lesson's arrow keys keep
working. Keyboard: focus the canvas (the embedding pane binds a key that calls `canvas.focus()`);
the arrows then move a cursor one pixel, space puts the pen down or lifts it, x does the same with
the eraser, and Escape lifts the pen and gives the focus back. Clearing is left to the embedding
pane (`clear()`), which knows which key is free. While dragging, Changed is posted at most every
0.1 s, and once more when the button is released.

At scale 1 each cell shows two pixels, one above the other, with the upper half block (so the mouse,
which reports cells, places the pen between two rows); at scale 2 each pixel is two cells wide and
one line tall.
"""
from __future__ import annotations

import numpy as np
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from workbench.app.localize import Localized
from workbench.app.styles import pane_css

SIZE = 28
UPPER_HALF = "▀"
DRAG_INTERVAL = 0.1
"""Seconds between Changed messages while the mouse drags."""

_ROWS, _COLS = np.mgrid[0:SIZE, 0:SIZE] + 0.5
"""Pixel centres: pixel (r, c) covers [r, r + 1) × [c, c + 1)."""


def stroke(drawing: np.ndarray, start: tuple[float, float], end: tuple[float, float], brush: float,
           *, erase: bool = False) -> np.ndarray:
    """`drawing` with a stroke of a soft round brush from `start` to `end` (row, column; pixel units).

    Each pixel takes the brush's value at its distance from the segment: 1 within `brush − 0.5`,
    fading to 0 over one pixel. Ink only ever darkens a pixel (and the eraser only lightens it).
    """
    a, b = np.asarray(start, float), np.asarray(end, float)
    along = b - a
    length = float(along @ along)
    if length > 0:
        share = np.clip(((_ROWS - a[0]) * along[0] + (_COLS - a[1]) * along[1]) / length, 0, 1)
    else:
        share = np.zeros_like(_ROWS)
    distance = np.hypot(_ROWS - (a[0] + share * along[0]), _COLS - (a[1] + share * along[1]))
    stamp = np.clip(brush + 0.5 - distance, 0, 1).astype(np.float32)
    return np.minimum(drawing, 1 - stamp) if erase else np.maximum(drawing, stamp)


def paper_and_ink(app) -> tuple[np.ndarray, np.ndarray]:
    """The canvas's colours as RGB arrays: the theme's panel colour as paper, its foreground as ink."""
    variables = app.theme_variables
    return (np.array(Color.parse(variables["panel"]).rgb, float),
            np.array(Color.parse(variables["foreground"]).rgb, float))


def pixel_colours(values: np.ndarray, paper: np.ndarray, ink: np.ndarray) -> list[RichColor]:
    """One colour per value (0 paper, 1 ink) of a row of pixels."""
    rgb = np.round(paper + np.clip(values, 0, 1)[:, None] * (ink - paper)).astype(int)
    return [RichColor.from_rgb(*pixel) for pixel in rgb]


def drawing_text(image: np.ndarray, app) -> Text:
    """A 28×28 image as the canvas shows it (paper and ink, two pixels a cell): 28 cells × 14 lines."""
    paper, ink = paper_and_ink(app)
    text = Text()
    for row in range(0, len(image), 2):
        tops, bottoms = pixel_colours(image[row], paper, ink), pixel_colours(image[row + 1], paper, ink)
        for top, bottom in zip(tops, bottoms):
            text.append(UPPER_HALF, Style(color=top, bgcolor=bottom))
        if row + 2 < len(image):
            text.append("\n")
    return text


class DigitCanvas(Localized, Widget, can_focus=True):
    """A 28×28 drawing surface for a digit; posts `Changed` with a copy of the drawing."""

    DEFAULT_CSS = pane_css(__file__)
    FOCUS_ON_CLICK = False
    ALLOW_SELECT = False
    BINDINGS = [
        Binding("up", "move(-1, 0)", id="canvas.cursor_up", show=False),
        Binding("down", "move(1, 0)", id="canvas.cursor_down", show=False),
        Binding("left", "move(0, -1)", id="canvas.cursor_left", show=False),
        Binding("right", "move(0, 1)", id="canvas.cursor_right", show=False),
        Binding("space", "pen('ink')", id="canvas.pen"),
        Binding("x", "pen('erase')", id="canvas.eraser"),
        Binding("escape", "done", id="canvas.done"),
    ]

    scale: reactive[int] = reactive(1, layout=True)
    brush: reactive[float] = reactive(1.4)
    cursor: reactive[tuple[int, int]] = reactive((SIZE // 2, SIZE // 2), init=False)
    pen: reactive[str] = reactive("up", init=False)
    """The keyboard pen: "up", "ink" (drawing as the cursor moves) or "erase"."""

    class Changed(Message):
        """The drawing changed: `drawing` is a copy, (28, 28) float32 in [0, 1]."""

        def __init__(self, canvas: DigitCanvas, drawing: np.ndarray):
            super().__init__()
            self.canvas = canvas
            self.drawing = drawing

        @property
        def control(self) -> DigitCanvas:
            return self.canvas

    def __init__(self, *, scale: int = 1, brush: float = 1.4, **kwargs):
        super().__init__(**kwargs)
        self._drawing = np.zeros((SIZE, SIZE), np.float32)
        self._dragging: str | None = None      # "ink" or "erase" while a mouse button is down
        self._last: tuple[float, float] | None = None
        self._timer = None
        self.set_reactive(DigitCanvas.scale, self._checked_scale(scale))
        self.set_reactive(DigitCanvas.brush, float(brush))

    # -- the public side -----------------------------------------------------------------------------

    @property
    def drawing(self) -> np.ndarray:
        """A copy of the drawing: (28, 28) float32, 0 is paper and 1 is ink."""
        return self._drawing.copy()

    @property
    def is_blank(self) -> bool:
        return not bool(self._drawing.any())

    def clear(self) -> None:
        """Wipe the canvas (and post Changed)."""
        self.load(np.zeros((SIZE, SIZE), np.float32))

    def load(self, image: np.ndarray) -> None:
        """Show `image` (28×28, values 0–1), e.g. a digit of the test set, and post Changed."""
        image = np.asarray(image, dtype=np.float32)
        if image.shape != (SIZE, SIZE):
            raise ValueError(f"a canvas image must be {SIZE}×{SIZE}, got shape {image.shape}")
        self._drawing = np.clip(np.nan_to_num(image), 0, 1)
        self.refresh()
        self._post()

    @staticmethod
    def fits(width: int, height: int) -> int:
        """The largest scale whose canvas fits in `width` cells × `height` lines: 2, 1, or 0 for none."""
        for scale in (2, 1):
            if width >= SIZE * scale and height >= SIZE * scale // 2:
                return scale
        return 0

    @staticmethod
    def _checked_scale(scale: int) -> int:
        if scale not in (1, 2):
            raise ValueError(f"scale must be 1 (28 cells × 14 lines) or 2 (56 × 28), got {scale!r}")
        return scale

    def validate_scale(self, scale: int) -> int:
        return self._checked_scale(scale)

    # -- size and drawing --------------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return SIZE * self.scale

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return SIZE * self.scale // 2

    def render_line(self, y: int) -> Strip:
        paper, ink = paper_and_ink(self.app)
        variables = self.app.theme_variables
        mark = RichColor.parse(Color.parse(variables["error" if self.pen == "erase" else "accent"]).hex)
        cursor = self.cursor if self.has_focus else None
        if self.scale == 1:
            tops = pixel_colours(self._drawing[2 * y], paper, ink)
            bottoms = pixel_colours(self._drawing[2 * y + 1], paper, ink)
            if cursor is not None and cursor[0] // 2 == y:
                (tops if cursor[0] % 2 == 0 else bottoms)[cursor[1]] = mark
            segments = [Segment(UPPER_HALF, Style(color=top, bgcolor=bottom)) for top, bottom in zip(tops, bottoms)]
        else:
            colours = pixel_colours(self._drawing[y], paper, ink)
            if cursor is not None and cursor[0] == y:
                colours[cursor[1]] = mark
            segments = [Segment("  ", Style(bgcolor=colour)) for colour in colours]
        return Strip(segments, SIZE * self.scale)

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_pen(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.pen = "up"
        self.refresh()

    # -- painting ------------------------------------------------------------------------------------

    def _paint(self, start: tuple[float, float], end: tuple[float, float], mode: str) -> None:
        self._drawing = stroke(self._drawing, start, end, self.brush, erase=mode == "erase")
        self.refresh()

    def _post(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(self.Changed(self, self.drawing))

    def _post_soon(self) -> None:
        """Post Changed within DRAG_INTERVAL, however many strokes come before then."""
        if self._timer is None:
            self._timer = self.set_timer(DRAG_INTERVAL, self._post)

    # -- mouse ----------------------------------------------------------------------------------------

    def _pixel_at(self, event: events.MouseEvent) -> tuple[float, float]:
        """The (row, column) in pixel units under the mouse, at the middle of its cell."""
        region = self.content_region
        x, y = event.screen_x - region.x, event.screen_y - region.y
        if self.scale == 1:
            return 2 * y + 1.0, x + 0.5
        return y + 0.5, (x + 0.5) / 2

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button not in (1, 3):
            return
        event.stop()
        self._dragging = "erase" if event.button == 3 else "ink"
        self.capture_mouse()
        self._last = self._pixel_at(event)
        self._paint(self._last, self._last, self._dragging)
        self._post_soon()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging is None:
            return
        event.stop()
        here = self._pixel_at(event)
        self._paint(self._last or here, here, self._dragging)
        self._last = here
        self._post_soon()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging is None:
            return
        event.stop()
        self._dragging, self._last = None, None
        self.release_mouse()
        self._post()

    # -- keyboard -------------------------------------------------------------------------------------

    def action_move(self, rows: int, cols: int) -> None:
        row, col = self.cursor
        new = (min(max(row + int(rows), 0), SIZE - 1), min(max(col + int(cols), 0), SIZE - 1))
        if self.pen != "up" and new != self.cursor:
            self._paint((row + 0.5, col + 0.5), (new[0] + 0.5, new[1] + 0.5), self.pen)
            self._post()
        self.cursor = new

    def action_pen(self, mode: str) -> None:
        """Put the pen (or the eraser) down at the cursor, or lift it if it is already down."""
        if self.pen == mode:
            self.pen = "up"
            return
        self.pen = mode
        centre = (self.cursor[0] + 0.5, self.cursor[1] + 0.5)
        self._paint(centre, centre, mode)
        self._post()

    def action_done(self) -> None:
        """Lift the pen and give the focus back (to the pane around the canvas)."""
        self.pen = "up"
        self.blur()
