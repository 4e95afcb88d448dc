"""The book's API, every argument form the book's code passes (issue 26).

Read from the companion code of both editions (oreilly-japan/deep-learning-from-scratch and
WegraLee/deep-learning-from-scratch): common/ and the chapter scripts. For each public class and
function they use, the forms they pass: numbers where arrays are expected, lists, integer arrays,
labels as a column (N, 1), one-hot rows and plain labels, one sample as a 1-D array, keyword names.
Each accepted form must give what the book's formula gives, computed here independently in float64.
Where the library refuses on purpose, `REFUSED` says why and the test checks the message says what
to do instead.
"""
import pickle

import numpy as np
import pytest
from book_reference import col2im_loop, conv_backward, conv_forward, im2col_loop, pool_forward, smooth_curve_book

from workbench.nn import functions as F
from workbench.nn import util
from workbench.nn.fast_conv import BlockedConvolution, FastPooling
from workbench.nn.gradient import numerical_gradient
from workbench.nn.layers import (AddLayer, Affine, BatchNormalization, Convolution, Dropout, MulLayer, Pooling, Relu,
                                 Sigmoid, SoftmaxWithLoss)
from workbench.nn.networks import DeepConvNet, MultiLayerNet, MultiLayerNetExtend, SimpleConvNet, TwoLayerNet
from workbench.nn.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop
from workbench.nn.reference import DirectConvolution
from workbench.nn.trainer import Trainer

RNG = np.random.default_rng(26)


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=1e-12, atol=1e-12)


# -- the book's formulas, written out in float64 (the oracles) -------------------------------------------

def book_sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=np.float64)))


def book_softmax(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def book_cross_entropy(y, labels):
    y = np.asarray(y, dtype=np.float64).reshape(-1, np.shape(y)[-1])
    labels = np.asarray(labels).reshape(len(y))
    return -np.sum(np.log(y[np.arange(len(y)), labels] + 1e-7)) / len(y)


# -- common/functions.py, ch03 and ch04 -----------------------------------------------------------------

SCORES = [0.3, 2.9, 4.0]                              # the book's softmax example, 3.5
BIG = [1010.0, 1000.0, 990.0]                         # its overflow example
Y_BOOK = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]   # 4.2's network output
T_BOOK = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("x", [3.0, -2, np.arange(-5.0, 5.0, 0.1), [-1.0, 1.0, 2.0], np.array([[1.0, -0.5], [-2, 3]])],
                         ids=["number", "int", "arange", "list", "batch"])
def test_activations_take_numbers_lists_and_arrays(x):
    close(F.sigmoid(x), book_sigmoid(x))
    close(F.sigmoid_grad(x), book_sigmoid(x) * (1 - book_sigmoid(x)))
    close(F.relu(x), np.maximum(0, np.asarray(x, dtype=np.float64)))
    close(F.relu_grad(x), (np.asarray(x) >= 0).astype(np.float64))
    close(F.step_function(x), (np.asarray(x) > 0).astype(int))
    assert F.identity_function(x) is x
    assert np.ndim(F.sigmoid(x)) == np.ndim(x)        # a number gives a number, as the book's does


@pytest.mark.parametrize("x", [SCORES, np.array(SCORES), np.array(BIG), np.array([SCORES, BIG]),
                               np.array([1, 2, 3])], ids=["list", "1-D", "overflow", "batch", "integers"])
def test_softmax_of_one_sample_or_a_batch(x):
    y = F.softmax(x)
    close(y, book_softmax(x))
    close(np.sum(y, axis=-1), np.ones(np.shape(x)[:-1]))


@pytest.mark.parametrize("name", ["mean_squared_error", "sum_squared_error"])
def test_the_squared_error_under_both_editions_names(name):
    """The Korean edition's code calls it mean_squared_error, the Japanese sum_squared_error: ½ Σ (y − t)²."""
    loss = getattr(F, name)
    close(loss(np.array(Y_BOOK), np.array(T_BOOK)), 0.5 * np.sum((np.array(Y_BOOK) - np.array(T_BOOK)) ** 2))
    close(loss(Y_BOOK, T_BOOK), 0.0975)               # the book's printed value; lists as typed
    batch = RNG.random((4, 3))
    close(loss(batch, np.eye(3)[[0, 2, 1, 1]]), 0.5 * np.sum((batch - np.eye(3)[[0, 2, 1, 1]]) ** 2))


