"""The footer of a lesson step lists each key its text names once, with its label where it fits (a
reviewer at 80×24 found 6.1 step 5 showing "1–6" and then "6" again, and 3.4 step 3 `.` `,` bare)."""
import re

import pytest

from chapter3_fixtures import kept_network, tiny_data  # noqa: F401 - fixtures
from workbench.app.app import make_app
from workbench.app.key_bar import range_keys
from workbench.course.files import load_course


def footer_keys(line: str) -> list[str]:
    """The keys of a footer line, each item being "key label" or a bare "key", two spaces apart."""
    return [item.split(" ")[0] for item in re.split(r" {2,}", line.strip())]


def step_index(lesson_id: str, step_id: str) -> int:
    return [s.id for s in load_course().lesson(lesson_id).steps].index(step_id)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_key_inside_a_range_is_not_listed_again(lang):
    """6.1 step 5 names `3`, `5`, `1` and `6`: the footer says "1–6 Select" once, not "1–6  6"."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "all-together"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        keys = footer_keys(line)
        assert keys.count("1–6") == 1 and not {"3", "5", "6"} & set(keys), line
        label = "Select" if lang == "en" else "선택"
        assert f"1–6 {label}" in line and keys.index("space") < keys.index("1–6") < keys.index("a"), line


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_key_named_alone_keeps_its_own_label(lang):
    """6.1 step 3 names only `5` (RMSprop): the footer says "5 RMSprop", not the range."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "adagrad"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        assert "5 RMSprop" in line and "1–6" not in footer_keys(line), line


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_key_of_the_batches_step_keeps_its_label_at_80_columns(lang):
    """3.4 step 3 names `+`, `-`, `.` and `,`: each is listed with a label that fits, `,` and `.` as one
    item (one batch back and on), `+` and `-` as another (the batch's size), and none repeats the lesson's
    own ← Prev / → Next words."""
    app = make_app(lesson_id="mnist-inference", step=step_index("mnist-inference", "batches"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        items = re.split(r" {2,}", line.strip())
        assert [item for item in items if " " not in item] == [], line
        step, batch = ("Step", "Batch") if lang == "en" else ("넘기기", "배치")
        assert f", . {step}" in items and f"+ - {batch}" in items, line
        labels = [item.split(" ", 1)[1] for item in items]
        assert len(labels) == len(set(labels)), line


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_key_the_all_together_step_names_keeps_its_label_at_80_columns(lang):
    """6.1 step 5 names `g`, `t`, `a`, `1`–`6` and `space`: at 80 columns `r` was listed bare ("r  ? Help")
    because "a One/all" and "1–6 Optimizer" took its room; each now fits with its label. The text said
    "press r and then space" and the footer had no room for space: it now names `space` alone (space
    runs the walk from the start when it is at its end), listed with its label. In Korean the labels
    were one cell too wide for the 80 columns and `t` went bare ("t  space 실행"): the bar gives up its
    leading space there instead, and only there. The keys stay in the pane's order."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "all-together"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        items = re.split(r" {2,}", line.strip())
        assert [item for item in items if " " not in item] == [], line
        assert line.startswith(" ") == (lang == "en"), line
        assert [item.split(" ")[0] for item in items] == ["←", "→", "esc", "t", "space", "1–6", "a", "g", "?"], line


def test_the_space_bar_is_named_as_space_in_inline_code():
    from workbench.course.keys import mentioned_keys

    assert mentioned_keys("Press `space` to run, `r` to start; a `spacer` and plain space are no keys.") == (
        "space", "r")


async def test_the_footer_fills_its_width_but_for_the_gap_it_never_draws():
    """The last item's two-space gap was counted though the line ends at "? Help": 4.4's first step
    left out "r Reset" that fits in 80 columns."""
    from rich.cells import cell_len

    app = make_app(lesson_id="training-loop", step=0, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render()).rstrip()
        assert line.endswith("? Help") and cell_len(line) <= 80
        assert "r Reset" in line, line


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("step_id", ["sgd", "momentum", "adagrad", "adam", "sgd-rate"])
async def test_a_step_that_says_run_it_keeps_space_in_the_footer(step_id, lang):
    """6.1's steps say "Press space to run" or "Run it"; at step 3 "5 RMSprop" took the room of
    "space Run" (in Korean the η keys took it at steps 1, 2 and 4 too), so the footer lacked space."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", step_id), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        assert f"space {'Run' if lang == 'en' else '실행'}" in line and footer_keys(line)[-1] == "?", line
        if step_id == "adagrad":
            assert "5 RMSprop" in line, line
        if step_id == "sgd-rate":
            assert f"+ - {'η up/down' if lang == 'en' else 'η 올림/내림'}" in line, line


def footer_items(app) -> list[str]:
    """The footer's items as shown: "key label", or a bare "key"."""
    return re.split(r" {2,}", str(app.screen.query_one("KeyBar").render()).strip())


async def footers_of_every_step(pilot, lesson_id: str) -> list[list[str]]:
    """The footer's items at each step of a lesson, stepped through with →."""
    app, footers = pilot.app, []
    for index in range(len(load_course().lesson(lesson_id).steps)):
        if index:
            await pilot.press("right")
        await pilot.pause()
        assert app.screen.index == index
        footers.append(footer_items(app))
    return footers


def same_order(first: list[str], second: list[str]) -> bool:
    """Whether the keys two footers both show come in the same order in each."""
    keys = [item.split(" ")[0] for item in first], [item.split(" ")[0] for item in second]
    return [key for key in keys[0] if key in keys[1]] == [key for key in keys[1] if key in keys[0]]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson_id", ["output-layer", "perceptron", "loss-functions"])
async def test_a_lessons_footer_keeps_its_keys_in_one_order_from_step_to_step(lesson_id, lang):
    """The keys a step's text named came first: 3.3's softmax footer read "1 Book  2 Overflow  ] +100"
    at step 1 and "] +100  [ −100  1 Book  2 Overflow" at step 3 (2.1 step 4 "3 b  + Raise  1 w₁";
    4.1 "o t form  1 y 0.6"). A key the text names is still sure to be shown, in its own place."""
    app = make_app(lesson_id=lesson_id, step=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        footers = await footers_of_every_step(pilot, lesson_id)
    assert all(same_order(one, other) for one in footers for other in footers), footers
    if lesson_id == "output-layer":
        step_3 = [item.split(" ")[0] for item in footers[2]]
        assert step_3.index("1") < step_3.index("2") < step_3.index("]"), footers[2]   # "] [ ±100": both


@pytest.mark.parametrize(("lesson_id", "step_id", "lang", "items"), [
    ("gradient-descent", "overflow", "en", ["< > ±10 steps", "g ∇ exact/num."]),
    ("gradient-descent", "overflow", "ko", ["< > ±10번", "g ∇ 정확/수치"]),
    ("cnn-gradient-check", "map", "ko", ["m 지도", "[ ] 매개변수"]),
    ("activation-functions", "non-linear", "en", ["+ - Zoom"]),
    ("activation-functions", "non-linear", "ko", ["+ - 확대/축소"])])
async def test_every_key_the_step_names_keeps_its_label_at_80x24(lesson_id, step_id, lang, items):
    """4.3's step on the exact gradient names `g`, `>` and `<`: "< " lost its label ("10 steps on" and
    "10 steps back" were too long together); 7.5's map step in Korean lost m's ("이전 매개변수" and
    "다음 매개변수" took the room). 3.1's zoom step showed "+ Zoom" beside "- Zoom out". Each of those pairs
    is one item now: "< > ±10 steps", "[ ] 매개변수", "+ - Zoom"."""
    app = make_app(lesson_id=lesson_id, step=step_index(lesson_id, step_id), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = footer_items(app)
    assert set(items) <= set(shown), shown


def missing_and_bare_keys(screen, lesson, index: int) -> tuple[list, list]:
    """The keys the step's text names that do something here but are not in an 80-column footer, and
    those shown there without their label, each as (lesson, step, key)."""
    from textual.keys import format_key

    from workbench.app.key_bar import KeyBar

    bare, missing = [], []
    chosen = screen.query_one(KeyBar).choose(80)
    shown = {binding.id: labelled for binding, _, _, labelled in chosen}
    paired = {part: labelled for _, _, keys, labelled in chosen if " " in keys.strip() for part in keys.split()}
    bound = {format_key(key): active.binding for active in reversed(screen.active_bindings.values())
             for key in active.binding.key.split(",")}
    for key in screen.step.keys:
        binding = bound.get(key)
        if binding is None or not binding.id:
            continue                                  # a variable, not a key here
        where = (lesson.number, index + 1, key)
        if key in paired:                              # one of a pair's two keys, listed as one item
            if not paired[key]:
                bare.append(where)
        elif binding.id not in shown and not any(key in range_keys(other.binding) for other in
                                               screen.active_bindings.values() if other.binding.id in shown):
            missing.append(where)
        elif not shown.get(binding.id, True):
            bare.append(where)
    return missing, bare


CHAPTERS = sorted({lesson.chapter for lesson in load_course().lessons})

KOREAN_LEANING = [("6.1", 5)]
"""The steps whose Korean footer gives up its leading space for a label (see the walk's docstring); 6.2
step 1 did too until its `,` and `.` became one item, ", . 갱신", narrower than ". 갱신  , 뒤로"."""


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_step_opens_and_every_key_it_names_is_in_the_footer_with_its_label_at_80x24(lang, chapter,
                                                                                                 kept_network):
    """One walk through every step of every lesson at 80×24, a chapter at a time (so that the workers
    share it), as a key press shows it (its pane built before Pilot's wait for idle): each step opens
    its own pane without a problem or an error, and, once drawn, each key the step's text names that
    does something there is in the footer, with its label (6.1's "all together" step in Korean, where
    `t` went bare, fits now that the bar gives up its leading space for a label, at that step alone).
    Reading every lesson to its end records each last step. The lesson bar is checked on the way
    (`check_bar`): a walk of its own took as long again."""
    from test_lesson_header import check_bar

    from workbench.app.lesson_screen import LessonScreen

    lessons = [lesson for lesson in load_course(lang=lang).lessons if lesson.chapter == chapter]
    assert lessons
    bare, missing, leaning = [], [], []
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for lesson in lessons:
            await app.open_lesson(lesson.id, 0)     # the screen is composed, and shows the first step
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LessonScreen) and screen.lesson.id == lesson.id
            for index, step in enumerate(lesson.steps):
                if index:                         # the first step was shown as the lesson opened
                    screen.set_reactive(LessonScreen.index, index)
                    await screen.show_step()      # what a key press runs, without Pilot's wait for idle
                pane = screen.pane
                assert screen.index == index
                assert (pane.PANE if pane else None) == step.pane, (lesson.number, index + 1)
                assert not screen.query(".pane-problem"), (lesson.number, index + 1)
                assert pane is None or pane.error is None, (lesson.number, index + 1, pane.error)
                await pilot.pause()               # the footer and the bar as drawn (8.1 step 5 lost a label before it)
                check_bar(screen, 80)             # the step's title whole beside the lesson's number
                if not str(screen.query_one("KeyBar").render()).startswith(" "):
                    leaning.append((lesson.number, index + 1))
                unlabelled = [key for _, _, key, labelled in screen.query_one("KeyBar").choose(80) if not labelled]
                assert unlabelled == [], (lesson.number, index + 1, unlabelled)   # no key bare, named or not
                if step.keys and step.pane:
                    step_missing, step_bare = missing_and_bare_keys(screen, lesson, index)
                    missing += step_missing
                    bare += step_bare
            await pilot.pause()
        assert app.progress.last_step == {lesson.id: len(lesson.steps) - 1 for lesson in lessons}
    assert not missing
    assert bare == []
    numbers = {lesson.number for lesson in lessons}        # the bar without its leading space:
    assert leaning == ([] if lang == "en" else [where for where in KOREAN_LEANING if where[0] in numbers])


def key_labels(lang: str) -> dict[str, str]:
    """Every footer label of the catalog ("area.key.name"), tips left out."""
    from workbench.i18n import strings

    return {key: text for key, text in strings(lang).items() if ".key." in key and not key.endswith(".tip")}


def test_every_english_footer_label_starts_with_a_capital_as_the_others_do():
    """The exercises read ". next part  r grade again" beside "s Settings  ^q Quit"; a label may still
    start with a formula or a name from the code (h÷10, x/out, simpleNet, col2im, t form)."""
    lowercase = {key: text for key, text in key_labels("en").items() if re.match(r"[a-z]{4,}\b", text)}
    assert not lowercase


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_keys_that_change_h_are_labelled_alike_in_every_pane(lang):
    """The gradient check's "h × 10" and "h ÷ 10" beside the derivative's and the gradient field's
    "h×10" and "h÷10" for the same keys."""
    labels = key_labels(lang)
    for name in ("bigger_h", "smaller_h"):
        assert labels[f"gradcheck.key.{name}"] == labels[f"derivative.key.{name}"] == labels[f"gradient.key.{name}"]


def keys_listed(app, width: int) -> list[str]:
    """Every key the footer lists at `width`, a group ("hjkl", "1–6") standing for each of its keys."""
    bar = app.screen.query_one("KeyBar")
    return [key for binding, _, text, _ in bar.choose(width)
            for key in (range_keys(binding) or [text])]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("step_id, key", [("partial", "l"), ("gradient", "j")])
async def test_a_key_named_inside_a_group_is_listed_once_in_the_groups_place(lang, step_id, key):
    """4.2 steps 7 and 8 name `l` and `j` of the probe's "hjkl": the footer read "hjkl Probe  l Probe →"."""
    app = make_app(lesson_id="numerical-gradient", step=step_index("numerical-gradient", step_id), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert key in app.screen.step.keys
        for width in (80, 120):
            listed = keys_listed(app, width)
            assert listed.count(key) == 1 and len(listed) == len(set(listed)), (width, listed)
        keys = footer_keys(str(app.screen.query_one("KeyBar").render()))
        assert "hjkl" not in keys and keys.index("t") < keys.index(key) < keys.index("v"), keys


async def test_a_key_named_alone_is_not_listed_again_in_its_range_where_the_range_fits():
    """6.1 step 3 names `5`: at 120 columns the footer has room for "1–6" too, and listed 5 twice."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "adagrad"))
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        listed = keys_listed(app, 200)
        assert listed.count("5") == 1, listed
