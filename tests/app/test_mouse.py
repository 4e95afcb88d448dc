"""The app with the mouse alone: what a learner clicks does what the key it names does, and what a
pane draws for picking (a view's tab, a graph's node, a start on the contours) is picked by a click."""
import pytest
from rich.cells import cell_len

from workbench.app.app import make_app
from workbench.app.widgets.view_tabs import ViewTabs, tab_key_at
from workbench.app.panes.run_controls import view_tabs
from screen_text import until_drawn

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


def contour_cell(plot, point: tuple[float, float], tile: int = 0) -> tuple[int, int]:
    """The cell of `plot` (its content) where a click lands nearest `point` of the plane of `tile`."""
    canvas = plot.canvases[tile]
    tile_w, tile_h = plot._tile_size
    cells = [(column, row) for row in range(canvas.height) for column in range(canvas.width)]
    column, row = min(cells, key=lambda c: sum((a - b) ** 2 for a, b in zip(canvas.point_at(*c), point)))
    return (tile % plot._columns) * (tile_w + 1) + column, (tile // plot._columns) * tile_h + row


async def test_a_click_on_the_contours_starts_gradient_descent_there():
    """A learner clicks where the walk should start: the click did nothing; now it sets x0 and x1 (the
    settings the dialog has), rounded to what a cell tells apart, and the walk is computed from there."""
    from workbench.app.widgets.contour import ContourPlot

    app = make_app(pane=("descent", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#pane-area > *")
        plot = app.screen.query_one(ContourPlot)
        await pilot.click(plot, offset=contour_cell(plot, (2.0, -2.0)))
        await pilot.pause()
        s = pane.settings
        assert (s.x0, s.x1) != (-3.0, 4.0)
        assert abs(s.x0 - 2.0) < 1.0 and abs(s.x1 + 2.0) < 1.0
        assert len(f"{s.x0}") <= 5 and len(f"{s.x1}") <= 5          # rounded: 2.2, not 2.2368421
        assert tuple(pane.result.path.points[0]) == (s.x0, s.x1)


async def test_optimizers_start_where_clicked_and_a_tiles_caption_selects_its_optimizer():
    from workbench.app.widgets.contour import ContourPlot

    app = make_app(pane=("optimizers", None))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#pane-area > *")
        plot = app.screen.query_one(ContourPlot)
        assert pane.settings.layout == "grid" and pane.settings.selected == "SGD"
        x, y = contour_cell(plot, (5.0, -1.0), tile=1)
        await pilot.click(plot, offset=(x, y))
        await pilot.pause()
        s = pane.settings
        assert abs(s.start_x - 5.0) < 1.5 and abs(s.start_y + 1.0) < 1.0 and s.selected == "SGD"
        tile_w, tile_h = plot._tile_size
        await pilot.click(plot, offset=(tile_w + 1 + 2, tile_h - 1))      # the second tile's caption
        await pilot.pause()
        assert pane.settings.selected == pane.settings.optimizers[1]
        await pilot.press("g")                                             # overlaid: the legend lists them
        await pilot.pause()
        await pilot.click("#optimizers-legend", offset=(2, 2))
        await pilot.pause()
        assert pane.settings.selected == pane.settings.optimizers[2]


async def test_a_click_on_a_gradient_checks_row_maps_that_parameter():
    """The table's rows could not be picked: `[` `]` stepped to a parameter's map one at a time."""
    import time
    from workbench.app.panes.gradcheck import GradcheckPane

    app = make_app(pane=("gradcheck", None))            # TwoLayerNet: W1, b1, W2, b2
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        deadline = time.monotonic() + 60
        while (gradcheck.running or gradcheck.own.report is None) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        names = [row.name for row in gradcheck.result.rows]
        assert names[2] == "W2" and gradcheck.settings.view == "table"
        await pilot.click("#gc-table", offset=(2, 3))     # the header, then W1, b1, W2
        await pilot.pause()
        assert gradcheck.map_param == "W2" and gradcheck.settings.view == "map"


@pytest.mark.parametrize("key, dialog", [("question_mark", "HelpScreen"), ("s", "SettingsScreen"),
                                         ("colon", "GoToScreen")])
async def test_a_click_beside_a_dialog_closes_it_and_a_click_inside_does_not(key, dialog):
    """Help, settings and go-to stayed open under a click beside them: only Escape closed them."""
    app = make_app(lesson_id="gradient-descent", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lesson = app.screen
        await pilot.press(key)
        await pilot.pause()
        assert type(app.screen).__name__ == dialog
        box = app.screen.query("VerticalScroll, Vertical").first()
        await pilot.click(box, offset=(box.size.width // 2, 1))          # inside: it stays
        await pilot.pause()
        assert type(app.screen).__name__ == dialog
        await pilot.click(offset=(0, SIZE[1] - 2))                        # beside it: it closes
        await pilot.pause()
        assert app.screen is lesson


def frame_columns(plot) -> tuple[int, int]:
    """The first and last columns inside the plot's frame, as drawn."""
    lines = str(plot.render()).split("\n")
    frame = next(line for line in reversed(lines) if "└" in line)
    return cell_len(frame[:frame.index("└")]) + 1, cell_len(frame[:frame.rindex("┘")]) - 1


async def test_a_click_on_the_activation_plot_moves_the_probe_there():
    from workbench.app.plotting import Plot

    app = make_app(pane=("activation-plot", None))
    async with app.run_test(size=SIZE) as pilot:
        plot = app.screen.query_one(Plot)
        await until_drawn(pilot, plot)
        pane = app.screen.query_one("#pane-area > *")
        s = pane.settings
        first, last = frame_columns(plot)
        await pilot.click(plot, offset=(last, plot.size.height // 2))
        await pilot.pause()
        assert pane.settings.probe == s.x_max
        middle = (first + last) // 2
        await pilot.click(plot, offset=(middle, plot.size.height // 2))
        await pilot.pause()
        expected = s.x_min + (middle - first) / (last - first) * (s.x_max - s.x_min)
        assert abs(pane.settings.probe - expected) <= 0.01 * (s.x_max - s.x_min)
        await pilot.click(plot, offset=(0, 0))                 # the y axis' labels: no x there
        await pilot.pause()
        assert abs(pane.settings.probe - expected) <= 0.01 * (s.x_max - s.x_min)


async def test_a_click_on_the_derivatives_plots_sets_x_and_h():
    from workbench.app.plotting import Plot

    app = make_app(pane=("derivative", None))
    async with app.run_test(size=(120, 40)) as pilot:                 # both plots side by side
        tangent, error = app.screen.query_one("#dv-tangent-plot", Plot), app.screen.query_one("#dv-error-plot", Plot)
        await until_drawn(pilot, tangent, error)
        pane = app.screen.query_one("#pane-area > *")
        assert error.display and error.region.width
        first, last = frame_columns(tangent)
        await pilot.click(tangent, offset=(first, tangent.size.height // 2))
        await pilot.pause()
        assert pane.settings.x == tangent.x_range[0]                    # function_1 from 0: x = 0
        first, last = frame_columns(error)
        await pilot.click(error, offset=(first, error.size.height // 2))
        await pilot.pause()
        assert pane.settings.h == 1e-20
        await pilot.click(error, offset=(last, error.size.height // 2))
        await pilot.pause()
        assert pane.settings.h == 1e-1


async def test_a_click_on_a_perceptron_parameter_chooses_it_for_plus_and_minus():
    """"w₁ = 0.5  w₂ = 0.5  b = −0.7" with the chosen one lit: a click on another did nothing."""
    from workbench.app.widgets.folded import Folded

    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#pane-area > *")
        rule = app.screen.query_one("#rule", Folded)
        rows = str(rule.render()).replace("\u00a0", " ").split("\n")
        y = next(i for i, row in enumerate(rows) if "b = " in row)
        assert pane.chosen == "w1"
        await pilot.click(rule, offset=(cell_len(rows[y][:rows[y].index("b = ")]) + 1, y))
        await pilot.pause()
        assert pane.chosen == "b"
        before = pane.settings.b
        await pilot.press("plus")
        assert pane.settings.b == pytest.approx(before + 0.1)


async def test_a_click_on_more_in_a_pane_scrolls_it_a_page():
    """"more ↓" on a pane's part that runs past the fold: a click did nothing, where the same mark under
    the lesson's text goes a page down."""
    from workbench.app.widgets.marked_scroll import MarkedScroll

    app = make_app(lesson_id="simple-convnet", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")                                   # DeepConvNet's layers run past the fold
        for _ in range(300):
            await pilot.pause(0.02)
            parts = [part for part in app.screen.query(MarkedScroll) if part.max_scroll_y > 0]
            if parts:
                break
        part = parts[0]
        mark = part.query_one(".more-mark")
        await pilot.pause()
        assert mark.display and part.scroll_y == 0
        await pilot.click(mark, offset=(mark.size.width - 3, 0))
        await pilot.pause()
        assert part.scroll_y > 1


async def test_a_click_on_an_array_of_the_forward_chain_walks_to_its_step():
    """"X → A1 → Z1 → A2 → Z2 → A3 → Y" names every step; a click on one did nothing."""
    from textual.widgets import Static

    app = make_app(pane=("forward", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#pane-area > *")
        chain = app.screen.query_one("#forward-chain", Static)
        line = str(chain.render()).split("\n")[0]
        assert line.startswith("X → A1") and pane.settings.step == 0
        await pilot.click(chain, offset=(cell_len(line[:line.index("A2")]) + 1, 0))
        await pilot.pause()
        assert pane.settings.step == 3
        await pilot.click(chain, offset=(cell_len(line[:line.index("Y")]), 0))
        await pilot.pause()
        assert pane.settings.step == 6
        await pilot.click(chain, offset=(0, 0))
        await pilot.pause()
        assert pane.settings.step == 0


def piece_offset(static, piece: str) -> tuple[int, int]:
    """The cell of the first character of `piece` in a Static's text as drawn (the legend's lines wrap)."""
    rows = str(static.render()).replace("\u00a0", " ").split("\n")
    y = next(i for i, row in enumerate(rows) if piece in row)
    return cell_len(rows[y][:rows[y].index(piece)]), y


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_click_on_an_activation_functions_legend_line_shows_or_hides_its_curve(lang):
    """The legend named only the curves shown, and a click on it did nothing: 1 2 3 were the only way.
    Every function keeps its line now (a hidden one dimmed), and a click on it does what its key does."""
    from textual.widgets import Static
    from workbench.i18n import t

    app = make_app(lesson_id="activation-functions", step=0, lang=lang)     # the step function alone
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#pane-area > *")
        legend = app.screen.query_one("#legend", Static)
        sigmoid = t("activation-plot.function.sigmoid")
        assert pane.settings.functions == ("step",) and sigmoid in str(legend.render())
        x, y = piece_offset(legend, sigmoid)
        await pilot.click(legend, offset=(x + 1, y))
        await pilot.pause()
        assert pane.settings.functions == ("step", "sigmoid")
        await pilot.click(legend, offset=piece_offset(legend, "━ " + t("activation-plot.function.step")))
        await pilot.pause()
        assert pane.settings.functions == ("sigmoid",)
        x, y = piece_offset(legend, t("activation-plot.function.step"))
        await pilot.click(legend, offset=(x, y))                     # the hidden curve's line, dimmed
        await pilot.pause()
        assert pane.settings.functions == ("step", "sigmoid")
        await pilot.click(legend, offset=(0, 0))                    # the space before the first line
        await pilot.pause()
        assert pane.settings.functions == ("step", "sigmoid")


def key_entry(container, key: str):
    """The paragraph of the help's key line that begins with `key` ("." of ". Take the next step"), in
    the help screen or the keys panel, scrolled into view."""
    from textual.widgets._markdown import MarkdownParagraph

    for paragraph in container.query(MarkdownParagraph):
        words = str(paragraph.render()).replace("\u00a0", " ").replace("\u2060", " ").split()
        if words and words[0] == key:
            return paragraph
    raise AssertionError(f"no line of the help for {key}")


async def click_key_entry(pilot, container, key: str) -> None:
    entry = key_entry(container, key)
    container.scroll_to_widget(entry, animate=False, top=True)
    await pilot.pause()
    await pilot.click(entry, offset=(0, 0))
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_click_on_a_key_in_the_keys_panel_presses_it(lang):
    """F1's panel lists the keys: a click on one did nothing. It presses the key now, which reaches the pane,
    the lesson and the app through their bindings: `,` and `.` step the walk, F1 hides the panel."""
    from workbench.app.keys_panel import KeysPanel

    app = make_app(lesson_id="gradient-descent", step=1, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        pane = app.screen.query_one("#pane-area > *")
        panel = app.screen.query_one(KeysPanel)
        before = pane.settings.step                                 # the walk's end
        await click_key_entry(pilot, panel, ",")
        assert pane.settings.step == before - 1
        await click_key_entry(pilot, panel, ".")
        assert pane.settings.step == before
        assert app.keys_shown
        await click_key_entry(pilot, panel, "F1")
        assert not app.keys_shown and not app.screen.query(KeysPanel)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_click_on_a_key_in_the_help_closes_it_and_presses_the_key(lang):
    """`?` lists the keys of the screen under it: a click on one closes the help and presses it there
    (→ goes to the next step); `?` only closes it, as `?` does in the help; a click on what a key does,
    not on the key, leaves the help open."""
    from workbench.app.help_screen import HelpScreen

    app = make_app(lesson_id="gradient-descent", step=1, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lesson = app.screen
        step = lesson.index if hasattr(lesson, "index") else None
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        entry = key_entry(box, "→")
        box.scroll_to_widget(entry, animate=False, top=True)
        await pilot.pause()
        await pilot.click(entry, offset=(entry.size.width - 2, 0))       # the words after the keys
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await click_key_entry(pilot, box, "→")
        assert app.screen is lesson and lesson.index == step + 1
        await pilot.press("question_mark")
        await pilot.pause()
        await click_key_entry(pilot, app.screen.query_one("#help-box"), "?")
        await pilot.pause()
        assert app.screen is lesson and lesson.index == step + 1


async def test_a_click_on_a_cell_of_the_batch_norm_grid_draws_it_large():
    """The grid's 16 weight scales could be picked only with `,` and `.`, a cell at a time: a click on a
    cell's chart or its scale did nothing. It walks the large cell there now, through the same action."""
    from workbench.app.panes.compare import GRID_CELL, BatchNormPane
    from workbench.models.catalog import pane as pane_entry
    from screen_text import until

    settings = pane_entry("compare-batch-norm").parse(["dataset=synthetic-digits", "train_size=200", "test_size=100",
                                                       "batch_size=50", "epochs=1", "hidden=10"])
    app = make_app(pane=("compare-batch-norm", settings))
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(BatchNormPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.pause()
        grid = app.screen.query_one("#compare-grid")
        assert p.view == "grid" and p.shown_cell() == 15
        text = p._shown["#compare-grid"]                                 # the grid's text as put on screen

        def cell_at(cell: int, last_row: bool) -> tuple[int, int]:
            """The first cell of the grid's drawing (as shown) in small cell `cell`'s chart or, on its
            `last_row`, its scale."""
            rows = str(grid.render()).split("\n")
            spans = [(span.start, span.end) for span in text.spans
                     if getattr(span.style, "meta", {}).get(GRID_CELL) == cell]
            starts = [text.plain.count("\n", 0, start) for start, _ in spans]
            y = max(starts) if last_row else min(starts)
            start = next(s for (s, _), row in zip(spans, starts) if row == y)
            x = start - (text.plain.rfind("\n", 0, start) + 1)
            assert rows[y].strip()
            return x + 1, y

        await pilot.click(grid, offset=cell_at(5, last_row=True))        # the scale under cell 6
        await pilot.pause()
        assert p.shown_cell() == 5
        await pilot.click(grid, offset=cell_at(0, last_row=False))       # the first cell's chart
        await pilot.pause()
        assert p.shown_cell() == 0


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_click_on_the_epoch_keys_of_the_training_results_steps_through_the_epochs(lang):
    """"epoch 2/2  test accuracy …  , . epochs" over the results: a click on `,` or `.` did nothing,
    though the line names them. They press their key now (the epoch shown: the same action as the key);
    the results' cells (the confusion matrix, the images) have no key to pick them, and stay as they are."""
    from textual.widgets import Static
    from workbench.app.panes.train import TrainPane
    from workbench.models.catalog import pane as pane_entry
    from screen_text import until

    settings = pane_entry("train").parse(["dataset=synthetic-digits", "train_size=200", "test_size=100",
                                          "batch_size=20", "epochs=2"])
    app = make_app(pane=("train", settings), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("3")
        await pilot.pause()
        scrubber = app.screen.query_one("#train-scrubber-results", Static)
        assert p.shown_record().epoch == 2
        await pilot.click(scrubber, offset=piece_offset(scrubber, ", ."))
        await pilot.pause()
        assert p.shown_record().epoch == 1
        x, y = piece_offset(scrubber, ", .")
        await pilot.click(scrubber, offset=(x + 2, y))
        await pilot.pause()
        assert p.shown_record().epoch == 2
        await pilot.click(scrubber, offset=(0, 0))                     # "epoch 2/2": no key
        await pilot.pause()
        assert p.shown_record().epoch == 2


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_go_to_prompt_has_its_own_footer(lang):
    """Under `:` the home screen's footer stayed, naming G (glossary) and ? (help): in the prompt they are
    letters typed, and a click on them closed the prompt as a click beside it does."""
    from workbench.app.goto import GoToScreen
    from workbench.app.key_bar import KeyBar
    from workbench.i18n import t

    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, GoToScreen)
        bar = app.screen.query_one(KeyBar)
        await pilot.pause()
        shown = bar.render().plain
        assert t("goto.key.cancel") in shown and "G " not in shown
