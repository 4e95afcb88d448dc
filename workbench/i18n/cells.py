"""Screen width of text in terminal cells, without Rich: wide (East Asian) characters take two cells,
combining marks and zero-width characters none. Used wherever a length limit means "fits on screen"."""
from __future__ import annotations

import re
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
"""A space that `wrap` never breaks at (it prints as a space)."""

OPERATORS = frozenset("=+-−×·/*<>≤≥≈≠→←⇒^")
"""Characters of the words a formula is joined by: `wrap` does not break at a space beside such a word."""


TRAILING = frozenset({"%", "·"})
"""Words that stay with the word before them but let the line break after them ("95.7 %", "a · b")."""


def _operator(word: str) -> bool:
    return 0 < len(word) <= 2 and all(char in OPERATORS for char in word) and word not in TRAILING


_SIGNS = "Σ∑Π∏½¼¾∂√∇∫"
_SCRIPTS = "₀₁₂₃₄₅₆₇₈₉₊₋ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿᵀ′"
_SYMBOLIC = re.compile(rf"[{_SIGNS}{_SCRIPTS}]|[A-Za-zα-ω]\(")
"""What makes a word a piece of a formula: a sum or product sign, ½, ∂, √…, a sub- or superscript, or
a name written against its bracket ("log(yₖ", "exp(aᵢ)", "f(x)")."""
_FUNCTION = re.compile(r"[−-]?(log|exp|ln|sin|cos|tanh)")
_LETTER = re.compile(r"[(\[]?[−-]?[A-Za-zα-ωΑ-Ω][)\]]?")
"""A single letter, as a factor is written: y, λ, (x), −t."""
_ENDING = re.compile(r"[가-힣]+$|[.,;:!?]+$")
"""A Korean particle or a punctuation mark at a word's end: where a formula ends."""


def _symbolic(word: str) -> bool:
    return _SYMBOLIC.search(word) is not None


def _factor(word: str) -> bool:
    """A symbolic word or a single letter (y, λ), a Korean ending or a punctuation mark after it allowed."""
    core = _ENDING.sub("", word)
    return _symbolic(core) or _LETTER.fullmatch(core) is not None


def implicit_product(before: list[str], word: str) -> bool:
    """Whether `word` multiplies (or is the argument of) the formula that `before` (the words since the
    last break) ends with, though no operator stands between them: "½ Σₖ (yₖ − tₖ)²", "−Σₖ tₖ log(yₖ",
    "Σᵢ exp(aᵢ)", "−log y", "−Σ t log y". A symbolic word next to a symbolic word or a single letter,
    a function name after a formula, a single letter after a function name; never after a word that
    ends the formula with a particle or a punctuation mark ("(yₖ − tₖ)²," and "x가"), and never in prose
    ("on a log scale": a function name joins only a formula already begun)."""
    last = before[-1] if before else ""
    if not last or not word or _ENDING.search(last):
        return False
    if _FUNCTION.fullmatch(word):
        return any(_symbolic(w) for w in before)
    if _FUNCTION.fullmatch(last):
        return _factor(word)
    return (_symbolic(last) and _factor(word)) or (_symbolic(_ENDING.sub("", word)) and _factor(last))


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line of one paragraph of `text` in lines of at most `width` cells.

    Lines break at spaces, not inside a formula: a space beside an operator (`b + w₁x₁ > 0`, `= 0.3`,
    `95.7 %`) holds, and so do one inside an implicit product (`½ Σₖ (yₖ − tₖ)²`) and NO_BREAK. Only a
    formula wider than the line breaks, at its spaces first; a word wider than the line is cut into pieces.
    """
    width = max(1, width)
    words, position = [], 0
    for word in text.split(" "):
        words.append((position, position + len(word)))
        position += len(word) + 1
    chunks: list[list[tuple[int, int]]] = []
    for index, (start, end) in enumerate(words):
        before = text[words[index - 1][0]:words[index - 1][1]] if index else ""
        word = text[start:end]
        if chunks and (_operator(before) or _operator(word) or word in TRAILING
                       or implicit_product([text[a:b] for a, b in chunks[-1]], word)):
            chunks[-1].append((start, end))
        else:
            chunks.append([(start, end)])
    lines: list[tuple[int, int]] = []
    line: tuple[int, int] | None = None

    def put(start: int, end: int) -> None:
        nonlocal line
        if line is not None and cell_len(text[line[0]:end]) <= width:
            line = (line[0], end)
            return
        if line is not None:
            lines.append(line)
        line = None
        while cell_len(text[start:end]) > width:          # a word wider than the line
            cut = start + len(_cut(text[start:end], width))
            lines.append((start, cut))
            start = cut
        line = (start, end)

    for chunk in chunks:
        start, end = chunk[0][0], chunk[-1][1]
        if cell_len(text[start:end]) <= width or len(chunk) == 1:
            put(start, end)
        else:                                                # a formula wider than a line
            for word in chunk:
                put(*word)
    if line is not None:
        lines.append(line)
    return lines


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at words and never inside a formula (see
    `wrap_spans`). Line breaks in `text` are kept."""
    return [paragraph[start:end].rstrip() for paragraph in text.split("\n")
            for start, end in wrap_spans(paragraph, width)]


def wrap_even(text: str, width: int) -> list[str]:
    """`wrap`, but a paragraph whose last row would hold one word alone ("place.", "않습니다.") is wrapped
    a little narrower, when that brings a second word down without costing a row. Words joined by a
    no-break space count as one (a number kept with its word: "to 2")."""
    return [row for paragraph in text.split("\n") for row in _without_widow(paragraph, width)]


def _without_widow(paragraph: str, width: int) -> list[str]:
    rows = wrap(paragraph, width)
    if len(rows) < 2 or " " in rows[-1].strip():
        return rows
    for narrower in range(width - 1, max(width * 2 // 3, 1), -1):
        tried = wrap(paragraph, narrower)
        if len(tried) > len(rows):
            break
        if " " in tried[-1].strip():
            return tried
    return rows


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


def ellipsize(text: str, width: int) -> str:
    """`text` cut to `width` cells, ending in "…" when something was cut."""
    if cell_len(text) <= width:
        return text
    return _cut(text, max(width - 1, 1)).rstrip() + "…" if width > 1 else "…"


def ellipsize_words(text: str, width: int) -> str:
    """`text` cut to `width` cells after its last whole word that fits, ending in " …" when something
    was cut; cut inside a word (as `ellipsize`) only when not even the first word fits."""
    if cell_len(text) <= width:
        return text
    start = _cut(text, max(width - 2, 1))
    if text[len(start)] != " " and " " in start:
        start = start[:start.rindex(" ")]
    elif text[len(start)] != " ":
        return ellipsize(text, width)
    return _without_dangling_end(start.rstrip()) + " …"


DANGLING_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
                  "to", "vs", "with", "및", "또는"}
"""Words a cut line should not end on: "Overfitting, regularization and …" reads as if a word were lost."""
DANGLING_MARKS = ",;:·—–-(/"


def _without_dangling_end(start: str) -> str:
    """`start` less the connecting words and marks at its end (at least its first word stays)."""
    words = start.split(" ")
    while len(words) > 1 and (words[-1].lower() in DANGLING_WORDS or not words[-1].strip(DANGLING_MARKS)):
        words.pop()
    kept = " ".join(words)
    trimmed = kept.rstrip(DANGLING_MARKS)
    return trimmed if trimmed else kept
