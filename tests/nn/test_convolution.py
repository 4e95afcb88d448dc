"""The book's Convolution and Pooling and the fast engine against the book's algorithm, each other, the
definition and (if installed) PyTorch."""
import numpy as np
import pytest
from book_reference import conv_backward, conv_forward, im2col_loop, pool_backward, pool_forward

from workbench.nn.fast_conv import BlockedConvolution, FastPooling
from workbench.nn.layers import Convolution, Pooling
from workbench.nn.reference import DirectConvolution, conv2d

STRIDES_PADS = [(s, p) for s in (1, 2, 3) for p in (0, 1, 2)]


def conv_case(stride, pad, seed=0):
    """A random float64 case whose height and width are tiled exactly by a 3x2 filter at this stride and pad."""
    rng = np.random.default_rng(seed)
    FH, FW = 3, 2
    H = 2 * stride + FH - 2 * pad + stride * 2   # (H + 2*pad - FH) = 4*stride
    W = 3 * stride + FW - 2 * pad + stride       # (W + 2*pad - FW) = 4*stride
    x = rng.standard_normal((3, 2, H, W))
    return x, rng.standard_normal((4, 2, FH, FW)), rng.standard_normal(4)


@pytest.mark.parametrize("stride, pad", STRIDES_PADS)
@pytest.mark.parametrize("layer_class", [Convolution, BlockedConvolution, DirectConvolution])
def test_every_convolution_is_the_books(layer_class, stride, pad):
    x, W, b = conv_case(stride, pad)
    layer = layer_class(W, b, stride, pad)
    out = layer.forward(x)
    np.testing.assert_allclose(out, conv_forward(x, W, b, stride, pad), rtol=0, atol=1e-10)
    np.testing.assert_allclose(conv2d(x, W, b, stride, pad), out, rtol=0, atol=1e-10)

    dout = np.random.default_rng(1).standard_normal(out.shape)
    dx = layer.backward(dout)
    book_dx, book_dW, book_db = conv_backward(x, W, dout, stride, pad)
    for ours, theirs in ((dx, book_dx), (layer.dW, book_dW), (layer.db, book_db)):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


SHAPES = [  # (N, C, H, W, FN, FH, FW, stride, pad)
    (3, 2, 9, 8, 4, 3, 2, 1, 0),
    (2, 3, 7, 9, 5, 3, 3, 2, 1),
    (4, 1, 10, 10, 2, 5, 5, 1, 2),
    (1, 4, 11, 5, 3, 1, 1, 2, 0),
    (2, 2, 12, 12, 6, 4, 4, 4, 0),
    (5, 3, 6, 6, 2, 3, 3, 3, 3),
]


@pytest.mark.parametrize("case", SHAPES, ids=lambda c: "N{}C{}H{}W{}-FN{}F{}x{}-s{}p{}".format(*c))
def test_the_book_form_and_the_fast_engine_agree(case):
    """Forward, dx, dW and db of Convolution and BlockedConvolution, float64, the same to rounding."""
    N, C, H, W, FN, FH, FW, stride, pad = case
    rng = np.random.default_rng(sum(case))
    x, weights, bias = rng.standard_normal((N, C, H, W)), rng.standard_normal((FN, C, FH, FW)), rng.standard_normal(FN)
    book, fast = Convolution(weights, bias, stride, pad), BlockedConvolution(weights, bias, stride, pad)
    out = book.forward(x)
    np.testing.assert_allclose(fast.forward(x), out, rtol=0, atol=1e-12)
    dout = rng.standard_normal(out.shape)
    np.testing.assert_allclose(fast.backward(dout), book.backward(dout), rtol=0, atol=1e-12)
    np.testing.assert_allclose(fast.dW, book.dW, rtol=0, atol=1e-12)
    np.testing.assert_allclose(fast.db, book.db, rtol=0, atol=1e-12)
    assert fast.dW.shape == book.dW.shape == weights.shape and fast.db.shape == book.db.shape == bias.shape


