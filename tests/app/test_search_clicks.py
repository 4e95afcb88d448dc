"""The search's best table and scatter answer the mouse (search_clicks): a click on a trial's row, or on its
point, chooses it, the status saying its settings and accuracies and its row reversed; a second click lets
it go. Before, both were pictures: a click did nothing. A tiny seeded search of the synthetic digits."""
from __future__ import annotations

import pytest

from workbench.app.app import make_app
from workbench.app.panes.search import SearchPane, log_value
from workbench.app.panes.search_clicks import CHOSEN_TRIAL
from workbench.app.plotting import Plot
from workbench.models.catalog import pane
from workbench.models.scatter import BEST_MARKER, BOTH, LOWER_MARKER, OTHER_MARKER
from workbench.models.search import ranked
from screen_text import meta_at, screen_lines, until, until_drawn, widget_text as text

SIZE = (80, 24)
TINY = ["dataset=synthetic-digits", "train_size=200", "trials=8", "epochs=1", "batch_size=40", "hidden=10"]


async def searched(pilot) -> SearchPane:
    p = pilot.app.screen.query_one(SearchPane)
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done" and not p.running())
    return p


def reversed_rows(app) -> list[str]:
    shown = app.screen.query_one("#search-best").render()
    return [shown.plain[span.start:span.end].strip() for span in shown.spans
            if getattr(span.style, "reverse", False) or "reverse" in str(span.style)]


@pytest.mark.parametrize("lang, said", [("en", "Trial #{n}: lr {lr}, λ {wd}, validation"),
                                        ("ko", "시행 #{n}: 학습률 {lr}, λ {wd}, 검증 정확도")])
async def test_a_click_on_a_row_of_the_best_table_chooses_the_trial_and_a_second_lets_it_go(lang, said):
    app = make_app(pane=("search", pane("search").parse(TINY)), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await searched(pilot)
        await pilot.press("3")
        second = ranked(p.trials)[1]
        await until(pilot, lambda: meta_at(app, CHOSEN_TRIAL, second.index) is not None)
        await pilot.click(offset=meta_at(app, CHOSEN_TRIAL, second.index))
        assert p.chosen == second.index
        line = said.format(n=second.index + 1, lr=log_value(second.lr), wd=log_value(second.weight_decay))
        await until(pilot, lambda: line in text(app, "#search-status").replace("\n", " ").replace("\u00a0", " "))
        assert reversed_rows(app) and reversed_rows(app)[0].startswith(f"#{second.index + 1}")
        await pilot.click(offset=meta_at(app, CHOSEN_TRIAL, second.index))
        assert p.chosen is None
        await until(pilot, lambda: line not in text(app, "#search-status").replace("\n", " ").replace("\u00a0", " "))


async def test_a_click_on_a_point_of_the_scatter_chooses_its_trial():
    """Each trial's point is where the pane finds it (a marker on screen there), and a click on it
    chooses that trial (the better of two in one cell); a click far from any point chooses none."""
    app = make_app(pane=("search", pane("search").parse(TINY)), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        p = await searched(pilot)
        await pilot.press("2")
        plot = p.query_one("#search-scatter", Plot)
        await until_drawn(pilot, plot)
        cells = p.point_cells(plot)
        assert len(cells) == len(p.trials)
        lines = screen_lines(app)
        markers = {BEST_MARKER, OTHER_MARKER, LOWER_MARKER, BOTH}
        for x, y, _ in cells:
            assert lines[plot.region.y + y][plot.region.x + x] in markers, (x, y, lines)
        x, y, trial = cells[0]
        expected = p.trial_at(plot, x, y)
        assert expected is not None and (expected is trial or expected.val_acc >= trial.val_acc)
        await pilot.click(plot, offset=(x, y))
        assert p.chosen == expected.index
        await until(pilot, lambda: f"Trial #{expected.index + 1}:" in text(app, "#search-status"))
        taken = {(px, py) for px, py, _ in cells}
        far = next(((cx, cy) for cy in range(plot.size.height) for cx in range(plot.size.width)
                    if all(max(abs(cx - px), abs(cy - py)) > 1 for px, py in taken)), None)
        if far is not None:
            await pilot.click(plot, offset=far)
            assert p.chosen == expected.index            # nothing there: the choice stays


async def test_the_chosen_trials_line_is_shown_whole_beside_the_lessons_text(monkeypatch):
    """6.4 step 4 at 80×24: the status beside the text held four rows, and the chosen trial's line lost its
    accuracies under the three of "Done: …"."""
    from kept_fixtures import make_steps_tiny, shown_pane

    make_steps_tiny(monkeypatch, lambda name: dict(train_size=200, batch_size=40, trials=8, epochs=1, hidden=(10,))
                    if name == "search" else None)
    app = make_app(lesson_id="regularization", step=3)
    async with app.run_test(size=SIZE) as pilot:
        p = await shown_pane(pilot, SearchPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await pilot.press("3")
        first = ranked(p.trials)[0]
        await until(pilot, lambda: meta_at(app, CHOSEN_TRIAL, first.index) is not None)
        await pilot.click(offset=meta_at(app, CHOSEN_TRIAL, first.index))
        status = p.query_one("#search-status")
        await until(pilot, lambda: status.size.height == len(p.status_text().wrap(app.console, status.content_size.width)))
