"""The footer of a lesson step lists each key its text names once, with its label where it fits (a
reviewer at 80×24 found 6.1 step 5 showing "1–6" and then "6" again, and 3.4 step 3 `.` `,` bare)."""
import re

import pytest

from chapter3_fixtures import kept_network, tiny_data  # noqa: F401 - fixtures
from workbench.app.app import make_app
from workbench.app.key_bar import range_keys
from workbench.course.files import load_course
from workbench.i18n import language
from workbench.i18n.cells import cell_len

from step_walk import Failures, every_step, no_text_row_starts_with_a_bare_key


def footer_keys(line: str) -> list[str]:
    """The keys of a footer line, each item being "key label" or a bare "key", two spaces apart."""
    return [item.split(" ")[0] for item in re.split(r" {2,}", line.strip())]


def step_index(lesson_id: str, step_id: str) -> int:
    return [s.id for s in load_course().lesson(lesson_id).steps].index(step_id)


def test_the_space_bar_is_named_as_space_in_inline_code():
    from workbench.course.keys import mentioned_keys

    assert mentioned_keys("Press `space` to run, `r` to start; a `spacer` and plain space are no keys.") == (
        "space", "r")


def footer_items(app) -> list[str]:
    """The footer's items as shown: "key label", or a bare "key"."""
    return re.split(r" {2,}", str(app.screen.query_one("KeyBar").render()).strip())


def same_order(first: list[str], second: list[str]) -> bool:
    """Whether the keys two footers both show come in the same order in each."""
    keys = [item.split(" ")[0] for item in first], [item.split(" ")[0] for item in second]
    return [key for key in keys[0] if key in keys[1]] == [key for key in keys[1] if key in keys[0]]


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


# -- the walk: every step at 80×24, each opened once and checked for all that follows -----------------

def bar_line(screen) -> str:
    return str(screen.query_one("KeyBar").render())


def opens_its_own_pane(screen) -> None:
    """The step shows its own pane without a problem or an error."""
    pane = screen.pane
    assert (pane.PANE if pane else None) == screen.step.pane, pane
    assert not screen.query(".pane-problem"), str(screen.query_one(".pane-problem").render())
    assert pane is None or pane.error is None, pane.error


def bar_whole_at_80(screen) -> None:
    """The step's title whole beside the lesson's number (test_lesson_header.check_bar): a walk of its
    own took as long again."""
    from test_lesson_header import check_bar

    check_bar(screen, 80)


def no_key_bare(screen) -> None:
    """No key of the footer is shown without its label, named by the text or not."""
    unlabelled = [key for _, _, key, labelled in screen.query_one("KeyBar").choose(80) if not labelled]
    assert unlabelled == [], unlabelled


def every_key_named_is_in_the_footer_with_its_label(screen) -> None:
    """Each key the step's text names that does something there is in the footer, with its label."""
    if screen.step.keys and screen.step.pane:
        missing, bare = missing_and_bare_keys(screen, screen.lesson, screen.index)
        assert not missing, f"missing {missing}"
        assert bare == [], f"bare {bare}"


def lead_given_up_only_where_korean_needs_it(screen) -> None:
    """The bar gives up its leading space for a label at the Korean steps of KOREAN_LEANING alone."""
    leaning = not bar_line(screen).startswith(" ")
    assert leaning == (language() == "ko" and (screen.lesson.number, screen.index + 1) in KOREAN_LEANING), \
        bar_line(screen)


EVERY_STEP = (opens_its_own_pane, bar_whole_at_80, no_key_bare, every_key_named_is_in_the_footer_with_its_label,
              lead_given_up_only_where_korean_needs_it, no_text_row_starts_with_a_bare_key)
"""What the walk checks at every step."""

AT_STEP: dict[tuple[str, int], list] = {}
"""What the walk checks at some steps as well, by (lesson id, 0-based step index): checks that once
opened the step in a test of their own, at 80×24 as the walk does."""


def at(lesson_id: str, *steps):
    """Have the walk run the decorated check at these steps of the lesson (ids, or 0-based indices)."""
    def register(check):
        for step in steps:
            index = step if isinstance(step, int) else step_index(lesson_id, step)
            AT_STEP.setdefault((lesson_id, index), []).append(check)
        return check
    return register


@at("optimizers", "all-together")
def a_key_inside_a_range_is_not_listed_again(screen) -> None:
    """6.1 step 5 names `3`, `5`, `1` and `6`: the footer says "1–6 Select" once, not "1–6  6"."""
    line = bar_line(screen)
    keys = footer_keys(line)
    assert keys.count("1–6") == 1 and not {"3", "5", "6"} & set(keys), line
    label = "Select" if language() == "en" else "선택"
    assert f"1–6 {label}" in line and keys.index("space") < keys.index("1–6") < keys.index("a"), line


