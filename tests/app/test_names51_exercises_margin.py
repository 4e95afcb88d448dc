"""The exercises pane keeps the panes' margin (its .tcss): its folder line, table and message touched
the column's left edge, unlike every other pane's text (names51), en and ko."""
import pytest

from workbench.app.app import make_app
from workbench.app.panes.exercises import ExercisesPane
from screen_text import screen_lines, until


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_exercises_text_starts_one_cell_in_like_other_panes(lang, tmp_path):
    app = make_app(pane=("exercises", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query(ExercisesPane))
        await pilot.pause()
        pane = app.screen.query_one(ExercisesPane)
        rows = screen_lines(app)[pane.region.y:pane.region.bottom]
        written = [row for row in rows if row.strip()]
    assert written and all(row.startswith(" ") for row in written), written
