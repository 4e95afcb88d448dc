"""A lesson's prose writes Python's `*` inside code, never bare between words.

The lesson text keeps a formula's words together across a wrap (`app.no_break.glue_formulas`), but not
around `*`, which beside a joiner could start Markdown emphasis: a bare "x * y" in prose broke as "x" over
"* y" in 1.1. In a code span it stays whole and pastes into Python.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_BARE_STAR = re.compile(r"\S \* \S")


def bare_stars(markdown: str) -> list[str]:
    """The lines of `markdown`'s prose (code and indented code left out) with a `*` between words."""
    prose = _CODE.sub("", markdown)
    return [line.strip() for line in prose.splitlines()
            if not line.startswith("    ") and _BARE_STAR.search(line)]


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*/*.md")), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_bare_star_between_words_in_prose(path: Path) -> None:
    assert bare_stars(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_a_bare_star_and_passes_code() -> None:
    assert bare_stars("x * y gives 2, 8, 18") == ["x * y gives 2, 8, 18"]
    assert bare_stars("`x * y` gives 2, 8, 18\n\n    out = x * y\n") == []
