"""A negative number or exponent in a lesson's prose is written with the minus sign (U+2212), as the panes
print it: "1e−7", "[−3, 3]". The hyphen stays where Python or a key is meant (code spans and blocks)."""
import re
from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_HYPHEN_NUMBER = re.compile(r"(?:\de|[\[(=,] ?)-\d")
"""`1e-7`, `[-3`, `(-1`, `= -2`, `, -1`: a hyphen where a number's minus sign belongs."""


def hyphen_numbers(text: str) -> list[str]:
    """The lines of `text` (outside code) that write a number's minus sign as a hyphen."""
    prose = _CODE.sub(lambda match: "\n" * match.group().count("\n"), text)
    return [line for line in prose.splitlines() if not line.startswith("    ") and _HYPHEN_NUMBER.search(line)]


@pytest.mark.parametrize("text, found", [
    ("δ is 1e-7 here", ["δ is 1e-7 here"]),
    ("on [-3, 3]:", ["on [-3, 3]:"]),
    ("δ is 1e−7 on [−3, 3]", []),
    ("press `-`, type `1e-7`", []),
    ("```python\nx = 1e-7\n```", []),
    ("    h = 1e-4", []),
    ("a well-known 2-layer net", []),
])
def test_hyphen_numbers_are_found_outside_code(text, found):
    assert hyphen_numbers(text) == found


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*/*.md")), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_lesson_prose_writes_minus_signs(path):
    assert hyphen_numbers(path.read_text(encoding="utf-8")) == []


TYPED = {"cli.examples", "cli.open.examples", "graph.cli.examples", "search.cli.examples", "graph.expression.example",
         "graph.key.expression.tip", "exercises.hint.epsilon", "exercises.hint.softmax_row_max",
         "exercises.hint.softmax_batch", "exercises.hint.cee_delta", "exercises.hint.h_rounding",
         "exercises.hint.cee_delta_nan", "exercises.hint.channels_last", "exercises.hint.col_not_windows"}
"""Catalog strings that show what to type (a command line, an expression, the learner's Python), where "-"
is the key to press."""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_catalog_prose_writes_minus_signs_as_the_panes_do(lang):
    """A setting's help said "the book uses 1e-4" beside its range "from 1e−12 to 1" in `workbench panes`."""
    from workbench.i18n import strings

    found = {key: hyphen_numbers(text) for key, text in strings(lang).items()
             if key not in TYPED and not key.startswith("exercises.doc.")}     # the stubs' docstrings are Python
    assert {key: lines for key, lines in found.items() if lines} == {}
