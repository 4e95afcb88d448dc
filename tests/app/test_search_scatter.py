"""The app's search scatter shows, as the console's does, where a trial hid another in one cell: BOTH
(◉), in the colour of the group drawn on top, which the caption then names."""
from __future__ import annotations

import math
import random

import pytest

from workbench.app.app import make_app
from workbench.app.panes.search import SearchPane
from workbench.app.plotting import Plot
from workbench.i18n import t
from workbench.models.catalog import pane
from workbench.models.scatter import BEST_MARKER, BOTH, LOWER_MARKER, OTHER_MARKER, cell_of
from workbench.models.search import TrialResult
from screen_text import screen_lines, until, until_drawn, widget_text as text

SIZE = (80, 24)


def trial(index: int, lr: float, wd: float, acc: float) -> TrialResult:
    return TrialResult(index, index, lr, wd, acc, acc, (acc,), (acc,), None, 1.0)


async def scatter_of(pilot, trials: list[TrialResult]) -> SearchPane:
    """The pane's scatter view drawing `trials`, as a search that ended with them."""
    p = pilot.app.screen.query_one(SearchPane)
    p.trials, p.run_settings, p.state = trials, p.settings, "done"
    p.view = "scatter"
    plot = p.query_one("#search-scatter", Plot)
    await until(pilot, lambda: plot.builds >= 1 and plot.size.height > 0)
    await pilot.pause()
    p.refresh_view()
    await pilot.pause()
    return p


