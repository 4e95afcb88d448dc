"""Every screen whole at 80×24 and 60×24, in both languages (issue 22): what a learner types, reads and
is told to press is on screen, measured in cells, never cut silently."""
import numpy as np
import pytest
from rich.text import Text
from textual.keys import format_key
from textual.widgets import Input, Select

from workbench.app.app import make_app
from workbench.app.key_bar import GAP, KeyBar, range_keys
from workbench.app.lesson_screen import LessonScreen
from workbench.app.localize import Pair
from workbench.app.panes.base import Pane
from workbench.app.widgets.field import Field
from workbench.app.widgets.folded import fold
from workbench.course.files import load_course
from workbench.course.keys import mentioned_keys
from workbench.i18n.cells import cell_len

from chapter3_fixtures import kept_network, tiny_data  # noqa: F401 - fixtures
from screen_text import screen_lines, until
from step_walk import Failures, every_step, no_text_row_starts_with_a_bare_key


@pytest.mark.parametrize(("lesson_id", "selector"), [("computational-graph", "#input-apple"),
                                                     ("training-loop", "#field-lr"),
                                                     ("training-loop", "#field-net")])
async def test_escape_in_a_field_leaves_the_field_and_a_second_escape_the_lesson(lesson_id, selector):
    app = make_app(lesson_id=lesson_id, step=2 if lesson_id == "training-loop" else 0)     # 4.4's training step
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one(selector)
        assert isinstance(field, (Input, Select))
        field.focus()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert isinstance(app.screen.focused, Pane)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LessonScreen)


def test_a_step_knows_the_keys_its_text_names_in_english_whatever_the_language():
    perceptron = load_course(lang="ko").lesson("perceptron")
    assert perceptron.steps[3].keys[:2] == ("3", "+")              # the Korean text writes them plainly
    assert load_course().lesson("activation-functions").steps[2].keys == ("-", "+")     # `-`, `+`
    assert mentioned_keys("Press `+` and `−`; **v** draws.\n\n```\nx = `q`\n```\n") == ("+", "-", "v")


def footer_keys(screen) -> list[str]:
    """The keys the footer shows, as it shows them ("←", "3", "+", …), both keys of a pair listed as one
    item (", . Step")."""
    bar = screen.query_one(KeyBar)
    pairs = {key for binding, _, key, _ in bar.choose(screen.size.width) if isinstance(binding.group, Pair)}
    items = [item for line in str(bar.render()).split("\n") for item in line.strip().split(GAP) if item]
    return [key for item in items
            for key in next((pair.split() for pair in pairs if item.startswith(f"{pair} ")), item.split(" ")[:1])]


def missing_keys(screen) -> list[str]:
    """Keys the step's text names that do something here but are not in the footer (a binding with two
    keys, such as ← and p, counts as shown by either; a key inside a range shown, `3` in "1–6", counts too;
    so does each key of a pair listed as one item, `.` in ", . Step")."""
    shown = set(footer_keys(screen))
    shown |= {key for active in screen.active_bindings.values()
              if screen.app.get_key_display(active.binding).split(" ")[0] in shown      # "] [" shows "]"
              for key in range_keys(active.binding)}
    displays: dict[str, set[str]] = {}
    named: dict[str, str] = {}
    for binding in (active.binding for active in screen.active_bindings.values()):
        # as footer_keys reads it: a display of two keys ("+ -") is shown by its first
        displays.setdefault(binding.id, set()).add(screen.app.get_key_display(binding).split(" ")[0])
        named.update({binding.id: key for key in map(format_key, binding.key.split(",")) if key in screen.step.keys})
    return [key for binding_id, key in named.items() if not displays[binding_id] & shown]


async def show(pilot, lesson_id: str, index: int, *, folded: bool) -> LessonScreen:
    """Step `index` of the lesson, shown as a key press shows it (a lesson not on screen opens there)."""
    app = pilot.app
    if not isinstance(app.screen, LessonScreen) or app.screen.lesson.id != lesson_id:
        await app.open_lesson(lesson_id, index)          # the screen shows that step as it opens
        await pilot.pause()
    elif app.screen.index != index:
        app.screen.set_reactive(LessonScreen.index, index)
        await app.screen.show_step()
    screen = app.screen
    screen.text_folded = folded
    await pilot.pause()
    return screen


TOLD_TO_PRESS = {("perceptron", 3): "3+", ("activation-functions", 2): "-", ("activation-functions", 4): "123"}
"""Steps whose text tells the learner to press these keys, each a character."""


