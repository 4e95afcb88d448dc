import numpy as np
import pytest

from workbench.nn.functions import (cross_entropy_error, identity_function, mean_squared_error, relu, relu_grad,
                                    sigmoid, sigmoid_grad, softmax, softmax_loss, step_function)
from workbench.nn.gradient import numerical_gradient

# The book's example (section 4.2): the network says "2" with probability 0.6, and the answer is 2.
Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
T = np.eye(10)[2]


def test_activations_match_the_book():
    x = np.array([-1.0, 0.0, 2.0])
    assert identity_function(x) is x
    assert step_function(x).tolist() == [0, 0, 1]
    np.testing.assert_allclose(sigmoid(x), [0.26894142, 0.5, 0.88079708], rtol=1e-7)
    assert relu(x).tolist() == [0.0, 0.0, 2.0]
    assert relu_grad(x).tolist() == [0.0, 1.0, 1.0]


def test_sigmoid_does_not_overflow_and_keeps_float32():
    x = np.array([-1000.0, -50.0, 50.0, 1000.0], dtype=np.float32)
    with np.errstate(over="raise", invalid="raise"):
        s = sigmoid(x)
    assert s.dtype == np.float32
    assert s[0] == 0 and s[-1] == 1 and 0 < s[1] < 1e-20


def test_derivatives_agree_with_numerical_gradients():
    x = np.linspace(-3, 3, 13) + 0.05
    for f, df in ((sigmoid, sigmoid_grad), (relu, relu_grad)):
        np.testing.assert_allclose(df(x), numerical_gradient(lambda z: np.sum(f(z)), x.copy()), atol=1e-7)


def test_softmax_rows_sum_to_one_and_survive_huge_scores():
    a = np.array([1010.0, 1000.0, 990.0])
    with np.errstate(over="raise", invalid="raise"):
        y = softmax(a)
    np.testing.assert_allclose(y, [9.99954600e-01, 4.53978686e-05, 2.06106005e-09], rtol=1e-6)
    batch = np.array([[0.3, 2.9, 4.0], [1010.0, 1000.0, 990.0]], dtype=np.float32)
    yb = softmax(batch)
    assert yb.dtype == np.float32
    np.testing.assert_allclose(yb.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(yb[0], [0.01821127, 0.24519181, 0.73659691], rtol=1e-6)


def test_losses_of_the_books_example():
    assert mean_squared_error(Y, T) == pytest.approx(0.0975)
    assert cross_entropy_error(Y, T) == pytest.approx(0.510825457)
    assert cross_entropy_error(Y, 2) == pytest.approx(0.510825457)
    batch = np.stack([Y, np.roll(Y, 5)])
    expected = -(np.log(0.6 + 1e-7) + np.log(0.1 + 1e-7)) / 2
    assert cross_entropy_error(batch, np.array([2, 2])) == pytest.approx(expected)
    assert cross_entropy_error(batch, np.eye(10)[[2, 2]]) == pytest.approx(expected)


def test_softmax_loss_is_cross_entropy_of_softmax():
    x = np.array([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]])
    t = np.array([1, 2])
    assert softmax_loss(x, t) == pytest.approx(-np.mean(np.log(softmax(x)[[0, 1], t] + 1e-7)))