@pytest.mark.parametrize("y, t, labels", [
    (np.array(Y_BOOK), np.array(T_BOOK), [2]),                                # 4.2.2: one sample, one-hot
    (Y_BOOK, T_BOOK, [2]),                                                    # the same as lists
    (np.array(Y_BOOK), 2, [2]),                                               # one sample, its label
    (np.array(Y_BOOK), np.array(2), [2]),                                     # a 0-d label
    (np.full((3, 4), 0.25), np.array([0, 3, 1]), [0, 3, 1]),                  # a batch, labels
    (np.full((3, 4), 0.25), np.eye(4)[[0, 3, 1]], [0, 3, 1]),                 # a batch, one-hot (float)
    (np.full((3, 4), 0.25), np.array([0, 3, 1]).reshape(3, 1), [0, 3, 1]),    # ch07: labels as a column
    (np.full((3, 4), 0.25), np.eye(4, dtype=np.uint8)[[0, 3, 1]], [0, 3, 1]),  # one-hot as integers
], ids=["1-D one-hot", "lists", "1-D label", "0-d label", "labels", "one-hot", "column", "uint8 one-hot"])
def test_cross_entropy_error_in_every_label_form(y, t, labels):
    close(F.cross_entropy_error(y, t), book_cross_entropy(y, labels))
    close(F.softmax_loss(np.log(np.asarray(y, dtype=np.float64) + 1e-300), t), book_cross_entropy(y, labels))


def function_2(x):
    return np.sum(x ** 2)


def test_numerical_gradient_as_chapter_4_calls_it():
    """4.4: numerical_gradient(function_2, np.array([3.0, 4.0])) → [6, 8]; gradient_simplenet: the
    weights of a net, nudged in place, with f ignoring its argument (f = lambda w: net.loss(x, t))."""
    close(numerical_gradient(function_2, np.array([3.0, 4.0])), [6.0, 8.0])
    close(numerical_gradient(function_2, np.array([0.0, 2.0])), [0.0, 4.0])
    W = RNG.standard_normal((2, 3))
    x, t = np.array([0.6, 0.9]), np.array([0, 0, 1])                            # one sample, one-hot
    loss = lambda w: F.cross_entropy_error(F.softmax(x @ W), t)                 # noqa: E731 - the book's f
    expected = np.outer(x, book_softmax(x @ W) - t)                              # its derivative, by hand
    np.testing.assert_allclose(numerical_gradient(loss, W), expected, rtol=1e-5)   # the book's 1e-7 in the log


# -- ch05: the layers -------------------------------------------------------------------------------------

def test_the_shopping_graphs_with_python_numbers():
    """buy_apple.py and buy_apple_orange.py: numbers in, numbers out, and dout = 1."""
    mul_apple, mul_tax = MulLayer(), MulLayer()
    price = mul_tax.forward(mul_apple.forward(100, 2), 1.1)
    dapple_price, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    assert (int(price), dapple, int(dapple_num), dtax) == (220, 2.2, 110, 200)
    apple, orange, tax, add = MulLayer(), MulLayer(), MulLayer(), AddLayer()
    price = tax.forward(add.forward(apple.forward(100, 2), orange.forward(150, 3)), 1.1)
    dall, dtax = tax.backward(1)
    da, do = add.backward(dall)
    assert (int(price), dtax, orange.backward(do), apple.backward(da)[1]) == (715, 650, (3.3000000000000003, 165.0),
                                                                             110.00000000000001)


@pytest.mark.parametrize("x", [np.array([[1.0, -0.5], [-2.0, 3.0]]), [[1.0, -0.5], [-2.0, 3.0]],
                               np.array([[1, -2], [0, 3]])], ids=["array", "list", "integers"])
def test_relu_and_sigmoid_layers(x):
    dout = RNG.standard_normal(np.shape(x))
    relu, sigmoid = Relu(), Sigmoid()
    close(relu.forward(x), np.maximum(0, np.asarray(x, dtype=np.float64)))
    close(relu.backward(dout), np.where(np.asarray(x) <= 0, 0, dout))
    y = book_sigmoid(x)
    close(sigmoid.forward(x), y)
    close(sigmoid.backward(dout), dout * (1 - y) * y)


