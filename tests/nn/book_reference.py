"""The book's reference algorithms (common/util.py, common/layers.py), re-written plainly as test oracles.

Slow on purpose: loops over the filter window, one window row at a time, float64 throughout unless
the input says otherwise. The library's fast versions must give the same arrays.
"""
import numpy as np


def out_size(size, filter_size, stride, pad):
    return (size + 2 * pad - filter_size) // stride + 1


def im2col_loop(images, filter_h, filter_w, stride=1, pad=0):
    """Rows over (n, out_y, out_x), columns over (c, fy, fx), filled one filter offset at a time."""
    N, C, H, W = images.shape
    out_h, out_w = out_size(H, filter_h, stride, pad), out_size(W, filter_w, stride, pad)
    padded = np.pad(images, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    unfolded = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=images.dtype)
    for fy in range(filter_h):
        for fx in range(filter_w):
            unfolded[:, :, fy, fx] = padded[:, :, fy:fy + stride * out_h:stride, fx:fx + stride * out_w:stride]
    return unfolded.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im_loop(matrix, image_shape, filter_h, filter_w, stride=1, pad=0):
    """Every row added back onto the window it describes; overlaps accumulate, padding is dropped."""
    N, C, H, W = image_shape
    out_h, out_w = out_size(H, filter_h, stride, pad), out_size(W, filter_w, stride, pad)
    windows = matrix.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    canvas = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1), dtype=matrix.dtype)
    for fy in range(filter_h):
        for fx in range(filter_w):
            canvas[:, :, fy:fy + stride * out_h:stride, fx:fx + stride * out_w:stride] += windows[:, :, fy, fx]
    return canvas[:, :, pad:pad + H, pad:pad + W]


def conv_forward(x, W, b, stride, pad):
    """The book's Convolution.forward: im2col, one product, back to (N, FN, out_h, out_w)."""
    FN, _, FH, FW = W.shape
    N, _, H, Wd = x.shape
    out_h, out_w = out_size(H, FH, stride, pad), out_size(Wd, FW, stride, pad)
    rows = im2col_loop(x, FH, FW, stride, pad)
    return (rows @ W.reshape(FN, -1).T + b).reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2)


def conv_backward(x, W, dout, stride, pad):
    """(dx, dW, db) as the book's Convolution.backward computes them."""
    FN, C, FH, FW = W.shape
    rows = im2col_loop(x, FH, FW, stride, pad)
    dflat = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
    dW = (rows.T @ dflat).T.reshape(FN, C, FH, FW)
    db = dflat.sum(axis=0)
    dx = col2im_loop(dflat @ W.reshape(FN, -1), x.shape, FH, FW, stride, pad)
    return dx, dW, db


def pool_forward(x, pool_h, pool_w, stride, pad):
    """The book's Pooling.forward: windows as rows, per channel; max and argmax (first maximum) of each row."""
    N, C, H, W = x.shape
    out_h, out_w = out_size(H, pool_h, stride, pad), out_size(W, pool_w, stride, pad)
    rows = im2col_loop(x, pool_h, pool_w, stride, pad).reshape(-1, pool_h * pool_w)
    arg_max = np.argmax(rows, axis=1)
    out = rows.max(axis=1).reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)
    return out, arg_max


def pool_backward(x, dout, pool_h, pool_w, stride, pad):
    """The book's Pooling.backward: dout placed at each window's argmax, then folded by col2im."""
    _, arg_max = pool_forward(x, pool_h, pool_w, stride, pad)
    size = pool_h * pool_w
    flat = dout.transpose(0, 2, 3, 1).ravel()
    routed = np.zeros((flat.size, size), dtype=dout.dtype)
    routed[np.arange(arg_max.size), arg_max] = flat
    rows = routed.reshape(-1, x.shape[1] * size)
    return col2im_loop(rows, x.shape, pool_h, pool_w, stride, pad)


def smooth_curve_book(x):
    """The book's common/util.py smooth_curve, as it is written there."""
    window_len = 11
    s = np.r_[x[window_len - 1:0:-1], x, x[-1:-window_len:-1]]
    w = np.kaiser(window_len, 2)
    y = np.convolve(w / w.sum(), s, mode="valid")
    return y[5:len(y) - 5]
