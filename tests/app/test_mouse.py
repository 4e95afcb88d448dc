"""The app with the mouse alone: what a learner clicks does what the key it names does, and what a
pane draws for picking (a view's tab, a graph's node, a start on the contours) is picked by a click."""
import pytest
from rich.cells import cell_len

from workbench.app.app import make_app
from workbench.app.widgets.view_tabs import ViewTabs, tab_key_at
from workbench.app.panes.run_controls import view_tabs

SIZE = (80, 24)


def tab_offset(tabs: ViewTabs, key: str) -> tuple[int, int]:
    """The cell of the tab for `key` in the tabs as drawn."""
    for y, row in enumerate(tabs.tabs.plain.split("\n")):
        for part in row.split("  "):
            if part.split() and part.split()[0] == key:
                return cell_len(row[:row.index(part)]) + 1, y
    raise AssertionError(f"no tab {key} in {tabs.tabs.plain!r}")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_tab_is_found_by_its_cells_in_either_language(lang):
    from workbench.i18n import set_language
    set_language(lang)
    tabs = view_tabs(("setup", "curves", "results", "filters", "draw"), "setup", "train", 37, wrap=True)
    rows = tabs.plain.split("\n")
    last = rows[-1]
    x = cell_len(last[:last.index(" 5 ")]) + 1
    assert tab_key_at(tabs, x, len(rows) - 1) == "5"
    assert tab_key_at(tabs, 0, 0) == "1" and tab_key_at(tabs, 0, 9) is None


@pytest.mark.parametrize("name, view", [("train", "curves"), ("compare-optimizers", "curves"),
                                        ("receptive-field", "network")])
async def test_a_click_on_a_views_tab_shows_that_view(name, view):
    """The tabs read "1 setup  2 curves …": a click on one did nothing, though its key switched views."""
    app = make_app(pane=(name, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one(ViewTabs)
        pane = app.screen.query_one("#pane-area > *")
        await pilot.click(tabs, offset=tab_offset(tabs, "2"))
        await pilot.pause()
        shown = getattr(pane, "view", None)
        shown = pane.settings.view if name == "receptive-field" else shown
        assert shown == view


def node_cells(static) -> list[tuple[int, int]]:
    """(x, y) of each × node in the graph drawing as shown, left to right and top down."""
    rows = str(static.render()).split("\n")
    return sorted(((cell_len(row[:i]), y) for y, row in enumerate(rows) for i, char in enumerate(row)
                   if char == "×"), key=lambda cell: (cell[0], cell[1]))


async def test_a_click_on_a_graph_node_walks_to_it_forward_then_backward():
    """The drawing's nodes could not be picked: a click on one now runs the walk to it, forward during
    the forward pass and backward after it, as `.` pressed until it has run."""
    from textual.widgets import Static
    from workbench.app.panes.graph import GraphPane
    from workbench.models.catalog import pane as pane_entry

    app = make_app(pane=("graph", pane_entry("graph").parse(["graph=apple"])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        graph = app.screen.query_one(GraphPane)
        drawing = app.screen.query_one("#graph-drawing", Static)
        apple, tax = node_cells(drawing)                     # mul_apple_layer, then mul_tax_layer
        assert graph.settings.step == 0
        await pilot.click(drawing, offset=apple)
        assert graph.settings.step == 1                      # the apple node ran forward
        await pilot.click(drawing, offset=tax)
        assert graph.settings.step == 2                      # the forward pass is done
        await pilot.click(drawing, offset=apple)
        assert graph.settings.step == 4                      # backward through tax, then apple
        await pilot.click(drawing, offset=tax)
        assert graph.settings.step == 3
        await pilot.click(drawing, offset=(0, 0))            # "apple", an input: not a node
        assert graph.settings.step == 3


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_click_on_a_key_beside_a_panes_title_presses_it(lang):
    """"t: help and settings · s: edit · Escape: home" beside a pane's title: a click on it did nothing,
    where "t: show the pane" under a lesson's text did what t does."""
    from workbench.app.pane_screen import PaneScreen
    from workbench.app.settings_form import SettingsScreen

    app = make_app(pane=("descent", None), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PaneScreen) and screen.text_folded
        counter = screen.query_one("#step-counter")
        hint = screen.hint
        left = counter.content_region.x - counter.region.x

        def at(key: str) -> tuple[int, int]:
            return left + cell_len(hint[:hint.index(f"{key}:")]) + 1, 0

        await pilot.click(counter, offset=at("s"))
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(counter, offset=at("t"))
        await pilot.pause()
        assert app.screen is screen and not screen.text_folded
