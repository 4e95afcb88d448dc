"""The served page's terminal fonts (web52): a Korean class's terminal asks for monospace fonts whose Hangul is
two of their cells wide, before the OS's own, and asks no other site for any; an English class's keeps
textual-serve's. Read from the page as served, without a browser (tests/browser/test_web52_hangul.py draws)."""
from __future__ import annotations

import re

import pytest

from workbench.serve.server import ClassroomServer


def page_in(lang: str) -> str:
    from workbench.i18n import language, set_language

    before = language()
    set_language(lang)
    try:
        return ClassroomServer("true", host="127.0.0.1", port=1, token="tok", presenter_key="key").page_template()
    finally:
        set_language(before)


def fonts(page: str) -> list[str]:
    """The font stack the page's script gives the terminal (and measures its cells in), family by family."""
    assert "this.terminal.options.fontFamily = FONTS;" in page
    assert '"font-family:" + FONTS' in page                       # the cells fitted in the same fonts
    stack = re.search(r'FONTS = "([^"]*)";', page)
    assert stack, "the page sets no font stack for its terminal"
    return [family.strip().strip("'") for family in stack[1].split(",")]


def test_a_korean_pages_terminal_asks_first_for_monospace_fonts_with_hangul_two_cells_wide():
    """textual-serve's stack ('Roboto Mono', a web font the page does not load, then Monaco, Courier New,
    monospace) drew Hangul from the browser's fallback, narrower than two cells: "결 과"."""
    stack = fonts(page_in("ko"))
    two_cells = ["D2Coding", "NanumGothicCoding", "Noto Sans Mono CJK KR", "Source Han Mono", "GulimChe"]
    assert all(family in stack for family in two_cells), stack
    first_latin_only = min(stack.index(family) for family in ("Menlo", "Consolas", "DejaVu Sans Mono", "monospace"))
    assert all(stack.index(family) < first_latin_only for family in two_cells), stack
    assert stack[-1] == "monospace" and "Roboto Mono" not in stack


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_terminals_fonts_are_the_computers_own_not_a_web_font(lang):
    page = page_in(lang)
    assert "fonts.googleapis" not in page and "@font-face" not in page and "url(http" not in page
    if lang == "en":
        assert fonts(page) == ["Roboto Mono", "Monaco", "Courier New", "monospace"]   # textual-serve's, unchanged
