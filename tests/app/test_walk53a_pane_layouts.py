"""The broadcast, forward and softmax panes draw for the width they are told before their first layout
(`Pane.width_of`, as the loss pane does since width52), not for a guessed 38 cells: drawn at 38, their
text was laid out once at that width and again at the width they got (the broadcast and softmax panes
opened on their own at 80×24, three layouts; a lesson step with any of them at 140×40, three)."""
import pytest

from workbench.app.app import make_app
from test_fields52_pane_layouts import pane_layouts, until_settled  # noqa: F401 - the fixture
from test_perf52_lesson_layouts import lesson_layouts, until_settled as until_lesson_settled  # noqa: F401


@pytest.mark.parametrize("name", ["broadcast", "softmax"])
async def test_a_pane_opened_on_its_own_is_laid_out_at_the_width_it_was_told(pane_layouts, name):  # noqa: F811
    app = make_app(pane=(name, None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, pane_layouts)
        assert len(pane_layouts) <= 2, len(pane_layouts)


@pytest.mark.parametrize("lesson", ["numpy-arrays", "forward-pass", "output-layer"])
async def test_a_lesson_step_with_the_pane_is_laid_out_at_the_width_it_was_told(lesson_layouts, lesson):  # noqa: F811
    app = make_app(lesson_id=lesson, step=1, lang="en")
    async with app.run_test(size=(140, 40)) as pilot:
        await until_lesson_settled(pilot, lesson_layouts)
        assert len(lesson_layouts) <= 2, len(lesson_layouts)
