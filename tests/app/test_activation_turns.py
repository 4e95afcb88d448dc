"""Where the activation plot's curves meet they take turns: ReLU, drawn last, covered the step function's
y = 0 half (and the sigmoid where it flattens against 0 or 1), with colour and without (NO_COLOR), so
a learner comparing the three saw two. Each curve shows along the stretch; the legend says why."""
from __future__ import annotations

import re

import numpy as np
import pytest

from workbench.app.app import make_app
from workbench.app.panes.activation_plot import COLORS
from workbench.app.plotting import Plot, theme_rgb
from workbench.i18n import t
from workbench.models.activation import TURN_CELLS, compute, turns
from workbench.models.activation_settings import ActivationSettings
from workbench.models.catalog import pane
from screen_text import until_drawn, widget_text

BOOK = ("functions=step,sigmoid,relu", "x_min=-3", "x_max=3", "probe=-1")
"""3.1's last step: the three functions side by side on [−3, 3]."""


def zero_row(app):
    """The plot's row at y = 0 as Rich segments (its label "0┤" first)."""
    text = app.screen.query_one(Plot).render()
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if re.match(r"\s*0(\.0+)?┤", line.plain))
    return list(lines[index].render(app.console))


def test_step_and_relu_take_turns_where_both_are_0():
    result = compute(ActivationSettings(functions=("step", "relu"), x_min=-3.0, x_max=3.0, probe=-1.0))
    on_top = turns(result.x, result.curves, (-3.0, 3.0), (-0.24, 3.24), 36, 12)
    for name in ("step", "relu"):
        left = [(start, stop) for start, stop in on_top[name] if result.x[stop - 1] < 0]
        assert len(left) >= 2, (name, on_top[name])          # several turns each along x < 0
        assert all(np.all(result.curves[name][start:stop] == 0) for start, stop in left)
    assert turns(result.x, {"relu": result.curves["relu"]}, (-3.0, 3.0), (-0.24, 3.24), 36, 12) == {}


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_with_colour_the_step_functions_zero_shows_beside_relus(lang):
    app = make_app(pane=("activation-plot", pane("activation-plot").parse(list(BOOK))), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_drawn(pilot, app.screen.query_one(Plot))
        colours = [segment.style.color.triplet for segment in zero_row(app)
                   if segment.text.strip() and segment.style and segment.style.color
                   and segment.style.color.triplet]
        step, relu = (theme_rgb(app, COLORS[name]) for name in ("step", "relu"))
        assert colours.count(step) >= TURN_CELLS and colours.count(relu) >= TURN_CELLS, colours
        await pilot.pause()
        assert t("activation-plot.turns") in widget_text(app, "#legend")


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_without_colour_the_step_functions_zero_shows_beside_relus(no_color, lang):
    app = make_app(pane=("activation-plot", pane("activation-plot").parse(list(BOOK))), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_drawn(pilot, app.screen.query_one(Plot))
        row = "".join(segment.text for segment in zero_row(app))
        assert row.count("+") >= TURN_CELLS and len(re.findall("[\u2801-\u28ff]", row)) >= TURN_CELLS, row


async def test_one_curve_takes_no_turns_and_the_legend_says_nothing_of_them():
    app = make_app(pane=("activation-plot", pane("activation-plot").parse(
        ["functions=relu", "x_min=-3", "x_max=3", "probe=1"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await until_drawn(pilot, app.screen.query_one(Plot))
        await pilot.pause()
        assert t("activation-plot.turns") not in widget_text(app, "#legend")


@pytest.fixture
def no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


def test_the_cells_found_at_once_are_those_the_scatter_finds_one_by_one():
    from workbench.models.activation import cells_of
    from workbench.models.scatter import cell_of

    values = np.linspace(-3.3, 3.3, 401)
    for cells in (1, 7, 77, 154):
        assert cells_of(values, (-3.0, 3.0), cells).tolist() == [cell_of(v, (-3.0, 3.0), cells) for v in values]
