"""Lesson 7.2's col2im step moves over the pixels with the keys its text names, in the order it names them:
`.` and `,` from pixel to pixel, and h j k l too, from the step's start (the cursor began on col's first
entry, where h j k l walked dcol's entries until `.` was pressed: a reader who pressed l, j was shown
dx[0, 0, 0, 2], not dx[0, 0, 1, 1]; pooling alone went over the pixels)."""
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
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


@pytest.mark.parametrize("layer", ["conv", "pool"])
@pytest.mark.parametrize("step", [STEP, STEP + 1])      # 7.2 step 6 pads the input (P = 1)
async def test_h_j_k_l_move_over_pixels_from_the_steps_start(layer, step):
    """From the step's start, before any `.`, the cursor is on x's first pixel and l, j go right and
    down over the pixels (not over dcol's entries), for convolution and pooling alike."""
    app = make_app(lesson_id="im2col", step=step)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        if pane.settings.layer != layer:
            await pilot.press("4")
        assert pane.settings.view == "col2im" and pane.settings.layer == layer
        P = pane.settings.pad
        assert pane.cursor == ("x", 0, 0, P, P)
        await pilot.press("l", "j")
        assert pane.cursor == ("x", 0, 0, P + 1, P + 1)
        assert "dx[0, 0, 1, 1]" in view_text(pane)
        await pilot.press(".")
        assert pane.cursor == ("x", 0, 0, P + 1, P + 2)


def view_text(pane) -> str:
    return str(pane.query_one("#im2col-view", CellView).render())
