"""The shape tracer in the app: networks by key, layers by key and click, the first layer that does not fit
marked with its reason, a learner's own layers (and their mistakes, in the field), and SVG snapshots."""
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
from workbench.app.panes.shapes import ShapesPane
from workbench.app.settings_form import SettingField
from workbench.models.shapes import ShapesSettings

SIZE = (80, 24)


def text_of(pane, part) -> str:
    return str(pane.query_one(f"#shapes-{part}", CellView).render()).replace("\u00a0", " ")    # a no-break space prints as one


async def test_networks_and_layers_by_key():
    app = make_app(pane=("shapes", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ShapesPane)
        assert "Conv1: conv 30 5 · W (30, 1, 5, 5), b (30,)" in text_of(pane, "detail")
        await pilot.press(".", ".")
        assert "Pool1: pool 2" in text_of(pane, "detail")
        assert "(14400, 120)" in text_of(pane, "detail")
        await pilot.press("2")
        assert pane.settings.network == "deep" and "Conv6" in text_of(pane, "table")
        assert "Conv1: conv 16 3 pad 1" in text_of(pane, "detail")


BIG = ShapesSettings(network="custom", input=(3, 1000, 1000), batch=100_000)


async def test_100000_wide_layers_show_whole_at_80_columns_with_units():
    from workbench.models.settings import with_text
    from screen_text import screen_lines

    settings = with_text(BIG, "layers", "conv 100000 5, pool 2, affine 100000, relu, affine 100000, affine 10")
    app = make_app(pane=("shapes", settings))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        header = next(line for line in lines if line.startswith("layer "))
        assert header.split() == ["layer", "as", "written", "output", "params", "im2col's", "col"]
        conv = next(line for line in lines if line.startswith("Conv1 "))
        assert conv.split()[-5:] == ["(100k,100k,996,996)", "7.60M", "(99.2G,75)", "27.1", "TB"]
        assert next(line for line in lines if "total" in line).split() == ["total", "2.48P"]


async def test_a_click_on_a_row_selects_its_layer():
    app = make_app(pane=("shapes", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ShapesPane)
        table = pane.query_one("#shapes-table", CellView)
        x, y = table.canvas.find(("row", 4))
        await pilot.click(table, offset=(x, y))
        detail = text_of(pane, "detail")
        assert "Affine1: affine 100" in detail and "30·12·12 = 4,320 → 100" in detail
        line = table.canvas.render().plain.splitlines()[y]      # between its columns too: those blanks picked nothing
        await pilot.press("comma")
        await pilot.click(table, offset=(line.index("affine 100") - 1, y))
        assert "Affine1: affine 100" in text_of(pane, "detail")


async def test_the_first_layer_that_does_not_fit_is_marked_with_its_reason():
    app = make_app(lesson_id="simple-convnet", step=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ShapesPane)
        assert pane.result.failed.name == "Pool1"
        detail = text_of(pane, "detail").replace("\n", " ")
        assert "Pool1: pool 2" in detail and "11.5 is not a whole number" in detail


async def test_your_own_layers_and_their_mistakes():
    app = make_app(pane=("shapes", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ShapesPane)
        await pilot.press("e")
        await pilot.pause()
        assert pane.settings.network == "custom"
        box = pane.query_one("#field-layers", Input)
        assert app.focused is box and box.value.startswith("conv 30 5, relu, pool 2")
        box.value = "conv 30 5, pool 2, affine 4000 100"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is pane and pane.result.failed.name == "Affine1"
        assert "affine 4320 100" in text_of(pane, "detail").replace("\n", " ")
        box.focus()
        box.value = "conv 30"
        await pilot.press("enter")
        await pilot.pause()
        row = next(f for f in pane.query(SettingField) if f.key == "layers")
        assert row.has_class("-invalid") and "write conv FILTERS SIZE" in str(row.query_one(".setting-hint").render())
        assert pane.settings.layers[-1].inputs == 4000


async def test_a_pool_with_a_pad_is_refused_in_the_field_with_the_way_to_write_it_whole():
    """The message under the field names `pool SIZE [stride S]` with its brackets (not read as markup)."""
    app = make_app(pane=("shapes", ShapesSettings(network="custom")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ShapesPane)
        box = pane.query_one("#field-layers", Input)
        box.focus()
        box.value = "conv 30 5, pool 2 pad 1, affine 10"
        await pilot.press("enter")
        await pilot.pause()
        row = next(f for f in pane.query(SettingField) if f.key == "layers")
        hint = str(row.query_one(".setting-hint").render())
        assert row.has_class("-invalid") and "takes no pad" in hint and "write pool SIZE [stride S]" in hint
        assert pane.settings.layers == ShapesSettings().layers


def still(app):
    app.animation_level = "none"
    return app


def test_a_shape_that_does_not_fit_in_the_lesson_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="simple-convnet", step=2)), terminal_size=(80, 24))


def test_deepconvnet_at_120x40(snap_compare):
    assert snap_compare(still(make_app(pane=("shapes", ShapesSettings(network="deep")))), terminal_size=(120, 40))
