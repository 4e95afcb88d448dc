"""Readouts wrap between their items, never inside one, at any width: a function's name stays with its
value ("시그모이드 0.206") in the activation plot, and each weight with its value in the perceptron."""
import pytest
from textual.content import Content

from workbench.app.app import make_app
from workbench.app.panes.activation_plot import ActivationPlot
from workbench.app.panes.perceptron import PerceptronPane
from workbench.i18n import set_language, t
from workbench.models.catalog import pane
from screen_text import widget_text

NAMES = ("step", "sigmoid", "relu")


def rows(text: str, width: int) -> list[str]:
    """`text` as a Static `width` cells wide shows it, row by row."""
    return [line.plain.rstrip() for line in Content(str(text)).wrap(width)]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_function_name_and_its_value_are_never_on_two_rows(lang):
    set_language(lang)
    app = make_app(pane=("activation-plot", pane("activation-plot").parse(["probe=-1.35", "x_min=-3", "x_max=3"])),
                   lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = app.screen.query_one(ActivationPlot)
        readout, legend = plot.readout(plot.result), plot.legend(plot.result).plain
        names = [t(f"activation-plot.function.{name}") for name in NAMES]
        for width in range(16, 50):
            for row in rows(readout, width):
                assert not row.endswith((*names, "x", "=")), (width, rows(readout, width))
            for row in rows(legend, width):
                assert not row.endswith("━"), (width, rows(legend, width))
        assert "0.206" in widget_text(app, "#readout")


async def test_the_perceptron_keeps_each_weight_with_its_value():
    app = make_app(pane=("perceptron", pane("perceptron").parse(["w1=-0.123456", "w2=-0.123456", "b=-0.123456"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rule = app.screen.query_one(PerceptronPane)._rule().plain.split("\n")[1]
        for width in range(16, 50):
            for row in rows(rule, width):
                assert not row.endswith(("w₁", "w₂", "b", "=")), (width, rows(rule, width))


async def test_the_two_layer_gates_weights_and_biases_stand_in_columns():
    """2.2 step 3: "w 0.5, 0.5  b −0.2" under "w −0.5, −0.5  b 0.7" put each b in another column."""
    app = make_app(pane=("perceptron", pane("perceptron").parse(["network=two-layer"])), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = app.screen.query_one(PerceptronPane)._two_layer_rule().plain.splitlines()
        assert len(lines) == 3
        assert len({line.index(" w ") for line in lines}) == 1 and len({line.index(" b ") for line in lines}) == 1
        assert all("  w " in line for line in lines), lines
