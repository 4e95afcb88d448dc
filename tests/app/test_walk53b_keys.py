"""Keys a new reader pressed at the end of their range (walk53b): lit in the footer, they did nothing. A key
that would do nothing is dimmed, as the stepping panes dim theirs."""
from workbench.app.app import make_app
from workbench.app.panes.derivative import DerivativePane
from workbench.app.panes.loss import LossPane
from workbench.models.catalog import pane


def lit(app) -> set[str]:
    return {active.binding.action for active in app.screen.active_bindings.values() if active.enabled}


async def test_derivative_dims_x_and_h_keys_at_the_ends_of_their_ranges():
    app = make_app(pane=("derivative", pane("derivative").parse(["x=49", "h=1"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(DerivativePane)
        assert {"step(1)", "step(-1)", "scale_h(10)", "scale_h(0.1)"} <= lit(app)
        await pilot.press(".", "+")
        assert p.settings.x == 50 and p.settings.h == 10
        assert "step(1)" not in lit(app) and "scale_h(10)" not in lit(app)
        assert {"step(-1)", "scale_h(0.1)"} <= lit(app)
        await pilot.press(",", "-")
        assert {"step(1)", "scale_h(10)"} <= lit(app)


async def test_loss_dims_minus_once_the_correct_class_has_nothing_left():
    """4.1 step 5 has the reader press - until y₂ = 0; a press more did nothing with - still lit."""
    app = make_app(lesson_id="loss-functions", step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        assert {"nudge(1)", "nudge(-1)"} <= lit(app)
        await pilot.press(*"-" * 2)                       # y₂ = 0.1 → 0
        await pilot.pause()
        assert p.result.y[0, 2] == 0
        assert "nudge(-1)" not in lit(app) and "nudge(1)" in lit(app)


async def test_numerical_vs_backprop_dims_sizes_at_their_ends():
    """4.4 step 6's + at the largest hidden size (100) did nothing, lit."""
    settings = pane("numerical-vs-backprop").parse(["hidden_size=100", "batch_size=1"])
    app = make_app(pane=("numerical-vs-backprop", settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")                            # the measuring it starts on its own is not needed
        await pilot.pause()
        assert "hidden(1)" not in lit(app) and "batch(-1)" not in lit(app)
        assert {"hidden(-1)", "batch(1)"} <= lit(app)
