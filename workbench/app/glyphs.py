"""Glyph modes: Unicode (box drawing, braille plots, half-block images) or ASCII for every terminal.

Windows consoles with raster fonts and CJK terminals that draw box-drawing characters two cells wide
break the Unicode look: borders tear, braille plots turn to boxes. In ASCII mode borders and rules are
drawn with `+ - |`, plots mark points with ASCII markers, and images are shaded with ` .:-=+*#%@`.
The mode is chosen with `--glyphs`, remembered with the theme, and falls back to ASCII by itself where
the terminal's encoding cannot show the Unicode glyphs (a non-UTF-8 locale).
"""
from __future__ import annotations

import codecs
import os
import sys

UNICODE, ASCII = "unicode", "ascii"
MODES = (UNICODE, ASCII)
PROBE = "─│┌█▀▄⣿●"
"""Glyphs of each kind the Unicode mode draws: a terminal that cannot encode these gets ASCII."""
SHADES = " .:-=+*#%@"
"""Dark to light in ASCII mode (an image's pixel, 0 → space, 1 → @)."""

_mode = UNICODE


def mode() -> str:
    return _mode


def ascii_mode() -> bool:
    return _mode == ASCII


def set_mode(value: str) -> None:
    global _mode
    _mode = value if value in MODES else UNICODE


def can_encode(encoding: str | None) -> bool:
    """Whether text in `encoding` can carry the Unicode mode's glyphs."""
    if not encoding:
        return False
    try:
        codecs.lookup(encoding)
        PROBE.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def terminal_encoding() -> str | None:
    """The encoding the terminal is written in: the output stream's, else the locale's (a browser,
    under textual-serve's driver, shows Unicode whatever the pipes say)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return "utf-8"
    stream = sys.__stdout__
    encoding = getattr(stream, "encoding", None)
    if os.environ.get("PYTHONIOENCODING") or encoding:
        return encoding
    import locale

    return locale.getpreferredencoding(False)


def choose(asked: str | None, remembered: str | None, encoding: str | None = None) -> str:
    """`--glyphs` if given, else ASCII where the terminal cannot encode Unicode glyphs, else the
    remembered mode, else Unicode."""
    if asked in MODES:
        return asked
    if not can_encode(encoding if encoding is not None else terminal_encoding()):
        return ASCII
    return remembered if remembered in MODES else UNICODE


def shade(value: float) -> str:
    """An ASCII character as bright as `value` (0 to 1)."""
    value = 0.0 if value != value else min(max(value, 0.0), 1.0)
    return SHADES[min(int(value * len(SHADES)), len(SHADES) - 1)]


# -- the ASCII look: one filter over every line the app draws ------------------------------------------

_SINGLE = {
    "●": "O", "○": "o", "◉": "@", "◯": "o", "•": "*", "·": ".", "◆": "*", "◇": "*", "■": "#", "□": "#",
    "▪": "#", "▫": "#", "▲": "^", "△": "^", "▼": "v", "▽": "v", "►": ">", "▶": ">", "◀": "<", "◄": "<",
    "→": ">", "←": "<", "↑": "^", "↓": "v", "↔": "-", "↕": "|", "⇒": ">", "⇐": "<", "…": ".", "×": "x",
    "−": "-", "✓": "v", "✔": "v", "✗": "x", "✘": "x", "⚠": "!", "❯": ">", "❮": "<", "⏵": ">", "⏴": "<",
    "░": ":", "▒": "%", "▓": "#", "█": "#", "▀": "-", "▔": "-", "▄": "_", "▁": "_", "▂": "_", "▃": "_",
    "▅": "#", "▆": "#", "▇": "#", "▉": "#", "▊": "|", "▋": "|", "▌": "|", "▍": "|", "▎": "|", "▏": "|",
    "▐": "|", "▕": "|", "▖": ".", "▗": ".", "▘": "'", "▝": "'", "▙": "#", "▚": "#", "▛": "#", "▜": "#",
    "▞": "#", "▟": "#",
}


def _box_char(name: str) -> str:
    if "DIAGONAL CROSS" in name:
        return "X"
    if "DIAGONAL UPPER RIGHT" in name:
        return "/"
    if "DIAGONAL UPPER LEFT" in name:
        return "\\"
    if " AND " in name or "ARC" in name:
        return "+"
    if "HORIZONTAL" in name or name.endswith(("LEFT", "RIGHT")):
        return "-"
    if "VERTICAL" in name or name.endswith(("UP", "DOWN")):
        return "|"
    return "+"


def _braille_char(code: int) -> str:
    dots = bin(code - 0x2800).count("1")
    return " " if dots == 0 else "." if dots <= 2 else ":" if dots <= 4 else "#"


def _table() -> dict[int, str]:
    import unicodedata

    table = {ord(k): v for k, v in _SINGLE.items()}
    for code in range(0x2500, 0x2580):
        table.setdefault(code, _box_char(unicodedata.name(chr(code), "")))
    for code in range(0x2800, 0x2900):
        table[code] = _braille_char(code)
    return table


ASCII_TABLE = _table()
"""Unicode glyph → the one ASCII character drawn in its cell (so widths never change)."""


def to_ascii(text: str) -> str:
    return text.translate(ASCII_TABLE)


def _make_filter():
    """The line filter class, made on first use (Textual is imported only here)."""
    from functools import lru_cache

    from rich.color import Color as RichColor
    from rich.segment import Segment
    from rich.style import Style
    from textual.filter import LineFilter

    @lru_cache(4096)
    def image_cell(style: Style, background: tuple[int, int, int]) -> tuple[str, Style]:
        """A half-block image cell (two pixels, as colour and background) as one shaded character."""
        top, bottom = style.color.get_truecolor(), style.bgcolor.get_truecolor()
        mean = [(a + b) / 2 for a, b in zip(top, bottom)]
        far = max(sum((255 - c if c < 128 else c) ** 2 for c in background), 1) ** 0.5
        distance = sum((m - c) ** 2 for m, c in zip(mean, background)) ** 0.5
        colour = RichColor.from_rgb(*mean)
        return shade(distance / far), style + Style(color=colour, bgcolor=RichColor.from_rgb(*background))

    class AsciiGlyphs(LineFilter):
        """Every box, block, braille and marker glyph as ASCII; half-block image cells shaded."""

        def apply(self, segments: list[Segment], background) -> list[Segment]:
            out = []
            back = background.rgb
            for segment in segments:
                text, style, control = segment
                if control or text.isascii():
                    out.append(segment)
                elif "▀" in text and style is not None and style.color is not None and style.bgcolor is not None:
                    char, shaded = image_cell(style, back)
                    out.append(Segment(char * len(text) if text.strip("▀") == "" else
                                       to_ascii(text.replace("▀", char)), shaded))
                else:
                    out.append(Segment(to_ascii(text), style))
            return out

    return AsciiGlyphs


_filter_class = None


def line_filter():
    """A new instance of the ASCII filter (a Textual LineFilter)."""
    global _filter_class
    if _filter_class is None:
        _filter_class = _make_filter()
    return _filter_class()
