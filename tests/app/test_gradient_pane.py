"""The gradient pane through its keys and the mouse: the probe moves with h j k l and by a click, the
field's glyphs switch to ASCII, simpleNet's view with its own keys, a bad value refused in place, and
snapshots at 80×24 in lesson 4.2 and 120×40 on its own (review new SVGs by eye)."""


from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.cells import CellView
from workbench.app.panes.gradient_field import GradientPane
from workbench.models.catalog import pane
from screen_text import widget_text as text

SIZE = (80, 24)
ENTRY = pane("gradient")


def opened(*assignments):
    return make_app(pane=("gradient", ENTRY.parse(list(assignments))))


def footer(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


async def test_the_probe_reads_6_and_8_at_3_4_and_moves_with_hjkl():
    app = make_app(lesson_id="numerical-gradient", step=6)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gradient = app.screen.query_one(GradientPane)
        probe = text(app, "#gr-probe")
        assert "at (3, 4)" in probe and "6.00000000000378" in probe and "7.999999999999119" in probe
        await pilot.press("l", "l")
        assert (gradient.settings.x0, gradient.settings.x1) == (4.0, 4.0)
        assert "7.999999999999119" in text(app, "#gr-probe").splitlines()[1]     # ∂f/∂x₀ = 2·4
        await pilot.press("j")
        assert gradient.settings.x1 == 3.5
        await pilot.press("right")                      # the lesson keeps → for its steps
        assert app.screen.index == 7


async def test_the_probe_tables_heading_stays_on_one_line_in_korean_at_80x24():
    """'(−7, 2)에서' is wider than 'at (−7, 2)': with two cells between columns, '참값' wrapped to a line
    of its own, away from its column."""
    app = make_app(lesson_id="numerical-gradient", step=8, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        lines = app.screen.query_one("#gr-probe").render_lines(app.screen.query_one("#gr-probe").region.reset_offset)
        shown = [strip.text.rstrip() for strip in lines if strip.text.strip()]
        assert len(shown) == 3 and shown[0].endswith("참값"), shown


async def test_the_field_draws_minus_the_gradient_and_a_click_moves_the_probe():
    app = opened("x0=0", "x1=0")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gradient = app.screen.query_one(GradientPane)
        field = gradient.query_one("#gr-field", CellView)
        drawn = text(app, "#gr-field")
        assert "↘" in drawn and "↖" in drawn and "·" in drawn and "x₀→" in drawn
        x, y = field.canvas.find(("cell", 0, 0))           # the top-left corner: (−5, 5)
        await pilot.click(field, offset=(x, y))
        await pilot.pause()
        assert (gradient.settings.x0, gradient.settings.x1) == (-5.0, 5.0)
        await pilot.press("a")
        await pilot.pause()
        assert gradient.settings.glyphs == "ascii"
        drawn = text(app, "#gr-field")
        assert not set("↗↖↙↘←↓") & set(drawn) and {"/", "\\", "<", ">", "^", "v"} <= set(drawn)


async def test_simplenet_has_its_own_keys_and_its_dw_both_ways():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gradient = app.screen.query_one(GradientPane)
        assert "hjkl Probe" in footer(app) and "Label" not in footer(app)
        await pilot.press("v")
        await pilot.pause()
        assert gradient.settings.view == "simplenet"
        assert "v Field" in footer(app) and "c Label t" in footer(app) and "Probe" not in footer(app)
        net = text(app, "#gr-net")
        assert "0.219" in net and "−0.544" in net and "loss" in net and "1.4e−7" in net
        await pilot.press("h")                           # no probe in this view: nothing moves
        assert gradient.settings.x0 == 3.0
        await pilot.press("c")
        assert gradient.settings.label == 0
        await pilot.press("v")
        assert gradient.settings.view == "field"


async def test_a_bad_value_is_refused_in_place_and_the_last_figure_stays():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gradient = app.screen.query_one(GradientPane)
        good = gradient.result
        assert not gradient.edit("x0", "12")
        await pilot.pause()
        line = app.screen.query_one(ErrorLine)
        assert line.display and "x0 = 12 is out of range" in str(line.render())
        assert gradient.result is good and "at (3, 4)" in text(app, "#gr-probe")
        await pilot.press("k")
        await pilot.pause()
        assert gradient.settings.x1 == 4.5 and not line.display


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_the_field_in_the_lesson_at_80x24(snap_compare):
    app = still(make_app(lesson_id="numerical-gradient", step=6))
    assert snap_compare(app, terminal_size=(80, 24), run_before=lambda pilot: pilot.pause())


def test_snapshot_the_long_bowl_at_120x40(snap_compare):
    app = still(opened("function=elongated", "x0=-7", "x1=2"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=lambda pilot: pilot.pause())


def test_snapshot_simplenet_in_korean_at_80x24(snap_compare):
    app = still(make_app(lesson_id="numerical-gradient", step=9, lang="ko"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=lambda pilot: pilot.pause())
