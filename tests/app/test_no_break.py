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
from workbench.app.no_break import (JOINER, glue_formulas, glue_markdown, glue_units, install, paragraph_lines, spaced,
                                    unjoin)
from workbench.app.keys_panel import PANEL_TEXT
from workbench.i18n.cells import implicit_product


def test_glue_units_joins_a_number_and_its_percent_but_not_code():
    assert glue_units("정확도 96 %입니다. 12.5 %p 올랐다") == f"정확도 96{JOINER}%입니다. 12.5{JOINER}%p 올랐다"
    assert glue_units("`10 % 3` and\n```python\nx = 10 % 3\n```\n7 %") == f"`10 % 3` and\n```python\nx = 10 % 3\n```\n7{JOINER}%"
    assert glue_units("100 %s and a % b") == "100 %s and a % b"
    assert unjoin(glue_units("96 %")) == "96\u00a0%"


def test_glue_units_keeps_a_size_with_its_unit():
    """7.2 broke "5.5" over "MB, 수로는" in the 38-column text; a name after a number stays free."""
    assert glue_units("입력에 대해 5.5 MB, 2.9 KB와 196 B") == f"입력에 대해 5.5{JOINER}MB, 2.9{JOINER}KB와 196{JOINER}B"
    assert glue_units("W1 0.3 B1 and 2 Bytes, `col` 256 MB") == f"W1 0.3 B1 and 2 Bytes, `col` 256{JOINER}MB"


def test_rich_wraps_before_the_number_not_between_it_and_the_percent():
    install()
    lines = Text("accuracy 96\u00a0%").wrap(Console(width=40), 11)
    assert [line.plain.rstrip() for line in lines] == ["accuracy", "96\u00a0%"]


def test_figures_keeps_a_percentage_with_its_sign_and_its_label_and_nothing_else():
    from workbench.app.no_break import figures

    assert figures("학습 완료: 3에폭 학습 후 시험 정확도 95.5 %") == "학습 완료: 3에폭 학습 후 시험 정확도\u00a095.5\u00a0%"
    assert figures("Done: test accuracy 95.5 % after 3 epochs") == "Done: test accuracy\u00a095.5\u00a0% after 3 epochs"
    assert figures("g trains the 2 runs (50 %), 1 %p") == "g trains the 2 runs (50\u00a0%), 1\u00a0%p"


class Narrow(App):
    CSS = "LessonMarkdown { width: 15; }"

    def compose(self):
        yield LessonMarkdown()


async def narrow_rows(markdown: str) -> list[str]:
    """The rows the lesson text `markdown` shows in a 15-cell column (Narrow), stripped, blank rows left out."""
    app = Narrow()
    async with app.run_test(size=(40, 16)) as pilot:
        await app.query_one(LessonMarkdown).update(markdown)
        await pilot.pause()
        return [line.strip() for line in screen_lines(app) if line.strip()]


async def test_the_lesson_text_keeps_96_percent_on_one_row():
    rows = await narrow_rows("정확도가 96 %에 이른다\n\n| 정확도 |\n|---|\n| 정확도가 96 %에 |")
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
    # a boolean array as NumPy prints it (5.3's mask broke as "[False" over "True False]이고")
    assert glue_formulas("마스크는 [False True False]이고 h", "~") == "마스크는 [False~True~False]이고 h"
    assert glue_formulas("(True or False) [True story]", "~") == "(True or False) [True story]"
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


def test_glue_formulas_keeps_a_product_of_numbers_or_symbols_whole_but_not_items():
    """7.4 broke "30 · 12 · 12 = 4320" after "30" (and "32 · 8 ·" over "8 = 2048"): a · between two terms
    multiplies them; between other words it separates items, which may break."""
    assert glue_formulas("flattens 30 · 12 · 12 = 4320 numbers, so 2t · 1 = 2", "~") == \
        "flattens 30~·~12~·~12~=~4320 numbers, so 2t~·~1~=~2"
    assert glue_formulas("32 · 8 · 8 = 2048개의 수가", "~") == "32~·~8~·~8~=~2048개의 수가"
    assert glue_formulas("move x · `-` `+` h, a score · seconds", "~") == "move x · `-` `+` h, a score · seconds"