def test_the_book_form_keeps_the_books_attributes():
    x, W, b = conv_case(2, 1)
    layer = Convolution(W, b, 2, 1)
    layer.forward(x)
    np.testing.assert_array_equal(layer.col, im2col_loop(x, 3, 2, 2, 1))
    np.testing.assert_array_equal(layer.col_W, W.reshape(4, -1).T)
    assert layer.x is x


@pytest.mark.parametrize("stride, pad", STRIDES_PADS)
def test_row_blocks_give_the_same_result(stride, pad):
    """BlockedConvolution unfolds a block of output rows at a time; one row per block must change nothing."""
    x, W, b = conv_case(stride, pad, seed=8)
    whole, blocked = BlockedConvolution(W, b, stride, pad), BlockedConvolution(W, b, stride, pad)
    blocked.block_bytes = 1
    out = whole.forward(x)
    np.testing.assert_allclose(blocked.forward(x), out, rtol=0, atol=1e-12)
    dout = np.random.default_rng(9).standard_normal(out.shape)
    np.testing.assert_allclose(blocked.backward(dout), whole.backward(dout), rtol=0, atol=1e-12)
    np.testing.assert_allclose(blocked.dW, whole.dW, rtol=0, atol=1e-12)
    np.testing.assert_allclose(blocked.db, whole.db, rtol=0, atol=1e-12)