BIASES = {"per unit": lambda n: RNG.standard_normal(n), "number": lambda n: 0.5, "int": lambda n: 0,
          "0-d": lambda n: np.array(-0.25), "(1,)": lambda n: np.array([0.75]), "list": lambda n: [0.1] * n}


@pytest.mark.parametrize("bias", BIASES)
@pytest.mark.parametrize("x_shape", [(5, 6), (5, 1, 2, 3)], ids=["rows", "images (tensor)"])
def test_affine_with_every_bias_form(bias, x_shape):
    """db has the book's shape (units,) for every bias: each unit's gradient, dout summed over the batch."""
    W = RNG.standard_normal((6, 4))
    b = BIASES[bias](4)
    x, dout = RNG.standard_normal(x_shape), RNG.standard_normal((5, 4))
    layer = Affine(W, b)
    close(layer.forward(x), x.reshape(5, -1) @ W + np.asarray(b, dtype=np.float64))
    dx = layer.backward(dout)
    close(dx, (dout @ W.T).reshape(x_shape))
    close(layer.dW, x.reshape(5, -1).T @ dout)
    assert layer.db.shape == (4,)
    close(layer.db, dout.sum(axis=0))


@pytest.mark.parametrize("t", ["labels", "one-hot", "column"])
@pytest.mark.parametrize("dout", [None, 1, 2.0])
def test_softmax_with_loss_in_every_label_form(t, dout):
    scores = RNG.standard_normal((4, 3))
    labels = np.array([2, 0, 1, 1])
    target = {"labels": labels, "one-hot": np.eye(3)[labels], "column": labels.reshape(4, 1)}[t]
    layer = SoftmaxWithLoss()
    close(layer.forward(scores, target), book_cross_entropy(book_softmax(scores), labels))
    dx = layer.backward() if dout is None else layer.backward(dout)
    close(dx, (book_softmax(scores) - np.eye(3)[labels]) / 4 * (1 if dout is None else dout))


def test_dropout_and_batch_normalization_as_the_book_builds_them():
    x = RNG.standard_normal((6, 5))
    drop = Dropout(dropout_ratio=0.2)
    close(drop.forward(x, train_flg=False), x * 0.8)
    kept = drop.forward(x, True)
    close(drop.backward(np.ones_like(x)), (kept != 0) | (x == 0))
    gamma, beta = np.ones(5), np.zeros(5)                         # as MultiLayerNetExtend makes them
    bn = BatchNormalization(gamma, beta, momentum=0.9, running_mean=None, running_var=None)
    mu, var = x.mean(axis=0), x.var(axis=0)
    close(bn.forward(x, train_flg=True), (x - mu) / np.sqrt(var + 10e-7))
    close(bn.running_mean, 0.1 * mu)
    images = RNG.standard_normal((4, 2, 3, 3))                     # 4-D input: C*H*W features
    bn4 = BatchNormalization(np.ones(18), np.zeros(18))
    flat = images.reshape(4, -1)
    close(bn4.forward(images, True), ((flat - flat.mean(0)) / np.sqrt(flat.var(0) + 10e-7)).reshape(images.shape))


CONVS = [Convolution, BlockedConvolution, DirectConvolution]