def picture(p: SearchPane) -> str:
    return p.query_one("#search-scatter", Plot).render().plain


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_best_trial_over_another_in_one_cell_shows_both_and_the_caption_names_it(lang):
    """The sixth trial sat under the best one, at the same lr and λ: the scatter showed five points."""
    best = [trial(k, 10 ** (-5.5 + k * 0.8), 10 ** (-7.5 + k * 0.8), 0.9 - k / 100) for k in range(5)]
    hidden = trial(5, best[0].lr * 1.001, best[0].weight_decay, 0.1)
    app = make_app(pane=("search", pane("search").parse([])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await scatter_of(pilot, best + [hidden])
        assert picture(p).count(BOTH) == 1 and picture(p).count("●") == 4
        named = f"{BOTH}\u00a0{t('search.plot.both').replace(' ', chr(160))}"
        await until(pilot, lambda: named in text(app, "#search-scatter-caption"))
        p.trials = best + [trial(5, 10 ** -5.9, 10 ** -4.1, 0.1)]        # apart: nothing shared, nothing said
        p._shown.clear()
        p.refresh_view()
        await until_drawn(pilot, p.query_one("#search-scatter", Plot))
        assert BOTH not in picture(p) and picture(p).count("●") == 5 and picture(p).count(OTHER_MARKER) == 1      # the one other trial is its own median
        await until(pilot, lambda: BOTH not in text(app, "#search-scatter-caption"))    # said after the drawing


async def test_the_cells_the_rule_finds_are_those_plotext_draws_in():
    """Forty random trials: every cell with a marker in the picture is one the rule places a trial in,
    and BOTH is drawn exactly where it finds two groups."""
    rng = random.Random(3)
    trials = [trial(k, 10 ** rng.uniform(-6, -2), 10 ** rng.uniform(-8, -4), rng.uniform(0.1, 0.9))
              for k in range(40)]
    app = make_app(pane=("search", pane("search").parse([])))
    async with app.run_test(size=SIZE) as pilot:
        p = await scatter_of(pilot, trials)
        plot = p.query_one("#search-scatter", Plot)
        width, height = plot.size.width, plot.size.height
        shared = p.scatter_shared(width, height)
        rows = height - 3
        x_limits, y_limits, ticks = p.scatter_axes(rows)
        columns = width - 2 - max(map(len, ticks["y_labels"]))
        cells = {(cell_of(math.log10(r.lr), x_limits, columns), cell_of(math.log10(r.weight_decay), y_limits, rows))
                 for r in trials}
        lines = picture(p).splitlines()
        left = 1 + max(map(len, ticks["y_labels"]))
        drawn = {(col - left, rows - 1 - row) for row, line in enumerate(lines[1:height - 2])
                 for col, char in enumerate(line) if char in (BEST_MARKER, OTHER_MARKER, LOWER_MARKER, BOTH)}
        assert drawn == cells and picture(p).count(BOTH) == len(shared) > 0


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_in_ascii_both_in_one_place_has_its_own_glyph_in_the_scatter_and_its_caption(lang):
    """`--glyphs ascii` drew ● and ◉ both as "O": the cell the caption named could not be told from a point."""
    from workbench.app import glyphs

    both, point = glyphs.to_ascii(BOTH), glyphs.to_ascii("●")
    assert both.isascii() and both != point and both not in glyphs.to_ascii("•○·")
    best = [trial(k, 10 ** (-5.5 + k * 0.8), 10 ** (-7.5 + k * 0.8), 0.9 - k / 100) for k in range(5)]
    hidden = trial(5, best[0].lr * 1.001, best[0].weight_decay, 0.1)
    app = make_app(pane=("search", pane("search").parse([])), lang=lang, glyph_mode=glyphs.ASCII)
    try:
        async with app.run_test(size=SIZE) as pilot:
            p = await scatter_of(pilot, best + [hidden])
            await until_drawn(pilot, p.query_one("#search-scatter", Plot))
            plot, caption = p.query_one("#search-scatter", Plot).region, p.query_one("#search-scatter-caption").region
            rows = screen_lines(app)
            drawn = "\n".join(rows[plot.y:plot.bottom])
            named = " ".join(rows[caption.y:caption.bottom])
            assert drawn.count(both) == 1 and drawn.count(point) == 4, drawn
            assert f"{both} " in named.replace("\u00a0", " "), named
    finally:
        glyphs.set_mode(glyphs.UNICODE)


def three_groups() -> list[TrialResult]:
    """Fifteen trials in a grid, each apart from the others: the best five, then the upper and lower half."""
    return [trial(k, 10 ** (-5.8 + (k % 5) * 0.8), 10 ** (-7.8 + (k // 5) * 1.5), 0.9 - k / 50) for k in range(15)]


@pytest.mark.parametrize("lang", [None, "ko"])
@pytest.mark.parametrize("ascii_glyphs", [False, True])
async def test_without_colour_each_group_of_trials_has_its_own_marker_named_in_the_caption(
        lang, ascii_glyphs, monkeypatch):
    """Under NO_COLOR the best five, the upper half and the lower half were all ● (O in ASCII): the caption
    named three groups the scatter could not tell apart. Each has its marker now, as the console's chart
    marks its best five ● and the others •."""
    from workbench.app import glyphs

    monkeypatch.setenv("NO_COLOR", "1")
    mode = glyphs.ASCII if ascii_glyphs else glyphs.UNICODE
    shown = glyphs.to_ascii if ascii_glyphs else (lambda text: text)
    markers = [shown(m) for m in (BEST_MARKER, OTHER_MARKER, LOWER_MARKER)]
    assert len(set(markers)) == 3
    app = make_app(pane=("search", pane("search").parse([])), lang=lang, glyph_mode=mode)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.no_color
            p = await scatter_of(pilot, three_groups())
            await pilot.pause(0.3)
            plot, caption = p.query_one("#search-scatter", Plot).region, p.query_one("#search-scatter-caption").region
            rows = screen_lines(app)
            drawn = "".join(row[:plot.right] for row in rows[plot.y + 1:plot.bottom - 2])
            named = " ".join(rows[caption.y:caption.bottom]).replace("\u00a0", " ")
            sizes = [len(group) for group, *_ in reversed(p.scatter_groups())]    # the best five, upper, lower
            assert [drawn.count(m) for m in markers] == sizes and min(sizes) >= 3, drawn
            for marker, key in zip(markers, ("top", "upper", "lower")):
                assert f"{marker} {t(f'search.plot.{key}')}" in named, named
    finally:
        glyphs.set_mode(glyphs.UNICODE)


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_halves_are_the_other_trials_split_at_their_own_median(lang, monkeypatch):
    """With eight trials the upper half was empty: the median of all eight, the best five included, lay
    above the other three. They split at their own median now (two above it, one below), as the console's
    scatter splits them; the caption names each group by its marker."""
    monkeypatch.setenv("NO_COLOR", "1")
    trials = [trial(k, 10 ** (-5.8 + (k % 4) * 1.0), 10 ** (-7.8 + (k // 4) * 3.0), 0.1 + k / 10) for k in range(8)]
    app = make_app(pane=("search", pane("search").parse([])), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        p = await scatter_of(pilot, trials)
        await pilot.pause(0.3)
        plot, caption = p.query_one("#search-scatter", Plot).region, p.query_one("#search-scatter-caption").region
        rows = screen_lines(app)
        drawn = "".join(row[:plot.right] for row in rows[plot.y + 1:plot.bottom - 2])
        named = " ".join(rows[caption.y:caption.bottom]).replace("\u00a0", " ")
        assert [drawn.count(m) for m in (BEST_MARKER, OTHER_MARKER, LOWER_MARKER)] == [5, 2, 1], drawn
        assert f"{OTHER_MARKER} {t('search.plot.upper')}" in named, named
