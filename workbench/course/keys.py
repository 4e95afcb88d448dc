"""The keys a step's text tells the learner to press, so that the footer can keep them in view.

A lesson writes a key as inline code, `+`, or in bold, **v**: one character each (the book's variables
are names, not single letters, more often than not; a variable such as `x` that is also a key only
moves that key forward in the footer), an arrow (`→`), or a named key (`space`, **스페이스**, `Enter`, `Esc`,
`Tab`, `F1`…`F10`). Only these are keys: a bold Korean syllable (**층**) or a word is emphasis. Code
blocks are skipped. The minus sign − counts as -.
"""
from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.MULTILINE | re.DOTALL)
_KEY = re.compile(r"`([^`\s]{1,5})`|\*\*([^*\s]{1,5})\*\*")
_SAME = {"−": "-", "–": "-"}
ARROWS = "←→↑↓"
NAMED = {"space": "space", "enter": "⏎", "esc": "esc", "tab": "tab", "스페이스": "space",
         **{f"f{number}": f"f{number}" for number in range(1, 11)}}
"""A named key, as the footer shows it (Textual's `format_key` of its binding), by how a text writes it
(in any case; Korean names the space bar 스페이스, as the footer's "(space로 계속)" does not in a sentence)."""


def key_name(text: str) -> str | None:
    """The key `text` names, as the footer shows it (`−` as `-`, `Enter` as `⏎`), or None if it names none:
    one printable ASCII character, an arrow, or a named key."""
    text = _SAME.get(text, text)
    if len(text) == 1:
        return text if (text.isascii() and text.isprintable() and not text.isspace()) or text in ARROWS else None
    return NAMED.get(text.lower()) if text in (text.lower(), text.capitalize(), text.upper()) else None


def is_key(text: str) -> bool:
    """Whether `text`, in code or bold, is a key the learner can press."""
    return key_name(text) is not None


def mentioned_keys(markdown: str) -> tuple[str, ...]:
    """The keys `markdown` mentions, in order of first mention, each once."""
    text = _FENCE.sub("", markdown)
    found = (key_name(code or bold) for code, bold in _KEY.findall(text))
    return tuple(dict.fromkeys(key for key in found if key is not None))
