"""The formulas of lessons 5.4 and 5.5 fit the text column at 80×24 in English and Korean: a wrapped
"(2,3)(3,2) → (2," with "↪ 2)" below, or "max(" with "↪ |a|, |n|, ε)", is hard to read."""
import pytest

from workbench.app.app import make_app
from workbench.app.lesson_markdown import CodeLines


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("lesson_id", "index"), [("softmax-with-loss", 2), ("gradient-check", 3)])
async def test_a_lessons_formula_fits_the_column_at_80x24(lesson_id, index, lang):
    app = make_app(lesson_id=lesson_id, step=index, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        blocks = list(app.screen.query_one("#step-text").query(CodeLines))
        assert blocks
        for block in blocks:
            assert "↪" not in str(block.render()), str(block.render())
