"""Two keys that go together share one item of the footer under one label, and no key is ever shown there
without its label: 7.4's filters step read ". [ ]" bare beside the lesson at 80×24, in both languages,
once view 4 was open (", Filter −  .  4 Filters  [  ]")."""
import importlib
import pkgutil
import re

import pytest
from textual.binding import Binding

import workbench.app.panes as panes
from workbench.app.app import make_app
from workbench.app.key_bar import KeyBar
from workbench.app.localize import label_key
from workbench.course.files import load_course
from workbench.i18n import strings


def items(app) -> list[str]:
    """The footer's items as shown: "key label", or a bare "key"."""
    return re.split(r" {2,}", str(app.screen.query_one(KeyBar).render()).strip())


def bare(bar: KeyBar, width: int) -> list[str]:
    """The keys `bar` shows without their label at `width`."""
    return [key for _, _, key, labelled in bar.choose(width) if not labelled]


def step_index(lesson_id: str, step_id: str) -> int:
    return [s.id for s in load_course().lesson(lesson_id).steps].index(step_id)


@pytest.mark.parametrize(("lang", "filter_", "image"), [("en", "Filter", "Image"), ("ko", "필터", "이미지")])
async def test_the_filters_step_lists_each_pair_as_one_item_with_its_label(lang, filter_, image):
    app = make_app(lesson_id="simple-convnet", step=step_index("simple-convnet", "filters"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")                       # the view the step's text opens
        await pilot.pause()
        shown = items(app)
        assert f", . {filter_}" in shown and f"[ ] {image}" in shown, shown
        assert [item for item in shown if " " not in item] == [], shown
        bar = app.screen.query_one(KeyBar)
        for width in (80, 60, 40):                   # too narrow for them all: whole items leave, none goes bare
            assert bare(bar, width) == [], (width, bar.choose(width))


async def test_a_click_on_a_key_of_a_pair_presses_that_key():
    """", . Filter": a click on `.` chooses the next filter, on `,` the previous one."""
    app = make_app(lesson_id="simple-convnet", step=step_index("simple-convnet", "filters"), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        bar, pane = app.screen.query_one(KeyBar), app.screen.pane
        line = str(bar.render())
        start = line.index(", . Filter")
        pressed = []
        app.simulate_key = pressed.append
        for x in (start, start + 2, start + 5):
            await pilot.click(bar, offset=(x, 0))
        assert pressed == ["comma", "full_stop", "comma"], (pressed, line)
        assert pane is app.screen.pane


def declared_pairs() -> dict[str, list[list[Binding]]]:
    """Pane class → its bindings declared in pairs (one Textual group each), group by group."""
    found = {}
    for info in pkgutil.iter_modules(panes.__path__):
        module = importlib.import_module(f"{panes.__name__}.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:
                own = [b for b in vars(value).get("BINDINGS", ()) if isinstance(b, Binding) and b.group]
                if own:
                    groups = {}
                    for binding in own:
                        groups.setdefault(binding.group, []).append(binding)
                    found[f"{info.name}:{name}"] = list(groups.values())
    return found


def test_every_pair_is_declared_side_by_side_with_one_label_in_each_language():
    """Textual's own Footer lists a group as one item only where its bindings come one after the other;
    the label of each pair is in the catalog of both languages."""
    found = declared_pairs()
    assert "train:TrainPane" in found
    for where, groups in found.items():
        for group in groups:
            bindings = [b for b in vars(importlib.import_module(f"{panes.__name__}.{where.split(':')[0]}"))
                        [where.split(":")[1]].BINDINGS if isinstance(b, Binding)]
            places = [bindings.index(member) for member in group]
            assert len(group) == 2 and places[1] == places[0] + 1, (where, group)
            area = group[0].id.partition(".")[0]
            for lang in ("en", "ko"):
                assert label_key(f"{area}.{group[0].group.description}") in strings(lang), (where, lang)


@pytest.mark.parametrize(("lang", "step", "tens"), [("en", ". Step", "±10 steps"), ("ko", ", . 하강", "±10번")])
async def test_the_walk_lists_its_ten_steps_as_one_item_beside_its_step(lang, step, tens):
    """4.3 step 5 names `g`, `>` and `<`: "< > ±10 steps" is one item, so in English `.` keeps its place
    before it (it read "> Step×10  < Back×10" with `.` gone; in Korean, shorter, the pair whole: ", . 하강
    < > ±10번"), and
    `+` `-` of a pane that walks are one item too."""
    app = make_app(lesson_id="gradient-descent", step=4, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = items(app)
        assert f"< > {tens}" in shown and (step is None or step in shown[:shown.index(f"< > {tens}")]), shown
        await pilot.press("n")
        await pilot.pause()
        assert "+ - η ×÷10" in items(app), items(app)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_temperature_keys_stay_two_items_where_one_would_not_fit(lang):
    """3.3 step 1: "+ T×2" fits beside the text, "+ - T ×÷2" would not (no key of the bar bare either)."""
    app = make_app(lesson_id="output-layer", step=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "+ T×2" in items(app) and bare(app.screen.query_one(KeyBar), 80) == []
