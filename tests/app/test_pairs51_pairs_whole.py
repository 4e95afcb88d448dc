"""A pair the footer lists shows both its keys, the one declared `show=False` too: 8.2 step 3 read
"+ Batch" at 80×24 (its `-` hidden) beside the pane's own "+ - the batch", where ", . Filter" and
"< > ±10 steps" showed both elsewhere. Where the other key would cost one of the pane's own keys or one
the text names, the pair keeps its one key (4.3 step 5's ". Step" beside "< > ±10 steps")."""
import pytest

from workbench.app.app import make_app
from workbench.app.key_bar import KeyBar
from workbench.app.localize import Pair
from workbench.course.files import load_course
from workbench.models.catalog import pane
from test_key_bar_pairs import items


def step_index(lesson_id: str, step_id: str) -> int:
    return [s.id for s in load_course().lesson(lesson_id).steps].index(step_id)


def lonely_pairs(screen, width: int) -> list[str]:
    """The keys `screen`'s footer lists at `width` as one key of a pair whose other key does something
    here but is left out."""
    active = {binding.id: binding for binding in (a.binding for a in screen.active_bindings.values())}
    found = []
    for binding, _, key, _ in screen.query_one(KeyBar).choose(width):
        if isinstance(binding.group, Pair) and " " not in key.strip():
            others = [other for other in active.values() if other.group == binding.group and other.id != binding.id]
            if others:
                found.append(key)
    return found


@pytest.mark.parametrize(("lang", "batch"), [("en", "+ - Batch"), ("ko", "+ - 배치")])
async def test_the_layer_times_step_lists_its_batch_pair_whole_at_80x24(lang, batch):
    lesson = next(lesson for lesson in load_course().lessons if lesson.number == "8.2")
    app = make_app(lesson_id=lesson.id, step=2, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.pane.PANE == "layer-times"
        shown = items(app)
        assert batch in shown and [item for item in shown if " " not in item] == [], shown
        assert lonely_pairs(app.screen, 80) == [], shown


@pytest.mark.parametrize("name", ["activation-plot", "forward", "loss", "receptive-field", "derivative", "descent"])
async def test_every_pane_lists_each_pair_with_both_keys_where_there_is_room(name):
    """Open on its own at 160 columns, each pane whose pairs have one key hidden (`,` of the panes that
    step, `-` of zoom, `[` of the images) lists each pair it lists with both keys."""
    app = make_app(pane=(name, pane(name).parse([])), lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert lonely_pairs(app.screen, 160) == [], items(app)
        paired = [item for item in items(app) if item[:3] in (", .", "+ -", "[ ]", "< >")]
        assert paired, items(app)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_pair_keeps_its_one_key_where_the_other_would_cost_a_key_of_the_pane(lang):
    """6.1's step on the rate says "Run it": in Korean ", . 갱신" took the room of "space 실행"; ". 갱신"
    stays its one key there, and space keeps its label."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "sgd-rate"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = items(app)
        assert f"space {'Run' if lang == 'en' else '실행'}" in shown, shown
        assert f"+ - {'η up/down' if lang == 'en' else 'η 올림/내림'}" in shown, shown