@pytest.mark.parametrize("conv", CONVS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("bias", BIASES)
@pytest.mark.parametrize("stride, pad", [(1, 0), (2, 1)])
def test_convolution_with_every_bias_form(conv, bias, stride, pad):
    """ch07/apply_filter.py builds Convolution(w, 0): one number for every filter. db keeps the book's
    shape (FN,): each filter's bias gradient; the number's own gradient is their sum."""
    W = RNG.standard_normal((3, 2, 3, 3))
    b = BIASES[bias](3)
    x = RNG.standard_normal((2, 2, 7, 7))
    layer = conv(W, b, stride, pad)
    full_b = np.broadcast_to(np.asarray(b, dtype=np.float64), (3,))
    out = layer.forward(x)
    close(out, conv_forward(x, W, full_b, stride, pad))
    dout = RNG.standard_normal(out.shape)
    dx, dW, db = conv_backward(x, W, dout, stride, pad)
    close(layer.backward(dout), dx)
    close(layer.dW, dW)
    assert layer.db.shape == (3,)
    close(layer.db, db)


def test_the_filter_demo_of_chapter_7_runs_unchanged():
    """apply_filter.py: each of 16 filters, reshaped to (1, C, FH, FW), with b = 0, over a (1, 1, H, W) image."""
    network = SimpleConvNet(input_dim=(1, 28, 28), conv_param={"filter_num": 30, "filter_size": 5, "pad": 0,
                                                               "stride": 1},
                            hidden_size=100, output_size=10, weight_init_std=0.01, dtype=np.float64, rng=0)
    img = RNG.random((12, 12)).astype(np.float32)
    img = img.reshape(1, 1, *img.shape)
    for i in range(16):
        w = network.params["W1"][i]
        b = 0
        w = w.reshape(1, *w.shape)
        out = Convolution(w, b).forward(img)
        out = out.reshape(out.shape[2], out.shape[3])
        close(out, conv_forward(img.astype(np.float64), w, np.zeros(1), 1, 0)[0, 0])


@pytest.mark.parametrize("pool", [Pooling, FastPooling], ids=lambda p: p.__name__)
def test_pooling_as_the_networks_build_it(pool):
    x = RNG.standard_normal((2, 3, 6, 6))
    expected, _ = pool_forward(x, 2, 2, 2, 0)
    close(pool(pool_h=2, pool_w=2, stride=2).forward(x), expected)       # SimpleConvNet, DeepConvNet
    close(pool(2, 2).forward(x), expected)                               # the stride of the book's code: 2
    close(pool(3, 3, 1, 1).forward(x), pool_forward(x, 3, 3, 1, 1)[0])


@pytest.mark.parametrize("conv", [Convolution, BlockedConvolution], ids=lambda c: c.__name__)
@pytest.mark.parametrize("b, shape", [(np.zeros(4), (4,)), (np.zeros((3, 1)), (3, 1)), (np.zeros((1, 3)), (1, 3))])
def test_a_bias_that_cannot_broadcast_keeps_todays_message(conv, b, shape):
    with pytest.raises(ValueError, match=rf"b must have one entry per filter: W of shape \(3, 1, 3, 3\) has 3 "
                                         rf"filters, b has shape {re_shape(shape)}"):
        conv(np.zeros((3, 1, 3, 3)), b)


def re_shape(shape):
    return "\\(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + "\\)"


# -- common/util.py ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 10])
def test_im2col_and_col2im_as_7_4_calls_them(n):
    """x1 = np.random.rand(1, 3, 7, 7); im2col(x1, 5, 5, stride=1, pad=0) → (9, 75); ten images → (90, 75)."""
    x = RNG.random((n, 3, 7, 7))
    col = util.im2col(x, 5, 5, stride=1, pad=0)
    assert col.shape == (9 * n, 75)
    close(col, im2col_loop(x, 5, 5, 1, 0))
    close(util.im2col(input_data=x, filter_h=5, filter_w=5), col)
    close(util.col2im(col, x.shape, 5, 5, 1, 0), col2im_loop(col, x.shape, 5, 5, 1, 0))
    close(util.col2im(col, list(x.shape), filter_h=5, filter_w=5, stride=1, pad=0), col2im_loop(col, x.shape, 5, 5))


def test_im2col_of_integer_images_gives_the_books_values():
    """The book's im2col fills np.zeros (float64); here the images keep their dtype, with equal values."""
    x = RNG.integers(0, 256, (2, 1, 6, 6), dtype=np.uint8)
    col = util.im2col(x, 3, 3, 1, 1)
    assert col.dtype == np.uint8
    close(col, im2col_loop(x.astype(np.float64), 3, 3, 1, 1))


def test_conv_output_size_gives_the_books_number_as_an_int():
    assert util.conv_output_size(28, 5) == 24.0 and isinstance(util.conv_output_size(28, 5), int)
    assert util.conv_output_size(input_size=7, filter_size=3, stride=2, pad=1) == (7 + 2 - 3) / 2 + 1


def test_smooth_curve_and_shuffle_dataset_take_what_the_scripts_pass():
    losses = list(RNG.random(40))                          # train_loss[key]: a list of floats
    close(util.smooth_curve(losses), smooth_curve_book(np.array(losses)))
    for x in (RNG.random((10, 784)), RNG.random((10, 1, 28, 28))):
        xs, ts = util.shuffle_dataset(x, np.arange(10))
        close(xs, x[ts])


