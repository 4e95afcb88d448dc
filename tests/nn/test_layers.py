"""Every layer's backward against numerical gradients (float64), the chapter 5 shopping graphs, float32 throughout."""
import numpy as np
import pytest

from workbench.nn.gradient import numerical_gradient
from workbench.nn.fast_conv import BlockedConvolution, FastPooling
from workbench.nn.layers import (Affine, AddLayer, BatchNormalization, Convolution, Dropout, MulLayer, Pooling, Relu,
                                 Sigmoid, SoftmaxWithLoss)
from workbench.nn.reference import DirectConvolution

# (N, C, H, W, FN, FH, FW, stride, pad): strides 1-3, pads 0-2, several channels, non-square images.
CONV_CASES = [
    (2, 3, 5, 6, 2, 3, 3, 1, 1),
    (2, 3, 7, 9, 4, 3, 3, 2, 1),
    (2, 2, 8, 6, 3, 2, 4, 2, 2),
    (1, 2, 10, 7, 2, 4, 1, 3, 0),
    (2, 1, 8, 10, 2, 3, 2, 3, 2),
    (1, 2, 7, 9, 3, 5, 5, 2, 2),
]
POOL_CASES = [  # (N, C, H, W, pool_h, pool_w, stride, pad)
    (2, 3, 6, 8, 2, 2, 2, 0),
    (2, 2, 7, 7, 3, 3, 2, 0),
    (1, 2, 5, 7, 2, 3, 1, 1),
    (2, 2, 6, 9, 3, 3, 3, 0),
    (1, 3, 5, 5, 3, 3, 2, 1),
]


def assert_backward_matches_numerical(layer, inputs, grads, forward=None):
    """backward(dout) against numerical derivatives of sum(forward(*inputs) * dout).

    ``inputs`` are the arrays forward takes (all differentiated); ``grads`` maps the name of a
    parameter attribute (nudged in place) to the attribute backward leaves its gradient in.
    """
    forward = forward or layer.forward
    rng = np.random.default_rng(7)
    dout = rng.standard_normal(np.shape(forward(*inputs)))
    dinputs = layer.backward(dout)
    dinputs = dinputs if isinstance(dinputs, tuple) else (dinputs,)
    analytic = {name: getattr(layer, attr).copy() for name, attr in grads.items()}

    def f(_):
        return np.sum(forward(*inputs) * dout)

    for x, dx in zip(inputs, dinputs):
        np.testing.assert_allclose(dx, numerical_gradient(f, x), rtol=1e-5, atol=1e-8)
    for name, g in analytic.items():
        np.testing.assert_allclose(g, numerical_gradient(f, getattr(layer, name)), rtol=1e-5, atol=1e-8)


def test_buy_apple_graph():
    apple, apple_num, tax = 100, 2, 1.1
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dapple_price, dtax = mul_tax_layer.backward(1)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    assert price == pytest.approx(220)
    assert (dapple, dapple_num, dtax) == pytest.approx((2.2, 110, 200))


def test_buy_apple_orange_graph():
    apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
    mul_apple_layer, mul_orange_layer, add_apple_orange_layer, mul_tax_layer = (
        MulLayer(), MulLayer(), AddLayer(), MulLayer())
    apple_price = mul_apple_layer.forward(apple, apple_num)
    orange_price = mul_orange_layer.forward(orange, orange_num)
    all_price = add_apple_orange_layer.forward(apple_price, orange_price)
    price = mul_tax_layer.forward(all_price, tax)
    dall_price, dtax = mul_tax_layer.backward(1)
    dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)
    dorange, dorange_num = mul_orange_layer.backward(dorange_price)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    assert price == pytest.approx(715)
    assert (dapple, dapple_num, dorange, dorange_num, dtax) == pytest.approx((2.2, 110, 3.3, 165, 650))


def test_mul_and_add_layers_on_arrays():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 3, 4))
    assert_backward_matches_numerical(MulLayer(), (x, y), {})
    assert_backward_matches_numerical(AddLayer(), (x, y), {})


def test_relu_and_sigmoid():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 5))
    x[np.abs(x) < 1e-3] = 0.5  # keep away from ReLU's kink
    assert_backward_matches_numerical(Relu(), (x,), {})
    assert_backward_matches_numerical(Sigmoid(), (x,), {})
    assert Relu().forward(np.array([-1.0, 0.0, 2.0])).tolist() == [0.0, 0.0, 2.0]


