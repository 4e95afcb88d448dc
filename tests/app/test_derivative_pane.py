"""The derivative pane through its keys: the probe steps with . and , , h shrinks and grows by tens, the
difference, dtype and view switch, a bad value is refused in place with the last good figure kept,
and snapshots at 80×24 in lesson 4.2 and 120×40 on its own (review new SVGs by eye)."""


from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.derivative import DerivativePane
from workbench.app.plotting import Plot
from workbench.models.catalog import pane
from screen_text import until_drawn, widget_text as text

SIZE = (80, 24)
ENTRY = pane("derivative")


def opened(*assignments):
    return make_app(pane=("derivative", ENTRY.parse(list(assignments))))


async def test_the_probe_walks_from_5_to_10_and_the_readout_follows():
    app = make_app(lesson_id="numerical-gradient", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derivative = app.screen.query_one(DerivativePane)
        assert "0.1999999999990898" in text(app, "#dv-readout")
        for _ in range(5):
            await pilot.press("full_stop")
        assert derivative.settings.x == 10.0
        assert "0.2999999999986347" in text(app, "#dv-readout")
        assert "0.2999999999986347" in text(app, "#dv-tangent-caption")
        await pilot.press("comma")
        assert derivative.settings.x == 9.0


async def test_h_steps_by_tens_and_the_error_view_names_the_best_h():
    app = opened("view=error", "difference=forward")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derivative = app.screen.query_one(DerivativePane)
        assert derivative.has_class("-error-only")
        assert not app.screen.query_one("#dv-tangent").display
        for _ in range(3):
            await pilot.press("minus")
        assert derivative.settings.h == 1e-7
        assert "h = 1e−7" in text(app, "#dv-readout")
        assert "float64 best: h 1e−7, error 1.0e−9" in text(app, "#dv-error-caption")
        await pilot.press("plus")
        assert derivative.settings.h == 1e-6


async def test_the_difference_dtype_and_view_keys_and_the_1e_50_example():
    app = opened("h=1e-50")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derivative = app.screen.query_one(DerivativePane)
        assert "x + h is x in float64" in text(app, "#dv-readout")
        await pilot.press("f")
        assert derivative.settings.dtype == "float32"
        assert "h is 0.0 in float32" in text(app, "#dv-readout") and "nan (0/0)" in text(app, "#dv-readout")
        await pilot.press("d")
        assert derivative.settings.difference == "forward"
        assert "tangent (forward)" in text(app, "#dv-tangent-legend")
        await pilot.press("v")
        assert derivative.settings.view == "error" and derivative.has_class("-error-only")
        await pilot.press("4")
        assert derivative.settings.function == "sine" and "sin x" in text(app, "#dv-readout")


async def test_at_h_1e_50_the_error_column_reads_the_whole_slope_as_the_text_says():
    """4.2 step 3 (h = 1e−50): both differences read 0.0 and their |error| showed as "2.0e−1", which the
    text did not explain; it is 0.2, the exact slope in the row above, and the text says so."""
    app = make_app(lesson_id="numerical-gradient", step=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = [line.split() for line in text(app, "#dv-readout").splitlines()]
        assert ["forward", "0.0", "0.2"] in rows and ["central", "0.0", "0.2"] in rows, rows
        app.screen.query_one(DerivativePane).apply(h=1e-4)       # a small error keeps its power of ten
        await pilot.pause()
        assert ["forward", "0.20000099999917254", "1.0e−6"] in [line.split() for line in
                                                                  text(app, "#dv-readout").splitlines()]


async def test_a_bad_value_is_refused_in_place_and_the_last_figure_stays():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derivative = app.screen.query_one(DerivativePane)
        good = derivative.result
        assert not derivative.edit("h", "0")
        await pilot.pause()
        line = app.screen.query_one(ErrorLine)
        assert line.display and "h = 0 is out of range" in str(line.render())
        assert derivative.result is good and derivative.settings.h == 1e-4
        assert not derivative.edit("x", "a lot")
        assert 'x must be a number from −50 to 50, got "a lot"' in str(line.render()).replace("\u00a0", " ")
        assert derivative.edit("x", "7")
        await pilot.pause()
        assert not line.display and derivative.settings.x == 7.0


async def test_at_the_edge_the_probe_and_h_stop_without_an_error():
    app = opened("x=50", "h=1e-100")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        derivative = app.screen.query_one(DerivativePane)
        await pilot.press("full_stop", "minus")
        assert derivative.settings.x == 50.0 and derivative.settings.h == 1e-100 and derivative.error is None


async def test_wide_both_plots_show_side_by_side():
    app = opened()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        derivative = app.screen.query_one(DerivativePane)
        assert derivative.has_class("-both")
        plots = list(app.screen.query(Plot))
        assert len(plots) == 2 and all(plot.display and plot.size.width > 40 for plot in plots)


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_in_the_lesson_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="numerical-gradient", step=0)), terminal_size=(80, 24))


def test_snapshot_the_error_curve_in_the_lesson_in_korean(snap_compare):
    app = still(make_app(lesson_id="numerical-gradient", step=3, lang="ko"))
    assert snap_compare(app, terminal_size=(80, 24))


def test_snapshot_both_plots_at_120x40(snap_compare):
    app = still(opened("function=cube", "x=1", "difference=central"))   # arithmetic only: the same digits on every CPU
    assert snap_compare(app, terminal_size=(120, 40),
                        run_before=lambda pilot: until_drawn(pilot, *pilot.app.screen.query(Plot)))


async def test_errors_far_above_1_get_tick_labels_up_there():
    from screen_text import screen_lines

    app = opened("function=exp", "x=50", "h=10", "dtype=float32", "view=error")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "h = 10" in shown and "1e20┤" in shown and "1e10┤" in shown
