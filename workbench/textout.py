"""Plain text for any console: characters its encoding cannot carry become ASCII look-alikes.

A Windows console, PYTHONIOENCODING=ascii or a latin-1 locale cannot encode "·", "—" or "…", and a
bare print() then stops a report halfway with UnicodeEncodeError. Every command that writes plain
text writes through `safe_write` or a `safe_stream`. Imports only the standard library at first (the
catalog's cell widths when a function needs them), so any command can use it.
"""
from __future__ import annotations

import re
from typing import TextIO

ASCII = {
    "·": "-", "•": "*", "—": "--", "–": "-", "−": "-", "…": "...", "✓": "ok", "✔": "ok", "✗": "x",
    "✘": "x", "×": "x", "→": "->", "←": "<-", "↑": "^", "↓": "v", "≤": "<=", "≥": ">=", "≠": "!=",
    "≈": "~", "±": "+/-", "°": " deg", "²": "^2", "³": "^3", "‘": "'", "’": "'", "“": '"', "”": '"',
    "\u00a0": " ",
}
"""Look-alikes for the characters our messages use; anything else unencodable becomes "?"."""


def fit(text: str, encoding: str | None, errors: str = "strict") -> str:
    """`text` as a stream with `encoding` (and `errors` handler) can write it, without an exception."""
    if not encoding:
        return text
    try:
        text.encode(encoding, errors)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:              # an encoding Python does not know: leave the text alone
        return text
    return "".join(_fit_char(char, encoding, errors) for char in text)


def _fit_char(char: str, encoding: str, errors: str) -> str:
    try:
        char.encode(encoding, errors)
        return char
    except UnicodeEncodeError:
        return ASCII.get(char, "?")


def _errors(stream: TextIO) -> str:
    """The stream's own handler if it keeps characters (surrogateescape), else strict."""
    errors = getattr(stream, "errors", None)
    return errors if errors in ("surrogateescape", "surrogatepass") else "strict"


def safe_write(stream: TextIO, text: str) -> int:
    """Write `text` to `stream`, with ASCII look-alikes for what its encoding cannot carry."""
    return stream.write(fit(text, getattr(stream, "encoding", None), _errors(stream)))


class SafeStream:
    """A text stream that writes through `safe_write`; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        return safe_write(self.stream, text)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class NullStream:
    """Where output goes when there is no stream (stdout closed: `workbench data status >&-`): nowhere,
    quietly, as print does when sys.stdout is None."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def safe_stream(stream: TextIO | None) -> TextIO:
    """`stream` wrapped in a SafeStream (once), for print(..., file=...); None (a closed stream) discards."""
    if stream is None:
        return NullStream()
    return stream if isinstance(stream, (SafeStream, NullStream)) else SafeStream(stream)


def filled(fraction: float, cells: int) -> int:
    """How many of `cells` a progress of `fraction` fills: rounded down, so every cell only at the end.

    `fraction` is clipped to 0…1 (NaN counts as 0); a hair under a whole cell from float error
    (29/100 is 0.28999…) still counts as the cell. Shared by the bar and its percentage, so the two agree.
    """
    fraction = max(0.0, min(1.0, fraction)) if fraction == fraction else 0.0
    if fraction >= 1.0:
        return cells
    return min(cells - 1, int(fraction * cells + 1e-9))


def bar(fraction: float, width: int = 24) -> str:
    """A progress bar of `width` characters for a console: "#######................".

    ASCII on purpose, so it survives any console encoding; full only when `fraction` reaches 1.
    """
    count = filled(fraction, width)
    return "#" * count + "." * (width - count)


def bar_percent(fraction: float) -> str:
    """The whole percentage written beside a bar, "99 %": rounded down as the bar is, so "100 %"
    only when the work is done (rounded, 99.6 % would say 100 % beside an unfilled cell)."""
    return f"{filled(fraction, 100)} %"


def no_color() -> bool:
    """Whether the user asked for no colour (the NO_COLOR convention: set and not empty)."""
    import os

    return bool(os.environ.get("NO_COLOR"))


def redraws(stream) -> bool:
    """Whether output to `stream` may redraw itself (a progress bar cleared with ESC[K, curves moved up
    over) and be coloured: a terminal whose TERM is not "dumb". A dumb terminal (Emacs's shell, an
    editor's or a CI's pseudo-terminal) printed those codes as text ("^[[K", "^[[13A", "^[[38;5;12m")
    and garbled every bar and chart; it gets what a file gets, a plain line as the work goes on, and
    its width is still used to break lines."""
    return is_terminal(stream) and not dumb_terminal()


