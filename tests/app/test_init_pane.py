"""The initial-weights pane through its keys: the book's four scales and three activations cycled, the
histograms drawn in block characters with their statistics, bad values kept out, both languages, and
SVG snapshots at 80×24 and 120×40 (each reviewed by eye)."""
import pytest
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.weight_init import Histograms, InitPane, bar, fitted, histogram_text
from workbench.models.catalog import pane

SIZE = (80, 24)


def drawn(app) -> str:
    return str(app.screen.query_one(Histograms).render())


def said(app) -> str:
    return str(app.screen.query_one("#init-observation", Static).render()).replace("\n", " ")


def still(app):
    app.animation_level = "none"
    return app


def test_bars_are_eighths_of_a_cell_and_numbers_fit_their_column():
    assert bar(1.0, 4) == "████" and bar(0.5, 4) == "██  " and bar(0.01, 4) == "▏   " and bar(0, 3) == "   "
    assert bar(0.3, 5) == "█▌   "
    assert fitted(0.4589, 5) == "0.459" and fitted(11599.9, 5) == "1.2e4" and fitted(-0.0001, 5) == "0.000"


def test_a_row_of_statistics_that_does_not_fit_its_columns_gives_way_to_a_line_saying_so():
    """Ten tanh layers beside a lesson's text (37 cells) leave two cells a number: the rows of μ, σ and
    ≈±1 read "…" in every column. Seven leave three: μ and σ fit with one decimal, the percentages not."""
    def drawn_at(layers: int) -> str:
        entry = pane("init")
        result = entry.compute(entry.parse([f"layers={layers}", "activation=tanh", "init=xavier"]))
        return " ".join(str(histogram_text(result, 37, 20, {})).split())

    ten, seven = drawn_at(10), drawn_at(7)
    assert "…" not in ten and "μ, σ, ≈±1: no room in 10 columns. t widens the pane, - takes a layer off." in ten
    assert "…" not in seven and "σ 0.6 0.5 0.4" in seven and "≈±1: no room in 7 columns." in seven
    assert "no room" not in drawn_at(5) and "≈±1 14 %" in drawn_at(5)


async def test_the_keys_cycle_the_books_scales_and_activations():
    app = make_app(pane=("init", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(InitPane)
        picture = drawn(app)
        assert "█" in picture and "0.459" in picture and "82 %" in picture
        assert "Saturated: 72 % to 82 %" in said(app)
        await pilot.press("i")
        assert (p.settings.init, p.settings.std) == ("std", 0.01) and "Crowded" in said(app)
        await pilot.press("i")
        assert p.settings.init == "xavier" and "Xavier 1/√100 = 0.1" in str(
            app.screen.query_one("#init-status", Static).render()).replace("\u00a0", " ")
        assert "After layer 1 (σ 0.21) the spread holds: σ between 0.11 and 0.12 in layers 2 to 5" in said(app)
        await pilot.press("a")
        assert p.settings.activation == "tanh" and "shrinks layer by layer: σ 0.63 in layer 1, 0.32" in said(app)
        await pilot.press("a")
        assert p.settings.activation == "relu" and "shrinks layer by layer" in said(app)
        assert "50 %" in drawn(app)
        await pilot.press("i")
        assert p.settings.init == "he" and "holds through every layer" in said(app)
        await pilot.press("i")
        assert (p.settings.init, p.settings.std) == ("std", 1.0)


async def test_layers_by_key_and_a_bad_value_refused_in_place():
    app = make_app(pane=("init", pane("init").parse(["layers=9"])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(InitPane)
        await pilot.press("+")
        assert p.settings.layers == 10 and " 10" in drawn(app).splitlines()[0]
        before = p.result
        await pilot.press("+")
        assert p.settings.layers == 10 and p.query_one(ErrorLine).display and p.result is before
        assert "layers = 11" in str(p.query_one(ErrorLine).render()) and " 10" in drawn(app).splitlines()[0]
        assert not p.edit("std", "-1") and p.settings.std == 1.0
        await pilot.press("r")
        assert p.settings.seed == 1 and not p.query_one(ErrorLine).display


async def test_korean_labels():
    app = make_app(pane=("init", None), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "포화" in said(app) and "82 %" in drawn(app)
        assert "표준편차" in str(app.screen.query_one("#init-legend", Static).render())


def test_std_1_lesson_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="weight-init", step=1)), terminal_size=(80, 24))


def test_relu_he_in_korean_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="weight-init", step=5, lang="ko")), terminal_size=(80, 24))


def test_xavier_full_screen_at_120x40(snap_compare):
    app = make_app(pane=("init", pane("init").parse(["init=xavier"])))
    assert snap_compare(still(app), terminal_size=(120, 40))


def shown_lines(widget) -> list[str]:
    """The lines a Static shows at its width, with no-break spaces read as spaces."""
    return [strip.text.replace("\u00a0", " ").rstrip() for strip in widget.render_lines(widget.region.reset_offset)
            if strip.text.strip()]


@pytest.mark.parametrize("lang, kept", [("en", ("5 × 100 units", "1,000 inputs", "σ std", "μ mean")),
                                        ("ko", ("계층 5개 × 뉴런 100개", "입력 1,000개", "σ 표준편차", "μ 평균"))])
@pytest.mark.parametrize("step", [2, 4])                 # std 0.01 (sigmoid), ReLU with Xavier
async def test_the_network_line_and_legend_break_between_their_items(lang, kept, step):
    """Beside the lesson text the line over the histograms broke as "5 × 100" over "units" (Korean "계층"
    over "5개"), and the legend as "σ" over "std": each breaks between its items, the dot at a line's end,
    and the legend keeps its two lines."""
    app = still(make_app(lesson_id="weight-init", step=step, lang=lang))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status, legend = (shown_lines(app.screen.query_one(f"#init-{part}", Static)) for part in ("status", "legend"))
        assert len(legend) == 2 and not any(line.lstrip().startswith("·") for line in status + legend), (status, legend)
        assert all(any(item in line for line in status + legend) for item in kept), (status, legend)
