"""The keys a step's text tells the learner to press, so that the footer can keep them in view.

A lesson writes a key as inline code, `+`, or in bold, **v**: one character each (the book's variables
are names, not single letters, more often than not; a variable such as `x` that is also a key only
moves that key forward in the footer), or the space bar as `space`. Code blocks are skipped. The minus
sign − counts as -.
"""
from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1", re.MULTILINE | re.DOTALL)
_KEY = re.compile(r"`([^`\s]|space)`|\*\*([^*\s])\*\*")
_SAME = {"−": "-", "–": "-"}


def mentioned_keys(markdown: str) -> tuple[str, ...]:
    """The one-character keys `markdown` mentions, in order of first mention, each once."""
    text = _FENCE.sub("", markdown)
    found = (_SAME.get(code or bold, code or bold) for code, bold in _KEY.findall(text))
    return tuple(dict.fromkeys(found))
