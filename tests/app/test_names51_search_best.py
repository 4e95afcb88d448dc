"""6.4 step 4's best five beside the text fit their width: a table of two-digit trials and ten-digit seeds
wrapped each seed under its row at 80×24 (the room was measured before the view's scrollbar came, and no
narrower table was tried): now lr and λ go to 2 figures first, the seeds last (names51), en and ko."""
import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.panes.search import SearchPane, best_table
from workbench.i18n import cell_len, set_language
from workbench.models.search import TrialResult
from screen_text import until

TOP = [TrialResult(index, seed, lr, wd, val, val, (), (), None, 1.0) for index, seed, lr, wd, val in (
    (24, 846428919, 0.00934, 1.81e-8, 0.56), (5, 87989972, 0.00985, 3.1e-6, 0.33),
    (3, 579362555, 0.00434, 1.82e-7, 0.23), (21, 1752032165, 0.00236, 9.79e-7, 0.2),
    (0, 1826701614, 5.36e-4, 5.72e-8, 0.17))]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_best_five_fit_36_cells_with_their_seeds(lang):
    set_language(lang)
    try:
        lines = best_table(TOP, [""] * 5, 36).plain.splitlines()
    finally:
        set_language("en")
    assert len(lines) == 6 and all(cell_len(line) <= 36 for line in lines), lines
    assert all(str(r.seed) in line for r, line in zip(TOP, lines[1:])), lines
    assert "0.0093" in lines[1] and "1.8e−8" in lines[1]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_room_leaves_a_cell_for_the_scrollbar_before_it_comes(lang):
    app = make_app(lesson_id="regularization", step=3, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        await pilot.press("3")
        view = p.query_one("#view-best")
        await until(pilot, lambda: view.scrollable_content_region.width > 0, 10)
        with_bar = view.size.width - view.styles.scrollbar_size_vertical
        assert p.table_room() == with_bar, (p.table_room(), view.size, view.show_vertical_scrollbar)
    set_language("en")
