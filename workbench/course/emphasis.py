"""Asterisks that Markdown shows as asterisks: a `**` or `*` that CommonMark does not close.

`**[**와` looks bold to its writer but renders as `**[**와`: a closing `**` after punctuation must
be followed by a space or punctuation, not by a letter (CommonMark's flanking rules), so Korean
particles glued to bold punctuation break it. The app renders lesson text with Textual's Markdown,
which parses it with markdown-it-py; this parses it the same way and reports every asterisk left
as text, so `workbench lessons check` can say where. A `\\*` is meant literally and is not reported,
nor is a lone `*` between spaces (as in `2 * 3`), which CommonMark never reads as emphasis.
"""
from __future__ import annotations

import re
from functools import cache

_RUN = re.compile(r"\*+")


@cache
def _parser():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like")   # the preset Textual's Markdown widget uses
    parser.core.ruler.disable("text_join")   # keep `\*` (text_special) apart from plain text
    return parser


def unclosed(text: str) -> list[tuple[int, str]]:
    """(0-based line in `text`, the run of asterisks) for every `*` or `**` that renders as itself."""
    found = []
    for block in _parser().parse(text):
        if block.type != "inline" or not block.children or block.map is None:
            continue
        line = block.map[0]
        for token in block.children:
            if token.type in ("softbreak", "hardbreak"):
                line += 1
            elif token.type == "text" and "*" in token.content:
                content = token.content
                for run in _RUN.finditer(content):
                    before = content[run.start() - 1] if run.start() else "x"
                    after = content[run.end()] if run.end() < len(content) else "x"
                    if not (before.isspace() and after.isspace()):
                        found.append((line, run.group()))
    return found