def is_terminal(stream) -> bool:
    """Whether `stream` is a terminal; False for a closed stream or none at all."""
    try:
        return stream.isatty()
    except (ValueError, OSError, AttributeError):
        return False


def dumb_terminal() -> bool:
    """Whether TERM says the terminal is dumb: one that shows escape codes as text (`redraws`)."""
    import os

    return os.environ.get("TERM", "") == "dumb"


PROGRESS_MARGIN = 3
"""Cells a progress line leaves free at the right of the terminal: the terminal echoes ^C after it,
and a line that fills its row pushes that echo onto the next one, where clearing the bar cannot
reach (a stray "^" or "C" stayed behind every Ctrl+C)."""


def terminal_columns(stream=None, fallback: int = 80) -> int:
    """The width of the terminal `stream` writes to (stdout's when None); $COLUMNS first, as shutil reads it.

    shutil.get_terminal_size asks stdout alone, so with stdout in a file (`--json > out.json`) the lines
    and the progress bar written to a terminal on stderr were sized by its fallback: wider than the
    terminal, a bar redrawn with \\r wrapped below itself at every update, flooding it.
    """
    import os
    import shutil

    if stream is not None and not os.environ.get("COLUMNS"):
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
            if columns > 0:
                return columns
        except (AttributeError, ValueError, OSError):     # not a terminal, closed, or no file behind it
            pass
    return shutil.get_terminal_size((fallback, 24)).columns


PAGE_COLUMNS = 80
"""The width of a page printed into a file or a pipe when $COLUMNS does not say: what `less`, a
handout and a mail show, and what argparse and Rich assume there too."""


def page_columns(stream=None, terminal: bool | None = None) -> int:
    """The cells a line printed to `stream` (stdout's when None) may take: its terminal's width, or in a
    file or a pipe $COLUMNS when set, else 80. The console's charts were 99 wide there (its width for
    no terminal), and read in `less` or pasted into a handout at 80 every row wrapped. `terminal` says
    whether `stream` is one when the caller knows (a test's fake terminal)."""
    import os
    import sys

    stream = sys.stdout if stream is None else stream
    if is_terminal(stream) if terminal is None else terminal:
        return terminal_columns(stream)
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else PAGE_COLUMNS


def on_page(text: str, stream=None, hang: int = 0, terminal: bool | None = None, whole: str = "") -> str:
    """`text`, a line of prose printed to `stream` (stdout's when None), broken at words to fit its page
    (`page_columns`, the last cell left free) with `hang` cells more on the rows after its first: on a
    terminal as before, and into a file or a pipe too, where `data status`, `compare --list` and the
    panes' settings ran to 94, 115 and 422 cells, wrapped by `less` or a handout anywhere in a word.
    A quoted command to copy stays on one line where it fits (`wrapped`); `whole`, a path it holds, on
    a row of its own (`message`)."""
    return message(text, page_columns(stream, terminal) - 1, whole, hang)


def message(text: str, width: int, whole: str = "", hang: int = 0) -> str:
    """A run's message in `width` cells, broken at words (`wrapped`), with `whole` (the path of a file it
    saved, to copy) on a row of its own, whole: after "Kept in" it was broken after a "/" ("…/networks/"
    then "chapter3-….npz") where it fitted a row alone, and was copied as two pieces. A path wider than
    any row still goes on after a "/" (`wrapped`), never mid-name. Punctuation after it stays on its row."""
    from workbench.i18n.cells import cell_len

    if not whole or whole not in text or cell_len(text) <= width:
        return wrapped(text, width, hang)
    before, _, after = text.partition(whole)
    tail = after if not after.strip(".,;:)!?") else ""
    rows = [wrapped(before.rstrip(), width, hang)] if before.strip() else []
    rows.append(wrapped(" " * (hang if rows else 0) + whole + tail, width))
    if after and not tail:
        rows.append(wrapped(" " * hang + after.strip(" "), width, hang))
    return "\n".join(rows)


def progress_width(fallback: int = 80, stream=None) -> int:
    """How many cells a progress line redrawn with \\r may take on the terminal of `stream` (stdout's when None)."""
    return max(10, terminal_columns(stream, fallback) - PROGRESS_MARGIN)


def fit_progress(render, width: int, bar_widths: tuple[int, ...] = (20, 16, 12, 8)) -> str:
    """The progress line `render(bar_cells)` in `width` cells, so that redrawing it with \\r never
    wraps (a wrapped line is drawn again below itself at every update, flooding the terminal).

    A shorter bar first; then the " · "-separated parts after the first are left out, the second
    first (the first says where the work is, the last how far the whole run is); cut only as a last
    resort.
    """
    from workbench.i18n.cells import cell_len, ellipsize

    parts = render(bar_widths[0]).count(" · ") + 1
    for left_out in range(parts):
        for cells in bar_widths:
            text = _without_parts(render(cells), left_out)
            if cell_len(text) <= width:
                return text
    return ellipsize(text, width)


