"""Lessons 7.1–7.3 as a reader sees them beside their pane, at 80×24 (a text column of 38 cells) and at
120×40 (46): no row ends inside a tuple or a shape ("(57600," over "25)로"; "(c," over "fy, fx)") or
inside a product ("2 · 2 ·" over "2 = 8개의"), in English or Korean."""
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from textual.content import Content

from workbench.app.no_break import glue_markdown, install, unjoin

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
FILES = [LESSONS / name / f"{lang}.md" for name in ("convolution", "im2col", "pooling") for lang in ("en", "ko")]
WIDTHS = (38, 46)

TERM = r"(?:[A-Za-z][A-Za-z0-9′]{0,2}|−?[0-9][0-9.]{0,7})"
"""A term of a tuple: a number, a letter or the book's short names (FH, fy), not a word of prose."""
OPEN_TERM = re.compile(rf"(^|\s|[가-힣])[(\[]{TERM},$")
"""A row that ends on the first term of a tuple: "(57600,", "(c,"."""
TERM_GOES_ON = re.compile(rf"{TERM},$")
PRODUCT_END = re.compile(r"\d ·$")
PRODUCT_START = re.compile(r"^· \d")


def rows_of(path: Path, width: int) -> list[list[str]]:
    """Each paragraph of the lesson as rows of `width` cells, as the lesson text wraps it."""
    install()
    glued = glue_markdown(path.read_text(encoding="utf-8"))
    paragraphs = []
    for token in MarkdownIt("gfm-like").parse(glued):
        if token.type != "inline" or not token.children:
            continue
        plain = unjoin("".join(" " if child.type == "softbreak" else child.content
                               for child in token.children))
        paragraphs.append([line.plain.rstrip() for line in Content(plain).wrap(width)])
    return paragraphs


def ends_inside_a_tuple(upper: str, lower: str) -> bool:
    """Whether row `upper` ends on a term of a tuple that row `lower` goes on with."""
    depth = upper.count("(") - upper.count(")") + upper.count("[") - upper.count("]")
    return bool(OPEN_TERM.search(upper) or (depth > 0 and TERM_GOES_ON.search(upper.split()[-1])
                                            and re.match(rf"{TERM}[,)\]]", lower)))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_row_ends_inside_a_tuple_or_a_product(path, width):
    for rows in rows_of(path, width):
        for upper, lower in zip(rows, rows[1:]):
            assert not ends_inside_a_tuple(upper, lower), (upper, lower)
            assert not PRODUCT_END.search(upper) and not PRODUCT_START.match(lower), (upper, lower)
