"""Keep a number and its unit on one line: "96 %" never wraps between 96 and %.

Korean writes a space before % ("정확도 96 %"), and a line that breaks there leaves a lone "%" at the
start of the next row. The typographer's cure is a no-break space (U+00A0), but two things undo it on
the way to the screen: Textual's Markdown turns every run of whitespace in a paragraph into one plain
space, and Rich, which wraps Textual's text, breaks at any Unicode space. So the lesson text carries
a word joiner (U+2060, not whitespace) where the space goes, the paragraph blocks turn it into U+00A0
after Textual's clean-up (same length, so styles keep their places), and `install()` teaches Rich's
word splitter that U+00A0 joins the words on either side. Textual is pinned in pyproject.toml; the
tests wrap a line at the bad spot and fail if an upgrade undoes this.
"""
from __future__ import annotations

import re

NO_BREAK = "\u00a0\u202f"
JOINER = "\u2060"
"""What stands for the no-break space until the paragraph is built (whitespace would be collapsed)."""
_WORD = re.compile(rf"[^\S{NO_BREAK}]*(?:\S|[{NO_BREAK}])+[^\S{NO_BREAK}]*")
_UNIT = re.compile(r"(\d) (%p?)(?![A-Za-z])")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)


def install() -> None:
    """Make Rich's (and so Textual's) word wrapping keep no-break spaces inside words. Idempotent."""
    from rich import _wrap

    _wrap.re_word = _WORD


def together(text: str) -> str:
    """`text` with its spaces made no-break, so that a label and its value ("시그모이드 0.731",
    "w₁ = −0.5") wrap as one word between the items of a readout, never inside one (installs the
    word splitter that honours it)."""
    install()
    return text.replace(" ", "\u00a0")


def glue_units(text: str, joiner: str = JOINER) -> str:
    """`text` with the space between a number and the % after it replaced by `joiner`; code is left as
    it is (`10 % 3` stays Python)."""
    parts = _CODE.split(text)
    return "".join(part if index % 2 else _UNIT.sub(f"\\1{joiner}\\2", part) for index, part in enumerate(parts))


def unjoin(text: str) -> str:
    """The joiners glue_units put in, as no-break spaces (the same length)."""
    return text.replace(JOINER, "\u00a0")
