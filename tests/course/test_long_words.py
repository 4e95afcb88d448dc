"""No word of a lesson's text is too wide for the text column at 80×24 (38 cells), where a word of 26
cells or more leaves the line before it half empty: 1.1's Korean "읽습니다(np.broadcast_to가" (26 cells)
left "하나를 다시" alone on a line. A library path that cannot break (workbench.nn.functions.softmax)
is allowed; Korean can put a parenthesis after a sentence instead of gluing it to a word. Chapters 3, 4, 5
and 7 had five such words in Korean (`workbench.nn.functions.softmax`가, 가중치(`sample_weight.pkl`)로는,
저장소(`common/functions.py`)와, 0.2999999999986347입니다(책의, `exercises/convolution.py`가)."""
import re

import pytest
from rich.cells import cell_len

from workbench.course.files import load_course

WIDEST = 25
"""Cells a word may take: the text column of a lesson at 80×24 holds 38."""
PATH = re.compile(r"^[A-Za-z0-9_./()=,]+$")
"""A name or path of code, which must not break: load_mnist(normalize=True, workbench.nn.functions.softmax."""


def long_words(lang: str, chapters: set[int]) -> list[tuple[str, str, str]]:
    found = []
    for lesson in load_course(lang=lang).lessons:
        if lesson.chapter not in chapters:
            continue
        for step in lesson.steps:
            for word in re.sub(r"```.*?```", "", step.text, flags=re.S).split():
                shown = word.replace("`", "").replace("**", "")
                if cell_len(shown) > WIDEST and not PATH.match(shown):
                    found.append((lesson.id, step.id, shown))
    return found


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_chapter_has_a_word_too_wide_for_the_text_column(lang):
    assert long_words(lang, set(range(1, 9))) == []


CATALOG_PATH = re.compile(r"^[A-Za-z0-9_./()=,:?\"'~…-]+$")
"""What may run long in a catalog string, besides a lesson's names of code: a URL (http://…/?token=…),
a file name with dashes (train-images-idx3-ubyte.gz), a call with a quoted argument."""


def catalog_long_words(lang: str) -> list[tuple[str, str]]:
    """Words of the catalog wider than WIDEST cells; a placeholder's width is the value's, so a word with
    one is measured without it."""
    from workbench.i18n import strings

    found = []
    for key, text in strings(lang).items():
        for word in text.split():
            shown = re.sub(r"\{[^{}]*\}", "", word.replace("`", "").replace("**", ""))
            if cell_len(shown) > WIDEST and not (PATH.match(shown) or CATALOG_PATH.match(shown)):
                found.append((key, shown))
    return found


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_catalog_string_has_a_word_too_wide_for_a_narrow_pane(lang):
    """A pane's help, a setting's hint and a message wrap in a column as narrow as a lesson's: the Korean
    catalog glued eleven code names to a particle or an aside (`workbench.nn.functions.softmax`로,
    오차역전파법(`network.gradient`:, 0.0입니다(np.float32(1e−50)은, 26–40 cells)."""
    assert catalog_long_words(lang) == []
