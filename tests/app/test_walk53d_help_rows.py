"""The help of the panes with a cursor names h j k l on one row at 80x24: "Move the cursor left (h),
down (j), up (k), right" left "(l)" alone on the next row, and "옮깁니다" in Korean (walk53d)."""
import pytest

from workbench.app.app import make_app
from workbench.i18n import t
from screen_text import screen_lines, until

STEPS = {"conv": ("convolution", 0), "im2col": ("im2col", 0), "receptive-field": ("deeper-networks", 3),
         "augmentation": ("deeper-networks", 4)}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("pane", list(STEPS))
async def test_the_cursor_keys_are_named_on_one_row_of_the_help(pane, lang):
    lesson, step = STEPS[pane]
    app = make_app(lesson_id=lesson, step=step, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await until(pilot, lambda: any("h j k l" in row for row in screen_lines(app)), seconds=10)
        rows = [row.replace("\u00a0", " ") for row in screen_lines(app) if "h j k l" in row]
        assert t(f"{pane}.key.move.tip") in rows[0], rows
