"""A number and its % stay on one row in the lesson text (Korean writes "96 %"), and so does each short
formula ("a = b + w₁x₁ + w₂x₂"); code is left alone."""
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.content import Content

from screen_text import screen_lines
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.no_break import JOINER, glue_formulas, glue_units, install, unjoin


def test_glue_units_joins_a_number_and_its_percent_but_not_code():
    assert glue_units("정확도 96 %입니다. 12.5 %p 올랐다") == f"정확도 96{JOINER}%입니다. 12.5{JOINER}%p 올랐다"
    assert glue_units("`10 % 3` and\n```python\nx = 10 % 3\n```\n7 %") == f"`10 % 3` and\n```python\nx = 10 % 3\n```\n7{JOINER}%"
    assert glue_units("100 %s and a % b") == "100 %s and a % b"
    assert unjoin(glue_units("96 %")) == "96\u00a0%"


def test_rich_wraps_before_the_number_not_between_it_and_the_percent():
    install()
    lines = Text("accuracy 96\u00a0%").wrap(Console(width=40), 11)
    assert [line.plain.rstrip() for line in lines] == ["accuracy", "96\u00a0%"]


class Narrow(App):
    CSS = "LessonMarkdown { width: 15; }"

    def compose(self):
        yield LessonMarkdown()


async def test_the_lesson_text_keeps_96_percent_on_one_row():
    app = Narrow()
    async with app.run_test(size=(40, 16)) as pilot:
        await app.query_one(LessonMarkdown).update("정확도가 96 %에 이른다\n\n| 정확도 |\n|---|\n| 정확도가 96 %에 |")
        await pilot.pause()
        rows = [line.strip() for line in screen_lines(app) if line.strip()]
        assert rows[0] == "정확도가" and rows[1].startswith("96\u00a0%에"), rows   # plain: "정확도가 96" / "%에 …"
        assert "96\u00a0%에" in "".join(rows[2:]), rows                          # in a table cell too


def test_glue_formulas_keeps_a_tuple_or_an_argument_list_whole_but_not_prose_in_parentheses():
    """"(2, 2)" and "f(x₀, x₁)" broke at their commas ("f(x₀," / "x₁) = x₀² + x₁²") in 38 columns."""
    assert glue_formulas("on f(x₀, x₁) = x₀² + x₁², from", "~") == "on f(x₀,~x₁)~=~x₀²~+~x₁², from"
    assert glue_formulas("comes: (2,) · (2, 2) + (2,) → (2,).", "~") == "comes: (2,) · (2,~2)~+~(2,)~→~(2,)."
    assert glue_formulas("x = (0.6, 0.9)에 W(책에 나온 값)를", "~") == "x~=~(0.6,~0.9)에 W(책에 나온 값)를"
    assert glue_formulas("(N, C, H, W) and (FN, C, FH, FW)", "~") == "(N,~C,~H,~W) and (FN,~C,~FH,~FW)"
    assert glue_formulas("(for example, the book) (see p. 12, above) a, b", "~") == \
        "(for example, the book) (see p. 12, above) a, b"


def test_glue_formulas_keeps_a_pair_before_a_particle_and_stop_an_array_and_a_derivative_whole():
    """4.2 broke "책의 (6," over "8)입니다.", 4.3 "(−6.1e−10," over "8.1e−10)", 5.3 "[1.5" over
    "−0.5 2]" and 5.1 "∂(지불" over "금액)/∂(지불 금액)" in the 38-column column."""
    assert glue_formulas("책의 (6, 8)입니다. 정확한", "~") == "책의 (6,~8)입니다. 정확한"
    assert glue_formulas("x = (−6.1e−10, 8.1e−10)입니다. 두", "~") == "x~=~(−6.1e−10,~8.1e−10)입니다. 두"
    assert glue_formulas("x = [1.5 −0.5 2]이므로 [F T F]이고", "~") == "x~=~[1.5~−0.5~2]이므로 [F~T~F]이고"
    assert glue_formulas("곧 ∂(지불 금액)/∂(사과)를 구해", "~") == "곧 ∂(지불~금액)/∂(사과)를 구해"
    assert glue_formulas("[the list of things] and [see p. 12]", "~") == "[the list of things] and [see p. 12]"
    # a Korean ending does not count in a formula's length: this one is as short as its English
    assert glue_formulas("평균은 (0.51 + 2.30) / 2 = 1.41입니다.", "~") == "평균은 (0.51~+~2.30)~/~2~=~1.41입니다."
    # a long formula breaks before an operator, but never between a short name and its =
    assert glue_formulas("면 x = (−2.99999994, 3.99999992)입니다.", "~") == "면 x~=~(−2.99999994,~3.99999992)입니다."