# -- common/optimizer.py ----------------------------------------------------------------------------------

def book_steps(name, lr, grads_seq, **hyper):
    """The book's update rules, step by step, for one float64 parameter starting at 1."""
    p, v, h, m, it = np.ones(3), np.zeros(3), np.zeros(3), np.zeros(3), 0
    for g in grads_seq:
        if name == "SGD":
            p = p - lr * g
        elif name == "Momentum":
            v = hyper.get("momentum", 0.9) * v - lr * g
            p = p + v
        elif name == "Nesterov":
            mo = hyper.get("momentum", 0.9)
            v = v * mo - lr * g
            p = p + mo * mo * v - (1 + mo) * lr * g
        elif name == "AdaGrad":
            h = h + g * g
            p = p - lr * g / (np.sqrt(h) + 1e-7)
        elif name == "RMSprop":
            d = hyper.get("decay_rate", 0.99)
            h = h * d + (1 - d) * g * g
            p = p - lr * g / (np.sqrt(h) + 1e-7)
        else:
            b1, b2 = hyper.get("beta1", 0.9), hyper.get("beta2", 0.999)
            it += 1
            lr_t = lr * np.sqrt(1.0 - b2 ** it) / (1.0 - b1 ** it)
            m = m + (1 - b1) * (g - m)
            h = h + (1 - b2) * (g ** 2 - h)
            p = p - lr_t * m / (np.sqrt(h) + 1e-7)
    return p


@pytest.mark.parametrize("cls, kwargs", [
    (SGD, {"lr": 0.95}), (Momentum, {"lr": 0.1}), (Momentum, {"lr": 0.1, "momentum": 0.5}), (Nesterov, {"lr": 0.1}),
    (AdaGrad, {"lr": 1.5}), (RMSprop, {"lr": 0.1, "decay_rate": 0.9}), (Adam, {"lr": 0.3}),
    (Adam, {"lr": np.float64(0.001), "beta1": 0.8, "beta2": 0.99}), (SGD, {"lr": 1}),
], ids=lambda v: v.__name__ if isinstance(v, type) else "-".join(map(str, v.values())))
def test_optimizers_follow_the_books_rules(cls, kwargs):
    grads_seq = [RNG.standard_normal(3) for _ in range(5)]
    params = {"W": np.ones(3)}
    optimizer = cls(**kwargs)
    for g in grads_seq:
        optimizer.update(params, {"W": g})
    hyper = {k: v for k, v in kwargs.items() if k != "lr"}
    close(params["W"], book_steps(cls.__name__, float(kwargs["lr"]), grads_seq, **hyper))


def test_an_optimizer_updates_a_float32_network_with_its_own_gradients():
    """optimizer.update(network.params, grads) in the ch06 scripts: the arrays the layers hold change."""
    network = MultiLayerNet(input_size=20, hidden_size_list=[8, 8], output_size=3, rng=0)
    before = {k: v.copy() for k, v in network.params.items()}
    x, t = RNG.random((5, 20)).astype(np.float32), RNG.integers(0, 3, 5)
    grads = network.gradient(x, t)
    SGD(lr=0.01).update(network.params, grads)
    for key in before:
        close(network.params[key], before[key] - np.float32(0.01) * grads[key])
    assert network.layers["Affine1"].W is network.params["W1"]


# -- the networks and the Trainer ---------------------------------------------------------------------------

def two_layer_book_gradient(params, x, t_onehot):
    """ch05/two_layer_net.py's gradient, by hand: Affine → ReLU → Affine → softmax, (y − t)/N back."""
    a1 = x @ params["W1"] + params["b1"]
    z1 = np.maximum(0, a1)
    y = book_softmax(z1 @ params["W2"] + params["b2"])
    dy = (y - t_onehot) / len(x)
    dz1 = (dy @ params["W2"].T) * (a1 > 0)
    return {"W1": x.T @ dz1, "b1": dz1.sum(0), "W2": z1.T @ dy, "b2": dy.sum(0)}


