"""A comparison's runs answer the mouse: a click on a run's row of the table (or its name in the curves'
legend) picks it, its curves drawn last, on top, in thicker quarter blocks, the others dimmed, its row
and legend name reversed; a second click, or Escape, draws them all alike again; `,` and `.` go through
the runs. Without colour (NO_COLOR) each curve keeps its own marker and the legend still says which run
is picked. Before, the table was a picture: a click did nothing."""
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import DIMMED, PICKED_RUN, ComparePane
from workbench.app.plotting import Plot
from workbench.models.catalog import pane
from screen_text import meta_at, until, until_drawn, widget_text as text

SIZE = (80, 24)
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=50", "epochs=3",
        "runs=lr=0.1; optimizer=adam lr=0.001; optimizer=momentum lr=0.05")
QUARTERS = set("▀▄▌▐▖▗▘▝▙▚▛▜▞▟█")
"""plotext's "hd" marker: the cells a bold curve is drawn in."""


async def click_on(pilot, run: int) -> None:
    spot = meta_at(pilot.app, PICKED_RUN, run)
    assert spot is not None, f"no row or legend line of run {run} on screen"
    await pilot.click(offset=spot)
    await pilot.pause()


def reversed_names(app, selector: str) -> list[str]:
    """The words of widget `selector` drawn reversed (a picked run's name)."""
    shown = app.screen.query_one(selector).render()
    return [shown.plain[span.start:span.end].strip() for span in shown.spans
            if getattr(span.style, "reverse", False) or "reverse" in str(span.style)]


async def compared(pilot) -> ComparePane:
    p = pilot.app.screen.query_one(ComparePane)
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done")
    await pilot.press("1")
    await until(pilot, lambda: meta_at(pilot.app, PICKED_RUN, 0) is not None)
    return p


def opened(lang="en"):
    app = make_app(pane=("compare", pane("compare").parse(list(TINY))), lang=lang)
    app.animation_level = "none"
    return app


async def test_a_click_on_a_runs_row_draws_its_curves_on_top_and_bold_and_a_second_click_all_alike():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = await compared(pilot)
        assert "Press . or , to pick a run, or click one" in text(app, "#compare-table").replace("\u00a0", " ")
        await click_on(pilot, 1)
        assert p.picked == 1
        assert reversed_names(app, "#compare-table") == ["optimizer=adam lr=0.001"]
        assert "Escape: all alike" in text(app, "#compare-table")
        order = p.drawing_order(p.curve_sets())
        assert [(k, fade, bold) for k, _, fade, bold in order] == [(0, DIMMED, False), (2, DIMMED, False), (1, 0.0, True)]
        await pilot.press("2")
        plots = [p.query_one(f"#compare-{name}", Plot) for name in ("loss", "train", "test")]
        await until_drawn(pilot, *plots)
        assert reversed_names(app, "#compare-legend") == ["optimizer=adam lr=0.001"]
        assert QUARTERS & set(plots[1].render().plain)          # the picked curve, in thick quarter blocks
        await click_on(pilot, 1)                                # its name in the legend: all alike again
        assert p.picked is None and not reversed_names(app, "#compare-legend")
        await until_drawn(pilot, *plots)
        assert not QUARTERS & set(plots[1].render().plain)
        await click_on(pilot, 2)                                # the legend picks too
        assert p.picked == 2


async def test_keys_go_through_the_runs_and_escape_draws_them_all_alike():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = await compared(pilot)
        await pilot.press("full_stop")
        assert p.picked == 0
        await pilot.press("full_stop", "full_stop")
        assert p.picked == 2
        await pilot.press("full_stop")
        assert p.picked is None
        await pilot.press("comma")
        assert p.picked == 2
        await pilot.press("escape")                             # all alike, and the pane stays
        assert p.picked is None and app.screen.query(ComparePane)


async def test_without_colour_each_curve_keeps_its_marker_and_the_legend_says_which_is_picked(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = await compared(pilot)
        await click_on(pilot, 1)
        await pilot.press("2")
        plot = p.query_one("#compare-train", Plot)
        await until_drawn(pilot, plot)
        assert "•" in plot.render().plain and "+" in plot.render().plain     # the runs' own markers
        legend = text(app, "#compare-legend")
        assert re.search(r"•• optimizer=adam", legend) and reversed_names(app, "#compare-legend") == [
            "optimizer=adam lr=0.001"]


@pytest.mark.parametrize("lang, said", [("ko", ("학습을 클릭하거나 . 키나 , 키를 누르면", "다시 클릭하거나 Escape를"))])
async def test_the_table_says_what_a_click_does_in_korean(lang, said):
    app = opened(lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await compared(pilot)
        assert said[0] in text(app, "#compare-table").replace("\u00a0", " ")
        await click_on(pilot, 0)
        assert p.picked == 0 and said[1] in text(app, "#compare-table")