def test_paragraph_lines_joins_a_paragraphs_lines_as_markdown_reads_them():
    """A paragraph's or a list item's source lines become one line; code, headings, lists, tables,
    quotes, blank lines and hard breaks keep theirs."""
    assert paragraph_lines("falls (2.30, 1.90,\n1.61, …), while\nit stays") == "falls (2.30, 1.90, 1.61, …), while it stays"
    assert paragraph_lines("1. weight\n   decay 10⁻⁸;\n2. draw\n- a\n  b") == "1. weight decay 10⁻⁸;\n2. draw\n- a b"
    assert paragraph_lines("at (1.5, 2,\n3) now\n1. a list") == "at (1.5, 2, 3) now\n1. a list"
    kept = ("## Title {#id}\n    code\n    more\n## Title\ntext\n\n    y = h(a)\n      = 2\n\n```text\nx =\n    1\n```\nhard  \nbreak\n"
            "| a |\n| - |\n> quote\n> more\ntext\n---\n<!-- x -->\nafter\nline\n===")
    assert paragraph_lines(kept) == kept.replace("after\nline", "after line").replace("more\ntext", "more text")


def test_a_tuple_or_formula_the_source_breaks_over_two_lines_stays_whole():
    """4.1 wrote "(2.30, 1.90," at the end of a source line and "1.61, …)" on the next: each line was glued
    alone, and at 36 and 46 cells the tuple broke after "1.90,"; 5.4's "(0.49 − 1)/2 =" over "−0.25" too."""
    install()
    glued = unjoin(glue_markdown("E falls at every press (2.30, 1.90,\n1.61, …), and it gets (0.49 − 1)/2 =\n−0.25."))
    assert "(2.30,\u00a01.90,\u00a01.61,\u00a0…)," in glued and "(0.49\u00a0−\u00a01)/2\u00a0=\u00a0−0.25." in glued
    for width in (30, 36, 46):
        rows = [line.plain.rstrip() for line in Content(glued).wrap(width)]
        assert any("(2.30,\u00a01.90,\u00a01.61,\u00a0…)," in row for row in rows), rows


async def test_the_lesson_text_keeps_a_tuple_over_a_source_line_break_on_one_row():
    """On screen, 13 cells wide: the tuple the source breaks after "2," is one row, not "At (1.5, 2," over
    "3) now." (a line starting "3)" goes on a paragraph: only "1." or "1)" starts a list in one)."""
    rows = [row.replace("\u00a0", " ") for row in await narrow_rows("At (1.5, 2,\n3) now.")]
    assert rows == ["At", "(1.5, 2, 3)", "now."], rows


def test_glue_formulas_keeps_an_implicit_product_whole_but_not_prose():
    """The loss help broke "E = ½ Σₖ" over "(yₖ − tₖ)²" and "−tₖ" over "log(yₖ + 1e−7)" in the F1 panel,
    in English and Korean: a product written without an operator is one formula too."""
    assert glue_formulas("error E = ½ Σₖ (yₖ − tₖ)², and −tₖ log(yₖ + 1e−7) for the", "~") == \
        "error E~=~½~Σₖ~(yₖ~−~tₖ)², and −tₖ~log(yₖ~+~1e−7) for the"
    assert glue_formulas("오차제곱합 E = ½ Σₖ (yₖ − tₖ)²의 항은", "~") == "오차제곱합 E~=~½~Σₖ~(yₖ~−~tₖ)²의 항은"
    assert glue_formulas("E = −Σₖ tₖ log(yₖ + 1e−7) (the 1e−7 keeps", "~") == "E~=~−Σₖ~tₖ~log(yₖ~+~1e−7) (the 1e−7 keeps"
    assert glue_formulas("yₖ = exp(aₖ) / Σᵢ exp(aᵢ), computed", "~") == "yₖ~=~exp(aₖ)~/~Σᵢ~exp(aᵢ), computed"
    assert glue_formulas("the curve −log y shows; −Σ t log y를 거슬러", "~") == "the curve −log~y shows; −Σ~t~log~y를 거슬러"
    # prose stays free: a function's name in a sentence, a particle or a comma ending the formula
    assert glue_formulas("on a log scale (10⁻⁶ to 10⁻²)", "~") == "on a log scale (10⁻⁶ to 10⁻²)"
    assert glue_formulas("exp(x)는 x가 709.78을 넘으면, x₀ and x₁", "~") == "exp(x)는 x가 709.78을 넘으면, x₀ and x₁"