def _without_parts(text: str, count: int) -> str:
    """`text` without `count` of its " · "-separated parts: the second, third … and the last one last."""
    parts = text.split(" · ")
    for _ in range(min(count, len(parts) - 1)):
        del parts[1 if len(parts) > 2 else -1]
    return " · ".join(parts)


UNITS = ("s", "ms", "B", "kB", "KB", "MB", "GB", "pts", "samples/s", "images/s")
"""Units written after a number and a space ("1.7 s", "26.4 MB", "3,047 samples/s", and "12.2 %",
"+5.4 %p"): a line is never broken between them."""
_BEFORE_UNIT = re.compile(r"(?<=\d) (?=(?:" + "|".join(UNITS) + r")\b|%)")


COMMAND = re.compile(r"`[^`\n]+`|'workbench [^'\n]*'")
"""A command quoted in a message (`workbench data status`, 'workbench lessons'): kept on one line when it fits."""

_NUMBER = re.compile(r"[(\[]?[−-]?\d[\d,.]*(?:e[−-]?\d+)?[)\];,:]*")
"""A word that is a number, as prose and settings write them: 6, 0.5;, −1000, 1e−4, (2, 7)."""
_LEADING_NUMBER = re.compile(r"[(\[]?[−-]?\d")
"""A word that begins with a number: 6, 59번, 0.3, (2."""
_OPTION = re.compile(r"--[a-z][a-z0-9-]*")
"""A command-line option as written in prose: --set, --train-size (not "--epochs?", which ends a sentence)."""
_LABEL = re.compile(r"[(\[]?[^\W\d_]+")
"""A word of letters alone, a bracket allowed before it: chapter, (default, 기본값, 반복."""
_LONE_SYLLABLE = re.compile(r"[\uac00-\ud7a3][)\].,:;!?]*")
"""A Korean word of one syllable: at a line's start or end it is left alone, cut from the word it is
bound to. Most end or follow the word before ("통과해야 함", "확인한 뒤", "할 수"); see `_LEADS`."""
_LEADS = frozenset("이 그 저 한 두 세 네 새 각 몇 첫 매 더 안 못 잘 꼭 또 및 온".split())
"""One-syllable words bound to the word after them instead: determiners and adverbs ("이 컴퓨터",
"한 줄", "안 됨")."""
_SENTENCE_END = (".", "!", "?", ":")
"""After these a one-syllable word begins the next sentence ("…끝냅니다. 그 뒤"): it may start a line."""


def _held(before: str, after: str) -> bool:
    """Whether a line must not break between the words `before` and `after`: a number stays with the
    word that names it ("chapter 6", "default 0.0001", "반복 59번"), with what it counts ("2 rows",
    "5 epochs") and with the numbers written beside it ("0.3 2.9 4", "1 0.5; 2 -1"), a dash with the
    word before it, a Korean word of one syllable with the word it belongs to ("통과해야 함", "이 컴퓨터"),
    an option with its value ("--set lr=0.1")."""
    if not before or not after:
        return False
    if after[0] == "—" or before in _LEADS:
        return True
    if _LONE_SYLLABLE.fullmatch(after) and after not in _LEADS and not before.endswith(_SENTENCE_END):
        return True
    if _OPTION.fullmatch(before) and not after.startswith(("-", "—", "(", "'", '"')):
        return True
    if _LEADING_NUMBER.match(after):
        return _names_a_number(before) or (_NUMBER.fullmatch(before) is not None
                                           and _NUMBER.fullmatch(after) is not None)
    return before[-1].isdigit() and _NUMBER.fullmatch(before) is not None and _names_a_number(after)


LABEL_WORDS = 3
"""The most words of a label held with its value ("weight decay 5.72e−8", "가중치 감소 5.72e−8")."""
_SEPARATORS = frozenset("· → — – |".split())
"""Words that part the items of a run's message ("test 17.0 % · gap +0.0 pts")."""