@at("optimizers", "adagrad")
def a_key_named_alone_keeps_its_own_label(screen) -> None:
    """6.1 step 3 names only `5` (RMSprop): the footer says "5 RMSprop", not the range."""
    line = bar_line(screen)
    assert "5 RMSprop" in line and "1–6" not in footer_keys(line), line


@at("mnist-inference", "batches")
def every_key_of_the_batches_step_keeps_its_label(screen) -> None:
    """3.4 step 3 names `+`, `-`, `.` and `,`: each is listed with a label that fits, `,` and `.` as one
    item (one batch back and on), `+` and `-` as another (the batch's size), and none repeats the lesson's
    own ← Prev / → Next words."""
    line = bar_line(screen)
    items = re.split(r" {2,}", line.strip())
    assert [item for item in items if " " not in item] == [], line
    step, batch = ("Step", "Batch") if language() == "en" else ("넘기기", "배치")
    assert f", . {step}" in items and f"+ - {batch}" in items, line
    labels = [item.split(" ", 1)[1] for item in items]
    assert len(labels) == len(set(labels)), line


@at("optimizers", "all-together")
def every_key_the_all_together_step_names_keeps_its_label(screen) -> None:
    """6.1 step 5 names `g`, `t`, `a`, `1`–`6` and `space`: at 80 columns `r` was listed bare ("r  ? Help")
    because "a One/all" and "1–6 Optimizer" took its room; each now fits with its label. The text said
    "press r and then space" and the footer had no room for space: it now names `space` alone (space
    runs the walk from the start when it is at its end), listed with its label. In Korean the labels
    were one cell too wide for the 80 columns and `t` went bare ("t  space 실행"): the bar gives up its
    leading space there instead, and only there. The keys stay in the pane's order."""
    line = bar_line(screen)
    items = re.split(r" {2,}", line.strip())
    assert [item for item in items if " " not in item] == [], line
    assert line.startswith(" ") == (language() == "en"), line
    assert [item.split(" ")[0] for item in items] == ["←", "→", "esc", "t", "space", "1–6", "a", "g", "?"], line


@at("training-loop", 0)
def the_footer_fills_its_width_but_for_the_gap_it_never_draws(screen) -> None:
    """The last item's two-space gap was counted though the line ends at "? Help": 4.4's first step
    left out "r Reset" that fits in 80 columns."""
    line = bar_line(screen).rstrip()
    assert cell_len(line) <= 80, line
    if language() == "en":
        assert line.endswith("? Help") and "r Reset" in line, line


@at("optimizers", "sgd", "momentum", "adagrad", "adam", "sgd-rate")
def a_step_that_says_run_it_keeps_space_in_the_footer(screen) -> None:
    """6.1's steps say "Press space to run" or "Run it"; at step 3 "5 RMSprop" took the room of
    "space Run" (in Korean the η keys took it at steps 1, 2 and 4 too), so the footer lacked space."""
    line, lang = bar_line(screen), language()
    assert f"space {'Run' if lang == 'en' else '실행'}" in line and footer_keys(line)[-1] == "?", line
    if screen.step.id == "adagrad":
        assert "5 RMSprop" in line, line
    if screen.step.id == "sgd-rate":
        assert f"+ - {'η up/down' if lang == 'en' else 'η 올림/내림'}" in line, line


LABELLED_ITEMS = {
    ("gradient-descent", "overflow", "en"): ["< > ±10 steps", "g ∇ exact/num."],
    ("gradient-descent", "overflow", "ko"): ["< > ±10번", "g ∇ 정확/수치"],
    ("cnn-gradient-check", "map", "ko"): ["m 지도", "[ ] 매개변수"],
    ("activation-functions", "non-linear", "en"): ["+ - Zoom"],
    ("activation-functions", "non-linear", "ko"): ["+ - 확대/축소"]}


@at("gradient-descent", "overflow")
@at("cnn-gradient-check", "map")
@at("activation-functions", "non-linear")
def every_key_the_step_names_keeps_its_label(screen) -> None:
    """4.3's step on the exact gradient names `g`, `>` and `<`: "< " lost its label ("10 steps on" and
    "10 steps back" were too long together); 7.5's map step in Korean lost m's ("이전 매개변수" and
    "다음 매개변수" took the room). 3.1's zoom step showed "+ Zoom" beside "- Zoom out". Each of those pairs
    is one item now: "< > ±10 steps", "[ ] 매개변수", "+ - Zoom" (LABELLED_ITEMS)."""
    items = LABELLED_ITEMS.get((screen.lesson.id, screen.step.id, language()), [])
    shown = footer_items(screen.app)
    assert set(items) <= set(shown), shown


