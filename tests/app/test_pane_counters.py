"""A pane's own counter names what it counts, so it never reads as the lesson's step: the forward pane
said "단계 3/6" right beside the lesson's "4/6단계" (two kinds of step on one screen); now it says
"연산 3/6" / "operation 3/6", and the other chapter 1–4 panes that count (broadcast's stages,
descent's steps) name theirs too."""
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.forward import ForwardPane
from workbench.i18n import strings

from screen_text import screen_text, until

PANES = ("broadcast", "sin-cos", "perceptron", "activation-plot", "forward", "softmax", "inference",
         "canvas", "loss", "derivative", "gradient", "numerical-vs-backprop", "descent")
COUNTER = re.compile(r"\{\w+\}\s*/\s*\{\w+\}")
# the lesson's own counter, "Step {index}/{total}" and "{index}/{total}단계", as a pane might echo it
LESSON_LIKE = {"en": re.compile(r"^\W*steps? \{", re.IGNORECASE),
               "ko": re.compile(r"^\W*단계 \{|\}\s*/\s*\{\w+\}\s*단계")}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_chapter_1_to_4_pane_counts_in_the_lessons_word_alone(lang):
    said = {key: text for key, text in strings(lang).items()
            if key.split(".")[0] in PANES and COUNTER.search(text)}
    assert said, "no counters found: the catalog moved?"
    like = {key: text for key, text in said.items() if LESSON_LIKE[lang].search(text)}
    assert not like, like


@pytest.mark.parametrize("lang, word, lesson", [(None, "operation 3/6", "Step 4/6"),
                                                ("ko", "연산 3/6", "4/6단계")])
async def test_the_forward_lesson_shows_one_step_counter_and_the_panes_operations(tmp_path, lang, word, lesson):
    app = make_app(lesson_id="forward-pass", step=3, state_dir=tmp_path, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query(ForwardPane) and word in screen_text(app))
        shown = screen_text(app)
        assert lesson in shown
        assert len(re.findall(r"\b[Ss]tep \d+/\d+|단계 \d+/\d+|\d+/\d+단계", shown)) == 1, shown
