"""The receptive-field pane's stack at 80x24: the line of weights ends on a row of its own words, not
"filter." alone (four layers: "..., against 81 for one 9×9" / "filter.", walk53d)."""
import re

import pytest

from workbench.app.app import make_app
from screen_text import screen_lines, until


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_no_sentence_of_the_stack_ends_on_a_word_alone(lang):
    app = make_app(pane=("receptive-field", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query("#pane-area > *"))
        for _ in range(5):                       # two layers to seven
            await pilot.press("plus")
            await pilot.pause()
            alone = [row for row in screen_lines(app) if re.fullmatch(r"\s*\S+\.\s*", row)]
            assert not alone, alone
