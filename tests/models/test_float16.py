"""16-bit floats: the three forms of a network, what the pane says about NumPy's float16 products, an
answer that rounding flips (worked out by hand), and the counts of the parameters."""
import numpy as np
import pytest

from workbench.models import trained
from workbench.models.float16 import FORMS, forward, half_layers, measure, rounded_copy
from workbench.nn.layers import Affine


def test_numpy_adds_a_float16_product_up_in_float32_and_rounds_the_sum_once():
    """What the pane's help says: in float16 alone the running sum would stick at 2048 (2048 + 1 rounds to
    2048), so a product of 4096 ones would be 2048; NumPy gives 4096."""
    ones = np.ones((1, 4096), np.float16)
    product = ones @ ones.T
    assert product.dtype == np.float16 and product[0, 0] == 4096
    assert np.cumsum(ones)[-1] == 2048          # a float16 running sum does stick


def test_rounded_values_are_float16_numbers_kept_in_the_networks_float32_arrays():
    network = trained.build_network()
    before = {key: value.copy() for key, value in network.params.items()}
    twin = rounded_copy(network)
    for key, value in twin.params.items():
        assert value.dtype == np.float32
        assert np.array_equal(value, value.astype(np.float16).astype(np.float32))
        assert np.array_equal(network.params[key], before[key])         # the network given is left alone
    assert any(not np.array_equal(twin.params[key], before[key]) for key in before)


def test_the_half_layers_make_float16_arrays_throughout():
    network = trained.build_network()
    layers = half_layers(network)
    assert [type(layer).__name__ for layer in layers] == ["Affine", "Sigmoid", "Affine", "Sigmoid", "Affine"]
    assert forward(layers, np.zeros((2, 784), np.float16)).dtype == np.float16


class Tiny:
    """One Affine layer, 1 → 2, whose second score beats the first by 2^−12: less than float16 can tell
    from 1 (its step there is 2^−10), so float16 rounds it to a tie and argmax takes the first."""

    def __init__(self):
        self.params = {"W1": np.array([[1.0, 1.0 + 2 ** -12]], np.float32), "b1": np.zeros(2, np.float32)}
        self.layers = {"Affine1": Affine(self.params["W1"], self.params["b1"])}

    def predict(self, x):
        return self.layers["Affine1"].forward(np.asarray(x, np.float32))


def test_an_answer_that_rounding_flips_is_counted_and_the_largest_change_is_found():
    x, t = np.array([[1.0], [0.0]], np.float32), np.array([1, 0])
    report = measure(Tiny(), x, t)
    float32, values, arrays = (report.form(name) for name in FORMS)
    assert (float32.correct, float32.changed, float32.largest) == (2, 0, 0.0)
    assert (values.correct, values.changed) == (1, 1)            # image 0: 1 against 1 + 2^−12 becomes a tie
    assert values.where[0] == 0
    expected = 1 / (1 + np.exp(-(2 ** -12))) - 0.5               # softmax of (1, 1 + 2^−12) against (½, ½)
    assert values.largest == pytest.approx(expected, rel=1e-3)
    assert arrays.changed == 1


def test_the_parameters_their_memory_and_their_rounding():
    network = trained.build_network()
    x = np.random.default_rng(0).random((10, 784)).astype(np.float32)
    report = measure(network, x, np.zeros(10, int), on_batch=lambda done, total: None)
    w = report.weights
    assert (w.count, w.bytes32, w.bytes16) == (45_360, 181_440, 90_720)   # 784·50 + 50 + 50·100 + 100 + 100·10 + 10
    assert 0 < w.largest_relative <= 2 ** -11                     # half a step of 11 significant bits
    values = np.concatenate([p.ravel() for p in network.params.values()])
    tiny = (values != 0) & (np.abs(values) < 2 ** -14)           # float16's subnormal range
    assert w.tiny == np.count_nonzero(tiny) > 0                   # He's random weights include a few
    assert 0 < w.largest_tiny <= 2 ** -25                         # half the subnormals' step, 2^−24
    assert 0 < w.largest_input <= 2 ** -12                        # a value below 1 moves by at most half a step, 2^−12


def test_only_the_first_images_are_measured_and_progress_is_reported_by_batch():
    network = trained.build_network()
    x = np.random.default_rng(1).random((30, 784)).astype(np.float32)
    seen = []
    report = measure(network, x, np.zeros(30, int), images=25, batch=10,
                     on_batch=lambda done, total: seen.append((done, total)))
    assert report.images == 25 and seen == [(10, 25), (20, 25), (25, 25)]
    with pytest.raises(ValueError, match="no test images"):
        measure(network, x[:0], np.zeros(0, int))
