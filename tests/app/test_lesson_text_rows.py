"""Every lesson as a reader sees it beside its pane, at 80×24 (a text column of 38 cells, 36 once a
scrollbar takes two) and at 120×40 (46), in English and Korean: no row ends inside a tuple, a product
or a formula, also where the source breaks its line inside one ("(2.30, 1.90," above "1.61, …)"):
the lesson text joins a paragraph's lines before gluing, as Markdown reads them. A code span breaks
only where it is wider than its row ("dcol[0," above "3]" in 7.2), and a key in bold stays with the
word after it ("(s," above "dataset = fashion-mnist)" in 6.3); a key in bold is no tuple's first term."""
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len
from textual.content import Content

from test_chapter7_text_rows import PRODUCT_END, PRODUCT_START, ends_inside_a_tuple
from test_no_break import _key, broken_products
from workbench.app.no_break import JOINER, divide_line, glue_markdown, install, is_maths, spaced, unjoin
from workbench.course.keys import is_key

FILES = sorted(Path(__file__).resolve().parents[2].glob("lessons/*/*.md"))
WIDTHS = (36, 38, 46)
BREAKABLE = re.compile(r"[^\S\u00a0\u202f]")
KEY_END = re.compile(r"(^|\s)\(?_[,:;]?$")
"""A row that ends on a key (shown as "_"), perhaps after an opening parenthesis or before a comma."""
WORD_START = re.compile(r"[^\W_]")
"""A row that starts with a word (not a key, "_", nor a number's sign)."""
OPERATOR_END = re.compile(r"(^|\s)[=+−×/<>≤≥≈≠→]$")
OPERAND_START = re.compile(r"[(\[]?(?:−?\d|[A-Za-z]\b)")
"""A row that starts with a number or a symbol, an operator's operand ("Press +" over "to go back": a key)."""


def paragraphs_shown(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each paragraph of the lesson at `path` as the one line the lesson text wraps (a key in bold or in
    code as "_"), with where each code span that is not mathematics is in it."""
    install()
    found = []
    for token in MarkdownIt("gfm-like").parse(glue_markdown(path.read_text(encoding="utf-8"))):
        if token.type != "inline" or not token.children:
            continue
        plain, code = "", []
        for index, child in enumerate(token.children):
            if child.type == "code_inline" and not is_maths(child.content):
                code.append((len(plain), len(plain) + len(child.content)))
            plain += " " if child.type == "softbreak" else ("_" if is_key(child.content) else child.content) \
                if child.type == "code_inline" else _key(token.children, index)
        found.append((unjoin(plain), code))
    return found


def shown_rows(path: Path, width: int) -> list[tuple[str, list[str]]]:
    """Each paragraph of the lesson at `path` as one line and as rows of `width` cells, as the lesson text
    glues and wraps it (code spans with the spaces they show)."""
    return [(spaced(plain), [spaced(line.plain.rstrip()) for line in Content(plain).wrap(width)])
            for plain, _ in paragraphs_shown(path)]


def broken_code(path: Path, width: int) -> list[str]:
    """The code spans of the lesson at `path` that a row of `width` cells breaks though they fit in one,
    with what is written against them ("`…`를"; a wider one may break at its spaces, not inside a word)."""
    broken = []
    for plain, spans in paragraphs_shown(path):
        breaks = divide_line(plain, width)
        broken += [plain[start:end] for start, end in spans
                   if cell_len(word_around(plain, start, end)) <= width and any(start < cut < end for cut in breaks)]
    return broken


def word_around(plain: str, start: int, end: int) -> str:
    """The word of `plain` that holds `plain[start:end]`: up to the breakable spaces on either side."""
    before = max((match.end() for match in BREAKABLE.finditer(plain, 0, start)), default=0)
    after = BREAKABLE.search(plain, end)
    return plain[before:after.start() if after else len(plain)]


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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_code_span_breaks_inside_unless_wider_than_the_row(path, width):
    """7.2's `dcol[0, 3]` broke as "dcol[0," above "3]"."""
    assert broken_code(path, width) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_row_ends_on_a_key_in_bold_before_what_to_do_with_it(path, width):
    """6.3 and 6.4 left "(s," at the end of a row above "dataset = fashion-mnist)", 3.2 "]" above "키를 눌러"."""
    assert [(upper, lower) for _, rows in shown_rows(path, width) for upper, lower in zip(rows, rows[1:])
            if KEY_END.search(upper) and WORD_START.match(lower)] == []
