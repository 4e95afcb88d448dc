"""A pane's own counter names what it counts, so it never reads as the lesson's step: the forward pane
said "단계 3/6" right beside the lesson's "4/6단계" (two kinds of step on one screen); now it says
"연산 3/6" / "operation 3/6", and every other pane that counts names its count too (broadcast's stages,
descent's steps, the graph's node steps: "노드 단계 3/8", where it said "단계 3/8" beside "2/6단계")."""
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.forward import ForwardPane
from workbench.app.panes.graph import GraphPane
from workbench.i18n import strings

from screen_text import screen_text, until

COUNTER = re.compile(r"\{\w+\}\s*/\s*\{\w+\}")
# the lesson's own counter, "Step {index}/{total}" and "{index}/{total}단계", as a pane might echo it: the
# bare word at the start of a text or of one of its items ("{graph} · step {step}/{total}")
LESSON_LIKE = {"en": re.compile(r"(?:^|[·:;,(])\W*steps? \{", re.IGNORECASE),
               "ko": re.compile(r"(?:^|[·:;,(])\W*단계 \{|\}\s*/\s*\{\w+\}\s*단계")}
LESSONS_OWN = "lesson."
"""The lesson screen's keys: the one counter that is the lesson's step."""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_pane_counts_in_the_lessons_word_alone(lang):
    said = {key: text for key, text in strings(lang).items()
            if not key.startswith(LESSONS_OWN) and COUNTER.search(text)}
    areas = {key.split(".")[0] for key in said}
    assert {"forward", "broadcast", "descent", "graph", "optimizers"} <= areas, "the catalog moved?"
    like = {key: text for key, text in said.items() if LESSON_LIKE[lang].search(text)}
    assert not like, like


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_lessons_own_counter_is_what_the_check_would_catch(lang):
    """The check above finds the lesson's word: the lesson's own counter matches it."""
    assert LESSON_LIKE[lang].search(strings(lang)["lesson.step_counter"])


MESSAGE_AREAS = ("path.",)
"""Sentences that count a pane's steps (what a descent or optimizer path does), beside its own counter."""
BARE_COUNT = {"en": re.compile(r"(?<!descent )(?<!node )\bsteps? \{|\{\w+\} steps\b", re.IGNORECASE),
              "ko": re.compile(r"\{\w+\}\s*단계|(?:^|[^가-힣 ] ?)단계 \{")}
"""A count in the lesson's word alone: "step {step}", "{steps} steps", "{step}단계", "단계 {step}"; a
named one ("descent step {step}", "{step}번째 하강", "노드 단계 {step}") is not."""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_path_sentences_count_descent_steps_and_updates_not_the_lessons_steps(lang):
    """The descent pane's sentences said "12단계에서 거리 0.01" and "Stuck since step 10" under its header
    "하강 단계 12/100" and the lesson's "6/8단계": they name what they count, as its header does."""
    said = {key: text for key, text in strings(lang).items() if key.startswith(MESSAGE_AREAS)}
    assert any(re.search(r"\{steps?\}", text) for text in said.values()), "the catalog moved?"
    bare = {key: text for key, text in said.items() if BARE_COUNT[lang].search(text)}
    assert not bare, bare


@pytest.mark.parametrize("lang, lesson_like", [("en", "Stuck since step {step}"), ("en", "on {flips} of {steps} steps"),
                                               ("ko", "{step}단계부터"), ("ko", "단계 {step}/{total}")])
def test_the_bare_count_check_catches_the_lessons_word(lang, lesson_like):
    assert BARE_COUNT[lang].search(lesson_like)
    assert not BARE_COUNT[lang].search({"en": "at descent step {step}", "ko": "노드 단계 {step}"}[lang])


@pytest.mark.parametrize("lesson", ["gradient-descent", "optimizers"])
def test_the_walking_lessons_count_the_walk_as_the_pane_does(lesson):
    """4.3 said "10단계부터는 정확히 (0, 0)" and "241단계에서 오버플로" of the walk, beside the lesson's
    "4/8단계" and the pane's "하강 단계 10/100": its count of the walk is "10번째 하강"."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "lessons" / lesson / "ko.md").read_text(encoding="utf-8")
    assert not re.findall(r".{0,20}\d\s*단계.{0,10}|열 단계", text)


LESSON_COUNTER = r"(?<!\w )\b[Ss]tep \d+/\d+|(?<!\w )단계 \d+/\d+|\d+/\d+단계"
"""The lesson's counter on screen; a pane's named one ("node 4/8", "노드 단계 4/8") is not."""


@pytest.mark.parametrize("lang, word, lesson", [(None, "operation 3/6", "Step 4/6"),
                                                ("ko", "연산 3/6", "4/6단계")])
async def test_the_forward_lesson_shows_one_step_counter_and_the_panes_operations(tmp_path, lang, word, lesson):
    app = make_app(lesson_id="forward-pass", step=3, state_dir=tmp_path, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query(ForwardPane) and word in screen_text(app))
        shown = screen_text(app)
        assert lesson in shown
        assert len(re.findall(LESSON_COUNTER, shown)) == 1, shown


@pytest.mark.parametrize("lang, word, lesson", [(None, "node 4/8", "Step 2/6"),
                                                ("ko", "노드 단계 4/8", "2/6단계")])
async def test_the_graph_lesson_shows_one_step_counter_and_the_panes_node_steps(tmp_path, lang, word, lesson):
    """5.1 step 2 at 80×24: the graph's status said "step 4/8" (ko "단계 4/8") under "Step 2/6"."""
    app = make_app(lesson_id="computational-graph", step=1, state_dir=tmp_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query(GraphPane)
                    and word in screen_text(app).replace("\u00a0", " "))
        shown = screen_text(app).replace("\u00a0", " ")
        assert lesson in shown
        assert len(re.findall(LESSON_COUNTER, shown)) == 1, shown
