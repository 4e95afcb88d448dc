"""The shapes pane's detail of a layer keeps a name with its shape: "b" ended a row and "(30,)" began
the next, beside the lesson's text at 80x24 (walk53d)."""
import pytest

from workbench.app.app import make_app
from screen_text import screen_lines, until


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_bias_is_named_on_the_row_of_its_shape(lang):
    app = make_app(lesson_id="simple-convnet", step=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: any("Conv1:" in row for row in screen_lines(app)), seconds=20)
        rows = [row.split("▏")[-1].strip() for row in screen_lines(app)]
        at = next(i for i, row in enumerate(rows) if row.startswith("Conv1:"))
        assert not rows[at + 1].startswith("(") and "b\u00a0(30,)" in rows[at] + rows[at + 1], rows[at:at + 2]
