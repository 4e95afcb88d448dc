"""A pane's first layout is at its width class (width52): the screen that mounts it tells it the width it
will have (`pane_width`), and the pane draws for that width until the layout gives it its size. The loss
pane, drawn first at a guessed 38 cells, was laid out narrow and then again "-wide": one layout more on
its own at 80×24 (four), and in a lesson wide enough to put its curve beside its terms."""
import pytest
from textual.geometry import Size

from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.app.pane_screen import pane_width
from screen_text import until
from test_fields52_pane_layouts import pane_layouts, until_settled  # noqa: F401 - the fixture
from test_perf52_lesson_layouts import lesson_layouts, until_settled as until_lesson_settled  # noqa: F401


async def test_the_loss_pane_opened_on_its_own_is_laid_out_at_its_width_class_first(pane_layouts):  # noqa: F811
    app = make_app(pane=("loss", None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, pane_layouts)
        assert app.screen.query_one("LossPane").has_class("-wide")
        assert len(pane_layouts) <= 3, len(pane_layouts)


async def test_a_lesson_step_with_a_wide_pane_is_laid_out_at_its_width_class_first(lesson_layouts):  # noqa: F811
    app = make_app(lesson_id="loss-functions", step=1, lang="en")
    async with app.run_test(size=(140, 40)) as pilot:
        await until_lesson_settled(pilot, lesson_layouts)
        assert app.screen.query_one("LossPane").has_class("-wide")
        assert len(lesson_layouts) <= 2, len(lesson_layouts)


@pytest.mark.parametrize("size, beside, keys, width", [
    ((60, 24), True, False, 60),       # text above the pane, or taking turns: the whole width
    ((80, 24), True, False, 39),       # half, less the pane area's border
    ((80, 24), False, False, 80),      # the text folded away
    ((100, 30), True, True, 66),       # the keys panel in the text's place
    ((150, 40), True, False, 89),      # three fifths beside the text
    ((150, 40), True, True, 69),       # ... of what the keys panel leaves
])
def test_the_width_a_pane_is_told_is_the_one_the_layout_gives_it(size, beside, keys, width):
    assert pane_width(Size(*size), beside, keys) == width


@pytest.mark.parametrize("size, folded, keys", [((80, 24), False, False), ((120, 40), False, False),
                                                ((150, 40), False, False), ((60, 24), True, False),
                                                ((80, 24), True, False), ((100, 30), False, True),
                                                ((150, 40), False, True), ((133, 40), False, False), ((127, 40), False, True)])
async def test_the_pane_area_is_as_wide_as_the_pane_was_told(size, folded, keys):
    app = make_app(lesson_id="loss-functions", step=1, lang="en")
    app.keys_shown = keys
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and not app.screen.building)
        app.screen.text_folded = folded
        area = app.screen.query_one("#pane-area")
        await until(pilot, lambda: area.size.width > 0 and app.screen.has_class("-keys-shown") == keys)
        await pilot.pause()
        assert area.size.width == pane_width(Size(*size), not folded, keys)
