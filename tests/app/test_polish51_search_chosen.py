"""The trial chosen in the search pane (a click on its row or its point, `search_clicks`) is marked where a
learner looks for it, not only named in the status: its point ■ over every other in the scatter (named in
the caption), with colour, in either theme and without colour; among the best five's curves its curve drawn
last, thicker, and its name reversed in their key. A second click on the ■ lets it go, and the mark with it.
A tiny seeded search of the synthetic digits, at 80×24 (the scatter alone) and at 100×40 (the curves too)."""
from __future__ import annotations

import pytest

from workbench.app.app import make_app
from workbench.app.panes.search import SearchPane
from workbench.app.plotting import Plot
from workbench.models.catalog import pane
from workbench.models.scatter import CHOSEN_MARKER
from workbench.models.search import ranked
from screen_text import screen_lines, until, until_drawn, widget_text as text

TINY = ["dataset=synthetic-digits", "train_size=200", "trials=8", "epochs=2", "batch_size=40", "hidden=10"]
CAPTION = {"en": "trial #{n}, chosen", "ko": "고른 시행 #{n}"}


async def searched(pilot) -> SearchPane:
    p = pilot.app.screen.query_one(SearchPane)
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done" and not p.running())
    return p


def marked_cells(app, plot: Plot) -> list[tuple[int, int]]:
    """Where the scatter shows the chosen marker, in the plot's own cells."""
    lines = screen_lines(app)
    return [(x, y) for y in range(plot.size.height) for x in range(plot.size.width)
            if lines[plot.region.y + y][plot.region.x + x] == CHOSEN_MARKER]


@pytest.mark.parametrize("lang, theme, colour", [("en", "textual-dark", True), ("ko", "workbench-light", True),
                                                 ("en", "textual-dark", False)])
async def test_the_chosen_trial_is_marked_in_the_scatter_and_a_click_on_it_lets_it_go(monkeypatch, lang, theme,
                                                                                       colour):
    if not colour:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(pane=("search", pane("search").parse(TINY)), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        p = await searched(pilot)
        await pilot.press("2")
        plot = p.query_one("#search-scatter", Plot)
        await until_drawn(pilot, plot)
        assert marked_cells(app, plot) == []
        chosen = ranked(p.trials)[-1]                   # the worst: drawn under no other group's marker
        p.choose(chosen.index)
        await until_drawn(pilot, plot)
        await until(pilot, lambda: len(marked_cells(app, plot)) == 1)
        (x, y), = marked_cells(app, plot)
        assert (x, y) in {(px, py) for px, py, r in p.point_cells(plot) if r.index == chosen.index}
        caption = CAPTION[lang].format(n=chosen.index + 1)
        await until(pilot, lambda: caption in text(app, "#search-scatter-caption").replace("\u00a0", " "))
        await pilot.click(plot, offset=(x, y))          # the ■ again: let go
        assert p.chosen is None
        await until_drawn(pilot, plot)
        await until(pilot, lambda: marked_cells(app, plot) == [])
        assert caption not in text(app, "#search-scatter-caption").replace("\u00a0", " ")


async def test_the_chosen_trials_curve_is_drawn_last_and_its_name_reversed_in_the_key():
    app = make_app(pane=("search", pane("search").parse(TINY)), lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        p = await searched(pilot)
        await pilot.press("2")
        curves = p.query_one("#search-curves", Plot)
        await until(pilot, lambda: curves.display and curves.size.height > 0)
        second = ranked(p.trials)[1]
        drawn = []
        monkey = curves.plt.plot

        def plot(*args, **kwargs):
            drawn.append(kwargs.get("marker"))
            return monkey(*args, **kwargs)
        curves.plt.plot = plot
        p.choose(second.index)
        await until_drawn(pilot, curves)
        await until(pilot, lambda: len(drawn) >= 2)
        assert drawn[-1] == "hd" and "hd" not in drawn[:-1]            # last, in quarter blocks

        def picked() -> list[str]:
            key = p.query_one("#search-curves-caption").render()
            return [key.plain[s.start:s.end] for s in key.spans
                    if getattr(s.style, "reverse", False) or "reverse" in str(s.style)]
        await until(pilot, lambda: picked() == [f"#{second.index + 1}"])


def test_where_two_trials_share_a_cell_a_click_there_finds_the_chosen_one():
    """The ■ is drawn over a better trial in its cell: a click on it is on the chosen trial (and lets it go),
    not on the better one hidden under it; with none chosen, the better, as before."""
    from types import SimpleNamespace

    from workbench.app.panes.search_clicks import SearchClicks
    from workbench.models.search import TrialResult

    def trial(index, acc):
        return TrialResult(index, 0, 0.01, 1e-6, acc, acc, (acc,), (acc,), None, 1.0)
    better, worse = trial(0, 0.9), trial(1, 0.5)
    pane = SimpleNamespace(point_cells=lambda plot: [(3, 4, better), (3, 4, worse)], chosen=None)
    assert SearchClicks.trial_at(pane, None, 3, 4) is better
    pane.chosen = worse.index
    assert SearchClicks.trial_at(pane, None, 3, 4) is worse
