"""Screen width of text in terminal cells, without Rich: wide (East Asian) characters take two cells,
combining marks and zero-width characters none. Used wherever a length limit means "fits on screen"."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """0, 1 or 2 cells for one character."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """Cells `text` takes on one line of a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


NO_BREAK = "\u00a0"
"""A space that `wrap` never breaks at: between a number and its unit ("95.7\u00a0%"), inside a formula."""


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces only (never at NO_BREAK, so "95.7 %"
    or a formula written with no-break spaces stays on one line; they print as spaces). A word wider
    than `width` is cut into pieces. Line breaks in `text` are kept."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while cell_len(word) > width:
                piece = _cut(word, width)
                lines.append(piece)
                word = word[len(piece):]
            line = word
        lines.append(line)
    return [line.rstrip() for line in lines]


def _cut(text: str, width: int) -> str:
    """The longest start of `text` that fits in `width` cells (at least one character)."""
    used = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > width:
            return text[:max(index, 1)]
    return text


FILLER = "\u2060"
"""A zero-width character `for_plotext` puts after each wide character; strip it from the picture."""


def for_plotext(text: str) -> str:
    """`text` for a plotext title, label or legend: plotext counts every character as one cell, so
    each wide character (a Hangul syllable takes two) is followed by FILLER to hold its second cell.
    Remove FILLER from what plotext builds (`picture.replace(FILLER, "")`) and every frame lines up."""
    if text.isascii():
        return text
    return "".join(char + FILLER * (char_width(char) - 1) for char in text)
