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
