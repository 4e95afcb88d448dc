"""Every lesson as a reader sees it beside its pane, at 80×24 (a text column of 38 cells, 36 once a
scrollbar takes two) and at 120×40 (46), in English and Korean: no row ends inside a tuple, a product
or a formula, also where the source breaks its line inside one ("(2.30, 1.90," above "1.61, …)"):
the lesson text joins a paragraph's lines before gluing, as Markdown reads them. Code that is not
mathematics may break at its spaces (a no-break space would not paste into Python), so here a code
span is one word, and a key in bold, "(**s**, weight_decay = 0.1)", no tuple's first term."""
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from textual.content import Content

from test_chapter7_text_rows import PRODUCT_END, PRODUCT_START, ends_inside_a_tuple
from test_no_break import _key, broken_products
from workbench.app.no_break import glue_markdown, install, unjoin

FILES = sorted(Path(__file__).resolve().parents[2].glob("lessons/*/*.md"))
WIDTHS = (36, 38, 46)
OPERATOR_END = re.compile(r"(^|\s)[=+−×/<>≤≥≈≠→]$")
OPERAND_START = re.compile(r"[(\[]?(?:−?\d|[A-Za-z]\b)")
"""A row that starts with a number or a symbol, an operator's operand ("Press +" over "to go back": a key)."""


def shown_rows(path: Path, width: int) -> list[tuple[str, list[str]]]:
    """Each paragraph of the lesson at `path` as one line and as rows of `width` cells, as the lesson text
    glues and wraps it."""
    install()
    rows = []
    for token in MarkdownIt("gfm-like").parse(glue_markdown(path.read_text(encoding="utf-8"))):
        if token.type != "inline" or not token.children:
            continue
        plain = unjoin("".join(" " if child.type == "softbreak" else child.content.replace(" ", "_")
                               if child.type == "code_inline" else _key(token.children, index)
                               for index, child in enumerate(token.children)))
        rows.append((plain, [line.plain.rstrip() for line in Content(plain).wrap(width)]))
    return rows


def broken_rows(path: Path, width: int) -> list[tuple[str, str]]:
    """Row pairs of the lesson at `path`, `width` cells wide, that split a tuple, a product or a formula
    (code wider than the row, cut inside itself, aside)."""
    broken = []
    for plain, rows in shown_rows(path, width):
        pairs = list(zip(rows, rows[1:]))
        broken += [(upper, lower) for upper, lower in pairs
                   if ends_inside_a_tuple(upper, lower) or PRODUCT_END.search(upper) or PRODUCT_START.match(lower)
                   or (OPERATOR_END.search(upper) and OPERAND_START.match(lower))]
        broken += [pair for pair in broken_products(rows) if not folded(plain, *pair)]
    return broken


def folded(plain: str, upper: str, lower: str) -> bool:
    """Whether the wrap cut a word too wide for the row between `upper` and `lower` (no space there)."""
    return upper + lower in plain and not any(f"{upper}{space}{lower}" in plain for space in " \u00a0")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_row_ends_inside_a_tuple_a_product_or_a_formula(path, width):
    assert broken_rows(path, width) == []