@pytest.mark.parametrize("x_shape", [(4, 6), (3, 2, 2, 3)])
def test_affine_flattens_and_restores_the_input_shape(x_shape):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(x_shape)
    layer = Affine(rng.standard_normal((6 if len(x_shape) == 2 else 12, 5)), rng.standard_normal(5))
    assert_backward_matches_numerical(layer, (x,), {"W": "dW", "b": "db"})
    assert layer.backward(np.ones((x_shape[0], 5))).shape == x_shape


@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_with_loss(one_hot):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((5, 4))
    t = np.array([0, 3, 1, 1, 2])
    t = np.eye(4)[t] if one_hot else t
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    # (y - t) / N ignores the book's 1e-7 inside the log, which moves the loss's slope by about 1e-7 / y.
    np.testing.assert_allclose(dx, numerical_gradient(lambda _: layer.forward(x, t), x), rtol=1e-3, atol=1e-8)
    layer.forward(x, t)
    np.testing.assert_allclose(layer.backward(2.0), 2 * dx)


def test_dropout_follows_the_book():
    x = np.ones((200, 50))
    layer = Dropout(0.3, rng=0)
    y = layer.forward(x)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert 0.25 < np.mean(y == 0) < 0.35
    np.testing.assert_array_equal(layer.backward(np.full_like(x, 2.0)), 2.0 * layer.mask)
    np.testing.assert_array_equal(layer.forward(x, train_flg=False), np.full_like(x, 0.7))
    np.testing.assert_array_equal(Dropout(0.3, rng=0).forward(x), y)  # a seed repeats the masks

    x = np.random.default_rng(4).standard_normal((3, 4))

    def seeded_forward(x):
        layer.rng = np.random.default_rng(5)
        return Dropout.forward(layer, x)

    assert_backward_matches_numerical(layer, (x,), {}, forward=seeded_forward)


@pytest.mark.parametrize("x_shape", [(6, 4), (5, 2, 3, 3)])
def test_batch_normalization(x_shape):
    rng = np.random.default_rng(6)
    x = rng.standard_normal(x_shape) * 3 + 1
    D = int(np.prod(x_shape[1:]))
    layer = BatchNormalization(rng.standard_normal(D), rng.standard_normal(D))
    assert_backward_matches_numerical(layer, (x,), {"gamma": "dgamma", "beta": "dbeta"})
    y = BatchNormalization(np.ones(D), np.zeros(D)).forward(x).reshape(x_shape[0], -1)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), 1, rtol=1e-5)


