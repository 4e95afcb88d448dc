"""The formulas of lessons 5.4 and 5.5 fit the text column at 80×24 in English and Korean: a wrapped
"(2,3)(3,2) → (2," with "↪ 2)" below, or "max(" with "↪ |a|, |n|, ε)", is hard to read. The walk of every
step at 80×24 (test_footer_named_keys.py) checks it at 5.4 step 3 and 5.5 step 4, in both languages."""
from workbench.app.lesson_markdown import CodeLines

FORMULA_STEPS = [("softmax-with-loss", 2), ("gradient-check", 3)]


def a_lessons_formula_fits_the_column(screen) -> None:
    """No code block of the step's text wraps (↪)."""
    blocks = list(screen.query_one("#step-text").query(CodeLines))
    assert blocks
    for block in blocks:
        assert "↪" not in str(block.render()), str(block.render())
