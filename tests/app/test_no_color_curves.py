"""Under NO_COLOR every curve of the training, comparison, search, sin-cos, activation, derivative and
playground plots was drawn in braille and every legend mark was a bar: on a black-and-white projector or
for a colour-blind learner the curves could not be told apart. Without colour each curve of a plot has its
own marker, which its legend line shows."""
from __future__ import annotations

import pytest

from workbench.app import glyphs
from workbench.app.app import make_app
from workbench.app.panes.compare import ComparePane
from workbench.app.panes.search import SearchPane
from workbench.app.panes.train import TrainPane
from workbench.app.plotting import ASCII_CURVE_MARKERS, Plot, legend_mark
from workbench.i18n import t
from workbench.models.catalog import pane
from workbench.models.search import TrialResult
from screen_text import until, until_drawn, widget_text as text

SIZE = (80, 24)
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20")
BRAILLE = range(0x2801, 0x2900)
"""Braille cells with a dot: the first curve's line (a blank braille cell, 0x2800, is no mark)."""


def picture(app, selector: str) -> str:
    """What the plot `selector` draws, its frame and its axes' labels left out."""
    import re

    rows = app.screen.query_one(selector, Plot).render().plain.splitlines()
    inside = [re.split("[┤│]", row, maxsplit=1) for row in rows if "┌" not in row and "└" not in row]
    return "\n".join(parts[1].rstrip().removesuffix("│") for parts in inside if len(parts) == 2)


def marks_in(drawn: str) -> set[str]:
    """The curve marks in a picture: "braille" for the braille line, else the marker characters."""
    found = {char for char in drawn if char in "•+x○■*o#@"}
    return found | ({"braille"} if any(ord(char) in BRAILLE for char in drawn) else set())


def named(caption: str, marks: list[str], keys: list[str]) -> bool:
    """Whether `caption` names each curve by its mark: "⠒⠒ raw", "•• smoothed"."""
    caption = caption.replace("\u00a0", " ")
    return all(f"{mark} {t(key)}" in caption for mark, key in zip(marks, keys))