def the_footer_keeps_the_keys_the_step_tells_the_learner_to_press(screen) -> None:
    """The keys of TOLD_TO_PRESS at their steps, none missing, and "?" last; the walks at 80×24 (in
    test_footer_named_keys.py) and at 60×24 in Korean check it, and the test below in English at 60×24."""
    keys = TOLD_TO_PRESS[screen.lesson.id, screen.index]
    assert set(keys) <= set(footer_keys(screen)) and not missing_keys(screen), footer_keys(screen)
    assert footer_keys(screen)[-1] == "?", footer_keys(screen)


@pytest.mark.parametrize(("lesson_id", "index"), TOLD_TO_PRESS)
async def test_the_footer_keeps_the_keys_the_step_tells_the_learner_to_press_at_60x24_in_english(lesson_id, index):
    app = make_app(lang="en")
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await show(pilot, lesson_id, index, folded=True)
        the_footer_keeps_the_keys_the_step_tells_the_learner_to_press(screen)


CHAPTER_OF = {lesson.id: lesson.chapter for lesson in load_course().lessons}


def no_key_it_names_missing(screen) -> None:
    """Every key the step's text names that does something there is in the footer."""
    assert not missing_keys(screen), missing_keys(screen)


TEXT_IN_TURN = (56, 58)
"""The cells of the text column at 60×24 when the text has its turn, beside its scrollbar and without:
the walk keeps the text folded away, and showing it in turn at each step took the walk twice as long."""


@pytest.mark.slow
@pytest.mark.parametrize("chapter", sorted(set(CHAPTER_OF.values())))
async def test_every_step_keeps_the_keys_its_text_names_in_the_footer_at_60x24_in_korean(chapter, kept_network):
    """Korean labels take the most cells: with the text folded away (at 60×24 text and pane take turns),
    every key any step's text names that does something there is in the footer (and the keys the steps
    of TOLD_TO_PRESS tell the learner to press, "?" last); no row of the text, as it wraps in its turn,
    starts with a key cut from its phrase (". 키로" below "씁니다."). A chapter at a time, so that the
    workers share the walk; each step with keys opened once (step_walk.py)."""
    lessons = [lesson for lesson in load_course(lang="ko").lessons if lesson.chapter == chapter]
    assert any(step.keys and step.pane for lesson in lessons for step in lesson.steps)
    app = make_app(lang="ko")
    failures = Failures("ko")
    async with app.run_test(size=(60, 24)) as pilot:
        async for screen, lesson, index in every_step(pilot, lessons, folded=True,
                                                      only=lambda step: bool(step.keys and step.pane)):
            failures.check(screen, no_key_it_names_missing)
            if (lesson.id, index) in TOLD_TO_PRESS:
                failures.check(screen, the_footer_keeps_the_keys_the_step_tells_the_learner_to_press)
            failures.check(screen, no_text_row_starts_with_a_bare_key, TEXT_IN_TURN)
    failures.assert_none()


def the_perceptrons_verdict_is_one_line_at_the_panes_width(screen) -> None:
    """2.2 step 2 (NAND weights, XOR target): the verdict is on one row of the screen."""
    verdict = screen.pane.verdict(screen.pane.result)
    assert any(verdict in line for line in screen_lines(screen.app)), verdict


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_perceptrons_verdict_is_one_line_at_the_panes_width_at_60x24(lang):
    """At 80×24 the walk of test_footer_named_keys.py checks it."""
    app = make_app(lang=lang)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await show(pilot, "xor", 1, folded=True)          # NAND weights, XOR target
        the_perceptrons_verdict_is_one_line_at_the_panes_width(screen)


def test_a_status_line_breaks_at_words_and_never_inside_a_formula():
    text = Text("test set: 957 of 1,000 right = 95.7 % (1,000 batches of 1)")
    text.stylize("bold", 0, 8)
    lines = fold(text, 36).split("\n")
    assert [line.plain for line in lines] == ["test set: 957 of 1,000", "right = 95.7 % (1,000 batches of 1)"]
    assert lines[0].spans[0].style == "bold"
    assert fold("y = 1 if b + w₁x₁ + w₂x₂ > 0, else 0", 30).plain == "y = 1 if b + w₁x₁ + w₂x₂ > 0,\nelse 0"


async def test_an_input_field_marks_where_its_value_is_cut():
    app = make_app(lesson_id="activation-layers", step=4)         # the Affine layer's x, W, b and t
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        row = next(line for line in screen_lines(app) if " W 0.5 -0.5 0.2;" in line)
        assert row.rstrip().endswith("…"), row
        field = app.screen.query_one("#input-W", Field)
        field.focus()
        await pilot.pause()
        assert "…" not in next(line for line in screen_lines(app) if " W " in line and "0.5" in line)