def test_glue_formulas_joins_the_spaces_of_a_formula_but_not_prose_or_code():
    glued = glue_formulas("adds a = b + w₁x₁ + w₂x₂, and then (23 − 2)/2 + 1 = 11.5.", "~")
    assert glued == "adds a~=~b~+~w₁x₁~+~w₂x₂, and then (23~−~2)/2~+~1~=~11.5."
    assert glue_formulas("    y = h(a)\n## x = 1 {#id}\n`dout[mask] = 0`", "~") == "    y = h(a)\n## x = 1 {#id}\n`dout[mask] = 0`"
    assert glue_formulas("- x = 3 and `(y − t) / N`", "~") == "- x~=~3 and `(y~−~t)~/~N`"   # inline maths glued
    # a formula wider than SHORT_FORMULA may break, before an operator only
    assert glue_formulas("OH = OW = (1000 + 2·0 − 5)/1 + 1 = 996", "~") == "OH~=~OW =~(1000 +~2·0 −~5)/1 +~1 =~996"


def lesson_files():
    return sorted(Path(__file__).resolve().parents[2].glob("lessons/*/*.md"))


def inline_tokens(markdown: str) -> list[tuple[str, str]]:
    """What Textual's parser makes of `markdown`, with joiners read as spaces."""
    tokens = MarkdownIt("gfm-like").parse(markdown)
    flat = [child for token in tokens for child in (token.children or [token])]
    return [(token.type, token.content.replace(JOINER, " ")) for token in flat]


@pytest.mark.parametrize("path", lesson_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_glued_lessons_parse_as_before_and_keep_short_formulas_on_one_row(path):
    """Joiners change no emphasis, code or list in any lesson; at the 38-column text width (80
    columns), no row of a paragraph ends or starts inside a short formula."""
    text = path.read_text(encoding="utf-8")
    glued = glue_units(glue_formulas(text))
    assert inline_tokens(glued) == inline_tokens(glue_units(text))
    install()
    for token in MarkdownIt("gfm-like").parse(glued):
        if token.type != "inline" or not token.children:
            continue
        plain = unjoin("".join(" " if child.type == "softbreak" else child.content.replace(" ", "_")
                               if child.type == "code_inline" else child.content for child in token.children))
        rows = [line.plain.rstrip() for line in Content(plain).wrap(38)]
        for upper, lower in zip(rows, rows[1:]):
            assert not OPERATOR_END.search(upper) and not OPERATOR_START.match(lower), (upper, lower)
            assert not TUPLE_END.search(upper), (upper, lower)


OPERATOR_END = re.compile(r"(^| )[=+−×/<>≤≥≈≠→]$")
OPERATOR_START = re.compile(r"^[=+−×/<>≤≥≈≠→]( |$)")
TUPLE_END = re.compile(r"[(\[][−+-]?(?:[\w.′]*[\d₀-₉][\w.′]*|[A-Za-z]{1,2}|[A-Z]{3}),$|\[[−+-]?[\d.]+$")
"""A row that ends inside a tuple or an array after its first term ("책의 (6," above "8)입니다.")."""
"""A row that ends with an operator, or starts with one and a breakable space. (Code that is not
mathematics, `conv = "fast"`, is left to break: its no-break spaces would paste into Python.)"""
