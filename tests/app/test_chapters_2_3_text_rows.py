"""Lessons 2.1–3.4 as a reader sees them beside their pane, at 80×24 (a text column of 38 cells) and at
120×40 (46), in English and Korean: no row ends inside a tuple ("(1.0, 1.0," over "−1.0)도") or after
a formula's operator ("exp(0) =" over "1"), and neither the numbers a step asks the reader to type
("2 -1 0.5 2.5", "1 0; 0 1") nor a short formula quoted from the pane ("argmax a = 2 → argmax y = 2")
is split between two rows. Code blocks beside a pane fit the
column, so none is folded with ↪ (3.4's loop over the test set was)."""
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from workbench.app.no_break import SHORT_FORMULA, spaced
from workbench.course.files import load_course
from workbench.i18n.cells import cell_len

from test_chapter7_text_rows import ends_inside_a_tuple, rows_of

NAMES = ("perceptron", "xor", "activation-functions", "forward-pass", "output-layer", "mnist-inference")
LESSONS = Path(__file__).resolve().parents[2] / "lessons"
FILES = [LESSONS / name / f"{lang}.md" for name in NAMES for lang in ("en", "ko")]
WIDTHS = (36, 38, 46)
OPERATORS = frozenset("= + − - × / → ≤ ≥ < >".split())
TYPED = re.compile(r"[−\-]?\d[\d.]*(?:[ ;]+[−\-]?\d[\d.]*)+")
"""Inline code that is numbers for a field ("2 0.5", "1 0; 0 1"), as a reader types them."""
WHOLE = re.compile(r"[→·×−]| = |, ")
"""Inline code that is a formula or has a tuple or arguments ("argmax a = 2 → argmax y = 2",
"np.argmax(y, axis=1)"): kept whole up to SHORT_FORMULA cells, as no_break keeps formulas."""
CODE_WIDTH = 32
"""Cells a code line has beside a pane at 80×24 (see test_chapters_4_5_text)."""


def ids(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FILES, ids=ids)
def test_no_row_ends_inside_a_tuple_or_after_an_operator(path, width):
    for rows in rows_of(path, width):
        for upper, lower in zip(rows, rows[1:]):
            assert not ends_inside_a_tuple(upper, lower), (upper, lower)
            operand_follows = re.match(r"[(\[]?(?:−?\d|[A-Za-z]\b)", lower)     # not a key: "Press -" over "to zoom"
            assert not (upper.split()[-1] in OPERATORS and operand_follows), (upper, lower)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FILES, ids=ids)
def test_numbers_to_type_and_short_formulas_stay_on_one_row(path, width):
    code = {token.content for block in MarkdownIt("gfm-like").parse(path.read_text(encoding="utf-8"))
            if block.type == "inline" for token in block.children or () if token.type == "code_inline"}
    whole = {text for text in code if TYPED.fullmatch(text)
             or (WHOLE.search(text) and cell_len(text) <= SHORT_FORMULA)}
    rows = [spaced(row).replace("\xa0", " ") for paragraph in rows_of(path, width) for row in paragraph]
    for entry in whole:
        assert any(entry in row for row in rows), (entry, [row for row in rows if entry.split()[0] in row])


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson_id", NAMES)
def test_each_code_block_beside_a_pane_fits_the_column(lesson_id, lang):
    for step in load_course(lang=lang).lesson(lesson_id).steps:
        if not step.pane:
            continue
        for block in re.findall(r"```[a-z]*\n(.*?)```", step.text, re.DOTALL):
            for line in block.splitlines():
                assert cell_len(line) <= CODE_WIDTH, (step.id, line)