def test_batch_normalization_running_statistics():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((10, 3)) * 2 + 5
    running_mean, running_var = np.zeros(3), np.ones(3)
    layer = BatchNormalization(np.ones(3), np.zeros(3), 0.9, running_mean, running_var)
    layer.forward(x)
    assert layer.running_mean is running_mean  # updated in place
    np.testing.assert_allclose(running_mean, 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(running_var, 0.9 + 0.1 * x.var(axis=0))
    np.testing.assert_allclose(layer.forward(x, train_flg=False), (x - running_mean) / np.sqrt(running_var + 1e-6))


@pytest.mark.parametrize("case", CONV_CASES, ids=lambda c: "N{}C{}H{}W{}-FN{}F{}x{}-s{}p{}".format(*c))
@pytest.mark.parametrize("layer_class", [Convolution, BlockedConvolution, DirectConvolution])
def test_convolution_backward(layer_class, case):
    N, C, H, W, FN, FH, FW, stride, pad = case
    rng = np.random.default_rng(9)
    layer = layer_class(rng.standard_normal((FN, C, FH, FW)), rng.standard_normal(FN), stride, pad)
    layer.block_bytes = 1   # BlockedConvolution: one output row per block
    assert_backward_matches_numerical(layer, (rng.standard_normal((N, C, H, W)),), {"W": "dW", "b": "db"})


def test_convolution_without_input_gradient():
    rng = np.random.default_rng(10)
    x = rng.standard_normal((2, 1, 6, 6))
    W, b = rng.standard_normal((3, 1, 3, 3)), rng.standard_normal(3)
    full, first = BlockedConvolution(W, b), BlockedConvolution(W, b, input_grad=False)
    dout = rng.standard_normal(full.forward(x).shape)
    first.forward(x)
    assert full.backward(dout) is not None and first.backward(dout) is None
    np.testing.assert_array_equal(first.dW, full.dW)
    first.input_grad = True
    assert first.backward(dout).shape == x.shape


@pytest.mark.parametrize("case", POOL_CASES, ids=lambda c: "N{}C{}H{}W{}-{}x{}-s{}p{}".format(*c))
@pytest.mark.parametrize("pooling", [Pooling, FastPooling])
def test_pooling_backward(pooling, case):
    N, C, H, W, ph, pw, stride, pad = case
    rng = np.random.default_rng(11)
    x = rng.permutation(N * C * H * W).reshape(N, C, H, W) / 7.0 + 0.1  # distinct, positive: no ties
    assert_backward_matches_numerical(pooling(ph, pw, stride, pad), (x,), {})


def test_layers_keep_the_parameter_arrays_they_were_given():
    W, b = np.ones((2, 1, 3, 3)), np.zeros(2)
    for conv in (Convolution(W, b), BlockedConvolution(W, b)):
        assert conv.W is W and conv.b is b
    gamma, beta = np.ones(4), np.zeros(4)
    bn = BatchNormalization(gamma, beta)
    assert bn.gamma is gamma and bn.beta is beta
    W2 = np.ones((4, 2))
    assert Affine(W2, b).W is W2


def float32_layers(rng):
    f = np.float32
    return [
        (Relu(), (4, 3, 6, 6)),
        (Sigmoid(), (4, 3, 6, 6)),
        (Affine(rng.standard_normal((108, 5)).astype(f), np.zeros(5, f)), (4, 3, 6, 6)),
        (Dropout(rng=0), (4, 3, 6, 6)),
        (BatchNormalization(np.ones(108, f), np.zeros(108, f)), (4, 3, 6, 6)),
        (Convolution(rng.standard_normal((5, 3, 3, 3)).astype(f), np.zeros(5, f), 1, 1), (4, 3, 6, 6)),
        (Convolution(rng.standard_normal((5, 3, 2, 2)).astype(f), np.zeros(5, f), 2, 0), (4, 3, 6, 6)),
        (BlockedConvolution(rng.standard_normal((5, 3, 3, 3)).astype(f), np.zeros(5, f), 1, 1), (4, 3, 6, 6)),
        (BlockedConvolution(rng.standard_normal((5, 3, 2, 2)).astype(f), np.zeros(5, f), 2, 0), (4, 3, 6, 6)),
        (DirectConvolution(rng.standard_normal((5, 3, 3, 3)).astype(f), np.zeros(5, f), 1, 1), (4, 3, 6, 6)),
        (Pooling(2, 2, 2), (4, 3, 6, 6)),
        (Pooling(3, 3, 1, 1), (4, 3, 6, 6)),
        (FastPooling(2, 2, 2), (4, 3, 6, 6)),
        (FastPooling(3, 3, 1, 1), (4, 3, 6, 6)),
    ]


def test_float32_in_float32_out():
    rng = np.random.default_rng(12)
    for layer, shape in float32_layers(rng):
        x = rng.standard_normal(shape).astype(np.float32)
        y = layer.forward(x)
        dx = layer.backward(np.ones_like(y))
        grads = [getattr(layer, a) for a in ("dW", "db", "dgamma", "dbeta") if hasattr(layer, a)]
        assert {a.dtype for a in [y, dx, *grads]} == {np.dtype(np.float32)}, type(layer).__name__
    x = rng.standard_normal((4, 10)).astype(np.float32)
    softmax_loss = SoftmaxWithLoss()
    assert softmax_loss.forward(x, np.arange(4)).dtype == np.float32
    assert softmax_loss.backward().dtype == np.float32
    assert softmax_loss.forward(x, np.eye(10)[:4]).dtype == np.float32
    assert softmax_loss.backward().dtype == np.float32
    mul, add = MulLayer(), AddLayer()
    assert mul.forward(x, x).dtype == add.forward(x, x).dtype == np.float32
    assert {g.dtype for g in mul.backward(x) + add.backward(x)} == {np.dtype(np.float32)}


def test_an_empty_batch_flows_through_the_fast_engine():
    """The book's Pooling.backward cannot (its reshape to -1 columns is ambiguous for 0 rows);
    the networks refuse empty batches before any layer sees them."""
    x = np.zeros((0, 2, 6, 6))
    for layer in (BlockedConvolution(np.ones((3, 2, 3, 3)), np.zeros(3), 1, 1), FastPooling(2, 2, 2),
                  Convolution(np.ones((3, 2, 3, 3)), np.zeros(3), 1, 1), Relu()):
        y = layer.forward(x)
        assert y.shape[0] == 0 and layer.backward(y).shape == x.shape