@pytest.mark.parametrize("t_form", ["one-hot", "labels", "column", "one-hot float32"])
def test_two_layer_net_as_chapter_5_trains_it(t_form):
    """train_neuralnet.py: TwoLayerNet(input_size=784, hidden_size=50, output_size=10), one-hot labels from
    load_mnist(one_hot_label=True), params[key] -= learning_rate * grad[key]."""
    network = TwoLayerNet(input_size=30, hidden_size=8, output_size=10, weight_init_std=0.5, dtype=np.float64, rng=0)
    x, labels = RNG.random((6, 30)), RNG.integers(0, 10, 6)
    t = {"one-hot": np.eye(10)[labels], "labels": labels, "column": labels.reshape(6, 1),
         "one-hot float32": np.eye(10, dtype=np.float32)[labels]}[t_form]
    expected = two_layer_book_gradient({k: v.copy() for k, v in network.params.items()}, x, np.eye(10)[labels])
    grad = network.gradient(x, t)
    for key in ("W1", "b1", "W2", "b2"):
        close(grad[key], expected[key])
        network.params[key] -= 0.1 * grad[key]
    close(network.loss(x, t), book_cross_entropy(book_softmax(
        np.maximum(0, x @ network.params["W1"] + network.params["b1"]) @ network.params["W2"] + network.params["b2"]),
        labels))
    predicted = np.argmax(network.predict(x), axis=1)
    close(network.accuracy(x, t), np.mean(predicted == labels))


@pytest.mark.parametrize("make", [
    lambda: MultiLayerNet(input_size=20, hidden_size_list=[10, 10], output_size=4, activation="sigmoid",
                          weight_init_std="sigmoid", weight_decay_lambda=10 ** np.random.uniform(-8, -4), rng=0),
    lambda: MultiLayerNet(input_size=20, hidden_size_list=[10, 10], output_size=4, weight_init_std="relu", rng=0),
    lambda: MultiLayerNet(input_size=20, hidden_size_list=[10], output_size=4, weight_init_std=0.01, rng=0),
    lambda: MultiLayerNetExtend(input_size=20, hidden_size_list=[10, 10], output_size=4,
                                weight_init_std=np.logspace(0, -4, num=16)[4], use_batchnorm=True, rng=0),
    lambda: MultiLayerNetExtend(input_size=20, hidden_size_list=[10, 10], output_size=4, use_dropout=True,
                                dropout_ration=0.2, rng=0),
], ids=["sigmoid, xavier, decay", "he", "0.01", "batch norm, logspace std", "dropout_ration"])
def test_the_chapter_6_networks_take_the_scripts_arguments(make):
    network = make()
    x, t = RNG.random((8, 20)), RNG.integers(0, 4, 8)
    grads = network.gradient(x, t)
    assert list(grads) == list(network.params)
    assert 0 <= network.accuracy(x, t) <= 1 and np.isfinite(network.loss(x, t))


def test_the_convolutional_networks_with_the_scripts_arguments():
    simple = SimpleConvNet(input_dim=(1, 28, 28), conv_param={"filter_num": 30, "filter_size": 5, "pad": 0,
                                                              "stride": 1},
                           hidden_size=100, output_size=10, weight_init_std=0.01, rng=0)
    x = RNG.random((3, 1, 28, 28)).astype(np.float32)
    t = np.array([1, 2, 3])
    assert simple.predict(x).shape == (3, 10)
    assert simple.accuracy(x, np.eye(10)[t], batch_size=100) == simple.accuracy(x, t)
    deep = DeepConvNet()                                               # train_deepnet.py: the defaults
    assert deep.predict(x, train_flg=False).shape == (3, 10) and np.isfinite(deep.loss(x, t))
    half = x.astype(np.float16)                                        # half_float_network.py
    for param in deep.params.values():
        param[...] = param.astype(np.float16)
    assert 0 <= deep.accuracy(half, t) <= 1


def test_save_and_load_params_under_the_books_file_name(tmp_path):
    """train_convnet.py saves "params.pkl" and apply_filter.py loads it: here the file holds plain arrays."""
    network = SimpleConvNet(input_dim=(1, 10, 10), conv_param={"filter_num": 3, "filter_size": 3, "pad": 0,
                                                               "stride": 1}, hidden_size=5, output_size=3, rng=1)
    path = tmp_path / "params.pkl"
    network.save_params(str(path))
    other = SimpleConvNet(input_dim=(1, 10, 10), conv_param={"filter_num": 3, "filter_size": 3, "pad": 0,
                                                             "stride": 1}, hidden_size=5, output_size=3, rng=2)
    other.load_params(file_name=str(path))
    for key in network.params:
        np.testing.assert_array_equal(other.params[key], network.params[key])


