"""The loss pane as a new reader walked it (walk53b): the batch's sum of squares keeps its total on its row."""
import pytest

from workbench.app.app import make_app
from screen_text import screen_lines


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_batch_sse_total_is_not_alone_on_a_row(lang):
    """4.1 step 6 at 60×24 with the text folded: "…모든 행을 더해" over a lone "0.695"."""
    app = make_app(lesson_id="loss-functions", step=5, lang=lang)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        rows = [row.replace("\u00a0", " ").strip() for row in screen_lines(app)]
        assert "0.695" not in rows and any(row.endswith(" 0.695") for row in rows), rows
