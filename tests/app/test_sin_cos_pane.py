"""The sin-cos pane in the app: the book's plot in the last step of lesson 1.1, each curve shown or
hidden by key, what np.arange made under the plot, and an SVG snapshot at 80×24 (review it by eye)."""
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.sin_cos import SinCosPlot
from workbench.app.plotting import Plot

SIZE = (80, 24)


async def test_the_lessons_last_step_draws_sin_and_cos_and_each_key_hides_one():
    app = make_app(lesson_id="numpy-arrays", step=6)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SinCosPlot)
        readout = str(p.query_one("#sin-cos-readout", Static).render())
        assert "x = np.arange(0, 6, 0.1): 60\xa0values,\xa00\xa0to\xa05.9" in readout   # wrapped as a whole
        assert "sin" in str(p.query_one("#sin-cos-legend", Static).render())
        assert p.query_one(Plot).builds > 0
        await pilot.press("1")
        assert p.settings.functions == ("cos",) and "sin" not in str(p.query_one("#sin-cos-legend", Static).render())
        await pilot.press("2")
        assert p.settings.functions == () and "press 1 or 2" in str(p.query_one("#sin-cos-readout", Static).render())
        await pilot.press("1", "2")
        assert p.settings.functions == ("sin", "cos")


def test_snapshot_the_books_first_plot_in_the_lesson(snap_compare):
    app = make_app(lesson_id="numpy-arrays", step=6)
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=SIZE)
