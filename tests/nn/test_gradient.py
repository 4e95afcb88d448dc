import math

import numpy as np
import pytest

from workbench.nn.functions import softmax
from workbench.nn.gradient import GradientCheck, gradient_check, numerical_gradient
from workbench.nn.layers import Affine, Sigmoid, SoftmaxWithLoss


def test_numerical_gradient_of_the_books_function():
    """Section 4.4: f(x0, x1) = x0**2 + x1**2 has gradient (6, 8) at (3, 4)."""
    x = np.array([3.0, 4.0])
    grad = numerical_gradient(lambda x: np.sum(x ** 2), x)
    np.testing.assert_allclose(grad, [6.0, 8.0], rtol=1e-8)
    assert x.tolist() == [3.0, 4.0]


def test_numerical_gradient_any_shape_and_restores_x():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4))
    before = x.copy()
    np.testing.assert_allclose(numerical_gradient(lambda z: np.sum(np.sin(z)), x), np.cos(before), rtol=1e-7)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0])

    def f(_):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    assert x.tolist() == [1.0, 2.0]


class TwoLayerNet:
    """A small two-layer network written for this test: Affine, Sigmoid, Affine, softmax with loss."""

    def __init__(self, rng, input_size=6, hidden_size=40, output_size=3, break_b1=False):
        # Small weights keep every probability well above the 1e-7 the loss adds inside its log.
        self.params = {"W1": 0.3 * rng.standard_normal((input_size, hidden_size)),
                       "b1": 0.3 * rng.standard_normal(hidden_size),
                       "W2": 0.3 * rng.standard_normal((hidden_size, output_size)),
                       "b2": 0.3 * rng.standard_normal(output_size)}
        self.break_b1 = break_b1
        self.calls_with_train_flg = 0

    def loss(self, x, t, train_flg=False):
        self.calls_with_train_flg += train_flg
        self.layers = [Affine(self.params["W1"], self.params["b1"]), Sigmoid(),
                       Affine(self.params["W2"], self.params["b2"])]
        self.last = SoftmaxWithLoss()
        for layer in self.layers:
            x = layer.forward(x)
        return self.last.forward(x, t)

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last.backward(1)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        first, _, second = self.layers
        grads = {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}
        if self.break_b1:
            grads["b1"] = grads["b1"] * 1.5
        return grads


def data(rng):
    return rng.standard_normal((5, 6)), rng.integers(0, 3, size=5)


def test_gradient_check_of_a_correct_network():
    rng = np.random.default_rng(1)
    net = TwoLayerNet(rng)
    x, t = data(rng)
    before = {k: v.copy() for k, v in net.params.items()}
    result = gradient_check(net, x, t, num_samples=30, rng=2)
    assert list(result) == ["W1", "b1", "W2", "b2"]
    assert result["W1"] == GradientCheck((6, 40), 30, result["W1"].max_relative_error,
                                         result["W1"].mean_relative_error, result["W1"].worst_index)
    assert [r.checked for r in result.values()] == [30, 30, 30, 3]
    for r in result.values():
        assert r.max_relative_error < 1e-4 and r.mean_relative_error <= r.max_relative_error
    for key, value in before.items():
        np.testing.assert_array_equal(net.params[key], value)
    assert net.calls_with_train_flg > 0   # the loss gradient() differentiates: training mode


def test_gradient_check_finds_a_wrong_gradient():
    rng = np.random.default_rng(3)
    net = TwoLayerNet(rng, break_b1=True)
    result = gradient_check(net, *data(rng), rng=4)
    assert math.isclose(result["b1"].max_relative_error, 1 / 3, rel_tol=1e-3)   # |1.5g - g| / 1.5|g|
    assert result["W1"].max_relative_error < 1e-4


def test_gradient_check_samples_are_seeded_and_cover_small_parameters():
    rng = np.random.default_rng(5)
    net = TwoLayerNet(rng)
    x, t = data(rng)
    assert gradient_check(net, x, t, num_samples=7, rng=6) == gradient_check(net, x, t, num_samples=7, rng=6)
    result = gradient_check(net, x, t, num_samples=500, rng=6)
    assert result["W1"].checked == 240


def test_relative_error_counts_zero_gradients_as_agreeing():
    class Flat:
        params = {"W": np.zeros(3)}

        def loss(self, x, t):
            return 1.0

        def gradient(self, x, t):
            return {"W": np.zeros(3)}

    result = gradient_check(Flat(), None, None)
    assert result["W"].max_relative_error == 0.0 and result["W"].checked == 3


def test_softmax_gradient_helper_sanity():
    x = np.array([0.3, -1.2, 2.0])
    s = softmax(x)
    jac = np.stack([numerical_gradient(lambda z: softmax(z)[i], x.copy()) for i in range(3)])
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), atol=1e-8)