@pytest.fixture
def no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_without_colour_the_training_curves_and_their_legends_have_a_mark_each(no_color, lang):
    app = make_app(pane=("train", pane("train").parse([*TINY, "net=two-layer", "epochs=3"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await until_drawn(pilot, app.screen.query_one("#train-loss", Plot), app.screen.query_one("#train-accuracy", Plot))
        marks = [legend_mark(app, 0), legend_mark(app, 1)]
        assert marks == ["⠒⠒", "••"]
        assert marks_in(picture(app, "#train-loss")) == {"braille", "•"}, picture(app, "#train-loss")
        assert {"braille", "•"} <= marks_in(picture(app, "#train-accuracy")), picture(app, "#train-accuracy")
        assert named(text(app, "#train-loss-caption"), marks, ["train.plot.raw", "train.plot.smoothed"])
        assert named(text(app, "#train-accuracy-caption"), marks, ["train.plot.train", "train.plot.test"])


@pytest.mark.parametrize("lang", [None, "ko"])
@pytest.mark.parametrize("ascii_glyphs", [False, True], ids=["unicode", "ascii"])
async def test_without_colour_a_comparisons_runs_each_have_their_mark_in_the_plots_and_the_legend(
        no_color, lang, ascii_glyphs):
    mode = glyphs.ASCII if ascii_glyphs else glyphs.UNICODE
    app = make_app(pane=("compare-weight-init", pane("compare-weight-init").parse([*TINY, "iterations=40"])),
                   lang=lang, glyph_mode=mode)
    try:
        async with app.run_test(size=(100, 40)) as pilot:       # the loss plot tall enough for three curves
            p = app.screen.query_one(ComparePane)
            await pilot.press("g")
            await until(pilot, lambda: p.state == "done")
            p.view = "curves"
            await until_drawn(pilot, app.screen.query_one("#compare-loss", Plot))   # not 0.5 s after a first build
            expected = set(ASCII_CURVE_MARKERS[:3]) if ascii_glyphs else {"braille", "•", "+"}
            assert marks_in(picture(app, "#compare-loss")) == expected, picture(app, "#compare-loss")
            marks = [legend_mark(app, k) for k in range(3)]
            assert len(set(marks)) == 3 and "━━" not in marks
            legend = text(app, "#compare-legend").replace("\u00a0", " ")
            assert all(f"{mark} {run.spec.name}" in legend for mark, run in zip(marks, p.shown_plan().runs)), legend
    finally:
        glyphs.set_mode(glyphs.UNICODE)


async def test_without_colour_the_best_fives_curves_each_have_their_mark(no_color):
    trials = [TrialResult(k, k, 10 ** (-5 + k / 3), 10 ** (-7 + k / 3), 0.2 + k / 20, 0.2 + k / 20,
                          (0.1 + k / 40, 0.2 + k / 20), (), None, 1.0) for k in range(6)]
    app = make_app(pane=("search", pane("search").parse(["epochs=2"])))
    async with app.run_test(size=(120, 40)) as pilot:
        p = app.screen.query_one(SearchPane)
        p.trials, p.run_settings, p.state = trials, p.settings, "done"
        p.view = "scatter"
        await until_drawn(pilot, app.screen.query_one("#search-curves", Plot))
        drawn = picture(app, "#search-curves")
        assert marks_in(drawn) == {"braille", "•", "+", "x", "○"}, drawn
        caption = text(app, "#search-curves-caption").replace("\u00a0", " ")
        best = [f"#{k + 1}" for k in (5, 4, 3, 2, 1)]
        assert all(f"{legend_mark(app, k)} {name}" in caption for k, name in enumerate(best)), caption


async def test_with_colour_the_curves_stay_braille_and_the_legend_bars():
    app = make_app(pane=("train", pane("train").parse([*TINY, "net=two-layer", "epochs=2"])))
    async with app.run_test(size=SIZE) as pilot:
        assert not app.no_color
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await until_drawn(pilot, app.screen.query_one("#train-loss", Plot))
        assert marks_in(picture(app, "#train-loss")) == {"braille"}
        assert text(app, "#train-loss-caption").count("━━") == 2


def test_without_colour_a_grid_cells_second_line_is_dotted():
    """The batch-norm grid's small charts draw a cell's two runs in braille: without colour the second
    is dotted (a dot in three), the first stays whole, so that the two are told apart."""
    from workbench.app.panes.compare_views import braille_chart

    def dots(series, dotted):
        text = braille_chart([(values, "") for values in series], 12, 3, 12, dotted=dotted).plain
        rows = text.splitlines()[:-1]                    # the last row holds the dotted baseline
        return sum(bin(ord(char) - 0x2800).count("1") for row in rows for char in row)

    flat = [0.5] * 12
    assert dots([flat, []], True) == dots([flat, []], False) > 0
    assert 0 < dots([[], flat], True) <= dots([[], flat], False) / 2


def one_cell_named(caption: str, marks: list[str], names: list[str]) -> bool:
    """Whether `caption` names each curve by its one-cell mark: "⠒ sin", "• cos"."""
    caption = caption.replace("\u00a0", " ")
    return all(f"{mark} {name}" in caption for mark, name in zip(marks, names))


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_without_colour_sin_and_cos_each_have_their_mark_and_keep_it_alone(no_color, lang):
    app = make_app(pane=("sin-cos", None), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        plot = app.screen.query_one(Plot)
        await until_drawn(pilot, plot)
        assert marks_in(picture(app, "Plot")) == {"braille", "•"}, picture(app, "Plot")
        assert one_cell_named(text(app, "#sin-cos-legend"), ["⠒", "•"], ["sin", "cos"])
        await pilot.press("1")                                  # sin hidden: cos keeps its marker
        await until(pilot, lambda: "sin" not in text(app, "#sin-cos-legend"))
        await until_drawn(pilot, plot)
        assert marks_in(picture(app, "Plot")) == {"•"}, picture(app, "Plot")
        assert one_cell_named(text(app, "#sin-cos-legend"), ["•"], ["cos"])


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_without_colour_step_sigmoid_and_relu_each_have_their_mark(no_color, lang):
    app = make_app(pane=("activation-plot", None), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await until_drawn(pilot, app.screen.query_one(Plot))
        drawn = picture(app, "Plot")
        assert marks_in(drawn) == {"braille", "•", "+"}, drawn
        names = [t(f"activation-plot.function.{name}") for name in ("step", "sigmoid", "relu")]
        assert one_cell_named(text(app, "#legend"), ["⠒", "•", "+"], names), text(app, "#legend")


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_without_colour_f_and_its_tangent_and_the_two_dtypes_errors_each_have_their_mark(no_color, lang):
    app = make_app(pane=("derivative", None), lang=lang)
    async with app.run_test(size=(120, 30)) as pilot:       # wide: both plots side by side
        await until_drawn(pilot, app.screen.query_one("#dv-tangent-plot", Plot),
                          app.screen.query_one("#dv-error-plot", Plot))
        assert marks_in(picture(app, "#dv-tangent-plot")) == {"braille", "•"}, picture(app, "#dv-tangent-plot")
        assert marks_in(picture(app, "#dv-error-plot")) == {"braille", "•"}, picture(app, "#dv-error-plot")
        legend = text(app, "#dv-tangent-legend").replace("\u00a0", " ")
        assert "⠒ f(x)" in legend and "• " + t("derivative.tangent", difference=t(
            f"derivative.difference.{app.screen.query_one('DerivativePane').settings.difference}")) in legend, legend
        assert one_cell_named(text(app, "#dv-error-legend"), ["⠒", "•"], ["float64", "float32"])


@pytest.mark.parametrize("lang", [None, "ko"])
@pytest.mark.parametrize("size", [(120, 40), (60, 24)], ids=["wide", "narrow"])
async def test_without_colour_the_playgrounds_loss_and_accuracies_each_have_their_mark(no_color, lang, size):
    from textual.widgets import Static

    from workbench.app.panes.playground import PlaygroundPane

    app = make_app(pane=("playground", pane("playground").parse(["points=40", "batch_size=10", "noise=0.5"])),
                   lang=lang)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        p = app.screen.query_one(PlaygroundPane)
        await pilot.press(*"." * 20)
        await until(pilot, lambda: p.training.epoch == 20)
        wide = p.query_one("#pg-accuracy", Plot).display
        assert wide == (size[0] >= 100)
        await until_drawn(pilot, *(plot for plot in p.query(Plot) if plot.display))
        lines = str(p.query_one("#pg-numbers", Static).render()).replace("\u00a0", " ").splitlines()

        def marked(mark: str, name: str) -> bool:
            word = t(f"playground.numbers.{name}", loss="", acc="").strip()
            return any(line.startswith(f"{mark} {word}") for line in lines)

        assert marked("⠒", "loss") and marked("+", "test"), lines
        if wide:
            assert marks_in(picture(app, "#pg-loss")) == {"braille"}, picture(app, "#pg-loss")
            assert marks_in(picture(app, "#pg-accuracy")) == {"•", "+"}, picture(app, "#pg-accuracy")
            assert marked("•", "train"), lines
        else:
            assert marks_in(picture(app, "#pg-loss")) == {"braille", "+"}, picture(app, "#pg-loss")
