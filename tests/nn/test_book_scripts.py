"""The book's own scripts run on the library: their calls, their data shapes, their printed orders."""
import numpy as np
import pytest
from book_reference import smooth_curve_book

from workbench.nn import util
from workbench.nn.functions import cross_entropy_error
from workbench.nn.layers import SoftmaxWithLoss
from workbench.nn.networks import MultiLayerNetExtend, SimpleConvNet, TwoLayerNet
from workbench.nn.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop


def test_ch07_gradient_check_with_a_column_of_labels():
    """ch07/gradient_check.py: one image, its label as t = np.array([1]).reshape((1, 1))."""
    network = SimpleConvNet(input_dim=(1, 10, 10),
                            conv_param={"filter_num": 10, "filter_size": 3, "pad": 0, "stride": 1},
                            hidden_size=10, output_size=10, weight_init_std=0.01, dtype=np.float64, rng=0)
    X = np.random.default_rng(0).random(100).reshape((1, 1, 10, 10))
    T = np.array([1]).reshape((1, 1))
    grad_num = network.numerical_gradient(X, T)
    grad = network.gradient(X, T)
    assert list(grad_num) == list(grad) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for key in grad_num:   # the script prints these means; an entry near a ReLU kink may differ by more
        assert np.abs(grad_num[key] - grad[key]).mean() < 1e-6 * max(1.0, np.abs(grad[key]).max() * 1e3), key


def test_a_column_of_labels_gives_what_the_labels_give():
    rng = np.random.default_rng(1)
    net = TwoLayerNet(6, 5, 4, weight_init_std=0.5, dtype=np.float64, rng=1)
    x, t = rng.standard_normal((7, 6)), rng.integers(0, 4, 7)
    column = t.reshape(-1, 1)
    assert net.loss(x, column) == net.loss(x, t)
    for key, g in net.gradient(x, t).items():
        np.testing.assert_array_equal(net.gradient(x, column)[key], g)
    assert net.accuracy(x, column) == net.accuracy(x, t) == net.accuracy(x, np.eye(4)[t])
    scores = rng.standard_normal((7, 4))
    layer = SoftmaxWithLoss()
    assert layer.forward(scores, column) == SoftmaxWithLoss().forward(scores, t)
    np.testing.assert_array_equal(layer.backward(), _backward(scores, t))
    y = np.full((7, 4), 0.25)
    assert cross_entropy_error(y, column) == cross_entropy_error(y, t)


def _backward(scores, t):
    layer = SoftmaxWithLoss()
    layer.forward(scores, t)
    return layer.backward()


def test_accuracy_no_longer_reads_a_column_of_labels_as_one_hot():
    net = TwoLayerNet(3, 4, 2, rng=0)
    x = np.zeros((4, 3), np.float32)
    predicted = int(np.argmax(net.predict(x[:1])))
    assert net.accuracy(x, np.full((4, 1), predicted)) == 1.0
    assert net.accuracy(x, np.full((4, 1), 1 - predicted)) == 0.0


def test_batch_norm_gradient_keys_in_the_books_order():
    """ch06/batch_norm_gradient_check.py prints the keys of both gradients; the book's order is layer by layer."""
    network = MultiLayerNetExtend(input_size=784, hidden_size_list=[100, 100], output_size=10,
                                  use_batchnorm=True, dtype=np.float64, rng=0)
    book_order = ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"]
    assert list(network.params) == book_order
    x, t = np.random.default_rng(0).random((1, 784)), np.array([3])
    assert list(network.gradient(x, t)) == book_order
    small = MultiLayerNetExtend(4, [3, 2], 2, use_batchnorm=True, dtype=np.float64, rng=0)
    assert list(small.numerical_gradient(x[:, :4], t % 2)) == ["W1", "b1", "gamma1", "beta1",
                                                               "W2", "b2", "gamma2", "beta2", "W3", "b3"]


