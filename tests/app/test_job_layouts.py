"""While a job runs, a pane's progress events redraw what changed and lay the screen out only when rows did.

The gradient-check pane showed its whole view again at every progress event, seven `Static.update`s each
a layout of the whole screen and a frame (about 14 in 0.4 s of a check), on the UI thread a learner's key
waits on. Events here are made up (a tiny check, ended) so that the count does not hang on the machine's
speed: what the pane does with an event is what is counted.
"""
from rich.text import Text

from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from workbench.app.widgets.unchanged import same
from workbench.jobs import JobProgress
from workbench.models.catalog import pane
from screen_text import screen_lines, until
from test_step_layouts import count_layouts_and_frames, settled

SIZE = (80, 24)


async def test_progress_that_moves_only_the_bar_lays_nothing_out():
    """Ten events of a check under way, each a step further on the same row: the status line's bar
    moves (a frame each) and no layout of the screen follows; no event redraws an unchanged table."""
    app = make_app(pane=("gradcheck", pane("gradcheck").parse(["net=simple", "samples=2", "batch=2"])))
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await until(pilot, lambda: gradcheck.own.ended is not None and not gradcheck.running, 60)
        gradcheck.own.ended = None
        gradcheck.job_progress("check", JobProgress(0, "check", 100, 1000, {"param": "W1"}, ()))
        await settled(pilot, count_layouts_and_frames(app, app.screen))
        counts = count_layouts_and_frames(app, app.screen)
        for done in range(200, 1000, 80):
            gradcheck.job_progress("check", JobProgress(0, "check", done, 1000, {"param": "W1"}, ()))
            await pilot.pause()
        await settled(pilot, counts)
        assert counts["layouts"] == 0 and counts["frames"] >= 1, counts
        assert "%" in "\n".join(screen_lines(app))


def test_a_text_is_the_same_only_with_the_same_characters_spans_and_style():
    assert same("a", "a") and not same("a", "b") and not same("a", Text("a"))
    assert same(Text("ab", style="bold"), Text("ab", style="bold"))
    assert not same(Text("ab", style="bold"), Text("ab", style="italic"))
    assert not same(Text.assemble(("a", "red"), "b"), Text.assemble(("a", "blue"), "b"))


async def test_an_auto_width_line_is_laid_out_again_only_when_its_width_changes():
    """The check's table is as wide as its text: a row's numbers that keep its width redraw it in place,
    numbers that widen it lay the screen out (its width is the layout's to give)."""
    from textual.app import App
    from textual.widgets import Static

    from workbench.app.widgets.unchanged import show_text

    class OneLine(App):
        CSS = "#line { width: auto; height: auto; }"

        def compose(self):
            yield Static("W1  …", id="line")

    app = OneLine()
    async with app.run_test(size=SIZE) as pilot:
        line = app.query_one("#line", Static)
        await until(pilot, lambda: line.content_size.width == 5)
        await settled(pilot, count_layouts_and_frames(app, app.screen))
        counts = count_layouts_and_frames(app, app.screen)
        assert show_text(line, "W1  ✓") and not show_text(line, "W1  ✓")
        await settled(pilot, counts)
        assert counts["layouts"] == 0 and counts["frames"] >= 1, counts
        show_text(line, "W1  1.2e-09")
        await until(pilot, lambda: line.content_size.width == 11)
        assert counts["layouts"] >= 1, counts
