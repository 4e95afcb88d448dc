"""The numbers the perceptron and activation panes show, computed by their models without the app."""
import numpy as np
import pytest

from workbench.models.activation import ActivationSettings, compute as activation
from workbench.models.perceptron import (BOOK_GATES, INPUTS, TRUTH, PerceptronSettings, compute as perceptron_model,
                                         perceptron, sum_of, two_layer_xor)
from workbench.models.settings import SettingError


def test_activation_curves_are_the_library_functions():
    result = activation(ActivationSettings(functions=("step", "sigmoid", "relu"), x_min=-2.0, x_max=2.0, probe=0.0))
    x = result.x
    assert x[0] == -2.0 and x[-1] == 2.0 and len(x) <= 500
    np.testing.assert_allclose(result.curves["sigmoid"], 1 / (1 + np.exp(-x)))
    np.testing.assert_array_equal(result.curves["relu"], np.maximum(x, 0))
    np.testing.assert_array_equal(result.curves["step"], (x > 0).astype(float))


def test_the_probe_reads_each_shown_function():
    assert activation(ActivationSettings(functions=("step", "sigmoid"), probe=0.0)).at_probe == {"step": 0.0,
                                                                                                  "sigmoid": 0.5}


def test_a_range_backwards_names_the_setting_at_fault():
    with pytest.raises(SettingError) as caught:
        ActivationSettings(x_min=2.0, x_max=1.0, probe=1.5)
    assert caught.value.key == "x_max"


def test_the_book_gates_compute_their_truth_tables():
    for gate, weights in BOOK_GATES.items():
        assert tuple(perceptron(INPUTS, *weights)) == TRUTH[gate]
    assert tuple(two_layer_xor(INPUTS)[2]) == TRUTH["XOR"]
    np.testing.assert_allclose(sum_of(INPUTS, 0.5, 0.5, -0.7), [-0.7, -0.2, -0.2, 0.3])


def test_no_single_perceptron_on_a_grid_of_weights_computes_xor():
    grid = np.linspace(-1, 1, 9)
    outputs = {tuple(perceptron(INPUTS, w1, w2, b)) for w1 in grid for w2 in grid for b in grid}
    assert TRUTH["AND"] in outputs and TRUTH["XOR"] not in outputs


def test_the_model_names_the_gate_the_weights_compute_and_the_rows_that_miss_the_target():
    result = perceptron_model(PerceptronSettings(w1=0.5, w2=0.5, b=-0.2, target="AND"))
    assert result.gate == "OR" and result.wrong_rows == (1, 2)
    two = perceptron_model(PerceptronSettings(network="two-layer", target="XOR"))
    assert two.gate == "XOR" and two.wrong_rows == () and two.sums is None
    assert perceptron_model(PerceptronSettings(w1=0, w2=0, b=0, target="none")).gate is None