def test_key_order_survives_load_params(tmp_path):
    net = MultiLayerNetExtend(4, [3], 2, use_batchnorm=True, rng=0)
    net.save_params(tmp_path / "p.npz")
    net.load_params(tmp_path / "p.npz")
    assert list(net.params) == ["W1", "b1", "gamma1", "beta1", "W2", "b2"]


@pytest.mark.parametrize("n", [11, 12, 50, 2000])
def test_smooth_curve_is_the_books(n):
    x = np.random.default_rng(n).standard_normal(n).cumsum()
    smoothed = util.smooth_curve(x)
    assert smoothed.shape == x.shape
    np.testing.assert_allclose(smoothed, smooth_curve_book(x), rtol=0, atol=1e-12)
    np.testing.assert_allclose(util.smooth_curve(np.full(30, 2.5)), 2.5)   # a flat curve stays flat
    assert util.smooth_curve(x.tolist()).shape == (n,)                     # a list, as the scripts pass


def test_smooth_curve_refuses_a_curve_too_short_to_smooth():
    with pytest.raises(ValueError, match=r"smooth_curve needs a 1-D curve of at least 11 values, got shape \(5,\)"):
        util.smooth_curve(np.arange(5.0))


@pytest.mark.parametrize("shape", [(20, 3), (20, 1, 4, 4)])
def test_shuffle_dataset_keeps_each_sample_with_its_label(shape):
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    t = np.arange(20)
    xs, ts = util.shuffle_dataset(x, t, rng=0)
    assert xs.shape == x.shape and sorted(ts) == list(range(20)) and not np.array_equal(ts, t)
    np.testing.assert_array_equal(xs, x[ts])
    again = util.shuffle_dataset(x, t, rng=0)
    np.testing.assert_array_equal(again[1], ts)
    np.random.seed(5)
    first = util.shuffle_dataset(x, t)[1]
    np.random.seed(5)
    np.testing.assert_array_equal(util.shuffle_dataset(x, t)[1], first)   # np.random, as the book


def test_shuffle_dataset_needs_matching_lengths():
    with pytest.raises(ValueError, match=r"x and t must have one entry per sample, got x of shape \(3, 2\) "
                                         r"and t of shape \(4,\)"):
        util.shuffle_dataset(np.zeros((3, 2)), np.zeros(4))


def test_util_has_what_the_books_common_util_has():
    from workbench.nn import im2col
    assert util.im2col is im2col.im2col and util.col2im is im2col.col2im
    assert util.conv_output_size is im2col.conv_output_size


def f(x, y):
    return x ** 2 / 20.0 + y ** 2


def df(x, y):
    return x / 10.0, 2.0 * y


@pytest.mark.parametrize("optimizer", [SGD(lr=0.95), Momentum(lr=0.1), Nesterov(lr=0.1), AdaGrad(lr=1.5),
                                       RMSprop(lr=0.1), Adam(lr=0.3)], ids=lambda o: type(o).__name__)
def test_optimizer_compare_naive_steps_plain_numbers(optimizer):
    """ch06/optimizer_compare_naive.py keeps x and y as Python floats; every optimizer must move them,
    exactly as it moves a float64 array holding the same values."""
    params = {"x": -7.0, "y": 2.0}
    arrays = {"x": np.array([-7.0]), "y": np.array([2.0])}
    twin = type(optimizer)(lr=optimizer.lr)
    x_history = []
    for _ in range(30):
        x_history.append(params["x"])
        grads = dict(zip(("x", "y"), df(params["x"], params["y"])))
        optimizer.update(params, grads)
        array_grads = df(arrays["x"][0], arrays["y"][0])
        twin.update(arrays, {"x": np.array([array_grads[0]]), "y": np.array([array_grads[1]])})
        assert type(params["x"]) is float and type(params["y"]) is float
    assert params["x"] != -7.0 and f(params["x"], params["y"]) < f(-7.0, 2.0)
    assert params["x"] == arrays["x"][0] and params["y"] == arrays["y"][0]
    assert len(set(x_history)) == 30