@pytest.mark.parametrize("second", [BlockedConvolution, Convolution])
def test_convolution_of_the_layers_own_output(second):
    """Two layers in a row: the second reads the first's batch-last output, and gradients flow back through both."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4, 3, 9, 7))
    W1, W2 = rng.standard_normal((5, 3, 3, 3)), rng.standard_normal((6, 5, 3, 3))
    b1, b2 = rng.standard_normal(5), rng.standard_normal(6)
    fast = [BlockedConvolution(W1, b1, 1, 1), second(W2, b2, 2, 2)]
    slow = [DirectConvolution(W1, b1, 1, 1), DirectConvolution(W2, b2, 2, 2)]
    y_fast, y_slow = fast[1].forward(fast[0].forward(x)), slow[1].forward(slow[0].forward(x))
    np.testing.assert_allclose(y_fast, y_slow, atol=1e-10)
    dout = rng.standard_normal(y_fast.shape)
    np.testing.assert_allclose(fast[0].backward(fast[1].backward(dout)), slow[0].backward(slow[1].backward(dout)),
                               atol=1e-10)
    for f, s in zip(fast, slow):
        np.testing.assert_allclose(f.dW, s.dW, atol=1e-10)


POOL_CASES = [(2, 2, 2, 0), (3, 3, 2, 0), (2, 3, 1, 1), (3, 3, 3, 0), (3, 3, 2, 1), (2, 2, 1, 0), (2, 2, 3, 0)]


@pytest.mark.parametrize("pool_h, pool_w, stride, pad", POOL_CASES)
@pytest.mark.parametrize("values", ["distinct", "ties"])
@pytest.mark.parametrize("pooling", [Pooling, FastPooling])
def test_pooling_is_the_books_including_ties(pooling, pool_h, pool_w, stride, pad, values):
    rng = np.random.default_rng(3)
    H, W = 4 * stride + pool_h - 2 * pad, 3 * stride + pool_w - 2 * pad
    if values == "ties":   # a handful of values: most windows hold their maximum more than once
        x = rng.integers(-1, 3, size=(2, 3, H, W)).astype(np.float64)
    else:
        x = rng.standard_normal((2, 3, H, W))
    layer = pooling(pool_h, pool_w, stride, pad)
    out = layer.forward(x)
    book_out, book_arg_max = pool_forward(x, pool_h, pool_w, stride, pad)
    np.testing.assert_array_equal(out, book_out)
    np.testing.assert_array_equal(layer.arg_max, book_arg_max)
    dout = rng.standard_normal(out.shape)
    np.testing.assert_allclose(layer.backward(dout), pool_backward(x, dout, pool_h, pool_w, stride, pad),
                               rtol=0, atol=1e-12)


@pytest.mark.parametrize("pooling", [Pooling, FastPooling])
def test_pooling_picks_the_first_maximum(pooling):
    x = np.array([[[[1.0, 3.0], [3.0, 2.0]]]])
    layer = pooling(2, 2, 2)
    assert layer.forward(x).item() == 3.0
    np.testing.assert_array_equal(layer.backward(np.ones((1, 1, 1, 1))), [[[[0.0, 1.0], [0.0, 0.0]]]])
    assert layer.arg_max.tolist() == [1]


@pytest.mark.parametrize("pool_h, pool_w, stride, pad", POOL_CASES)
def test_both_poolings_agree_with_ties_everywhere(pool_h, pool_w, stride, pad):
    """Images of 0s and 1s: nearly every window ties; both send each gradient to the first maximum."""
    rng = np.random.default_rng(pool_h * 10 + stride)
    H, W = 3 * stride + pool_h - 2 * pad, 4 * stride + pool_w - 2 * pad
    x = rng.integers(0, 2, size=(3, 2, H, W)).astype(np.float64)
    book, fast = Pooling(pool_h, pool_w, stride, pad), FastPooling(pool_h, pool_w, stride, pad)
    out = book.forward(x)
    np.testing.assert_array_equal(fast.forward(x), out)
    np.testing.assert_array_equal(fast.arg_max, book.arg_max)
    dout = rng.standard_normal(out.shape)
    np.testing.assert_array_equal(fast.backward(dout), book.backward(dout))


def test_integer_images_pool_and_get_float_gradients():
    x = np.arange(16).reshape(1, 1, 4, 4)
    for layer in (Pooling(2, 2, 2), FastPooling(2, 2, 2)):
        assert layer.forward(x).tolist() == [[[[5, 7], [13, 15]]]]
        dx = layer.backward(np.ones((1, 1, 2, 2), np.float32))
        assert dx.dtype == np.float32 and dx.sum() == 4 and dx[0, 0, 1, 1] == 1


class TestAgainstPyTorch:
    torch = pytest.importorskip("torch")

    @pytest.mark.parametrize("stride, pad", [(1, 0), (1, 1), (2, 1), (3, 2)])
    def test_convolution(self, stride, pad):
        x, W, b = conv_case(stride, pad, seed=4)
        for layer in (Convolution(W, b, stride, pad), BlockedConvolution(W, b, stride, pad)):
            self.check_convolution(layer, x, W, b, stride, pad)

    def check_convolution(self, layer, x, W, b, stride, pad):
        F = self.torch.nn.functional
        out = layer.forward(x)
        dout = np.random.default_rng(5).standard_normal(out.shape)
        dx = layer.backward(dout)
        tx, tW, tb = (self.torch.tensor(a, requires_grad=True) for a in (x, W, b))
        tout = F.conv2d(tx, tW, tb, stride=stride, padding=pad)
        tout.backward(self.torch.tensor(dout))
        np.testing.assert_allclose(out, tout.detach().numpy(), atol=1e-10)
        for ours, theirs in ((dx, tx), (layer.dW, tW), (layer.db, tb)):
            np.testing.assert_allclose(ours, theirs.grad.numpy(), atol=1e-10)

    @pytest.mark.parametrize("size, stride", [(2, 2), (3, 2), (3, 1)])
    @pytest.mark.parametrize("pooling", [Pooling, FastPooling])
    def test_pooling(self, pooling, size, stride):
        x = np.random.default_rng(6).standard_normal((2, 3, 4 * stride + size, 2 * stride + size))
        layer = pooling(size, size, stride)
        out = layer.forward(x)
        dout = np.random.default_rng(7).standard_normal(out.shape)
        tx = self.torch.tensor(x, requires_grad=True)
        tout = self.torch.nn.functional.max_pool2d(tx, size, stride)
        tout.backward(self.torch.tensor(dout))
        np.testing.assert_array_equal(out, tout.detach().numpy())
        np.testing.assert_allclose(layer.backward(dout), tx.grad.numpy(), atol=1e-12)
