"""The batch inference pane: the shapes it prints are the real arrays' shapes, stepping through
batches, changing the batch size (keys, field, a refused value), the accuracy counted batch by batch,
timing, a lesson step, and snapshots (review new SVGs by eye)."""
import dataclasses
import re
import threading

import numpy as np

import pytest
from chapter3_fixtures import kept_network, settle, tiny_data  # noqa: F401 - fixtures
from textual.widgets import Input, Static

from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.inference import InferencePane, shape_text
from workbench.models import trained
from workbench.models.catalog import pane
from workbench.models.inference import ORDER
from screen_text import field_error

SIZE = (80, 24)


def opened(*assignments, **kwargs):
    return make_app(pane=("inference", pane("inference").parse(list(assignments))), **kwargs)


def text_of(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


def words_of(app, selector) -> str:
    """The widget's words, whatever lines it breaks them into."""
    return " ".join(text_of(app, selector).split())


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_shapes_on_screen_are_those_of_the_arrays_just_computed(kept_network, size):
    app = opened("batch_size=10")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        shapes = text_of(app, "#inference-shapes")
        arrays = p.view.arrays
        assert {name: arrays[name].shape for name in ORDER} == p.view.shapes
        for i, inputs in ((1, "x"), (2, "z1"), (3, "z2")):
            rows, inner = arrays[inputs].shape
            assert f"a{i} = {inputs}·W{i} + b{i}" in shapes
            assert f"({rows}, {inner})·{shape_text(arrays[f'W{i}'].shape)}" in shapes
            assert shape_text(arrays[f"a{i}"].shape) in shapes
        assert "(10, 784)" in shapes and re.search(r"y = softmax\(a3\)\s+\(10, 10\)", shapes)
        assert "p = argmax(y, axis=1)" in shapes and "(10,)" in shapes
        if size[0] >= 100:
            assert "+ (50,) → (10, 50)" in shapes                    # with the bias when there is room


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_beside_the_lesson_text_the_bias_shapes_wrap_and_stay(kept_network, lang):
    """3.4 step 3 at 80×24 talks about the (50,) bias, yet beside its text predict()'s lines dropped
    "+ (50,)" (they came back with the text folded): a part that does not fit now goes under the product."""
    from rich.cells import cell_len

    app = make_app(lesson_id="mnist-inference", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        lines = text_of(app, "#inference-shapes").splitlines()
        width = p.query_one("#inference-body").size.width - 1
        assert width < 50 and max(cell_len(line) for line in lines) <= width      # beside the text, all in view
        words = " ".join(" ".join(lines).split())
        for bias, result in (("(50,)", "(100, 50)"), ("(100,)", "(100, 100)"), ("(10,)", "(100, 10)")):
            assert f"+ {bias} → {result}" in words


async def test_stepping_through_batches_and_back(kept_network):
    app = opened("batch_size=10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        assert "batch 1/10: x[0:10]" in text_of(app, "#inference-batch")
        await pilot.press(".", ".")
        assert p.settings.batch == 2 and "batch 3/10: x[20:30]" in text_of(app, "#inference-batch")
        assert p.view.start == 20
        await pilot.press(",", ",", ",")
        assert p.settings.batch == 9 and "x[90:100]" in text_of(app, "#inference-batch")   # wraps round


async def test_a_batch_past_the_end_shows_the_last_and_says_so(kept_network):
    app = opened("batch_size=10", "batch=9999")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        line = words_of(app, "#inference-batch")
        assert "batch 10/10: x[90:100]" in line and "batch = 9,999 is past the last, 9" in line
        app.screen.query_one(InferencePane).apply(batch=3)
        await pilot.pause()
        assert "past the last" not in words_of(app, "#inference-batch")


async def test_the_argmax_of_each_row_over_its_label_and_the_count(kept_network):
    app = opened("batch_size=10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one(InferencePane).view
        rows = text_of(app, "#inference-rows").splitlines()
        assert rows[0].split()[1:] == [str(v) for v in view.predicted]
        assert rows[1].split()[1:] == [str(v) for v in view.labels]
        assert f"this batch: {view.correct} of 10 right" in rows[2]


async def test_a_batch_of_a_thousand_is_counted_as_the_test_set_is(kept_network):
    """"this batch: 957 of 1000 right" stood over "test set: 957 of 1,000": both group thousands."""
    app = opened("batch_size=10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        many = {name: np.repeat(array, 100, axis=0) for name, array in p.view.arrays.items()}
        view = dataclasses.replace(p.view, arrays=many, labels=np.repeat(p.view.labels, 100),
                                   correct=100 * p.view.correct)
        assert f"this batch: {view.correct:,} of 1,000 right" in p.rows(view, 36).plain


async def test_the_accuracy_is_counted_over_the_test_set_batch_by_batch(kept_network):
    app = opened("batch_size=10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        a = p.accuracy
        assert (a.total, a.batches) == (100, 10)
        assert a.correct == round(100 * p.found.network.accuracy(p.images, p.labels))
        assert f"test set: {a.correct} of 100 right" in words_of(app, "#inference-accuracy")
        assert "(10 batches of 10)" in words_of(app, "#inference-accuracy")
        assert re.search(r"= [\d.]+\u00a0%", text_of(app, "#inference-accuracy"))      # "87.0 %" never split
        await pilot.press("plus")                               # 10 → 100: counted again
        await settle(app, pilot)
        assert p.settings.batch_size == 100 and p.accuracy.batches == 1 and p.accuracy.correct == a.correct


async def test_the_batch_size_from_the_keys_and_the_field(kept_network):
    app = opened("batch_size=100")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        await pilot.press("minus", "minus")
        assert p.settings.batch_size == 1 and "(1, 784)" in text_of(app, "#inference-shapes")
        field = app.screen.query_one("#field-batch_size", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"abc", "enter")
        line = p.query_one(ErrorLine)
        assert "batch_size" in (field_error(p, "batch_size") or "")
        assert not line.display and p.settings.batch_size == 1          # said once, under the field
        field.value = ""
        await pilot.press(*"25", "enter")
        await settle(app, pilot)
        assert p.settings.batch_size == 25 and not line.display
        assert "(25, 784)" in text_of(app, "#inference-shapes") and p.accuracy.batches == 4


async def test_plus_stops_at_the_batch_that_holds_the_test_set_and_minus_at_1(kept_network):
    """On 1,000 synthetic digits + went on to a batch size of 10,000, and the accuracy read "(one batch
    of 10,000)" of a set of 1,000; + and - stayed lit where they did nothing, . and , with one batch."""
    from workbench.app.key_bar import KeyBar

    app = opened("batch_size=10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        lit = lambda key: next(on for b, on, *_ in app.screen.query_one(KeyBar).items()  # noqa: E731
                               if b.key.split(",")[0] == key)
        assert lit("plus") and lit("minus") and lit("full_stop")
        await pilot.press("plus")                                  # 10 → 100, the whole test set
        await settle(app, pilot)
        assert p.settings.batch_size == 100 and not lit("plus") and not lit("full_stop") and not lit("comma")
        await pilot.press("plus")
        await settle(app, pilot)
        assert p.settings.batch_size == 100 and "(one batch of 100)" in words_of(app, "#inference-accuracy")
        p.apply(batch_size=1000)                                   # typed in the field: said as it is
        await settle(app, pilot)
        assert "(one batch of 100)" in words_of(app, "#inference-accuracy")
        await pilot.press("minus", "minus", "minus", "minus")
        await settle(app, pilot)
        assert p.settings.batch_size == 1 and not lit("minus") and lit("plus") and lit("full_stop")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_refused_batch_size_is_explained_under_its_field_across_the_pane(kept_network, lang):
    """The explanation took the 20 cells right of a 17-cell indent: four rows for "out of range"."""
    app = make_app(lesson_id="mnist-inference", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        field = app.screen.query_one("#field-batch_size", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"99999", "enter")
        hint = p.query_one(".setting-hint", Static)
        assert field_error(p, "batch_size") and hint.region.height <= 2


async def test_timing_one_image_at_a_time_against_batches(kept_network):
    app = opened("batch_size=10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        timing = words_of(app, "#inference-timing")
        assert "100 images one at a time:" in timing and "10 at a time:" in timing


async def test_the_timing_comes_into_view_beside_the_lesson_text(kept_network):
    """At 80×24 beside the text the timing is under the shapes, out of sight: `m` seemed to do nothing."""
    app = make_app(lesson_id="mnist-inference", step=4)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        body, timing = app.screen.query_one("#inference-body"), app.screen.query_one("#inference-timing")
        assert not body.region.contains_region(timing.region)
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.pause()
        assert "at a time:" in words_of(app, "#inference-timing") and body.region.contains_region(timing.region)


async def test_m_is_dimmed_until_the_network_is_there(kept_network, monkeypatch):
    """Pressed while the network was still being found, m did nothing and said nothing."""
    from workbench.app.key_bar import KeyBar

    release = threading.Event()
    real_obtain = trained.obtain

    def slow_obtain(ctx, **kwargs):
        while not release.wait(0.01):
            ctx.checkpoint()
        return real_obtain(ctx, **kwargs)

    monkeypatch.setattr(trained, "obtain", slow_obtain)
    app = make_app(lesson_id="mnist-inference", step=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        measure_enabled = lambda: next(on for b, on, *_ in bar.items() if b.key == "m")  # noqa: E731
        assert not measure_enabled()
        release.set()
        await settle(app, pilot)
        await pilot.pause()
        assert measure_enabled()


async def test_a_lesson_step_sets_the_batch_size(kept_network):
    app = make_app(lesson_id="mnist-inference", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        assert p.settings.batch_size == 1 and p.view.shapes["x"] == (1, 784)
        await pilot.press("right", "right")
        await settle(app, pilot)
        assert p.settings.batch_size == 100 and p.view.shapes["y"] == (100, 10)


async def test_a_new_lesson_step_does_not_stop_the_network_the_pane_keeps_showing(kept_network, monkeypatch):
    release = threading.Event()
    real_obtain = trained.obtain

    def slow_obtain(ctx, **kwargs):
        while not release.wait(0.01):
            ctx.checkpoint()                    # where a cancelled job stops
        return real_obtain(ctx, **kwargs)

    monkeypatch.setattr(trained, "obtain", slow_obtain)
    app = make_app(lesson_id="mnist-inference", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right")              # step 2 has the same settings: the pane stays
        release.set()
        await settle(app, pilot)
        p = app.screen.query_one(InferencePane)
        assert p.found is not None and p.accuracy is not None


def settled():
    async def run_before(pilot):
        await settle(pilot.app, pilot)
    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_a_batch_of_ten(snap_compare, kept_network, size):
    app = opened("batch_size=10", "batch=1")
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=size, run_before=settled())


def test_snapshot_in_the_lesson(snap_compare, kept_network):
    app = make_app(lesson_id="mnist-inference", step=2)
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled())


def test_snapshot_in_korean(snap_compare, kept_network):
    app = opened("batch_size=10", lang="ko")
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled())


@pytest.mark.parametrize("lang, speedup, said", [
    ("en", 1.04, "about the same time"), ("en", 0.9, "about the same time"), ("en", 3.24, "3.2× faster"),
    ("en", 12.6, "13× faster"), ("en", 0.5, "2.0× slower"), ("ko", 1.0, "거의 같은 시간"), ("ko", 3.24, "3.2배 빠름")])
def test_the_timing_says_how_the_two_loops_compare_in_words_that_fit_the_figures(lang, speedup, said):
    """Batches of 1 (the same work as one at a time) came out "1× faster"."""
    from workbench.app.panes.inference import compared_speed
    from workbench.i18n import set_language

    set_language(lang)
    try:
        assert compared_speed(speedup) == said
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_beside_the_lesson_text_the_batches_counted_stay_on_one_row(tiny_data, monkeypatch, lang):
    """3.4 step 5 at 80×24, with + pressed as its text says, on a test set of 1,000 digits: "(크기 1,000인
    배치" over "1개)" beside the pane's scroll bar."""
    from workbench.models import trained

    data = trained.synthetic_data(300, 1000)
    monkeypatch.setattr(trained, "available_data", lambda: data)
    trained.keep(*trained.train(data, trained.Recipe(epochs=2)))
    app = make_app(lesson_id="mnist-inference", step=4, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        app.screen.query_one("#inference-accuracy").scroll_visible(animate=False)
        await pilot.pause()
        p = app.screen.query_one(InferencePane)
        assert p.accuracy is not None and p.accuracy.batches == 1
        from screen_text import screen_lines
        from workbench.i18n import t

        batches = t("inference.batches.one", size=f"{p.settings.batch_size:,}")
        rows = [row.replace("\u00a0", " ") for row in screen_lines(app)]
        assert any(batches in row for row in rows), rows
