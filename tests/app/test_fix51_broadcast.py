"""The broadcast pane at 80×24 keeps a number standing alone with the word before it: an axis line never
leaves "2" alone under "…is stretched to", nor a mismatch "1" under "…one of them" (en, ko)."""
import re

import pytest
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.broadcast import BroadcastPane, number_kept
from workbench.models.catalog import pane

LONE = re.compile(r"^[−-]?\d[\d.]*[,.;:)]*$")


def test_a_lone_number_wraps_with_the_word_before_it():
    rows = number_kept("the second-to-last axes: B has none, so it counts as 1 and is stretched to 2", 38)
    assert rows[-1].endswith("to 2") and not any(LONE.match(row) for row in rows)
    assert number_kept("(2, 3) and (2,): one of them 1", 80) == ["(2, 3) and (2,): one of them 1"]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("where", ["lesson", "misfit"])
async def test_no_row_of_the_align_stage_is_a_number_alone(lang, where):
    if where == "lesson":                         # 1.1's row stretched over the rows, beside the lesson text
        app = make_app(lesson_id="numpy-arrays", step=3, lang=lang)
    else:
        assignments = ["a=1 2 3; 4 5 6", "b=10 20", "op=+", "step=1"]
        app = make_app(pane=("broadcast", pane("broadcast").parse(assignments)), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        assert p.settings.step == 1
        rows = [row.strip() for row in str(p.query_one("#broadcast-work", Static).render()).split("\n")]
        assert not [row for row in rows[4:] if LONE.match(row)], rows