def code_lines(markdown: str) -> list[str]:
    import re

    return [line for block in re.findall(r"```[a-z]*\n(.*?)```", markdown, re.DOTALL) for line in block.splitlines()]


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
@pytest.mark.parametrize(("lesson_id", "index"), [("mnist-inference", 3), ("gradient-check", 3)])
async def test_a_code_block_wider_than_the_column_wraps_with_a_mark(lesson_id, index, size):
    step = load_course().lesson(lesson_id).steps[index]
    app = make_app(lesson_id=lesson_id, step=index)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = app.screen.query_one("#text")
        column = text.content_region
        text.scroll_to(y=0, animate=False)
        await pilot.pause()
        shown = "".join(line[column.x:column.right] for line in screen_lines(app))
        code = code_lines(step.text)
        assert "".join("".join(code).split()) in "".join(shown.replace("↪", "").split()), shown
        assert ("↪" in shown) == any(len(line) > column.width for line in code)


async def test_switching_language_keeps_the_canvas_drawing(kept_network):
    from workbench.app.panes.canvas import CanvasPane
    from workbench.app.widgets.digit_canvas import DigitCanvas

    app = make_app(lesson_id="mnist-inference", step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        drawing = np.zeros((28, 28), np.float32)
        drawing[6:22, 13:15] = 1.0                                        # a 1
        app.screen.query_one(DigitCanvas).load(drawing)
        await pilot.pause()
        await app.switch_language("ko")
        await pilot.pause()
        pane = app.screen.query_one(CanvasPane)
        assert app.screen.step.title != "Your own digit"                   # the Korean step
        np.testing.assert_array_equal(app.screen.query_one(DigitCanvas).drawing, drawing)
        np.testing.assert_array_equal(pane.drawing, drawing)


async def test_switching_language_keeps_a_finished_training_run_and_its_drawing():
    from workbench.app.panes.train import TrainPane
    from workbench.app.widgets.digit_canvas import DigitCanvas
    from workbench.models.catalog import pane as catalog_pane

    settings = catalog_pane("train").parse(["dataset=synthetic-digits", "train_size=200", "test_size=100",
                                            "batch_size=20", "epochs=1", "net=two-layer"])
    app = make_app(pane=("train", settings))
    async with app.run_test(size=(80, 24)) as pilot:
        train = app.screen.query_one(TrainPane)
        await pilot.press("g")
        for _ in range(2000):
            if train.state == "done":
                break
            await pilot.pause(0.02)
        await pilot.press("5")
        drawing = np.zeros((28, 28), np.float32)
        drawing[6:22, 13:15] = 1.0
        train.query_one(DigitCanvas).load(drawing)
        await pilot.pause()
        records = train.records
        await app.switch_language("ko")
        await pilot.pause()
        again = app.screen.query_one(TrainPane)
        assert again is not train and again.records is records and again.state == "done"
        np.testing.assert_array_equal(again.query_one(DigitCanvas).drawing, drawing)


async def test_chapter_3s_network_is_trained_once_however_often_the_learner_steps_through_3_4(tiny_data, monkeypatch):
    import threading

    from workbench.models import trained

    calls, release = [], threading.Event()
    obtain = trained.obtain

    def slow(ctx=None, **kwargs):                  # a busy laptop: training takes as long as the test says
        calls.append(kwargs)
        while not release.wait(0.02):
            ctx.checkpoint()
        return obtain(ctx, **kwargs)
    monkeypatch.setattr(trained, "obtain", slow)
    app = make_app(lesson_id="mnist-inference", step=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ["right"] * 5 + ["left"] * 5 + ["right"] * 5:       # inference ↔ canvas, back and forth
            await pilot.press(key)
        await pilot.pause()
        assert len(calls) == 1
        release.set()
        for _ in range(1500):
            if app.chapter3.ready and app.screen.pane.found is not None:
                break
            await pilot.pause(0.02)
        assert app.screen.pane.PANE == "canvas" and app.screen.pane.found is not None
        await pilot.press("left")                                        # back to inference: no new job
        await pilot.pause()
        assert len(calls) == 1 and app.screen.pane.found is not None


@pytest.mark.parametrize("width", [0, 3, 11, 12, 13, 20, 37, 200])
def test_wrapped_code_fits_any_width_it_can_and_keeps_every_character(width):
    from textual.content import Content

    from workbench.app.lesson_markdown import CONTINUED, MIN_WIDTH, wrap_code

    code = Content("for i in range(0, len(x), batch_size):\n        y_batch = predict(network, x[i:i+batch_size])\n"
                   + "x" * 50 + "\n\n    가나다라마바사아자차카타파하 " * 3)
    rows = wrap_code(code, width).plain.split("\n")
    if width >= MIN_WIDTH:
        assert all(cell_len(row) <= width for row in rows)
    assert "".join("".join(rows).replace(CONTINUED.strip(), "").split()) == "".join(code.plain.split())


async def tiny_training(pilot, epochs: int):
    """The lesson step's training pane, set to a tiny run (TwoLayerNet, 200 synthetic digits), not started."""
    from workbench.app.panes.train import TrainPane
    from workbench.models.catalog import pane as catalog_pane

    await pilot.pause()
    train = pilot.app.screen.query_one(TrainPane)
    train.settings = catalog_pane("train").parse(["net=two-layer", "dataset=synthetic-digits", "train_size=200",
                                                  "test_size=100", "batch_size=20", f"epochs={epochs}"])
    return train


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_training_inside_a_lesson_at_80x24_gives_the_curves_the_room_they_need(lang):
    app = make_app(lesson_id="training-loop", step=2, lang=lang)        # 4.4's first training step
    async with app.run_test(size=(80, 24)) as pilot:
        train = await tiny_training(pilot, epochs=2)
        await pilot.press("2")
        assert not train.query_one("#train-accuracy-box").display        # nothing measured yet: loss only
        await pilot.press("g")
        await until(pilot, lambda: train.state == "done")
        await pilot.pause()
        assert app.screen.text_folded and train.size.width >= 76
        loss, accuracy = train.query_one("#train-loss"), train.query_one("#train-accuracy")
        assert loss.size.height >= 10 and accuracy.size.height >= 10       # side by side, the height they have
        assert loss.region.right <= accuracy.region.x
        await pilot.press("4")                                             # the filters run past the fold:
        view = train.query_one("#view-filters")
        await until(pilot, lambda: view.max_scroll_y > 0 and view.query_one(".more-mark").display)  # marked,
        await pilot.press("pagedown")
        assert view.scroll_y > 0                                           # and ↓ PgDn scroll the pane
        await pilot.press("2", "t")
        await pilot.pause()
        assert not app.screen.text_folded and loss.size.height >= 4


def a_key_the_text_names_is_listed_once_in_the_footer(screen) -> None:
    """4.3's step on η names `-`; the learning rate's keys were one "+ -" item, so `-` came twice (the walk
    of test_footer_named_keys.py checks it at 80×24)."""
    keys = [key for *_, text, _label in screen.query_one(KeyBar).choose(80) for key in text.split()]
    assert "-" in keys and "+" in keys and len(keys) == len(set(keys)), keys


async def test_a_later_step_shows_its_text_again_once_the_training_that_folded_it_is_over(monkeypatch):
    """The text folded for the curves' width stayed folded on the next steps, which then showed no text
    at all until t; it stays folded only while the training still runs."""
    from workbench.app.panes.train import TrainPane

    app = make_app(lesson_id="training-loop", step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        train = await tiny_training(pilot, epochs=1)
        await pilot.press("g")
        await until(pilot, lambda: train.state == "done")
        assert app.screen.text_folded
        monkeypatch.setattr(TrainPane, "running", lambda _self: True)      # as if it still ran: stays folded
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.index == 3 and app.screen.text_folded
        monkeypatch.undo()
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.index == 4 and not app.screen.text_folded and app.screen.query_one("#text").display


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lesson_on_the_home_list_wraps_at_words_and_is_never_cut(lang):
    import io

    from rich.console import Console

    from workbench.app.home import LessonPrompt

    for lesson in load_course(lang=lang).lessons:
        for width in range(36, 101):
            console = Console(width=width, file=io.StringIO(), record=True, legacy_windows=False)
            console.print(LessonPrompt("✓", lesson.number, lesson.title, lesson.summary))
            rows = console.export_text().splitlines()
            assert all(cell_len(row.rstrip()) <= width for row in rows)
            assert lesson.summary in " ".join(row[LessonPrompt.INDENT:].rstrip() for row in rows), (width, rows)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_home_screen_at_60x24_cuts_nothing_but_the_tagline(lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(60, 24)) as pilot:
        options = app.screen.query_one("#lessons")
        for _ in range(8):
            await pilot.pause()
            lines = screen_lines(app)
            assert not any("…" in line for line in lines[1:]), lines
            assert "  …" not in lines[0] and cell_len(lines[0]) <= 60       # the tagline cut at a character
            if options.scroll_y >= options.max_scroll_y:
                break
            await pilot.press("pagedown")
        assert options.max_scroll_y and options.scroll_y == options.max_scroll_y      # every lesson was seen


@pytest.mark.parametrize(("lesson_id", "index", "keys"), [("im2col", 3, []), ("im2col", 6, []),
                                                         ("simple-convnet", 0, ["2"]), ("forward-pass", 3, []),
                                                         ("cnn-gradient-check", 4, [])])
async def test_every_pane_part_that_runs_past_the_fold_says_so_and_scrolls_with_the_text_folded(lesson_id, index, keys):
    from textual.containers import ScrollableContainer

    from workbench.app.widgets.marked_scroll import MarkedScroll

    app = make_app(lesson_id=lesson_id, step=index)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)                                         # DeepConvNet in the shape tracer
        for _ in range(300):
            await pilot.pause(0.02)
            past = [part for part in app.screen.query(ScrollableContainer)           # (an Input is one too: a
                    if part.max_scroll_y > 0 and part.id != "text" and not isinstance(part, Input)]   # field)
            if past:
                break
        assert past, "this step no longer runs past the fold at 80×24: pick another"
        for part in past:
            assert isinstance(part, MarkedScroll) and part.query_one(".more-mark").display, part
        await pilot.press("t", "pagedown")
        await pilot.pause()
        assert app.screen.text_folded                                   # the pane gets the width: what still
        assert all(part.scroll_y > 0 or not part.max_scroll_y for part in past)     # runs past scrolls


def the_perceptrons_raise_and_lower_keys_keep_their_labels_in_korean(screen) -> None:
    """2.1 and 2.2 tell the learner to change a value with + and -: at 80×24 in Korean both keys are in
    the footer with their labels beside the text, as in English (올리기/내리기 left - bare or out); as one
    item now, a pair (the walk of test_footer_named_keys.py checks it at 2.1 steps 1 and 4 and 2.2 step 1)."""
    from workbench.i18n import language, strings

    if language() == "ko":
        items = str(screen.query_one(KeyBar).render()).strip().split(GAP)
        assert f"+ - {strings('ko')['perceptron.key.nudge']}" in items, items      # one item, "+ - 증가/감소"


async def test_the_more_mark_keeps_its_korean_words_whole_over_content_that_ends_below_it():
    """Textual cuts a screen row at every widget's edge and blanks a wide character a cut falls inside,
    even in the widget on top: in 5.4 step 3 in Korean the graph's arrays end under the mark, whose
    "아래에 더 ↓" read "아래   더 ↓"."""
    from workbench.app.widgets.marked_scroll import MarkedScroll
    from workbench.i18n import t

    app = make_app(lesson_id="softmax-with-loss", step=2, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = app.screen.query_one("#graph-body", MarkedScroll)
        await until(pilot, lambda: body.query_one(".more-mark").display)
        await pilot.pause()
        mark = body.query_one(".more-mark")
        edges = {widget.region.right for widget in body.query("*") if widget is not mark
                 and widget.region.y <= mark.region.y < widget.region.bottom}
        assert any(mark.region.x < edge < mark.region.right for edge in edges), "no content ends under the mark"
        row = screen_lines(app)[mark.region.y]
        assert t("lesson.more") in row, row


async def test_the_training_panes_tabs_take_their_rows_only_after_the_language_switches_from_the_palette():
    """7.4 after a run, Ctrl+P "lang": the tabs' two rows stood over four empty ones. The new pane drew
    its tabs before it had a width (a tab a row), and the redraw at its width, made in the same frame
    by the run handed over, was never laid out (Textual keeps the old height)."""
    from textual.command import CommandPalette

    from workbench.app.panes.train import TrainPane
    from workbench.app.widgets.digit_canvas import DigitCanvas
    from screen_text import palette_searched, until

    app = make_app(lesson_id="simple-convnet", step=4, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        train = app.screen.query_one(TrainPane)
        drawing = np.zeros((28, 28))
        drawing[6:22, 13:15] = 1.0                     # something to hand over: a drawing, on the curves view
        train.query_one(DigitCanvas).load(drawing)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"lang")
        await until(pilot, lambda: palette_searched(app, "lang"))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query(TrainPane) and app.screen.query_one(TrainPane) is not train)
        again = app.screen.query_one(TrainPane)
        await until(pilot, lambda: again.view == "curves")
        tabs = again.query_one("#train-tabs")
        await until(pilot, lambda: tabs.size.height == len(tabs.tabs.plain.splitlines()) == 2, seconds=10)
        assert tabs.size.height == len(tabs.tabs.plain.splitlines()) == 2
        assert again.query_one("#train-status-box").region.y == tabs.region.bottom
