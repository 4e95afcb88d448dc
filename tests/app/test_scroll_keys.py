"""↑ ↓ PgUp PgDn on a screen of text and pane: the text while it is shown and longer than its column,
otherwise the first part of the pane that runs past the fold (lesson and pane screens alike)."""
from workbench.app.app import make_app
from workbench.app.text_column import TextColumn
from workbench.models.catalog import PANES

from screen_text import until

SIZE = (80, 24)


async def test_in_a_gradient_check_step_the_arrows_scroll_the_text_that_runs_past_the_fold():
    """The gradient-check pane bound ↑ ↓ to its own table, so the text of 5.5's longer steps did not move."""
    app = make_app(lesson_id="gradient-check", step=6)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.pane is not None and app.screen.pane.own.report is not None)
        text = app.screen.query_one("#text", TextColumn)
        assert text.max_scroll_y > 0
        await pilot.press("down", "down")
        await pilot.pause()
        assert text.scroll_y == 2


async def test_when_the_text_fits_the_arrows_scroll_the_pane():
    """5.4's first step fits beside its graph, whose arrays run past the fold: ↓ moved nothing."""
    app = make_app(lesson_id="softmax-with-loss", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text, body = app.screen.query_one("#text", TextColumn), app.screen.query_one("#graph-body")
        assert text.max_scroll_y == 0 and body.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert body.scroll_y == 1 and text.scroll_y == 0


async def test_a_pane_on_its_own_scrolls_with_the_arrows_and_the_help_beside_it_first():
    graph = PANES["graph"].build({"graph": "softmax-with-loss", "step": 2})
    app = make_app(pane=("graph", graph))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        body = app.screen.query_one("#graph-body")
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("t", "down")                  # the help beside it, longer than its column
        await pilot.pause()
        help_text = app.screen.query_one("#text", TextColumn)
        assert help_text.max_scroll_y > 0 and help_text.scroll_y == 1


async def test_a_click_on_more_scrolls_the_text_a_page():
    app = make_app(lesson_id="gradient-check", step=6)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.pane is not None and app.screen.pane.own.report is not None)
        text = app.screen.query_one("#text", TextColumn)
        mark = app.screen.query_one("#text-mark")
        assert mark.display and text.max_scroll_y > 0
        await pilot.click("#text-mark", offset=(mark.size.width - 3, 0))
        await pilot.pause()
        assert text.scroll_y == text.max_scroll_y or text.scroll_y >= text.size.height - 2


async def test_a_click_on_the_hint_shows_the_pane_as_t_does():
    """At 60×24 text and pane take turns; the line under the text says "t: show the pane"."""
    app = make_app(lesson_id="gradient-check", step=1)
    async with app.run_test(size=(60, 24)) as pilot:
        await until(pilot, lambda: app.screen.pane is not None and app.screen.pane.own.report is not None)
        assert not app.screen.text_folded
        await pilot.click("#text-mark", offset=(2, 0))
        await pilot.pause()
        assert app.screen.text_folded and app.screen.pane.region.area