@pytest.mark.parametrize("optimizer, param", [("sgd", {"lr": 10 ** np.random.uniform(-6, -2)}),
                                              ("Adam", {"lr": 0.001}), ("SGD", {"lr": 0.01}),
                                              ("AdaGrad", {"lr": 0.01}), ("momentum", {"lr": 0.01, "momentum": 0.9})])
def test_the_trainer_as_chapters_6_to_8_call_it(optimizer, param):
    network = MultiLayerNet(input_size=20, hidden_size_list=[10], output_size=3,
                            weight_decay_lambda=10 ** np.random.uniform(-8, -4), rng=0)
    x, t = RNG.random((40, 20)), RNG.integers(0, 3, 40)
    trainer = Trainer(network, x, t, x[:10], t[:10], epochs=2, mini_batch_size=10, optimizer=optimizer,
                      optimizer_param=param, evaluate_sample_num_per_epoch=1000, verbose=False)
    trainer.train()
    assert len(trainer.train_acc_list) == len(trainer.test_acc_list) == 2
    assert len(trainer.train_loss_list) == 8 and all(np.isfinite(trainer.train_loss_list))


# -- what the library refuses on purpose, each with why and what the message says to do --------------------

REFUSED = {
    "a stride that does not tile": (
        lambda: util.conv_output_size(28, 5, 2),
        "the book's conv_output_size returns 12.5 and its im2col silently drops the last column of windows; "
        "the library names the fixes",
        r"stride 2 does not tile it evenly: .* use stride 1 \(output 24\) or a filter of size 6 \(output 12\)"),
    "a convolution whose stride does not tile": (
        lambda: Convolution(np.zeros((1, 1, 5, 5)), 0, stride=2).forward(np.zeros((1, 1, 28, 28))),
        "the book's layer computes 1 + int(23 / 2) = 12 rows and loses the input's last row; the library "
        "says which sizes fit", r"stride 2 does not tile it evenly.*use stride 1"),
    "numerical_gradient of integers": (
        lambda: numerical_gradient(function_2, np.array([3, 4])),
        "the book's nudges x[idx] = tmp_val + h are rounded away in an integer array, so its gradient is silently 0",
        r"write np.array\(\[3.0, 4.0\]\) rather than \[3, 4\]"),
    "numerical_gradient of a list": (
        lambda: numerical_gradient(function_2, [3.0, 4.0]),
        "a list cannot be nudged in place (the book's version fails on x.size)",
        r"x must be a floating-point NumPy array .* write np.array\(\[3.0, 4.0\]\)"),
    "one sample into Affine": (
        lambda: Affine(np.zeros((3, 2)), np.zeros(2)).forward(np.zeros(3)),
        "the book's reshape(x.shape[0], -1) turns one sample of 3 features into 3 samples of 1 and fails in np.dot",
        r"pass one sample as x.reshape\(1, -1\), shape \(1, 3\)"),
    "one sample into a network": (
        lambda: TwoLayerNet(4, 3, 2).predict(np.zeros(4)),
        "the networks take batches, as the book's do (ch03 predicts one sample with its own np.dot code)",
        r"x has shape \(4,\) but TwoLayerNet expects \(N, 4\); one sample is x.reshape\(1, 4\)"),
    "the book's pickled parameters": (
        None,
        "unpickling a file can run any code in it; the library saves and loads plain arrays (.npz)",
        r"is a pickle, as the book's save_params writes; workbench never loads a pickle"),
}


@pytest.mark.parametrize("what", REFUSED)
def test_what_the_library_refuses_on_purpose_says_what_to_do(what, tmp_path):
    call, why, message = REFUSED[what]
    assert why
    if call is None:                                    # the book's params.pkl
        with open(tmp_path / "params.pkl", "wb") as f:
            pickle.dump({"W1": np.zeros((2, 2))}, f)
        call = lambda: TwoLayerNet(2, 2, 2).load_params(str(tmp_path / "params.pkl"))   # noqa: E731
    with pytest.raises(ValueError, match=message):
        call()
