"""A parenthesis inside an English sentence stays short enough to hold in mind: at most 20 words.
6.4 held "(at 20.7, of which 18.4 is the penalty ½λΣw²; where the pane … make room for it)" (32 words)
and 8.1 a 39-word one with a colon inside; a longer thought becomes a sentence of its own. An aside
that is a whole sentence or paragraph in parentheses (4.2's note on the parabola) is not inside a sentence."""
import re

from workbench.course.files import load_course

MOST = 20


def asides(text: str) -> list[str]:
    """The outermost parenthesized parts of `text` (code blocks left out) inside a sentence: a whole
    sentence or paragraph in parentheses, with its own full stop inside ("(The book's code silently
    rounds down; … a mistake.)"), is not one."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    found, depth, start = [], 0, 0
    for i, char in enumerate(prose):
        if char == "(":
            depth, start = depth + 1, i if depth == 0 else start
        elif char == ")" and depth:
            depth -= 1
            if depth == 0 and not prose[:i].rstrip().endswith("."):
                found.append(prose[start + 1:i])
    return found


def test_no_parenthesis_in_an_english_lesson_holds_more_than_20_words():
    long = [(lesson.id, step.id, len(aside.split())) for lesson in load_course(lang="en").lessons
            for step in lesson.steps for aside in asides(step.text) if len(aside.split()) > MOST]
    assert long == []