def test_glue_formulas_keeps_a_tuple_of_partial_derivatives_whole():
    """4.2 broke "∇f = (∂f/∂x₀," over "∂f/∂x₁)" in the 38-column text (31 in Korean)."""
    assert glue_formulas("gradient, ∇f = (∂f/∂x₀, ∂f/∂x₁). At", "~") == "gradient, ∇f~=~(∂f/∂x₀,~∂f/∂x₁). At"
    assert glue_formulas("기울기 ∇f = (∂f/∂x₀, ∂f/∂x₁)입니다.", "~") == "기울기 ∇f~=~(∂f/∂x₀,~∂f/∂x₁)입니다."


def test_in_a_narrow_column_a_formula_wider_than_it_may_break_before_an_operator():
    """In F1's 29-cell panel the Korean loss help's "−tₖ log(yₖ + 1e−7)입니다(1e−7은", glued whole, was cut
    between "(1e−7" and "은"; in a lesson's column it fits and stays whole."""
    line = "항은 −tₖ log(yₖ + 1e−7)입니다(1e−7은 log(0)을"
    assert glue_formulas(line, "~", column=29) == "항은 −tₖ~log(yₖ +~1e−7)입니다(1e−7은 log(0)을"
    assert glue_formulas(line, "~") == "항은 −tₖ~log(yₖ~+~1e−7)입니다(1e−7은 log(0)을"
    assert glue_formulas("E = ½ Σₖ (yₖ − tₖ)²의 항은", "~", column=29) == "E~=~½~Σₖ~(yₖ~−~tₖ)²의 항은"


def help_keys():
    from workbench.i18n import strings

    return [(lang, key) for lang in ("en", "ko") for key in strings(lang) if key.endswith(".help")]


def paragraphs(markdown: str, column: int | None = None) -> list[str]:
    """Each paragraph of `markdown` as one line of plain text, glued as a lesson's or a help's is (in a
    `column` that narrow); code spans as runs of "_" of their width (a key `l` before "(…" is no
    function, nor is code cut in two)."""
    glued = glue_markdown(markdown, column=column)
    found = []
    for token in MarkdownIt("gfm-like").parse(glued):
        if token.type == "inline" and token.children:
            found.append(unjoin("".join(" " if child.type == "softbreak" else "_" * len(child.content)
                                        if child.type == "code_inline" else child.content for child in token.children)))
    return found


LONG_NAMES = re.compile(r"\w+_\w+_\w+\.py")
"""A file name too long for the panel ("optimizer_compare_naive.py"), which must be cut anyway."""


def cut_words(plain: str, rows: list[str]) -> list[tuple[str, str]]:
    """Row pairs between which a word was cut (no space in `plain` where the row ends), code aside."""
    cut = []
    for upper, lower in zip(rows, rows[1:]):
        upper, lower = upper.rstrip(), lower.lstrip()
        word = re.split("[ \u00a0]", upper)[-1] + re.split("[ \u00a0]", lower)[0]
        if (upper + lower in plain and f"{upper} {lower}" not in plain and f"{upper}\u00a0{lower}" not in plain
                and "___" not in word and not LONG_NAMES.search(word)):      # code against a word: cut anyway
            cut.append((upper, lower))
    return cut


