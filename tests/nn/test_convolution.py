"""Convolution and Pooling against the book's algorithm, each other, the definition and (if installed) PyTorch."""
import numpy as np
import pytest
from book_reference import conv_backward, conv_forward, pool_backward, pool_forward

from workbench.nn.layers import Convolution, DirectConvolution, Pooling, conv2d

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
def test_three_convolutions_and_the_book_agree(stride, pad):
    x, W, b = conv_case(stride, pad)
    im2col_layer, direct_layer = Convolution(W, b, stride, pad), DirectConvolution(W, b, stride, pad)
    out = im2col_layer.forward(x)
    np.testing.assert_allclose(direct_layer.forward(x), out, rtol=0, atol=1e-10)
    np.testing.assert_allclose(conv2d(x, W, b, stride, pad), out, rtol=0, atol=1e-10)
    np.testing.assert_allclose(conv_forward(x, W, b, stride, pad), out, rtol=0, atol=1e-10)

    dout = np.random.default_rng(1).standard_normal(out.shape)
    dx, dx_direct = im2col_layer.backward(dout), direct_layer.backward(dout)
    book_dx, book_dW, book_db = conv_backward(x, W, dout, stride, pad)
    for ours, theirs in ((dx_direct, dx), (direct_layer.dW, im2col_layer.dW), (direct_layer.db, im2col_layer.db),
                         (dx, book_dx), (im2col_layer.dW, book_dW), (im2col_layer.db, book_db)):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10)


@pytest.mark.parametrize("stride, pad", STRIDES_PADS)
def test_row_blocks_give_the_same_result(stride, pad):
    """Convolution unfolds a block of output rows at a time; one row per block must change nothing."""
    x, W, b = conv_case(stride, pad, seed=8)
    whole, blocked = Convolution(W, b, stride, pad), Convolution(W, b, stride, pad)
    blocked.block_bytes = 1
    out = whole.forward(x)
    np.testing.assert_allclose(blocked.forward(x), out, rtol=0, atol=1e-12)
    dout = np.random.default_rng(9).standard_normal(out.shape)
    np.testing.assert_allclose(blocked.backward(dout), whole.backward(dout), rtol=0, atol=1e-12)
    np.testing.assert_allclose(blocked.dW, whole.dW, rtol=0, atol=1e-12)
    np.testing.assert_allclose(blocked.db, whole.db, rtol=0, atol=1e-12)


def test_convolution_of_the_layers_own_output():
    """Two layers in a row: the second reads the first's batch-last output, and gradients flow back through both."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((4, 3, 9, 7))
    W1, W2 = rng.standard_normal((5, 3, 3, 3)), rng.standard_normal((6, 5, 3, 3))
    b1, b2 = rng.standard_normal(5), rng.standard_normal(6)
    fast = [Convolution(W1, b1, 1, 1), Convolution(W2, b2, 2, 2)]
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
def test_pooling_is_the_books_including_ties(pool_h, pool_w, stride, pad, values):
    rng = np.random.default_rng(3)
    H, W = 4 * stride + pool_h - 2 * pad, 3 * stride + pool_w - 2 * pad
    if values == "ties":   # a handful of values: most windows hold their maximum more than once
        x = rng.integers(-1, 3, size=(2, 3, H, W)).astype(np.float64)
    else:
        x = rng.standard_normal((2, 3, H, W))
    layer = Pooling(pool_h, pool_w, stride, pad)
    out = layer.forward(x)
    book_out, book_arg_max = pool_forward(x, pool_h, pool_w, stride, pad)
    np.testing.assert_array_equal(out, book_out)
    np.testing.assert_array_equal(layer.arg_max.transpose(0, 2, 3, 1).ravel(), book_arg_max)
    dout = rng.standard_normal(out.shape)
    np.testing.assert_allclose(layer.backward(dout), pool_backward(x, dout, pool_h, pool_w, stride, pad),
                               rtol=0, atol=1e-12)


def test_pooling_picks_the_first_maximum():
    x = np.array([[[[1.0, 3.0], [3.0, 2.0]]]])
    layer = Pooling(2, 2, 2)
    assert layer.forward(x).item() == 3.0
    np.testing.assert_array_equal(layer.backward(np.ones((1, 1, 1, 1))), [[[[0.0, 1.0], [0.0, 0.0]]]])


class TestAgainstPyTorch:
    torch = pytest.importorskip("torch")

    @pytest.mark.parametrize("stride, pad", [(1, 0), (1, 1), (2, 1), (3, 2)])
    def test_convolution(self, stride, pad):
        F = self.torch.nn.functional
        x, W, b = conv_case(stride, pad, seed=4)
        layer = Convolution(W, b, stride, pad)
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
    def test_pooling(self, size, stride):
        x = np.random.default_rng(6).standard_normal((2, 3, 4 * stride + size, 2 * stride + size))
        layer = Pooling(size, size, stride)
        out = layer.forward(x)
        dout = np.random.default_rng(7).standard_normal(out.shape)
        tx = self.torch.tensor(x, requires_grad=True)
        tout = self.torch.nn.functional.max_pool2d(tx, size, stride)
        tout.backward(self.torch.tensor(dout))
        np.testing.assert_array_equal(out, tout.detach().numpy())
        np.testing.assert_allclose(layer.backward(dout), tx.grad.numpy(), atol=1e-12)
