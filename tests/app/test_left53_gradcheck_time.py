"""The gradient check's time stays with the summary it ends (left53)."""
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from screen_text import screen_lines, until


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_time_is_never_alone_on_a_row(lang):
    """5.5 step 8 beside the text: "4개 중 4개 실패: W1, b1, W2, b2" over a lone "0.0초"."""
    app = make_app(lesson_id="gradient-check", step=7, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await until(pilot, lambda: not (gradcheck.running or gradcheck.own.report is None), 60)
        await pilot.pause()
        rows = [row.split("▏", 1)[1].replace("\u00a0", " ").strip() for row in screen_lines(app) if "▏" in row]
        assert any(re.search(r"\S  \d+\.\d ?(s|초)$", row) for row in rows), rows
        assert not any(re.fullmatch(r"\d+\.\d ?(s|초)", row) for row in rows), rows