def broken_products(rows: list[str]) -> list[tuple[str, str]]:
    """Row pairs that break inside an implicit product ("E = ½ Σₖ" above "(yₖ − tₖ)²") or before a %."""
    words = lambda row: re.split("[ \u00a0]", row)       # noqa: E731
    return [(upper, lower) for upper, lower in zip(rows, rows[1:])
            if implicit_product(words(upper)[-1:], words(lower)[0]) or lower.startswith("%")]


@pytest.mark.parametrize("lang, key", help_keys(), ids=[f"{lang}/{key}" for lang, key in help_keys()])
def test_every_help_keeps_its_formulas_whole_in_the_keys_panel_and_the_help_screen(lang, key):
    """F1's panel is 29 to 31 columns wide beside a pane at 80×24, the help screen about 66; the lesson
    column 38."""
    from workbench.i18n import strings

    install()
    for column, widths in ((PANEL_TEXT, (PANEL_TEXT, PANEL_TEXT + 2)), (None, (38, 66, 86))):
        for plain in paragraphs(strings(lang)[key], column):
            for width in widths:
                rows = [line.plain.rstrip() for line in Content(plain).wrap(width)]
                assert broken_products(rows) == [] and not cut_words(plain, rows), (width, rows)


def lesson_files():
    return sorted(Path(__file__).resolve().parents[2].glob("lessons/*/*.md"))


def inline_tokens(markdown: str) -> list[tuple[str, str]]:
    """What Textual's parser makes of `markdown`, with joiners (and a code span's) read as spaces and a
    soft line break as the space it shows as (text on either side of it one token)."""
    tokens = MarkdownIt("gfm-like").parse(markdown)
    found: list[tuple[str, str]] = []
    for token in (child for token in tokens for child in (token.children or [token])):
        kind, content = ("text", " ") if token.type == "softbreak" else (token.type, spaced(token.content.replace(JOINER, " ")))
        if kind == "text" and found and found[-1][0] == "text":
            found[-1] = ("text", found[-1][1] + content)
        else:
            found.append((kind, content))
    return [(kind, " ".join(content.split()) if kind == "text" else content) for kind, content in found
            if kind != "text" or content.strip()]       # a joiner alone (glue_keys: "`-`⁠**") is no text


