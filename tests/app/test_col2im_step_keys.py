"""Lesson 7.2's col2im step moves over the pixels with the keys its text names, in the order it names them:
`.` and `,` from pixel to pixel, and h j k l once on a pixel (from the step's start, on col's first entry,
h j k l walk dcol's entries instead: '. or h j k l' led a reader who pressed l, j to the wrong pixel)."""
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.im2col import Im2colPane
from workbench.course.files import load_course

SIZE = (80, 24)
STEP = 4                                         # 7.2 step 5, "col2im: the way back"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_text_names_dot_and_comma_before_h_j_k_l(lang):
    text = " ".join(load_course(lang=lang).lesson("im2col").steps[STEP].text.split())
    keys = re.findall(r"\*\*(\.|,|h j k l)\*\*", text)
    assert keys[:3] == [".", ",", "h j k l"], keys


async def test_dot_then_h_j_k_l_and_comma_move_from_pixel_to_pixel():
    app = make_app(lesson_id="im2col", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        assert pane.settings.view == "col2im" and pane.settings.input == (1, 1, 3, 3)
        await pilot.press(".")
        assert pane.cursor == ("x", 0, 0, 0, 1)
        await pilot.press("l", "j")
        assert pane.cursor == ("x", 0, 0, 1, 2)
        await pilot.press(",")
        assert pane.cursor == ("x", 0, 0, 1, 1)