def _labels(words: list[str]) -> set[int]:
    """The indices i of `words` where a line must not break between words[i] and words[i+1], as they
    are a label of up to LABEL_WORDS words and the number it names, the item begun after a separator
    (`_SEPARATORS`, a word ending in "," ";" or ":") or by a bracket: "lr 0.000536, weight decay 5.72e−8",
    "· h 1e−4", "(lr 0.001), batch size 100". At 60 columns the search's trial line broke "weight" /
    "decay 5.72e−8", gradcheck's "h" / "1e−4"; within a sentence a label's first word may still end a row."""
    held = set()
    for j, word in enumerate(words):
        if j == 0 or not _LEADING_NUMBER.match(word):
            continue
        k = j
        while k > 0 and j - k < LABEL_WORDS:
            opened = _LABEL.fullmatch(words[k - 1].rpartition("(")[2]) and "(" in words[k - 1][1:]
            if opened:                          # "0.0초(전체 초당 61,554장)": the item begins inside its word
                held.update(range(k - 1, j))
                break
            if not _LABEL.fullmatch(words[k - 1]):
                break
            k -= 1
            if words[k].startswith(("(", "[")) or (k > 0 and (words[k - 1] in _SEPARATORS
                                                            or words[k - 1].endswith((",", ";", ":")))):
                if k == j - 1 or _names_a_number(words[j - 1]):     # "; as in 1 0.5" is prose, not a label
                    held.update(range(k, j))
                break
    return held


def _names_a_number(word: str) -> bool:
    """A word of letters that may name a number or be counted by one: in English three letters or more
    ("to", "in", "as" stay free to end a line), in Korean any ("수 3개")."""
    letters = word.lstrip("([")
    return _LABEL.fullmatch(word) is not None and (len(letters) >= 3 or not letters.isascii())


def keep_together(text: str, room: int) -> str:
    """`text` with NO_BREAK where a line of prose must not break (see `_held`), a number and its unit
    ("1.7 s") and a quoted command included, wherever what is held together fits in `room` cells."""
    from workbench.i18n.cells import NO_BREAK, cell_len

    text = COMMAND.sub(lambda m: m.group(0).replace(" ", NO_BREAK) if cell_len(m.group(0)) <= room else m.group(0),
                       _BEFORE_UNIT.sub(NO_BREAK, text))
    words = text.split(" ")
    labelled = _labels(words)
    groups = [[words[0]]]
    for i, (before, after) in enumerate(zip(words, words[1:])):
        if i in labelled or _held(before, after):
            groups[-1].append(after)
        else:
            groups.append([after])
    return " ".join(NO_BREAK.join(group) if cell_len(" ".join(group)) <= room else " ".join(group)
                    for group in groups)


def _breakable_paths(text: str, widest: int, room: int) -> str:
    """`text` with a break after a "/" of each path or URL too wide for any line (`widest` cells), so
    that it goes on at a folder's or a URL part's start ("…/mnist/" then "train-images…"), not
    wherever the cells ran out ("…train-images-idx3-ubyte." then "gz"); each piece fits `room` cells."""
    from workbench.i18n.cells import cell_len

    def broken(word: str) -> str:
        pieces = []
        while cell_len(word) > widest and "/" in word[:-1]:
            cut = max((i + 1 for i, char in enumerate(word[:-1]) if char == "/" and cell_len(word[:i + 1]) <= room),
                      default=None)
            if cut is None:
                break
            pieces.append(word[:cut])
            word = word[cut:]
        return " ".join(pieces + [word])

    return " ".join(broken(word) for word in text.split(" "))


def wrapped(text: str, width: int, hang: int = 0) -> str:
    """`text` broken at words into lines of at most `width` cells, for prose printed on a terminal
    (the terminal's own wrapping cuts words, paths and numbers anywhere: "0\\n.3 s").

    A line keeps its indent on every row it takes, plus `hang` cells after its first; a number stays
    with its unit, the word naming it and the numbers beside it, a quoted command on one line
    (`keep_together`), a formula stays whole (`workbench.i18n.cells.wrap`), and a path too long for
    any row breaks after a "/"; lines that fit are left exactly as they are, so tables that fit the
    terminal are untouched.
    """
    from workbench.i18n.cells import NO_BREAK, cell_len, wrap, wrap_spans

    rows = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        indent = line[:len(line) - len(body)]
        if cell_len(line) <= width or not body:
            rows.append(line)
            continue
        room = max(10, width - len(indent) - hang)
        body = _breakable_paths(keep_together(body, room), width - len(indent), room)
        _, end = wrap_spans(body, max(10, width - len(indent)))[0]
        pieces = [body[:end].rstrip()] + wrap(body[end:].lstrip(" "), room)
        rows += [(indent if i == 0 else indent + " " * hang) + piece.replace(NO_BREAK, " ")
                 for i, piece in enumerate(pieces) if piece or i == 0]
    return "\n".join(rows)
