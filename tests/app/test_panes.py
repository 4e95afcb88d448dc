"""The pane registry and the numbers the two panes compute, without running the app."""
import numpy as np
import pytest

from workbench.app.panes.activation_plot import ActivationSettings, curves, probe_values
from workbench.app.panes.base import Pane
from workbench.app.panes.perceptron import BOOK_GATES, INPUTS, TRUTH, perceptron, sum_of, two_layer_xor
from workbench.app.panes.registry import pane_specs
from workbench.app.plotting import nice_ticks
from workbench.course.settings import SettingError


def test_every_pane_has_a_title_default_settings_and_a_pane_widget():
    specs = pane_specs()
    assert {"activation-plot", "perceptron"} <= set(specs)
    for name, spec in specs.items():
        assert spec.name == name and spec.widget.PANE_NAME == name
        assert issubclass(spec.widget, Pane) and spec.widget.HELP.strip()
        assert spec.title and spec.title[0].islower(), "titles follow 'Open …' in the palette"
        assert spec.build({}) == spec.settings()


def test_a_pane_spec_builds_settings_and_refuses_bad_ones():
    spec = pane_specs()["activation-plot"]
    assert spec.build({"x_min": -2.0, "x_max": 2.0, "probe": 0.0}).x_max == 2.0
    with pytest.raises(SettingError, match="probe"):
        spec.build({"probe": 50.0})


def test_activation_curves_are_the_library_functions():
    x, ys = curves(ActivationSettings(functions=("step", "sigmoid", "relu"), x_min=-2.0, x_max=2.0, probe=0.0))
    assert x[0] == -2.0 and x[-1] == 2.0 and len(x) <= 500
    np.testing.assert_allclose(ys["sigmoid"], 1 / (1 + np.exp(-x)))
    np.testing.assert_array_equal(ys["relu"], np.maximum(x, 0))
    np.testing.assert_array_equal(ys["step"], (x > 0).astype(float))


def test_the_probe_reads_each_shown_function():
    values = probe_values(ActivationSettings(functions=("step", "sigmoid"), probe=0.0))
    assert values == {"step": 0.0, "sigmoid": 0.5}


def test_the_book_gates_compute_their_truth_tables():
    for gate, weights in BOOK_GATES.items():
        assert tuple(perceptron(INPUTS, *weights)) == TRUTH[gate]
    assert tuple(two_layer_xor(INPUTS)[2]) == TRUTH["XOR"]
    np.testing.assert_allclose(sum_of(INPUTS, 0.5, 0.5, -0.7), [-0.7, -0.2, -0.2, 0.3])


def test_no_single_perceptron_on_a_grid_of_weights_computes_xor():
    grid = np.linspace(-1, 1, 9)
    outputs = {tuple(perceptron(INPUTS, w1, w2, b)) for w1 in grid for w2 in grid for b in grid}
    assert TRUTH["AND"] in outputs and TRUTH["XOR"] not in outputs


@pytest.mark.parametrize("low, high, expected", [
    (-6, 6, [-5, -2.5, 0, 2.5, 5]), (-0.08, 1.08, [0, 0.25, 0.5, 0.75, 1]), (0, 10, [0, 2.5, 5, 7.5, 10]),
])
def test_nice_ticks(low, high, expected):
    np.testing.assert_allclose(nice_ticks(low, high), expected)
