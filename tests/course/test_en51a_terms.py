"""Chapters 1 to 4 name things in their prose as the book does: "backpropagation", not "backprop", and the
"cross-entropy error", not "cross-entropy loss" (4.2 step 10 and the gradient pane's help had both; a
pane's label may keep "backprop" where a row has no room)."""
import re

import pytest

from workbench.course.files import load_course
from workbench.i18n import strings

CHAPTERS = (1, 2, 3, 4)
OFF_TERMS = re.compile(r"\b[Bb]ackprop\b(?!-)|cross-entropy loss")


def prose_of(text: str) -> str:
    """`text` without its code: fenced blocks and `spans`."""
    return re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.DOTALL))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_lessons_of_chapters_1_to_4_use_the_books_terms(chapter):
    found = [(lesson.id, step.id, match.group())
             for lesson in load_course(lang="en").lessons if lesson.chapter == chapter
             for step in lesson.steps for match in OFF_TERMS.finditer(prose_of(step.text))]
    assert found == []


def test_the_gradient_panes_help_says_cross_entropy_error():
    assert "cross-entropy loss" not in strings("en")["gradient.help"]
    assert "cross-entropy error" in strings("en")["gradient.help"]
