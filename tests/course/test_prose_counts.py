"""A count of a thousand or more is written with its thousands grouped, in lessons and the catalog.

The panes write every count grouped (6,000 images, 433,890 parameters), and the texts beside them wrote
"2000 iterations", "이미지 1000장": the same number two ways on one screen. A dimension in an equation
("30 · 12 · 12 = 4320", a shape "4320 × 100"), a year and the book's scores 1010, 1000, 990 are not counts
of things and keep their digits.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted([*ROOT.glob("lessons/*/*.md"), *ROOT.glob("workbench/i18n/*/*.toml")])
_UNGROUPED_COUNT = re.compile(
    r"(?<![\d,.\-=_/])(?<!= )\d{4,}(?![\d,.])\s?"
    r"(?:iterations?|training images|images|inputs|numbers|samples|parameters|weights|trials|epochs"
    r"|장|개|번|회|에폭)"
    r"|(?:batch size of|크기를) \d{4,}(?![\d,.])")
"""A count of things, or a batch size set to one ("a batch size of 1000", "배치 크기를 1000으로": the pane
beside it says "배치 크기 1,000")."""


def ungrouped_counts(text: str) -> list[str]:
    """The counts of 1,000 or more in `text` written without their thousands grouped."""
    return [match.group(0) for match in _UNGROUPED_COUNT.finditer(text)]


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_counts_of_a_thousand_or_more_are_grouped(path: Path) -> None:
    assert ungrouped_counts(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_an_ungrouped_count_and_passes_the_rest() -> None:
    assert ungrouped_counts("batch 128, 2000 iterations; 이미지 1000장을") == ["2000 iterations", "1000장"]
    assert ungrouped_counts("a batch size of 1000 and; 배치 크기를 1000으로") == ["batch size of 1000", "크기를 1000"]
    assert ungrouped_counts("2,000 iterations, 30 · 12 · 12 = 4320 numbers, 2012년, scores 1010, 1000, 990") == []