@pytest.mark.parametrize("path", lesson_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_glued_lessons_parse_as_before_and_keep_short_formulas_on_one_row(path):
    """Joiners change no emphasis, code or list in any lesson; at the 38-column text width (80
    columns), no row of a paragraph ends or starts inside a short formula."""
    text = path.read_text(encoding="utf-8")
    glued = glue_markdown(text)
    assert inline_tokens(glued) == inline_tokens(glue_units(text))
    install()
    for token in MarkdownIt("gfm-like").parse(glued):
        if token.type != "inline" or not token.children:
            continue
        plain = unjoin("".join(" " if child.type == "softbreak" else child.content.replace(" ", "_")
                               if child.type == "code_inline" else _key(token.children, index)
                               for index, child in enumerate(token.children)))
        rows = [line.plain.rstrip() for line in Content(plain).wrap(38)]
        for upper, lower in zip(rows, rows[1:]):
            assert not OPERATOR_END.search(upper) and not OPERATOR_START.match(lower), (upper, lower)
            assert not TUPLE_END.search(upper), (upper, lower)
    for plain in paragraphs(text):
        rows = [line.plain.rstrip() for line in Content(plain).wrap(38)]
        assert broken_products(rows) == [], rows


def _key(children, index: int) -> str:
    """A text token's content, a key in bold (**s**) as "_" (and the joiners glue_keys may put around it):
    a key named in parentheses, "(**s**, weight_decay = 0.1)", is no tuple's first term."""
    from workbench.course.keys import is_key

    child = children[index]
    bold = 0 < index < len(children) - 1 and children[index - 1].type == "strong_open"
    key = child.content.strip(JOINER)
    lead = child.content[:len(child.content) - len(child.content.lstrip(JOINER))]
    return lead + "_" + child.content[len(lead) + len(key):] if bold and is_key(key) and \
        children[index + 1].type == "strong_close" else child.content


OPERATOR_END = re.compile(r"(^| )[=+−×/<>≤≥≈≠→]$")
OPERATOR_START = re.compile(r"^[=+−×/<>≤≥≈≠→]( |$)")
TUPLE_END = re.compile(r"[(\[][−+-]?(?:[\w.′]*[\d₀-₉][\w.′]*|[A-Za-z]{1,2}|[A-Z]{3}),$|\[[−+-]?[\d.]+$")
"""A row that ends inside a tuple or an array after its first term ("책의 (6," above "8)입니다.")."""
"""A row that ends with an operator, or starts with one and a breakable space. (Code that is not
mathematics, `conv = "fast"`, is left to break: its no-break spaces would paste into Python.)"""


async def rows_of(pilot, scroller, column) -> list[str]:
    """Every row `scroller` shows when scrolled from top to bottom, as the terminal shows them, each cut
    to the part after the `column`-th "▏" (a panel's left edge)."""
    from screen_text import screen_lines

    rows = []
    for y in range(0, int(scroller.max_scroll_y) + scroller.size.height, max(1, scroller.size.height - 2)):
        scroller.scroll_to(y=y, animate=False)
        await pilot.pause()
        rows += [line.split("▏")[column].replace("\u00a0", " ").strip() for line in screen_lines(pilot.app)
                 if line.count("▏") > column]
    return rows


@pytest.mark.parametrize("lang, formula", [("en", "E = ½ Σₖ (yₖ − tₖ)², and"), ("ko", "E = ½ Σₖ (yₖ − tₖ)²의")],
                         ids=["en", "ko"])
async def test_the_keys_panel_keeps_the_loss_formulas_on_one_row(lang, formula):
    """F1 beside lesson 4.1's loss pane at 80×24 broke "E = ½" over "Σₖ (yₖ − tₖ)²": the panel showed its
    help through Textual's own Markdown, without the lesson text's no-break rules."""
    from workbench.app.app import make_app
    from workbench.app.keys_panel import KeysPanel

    app = make_app(lesson_id="loss-functions", step=1, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        rows = await rows_of(pilot, app.screen.query_one(KeysPanel), -1)
        assert any(formula in row for row in rows), rows
        assert any("E = −Σₖ tₖ log(yₖ + 1e−7)" in row for row in rows), rows
        if lang == "ko":
            assert any("−tₖ log(yₖ + 1e−7)입니다." in row for row in rows), rows
        # glued for the panel's width: a formula wider than it breaks before an operator, not inside a word
        assert app.screen.query_one(KeysPanel).query_one(LessonMarkdown).column == PANEL_TEXT


async def test_a_panes_own_help_and_settings_keep_formulas_and_write_defaults_as_ranges():
    """A pane opened on its own shows its help and settings beside it (t): the same no-break rules as a
    lesson, and each default written as its range is ("default −6", not "default -6")."""
    from workbench.app.app import make_app

    app = make_app(pane=("loss", None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        markdown = app.screen.query_one("#text LessonMarkdown")
        assert f"½{JOINER}Σₖ{JOINER}(yₖ" in markdown.source
    app = make_app(pane=("activation-plot", None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert "x_min: a number from −100 to 100; default −6" in " ".join(await rows_of(pilot, app.screen.query_one("#text"), 0))


def test_glue_code_keeps_a_code_span_whole_but_not_maths_or_code_blocks():
    """7.2 broke `dcol[0, 3]` as "dcol[0," above "3]": a code span's spaces are CODE_JOINER, which the wrap
    does not break at; maths is glue_formulas' (it may break before an operator), code blocks are left."""
    from workbench.app.no_break import CODE_JOINER, glue_code

    assert glue_code("d03 is `dcol[0, 3]`, and `(y − t) / N`") == f"d03 is `dcol[0,{CODE_JOINER}3]`, and `(y − t) / N`"
    kept = "    `a b` in indented code\n```\n`a b`\n```\n` a `"
    assert glue_code(kept) == kept


def test_a_code_span_wider_than_its_row_breaks_at_its_spaces_and_one_that_fits_never():
    """`load_mnist(normalize=True, flatten=True)` (40 cells) breaks after its comma in a 36-cell row, as
    before, not inside a name; `dcol[0, 3]` moves whole to the next row."""
    install()
    text = unjoin(glue_markdown("see `dcol[0, 3]`, and `load_mnist(normalize=True, flatten=True)` loads"))
    spaced_rows = [spaced(line.plain.rstrip()) for line in Content(text.replace("`", "")).wrap(12)]
    assert spaced_rows[:2] == ["see", "dcol[0, 3],"], spaced_rows
    rows = [spaced(line.plain.rstrip()) for line in Content(text.replace("`", "")).wrap(36)]
    assert rows == ["see dcol[0, 3], and", "load_mnist(normalize=True,", "flatten=True) loads"], rows


def test_glue_keys_keeps_a_key_in_bold_with_the_words_beside_it():
    """6.3 and 6.4 left "(s," at the end of a row above "dataset = fashion-mnist)"; 7.3 "Press" above
    ". to step". Only a key: a bold Korean syllable or word is emphasis, and code that is no key is left.
    The space before a key is KEY_SPACE (whitespace to Markdown); a joiner after one goes inside its bold."""
    from workbench.app.no_break import KEY_SPACE as K, glue_keys

    assert glue_keys("(**s**, dataset = fashion-mnist)") == f"(**s**,{JOINER}dataset = fashion-mnist)"
    assert glue_keys("press **.** 키로, **g** to go") == f"press{K}**.{JOINER}**키로,{K}**g{JOINER}**to go"
    # a key in code too (3.2 left "]" above "키를 눌러"), inside bold or not, but not code that is no key
    assert glue_keys("입니다. `]` 키를, **press `-`** until, **press `-`**, then `col` is") == \
        f"입니다.{K}`]`{JOINER}키를, **press{K}`-`{JOINER}**until, **press{K}`-`**,{JOINER}then `col` is"
    assert glue_keys("**행** 하나, **ReLU** is, **+** **-** its, **s** `x`, `**s** x`") == \
        f"**행** 하나, **ReLU** is,{K}**+**{K}**-{JOINER}**its,{K}**s**{K}`x`, `**s** x`"


async def test_the_lesson_text_shows_and_copies_a_code_span_with_plain_spaces_on_one_row():
    """On screen, 15 cells wide, `dcol[0, 3]` is one row, with a plain space (what a terminal copies
    and Python reads), and a copy made in the app has one too; a key in bold keeps its word."""
    from textual.selection import Selection

    app = Narrow()
    async with app.run_test(size=(40, 16)) as pilot:
        await app.query_one(LessonMarkdown).update("Then see `dcol[0, 3]`, now.\n\nOn data (**s**, pick one)")
        await pilot.pause()
        rows = [line.strip() for line in screen_lines(app) if line.strip()]
        assert rows[:2] == ["Then see", "dcol[0, 3],"] and "(s,\u00a0pick" in rows, rows
        paragraph = app.query_one(LessonMarkdown).query("MarkdownParagraph").first()
        assert paragraph.get_selection(Selection(None, None))[0] == "Then see dcol[0, 3], now."


def test_an_operator_that_names_a_node_goes_with_its_node_not_with_the_word_before():
    """5.5 glued "이번에는 × 노드와 + 노드가" into one 'formula' (a short row above it), 5.1 "들여다보세요. + 노드는"
    across two sentences: "× 노드" is the name of a node, a noun of the sentence."""
    assert glue_formulas("다만 이번에는 × 노드와 + 노드가 모두", "~") == "다만 이번에는 ×~노드와 +~노드가 모두"
    assert glue_formulas("들여다보세요. + 노드는 그냥", "~") == "들여다보세요. +~노드는 그냥"
    assert glue_formulas("the × node sends dout × (the other input), and / nodes", "~") == \
        "the ×~node sends dout~×~(the other input), and /~nodes"
    assert glue_formulas("so 1 × 200 = 200 goes to the node", "~") == "so 1~×~200~=~200 goes to the node"