@at("numerical-gradient", "partial", "gradient")
def a_key_named_inside_a_group_is_listed_once_in_the_groups_place(screen) -> None:
    """4.2 steps 7 and 8 name `l` and `j` of the probe's "hjkl": the footer read "hjkl Probe  l Probe →"."""
    key = {"partial": "l", "gradient": "j"}[screen.step.id]
    assert key in screen.step.keys
    for width in (80, 120):
        listed = keys_listed(screen.app, width)
        assert listed.count(key) == 1 and len(listed) == len(set(listed)), (width, listed)
    keys = footer_keys(bar_line(screen))
    assert "hjkl" not in keys and keys.index("t") < keys.index(key) < keys.index("v"), keys


@at("output-layer", 2)
def both_softmax_keys_before_the_book_keys(screen) -> None:
    """3.3 step 3: "1 Book  2 Overflow" before "] [ ±100", as at the lesson's other steps."""
    step_3 = [item.split(" ")[0] for item in footer_items(screen.app)]
    assert step_3.index("1") < step_3.index("2") < step_3.index("]"), step_3   # "] [ ±100": both


def register_the_checks_of_other_files() -> None:
    """The checks of test_whole_screens.py and test_code_fits.py at 80×24 that opened their steps in tests of
    their own, run by the walk at those steps."""
    import test_code_fits
    import test_whole_screens as whole

    for (lesson_id, index) in whole.TOLD_TO_PRESS:
        at(lesson_id, index)(whole.the_footer_keeps_the_keys_the_step_tells_the_learner_to_press)
    at("gradient-descent", 5)(whole.a_key_the_text_names_is_listed_once_in_the_footer)
    at("perceptron", 0, 3)(whole.the_perceptrons_raise_and_lower_keys_keep_their_labels_in_korean)
    at("xor", 0)(whole.the_perceptrons_raise_and_lower_keys_keep_their_labels_in_korean)
    at("xor", 1)(whole.the_perceptrons_verdict_is_one_line_at_the_panes_width)
    for (lesson_id, index) in test_code_fits.FORMULA_STEPS:
        at(lesson_id, index)(test_code_fits.a_lessons_formula_fits_the_column)


register_the_checks_of_other_files()


def keys_keep_one_order(footers: list[list[str]]) -> None:
    """The keys the text named came first: 3.3's softmax footer read "1 Book  2 Overflow  ] +100" at step 1
    and "] +100  [ −100  1 Book  2 Overflow" at step 3 (2.1 step 4 "3 b  + Raise  1 w₁"; 4.1 "o t form  1
    y 0.6"). A key the text names is still sure to be shown, in its own place: a lesson's footer keeps
    its keys in one order from step to step of one pane (8.1's receptive field lists ", . Layer" before
    "+ - Depth" and its augmentation "+ - More/less" before ", . Random": two panes, each in its order)."""
    assert all(same_order(one, other) for one in footers for other in footers), footers


def every_lesson_recorded_to_its_last_step(app, lessons) -> None:
    """Reading every lesson to its end records each last step."""
    assert app.progress.last_step == {lesson.id: len(lesson.steps) - 1 for lesson in lessons}


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_step_opens_and_every_key_it_names_is_in_the_footer_with_its_label_at_80x24(lang, chapter,
                                                                                                kept_network):
    """One walk through every step of every lesson at 80×24, a chapter at a time (so that the workers
    share it), as a key press shows it (its pane built before Pilot's wait for idle), each step opened
    once for every check of the footer and the bar there (`EVERY_STEP`, and at some steps `AT_STEP`):
    each step opens its own pane without a problem or an error, and, once drawn, each key the step's
    text names that does something there is in the footer, with its label (6.1's "all together" step in
    Korean, where `t` went bare, fits now that the bar gives up its leading space for a label, at that
    step alone). Each lesson's footer keeps its keys in one order, and reading every lesson to its end
    records each last step. A failed check does not end the walk: the test names each."""
    lessons = [lesson for lesson in load_course(lang=lang).lessons if lesson.chapter == chapter]
    assert lessons
    failures, footers = Failures(lang), {}
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        async for screen, lesson, index in every_step(pilot, lessons):
            for check in (*EVERY_STEP, *AT_STEP.get((lesson.id, index), ())):
                failures.check(screen, check)
            footers.setdefault((lesson.number, lesson.steps[index].pane), []).append(footer_items(app))
        await pilot.pause()
        failures.at(f"chapter {chapter}", every_lesson_recorded_to_its_last_step, app, lessons)
    for (number, pane), footers_of_pane in footers.items():
        failures.at(f"{number} {pane}", keys_keep_one_order, footers_of_pane)
    failures.assert_none()


def test_the_walk_checks_every_step_it_was_given():
    """Each step of AT_STEP is one of the course's, so that its checks run."""
    course = load_course()
    assert all(0 <= index < len(course.lesson(lesson_id).steps) for lesson_id, index in AT_STEP)


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


async def test_a_key_named_alone_is_not_listed_again_in_its_range_where_the_range_fits():
    """6.1 step 3 names `5`: at 120 columns the footer has room for "1–6" too, and listed 5 twice."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "adagrad"))
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        listed = keys_listed(app, 200)
        assert listed.count("5") == 1, listed
