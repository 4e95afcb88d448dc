"""The layers of chapters 5 to 8, each a ``forward`` and a ``backward``, as in the book's common/layers.py.

Every layer keeps references to the parameter arrays it was given (optimizers update them in place),
stores what its backward needs during forward, and leaves the gradients of its parameters in
``dW``, ``db``, ``dgamma``, ``dbeta`` after backward. Arrays keep their dtype: float32 in, float32 out.

Convolution and Pooling outputs may be views whose memory runs (C, H, W, N), batch innermost; their
shape is always the book's (N, C, H, W). Element-wise layers keep that order, so the next
convolution unfolds its input without reshuffling it, and Affine flattens it without a copy.
"""
import numpy as np

from .functions import class_labels, cross_entropy_error, sigmoid, softmax
from .im2col import (check_stride_pad, col2im_batch_last, conv_output_shape, im2col_batch_last,
                     pad_batch_last, pad_images)


class MulLayer:
    """z = x * y; backward returns (dout * y, dout * x)."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class AddLayer:
    """z = x + y; backward passes dout on to both inputs unchanged."""

    def __init__(self):
        pass

    def forward(self, x, y):
        out = x + y
        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy


class Relu:
    """max(0, x); backward lets the gradient through where x was positive."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        return np.maximum(x, 0)

    def backward(self, dout):
        return dout * ~self.mask


class Sigmoid:
    """1 / (1 + exp(-x)); backward multiplies by y * (1 - y), from the output kept by forward."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class Affine:
    """x @ W + b for a batch; input of any shape (N, ...) is flattened to (N, features) and restored in backward."""

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        if x.ndim < 2 or x[0].size != self.W.shape[0]:
            features = x[0].size if x.ndim >= 2 else "no batch axis:"
            raise ValueError(f"Affine: x of shape {x.shape} has {features} features per sample, but W of "
                             f"shape {self.W.shape} expects {self.W.shape[0]} (x must be (N, ...))")
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        out = self.x @ self.W
        out += self.b
        return out

    def backward(self, dout):
        # dx = dout @ W.T, computed in x's memory order so batch-last images stay batch-last.
        dx = (self.W @ dout.T).T if self.x.flags.f_contiguous else dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dx.reshape(self.original_x_shape)


class SoftmaxWithLoss:
    """Softmax then cross-entropy error; ``t`` holds labels or one-hot rows. backward gives (y - t) / N."""

    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        y = self.y.reshape(-1, self.y.shape[-1])
        t = np.asarray(self.t)
        batch_size = y.shape[0]
        if t.size == y.size:
            dx = (y - t.reshape(y.shape).astype(y.dtype)) / batch_size
        else:
            dx = y.copy()
            dx[np.arange(batch_size), class_labels(y, t.reshape(batch_size))] -= 1
            dx /= batch_size
        if not (np.isscalar(dout) and dout == 1):
            dx *= dout
        return dx.reshape(self.y.shape)


class Dropout:
    """Drops each unit with probability ``dropout_ratio`` while training; scales by (1 - ratio) at test time.

    ``rng`` (a numpy Generator or a seed) draws the masks, so a run can be repeated exactly.
    """

    def __init__(self, dropout_ratio=0.5, *, rng=None):
        if not 0 <= dropout_ratio < 1:
            raise ValueError(f"dropout_ratio must be at least 0 and below 1, got {dropout_ratio!r}")
        self.dropout_ratio = dropout_ratio
        self.mask = None
        self.rng = np.random.default_rng(rng)

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = self.rng.random(x.shape, dtype=np.float32) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask


class BatchNormalization:
    """Normalises each feature over the batch, then scales by ``gamma`` and shifts by ``beta`` (section 6.3).

    As in the book, 4-D input (N, C, H, W) is flattened, so every one of the C*H*W values is a
    feature with its own gamma and beta. ``train_flg=False`` uses the running mean and variance,
    which training updates in place: running = momentum * running + (1 - momentum) * batch.
    """

    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.input_shape = None
        self.running_mean = running_mean
        self.running_var = running_var
        self.batch_size = None
        self.xc = None
        self.xn = None
        self.std = None
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        self.input_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        if x.shape[1] != self.gamma.size or self.beta.size != self.gamma.size:
            raise ValueError(f"BatchNormalization: x of shape {self.input_shape} has {x.shape[1]} features per "
                             f"sample, but gamma has shape {self.gamma.shape} and beta {self.beta.shape}")
        if self.running_mean is None:
            self.running_mean = np.zeros(x.shape[1], dtype=x.dtype)
            self.running_var = np.zeros(x.shape[1], dtype=x.dtype)
        if train_flg:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc ** 2, axis=0)
            std = np.sqrt(var + 10e-7)
            xn = xc / std
            self.batch_size = x.shape[0]
            self.xc = xc
            self.xn = xn
            self.std = std
            self.running_mean *= self.momentum
            self.running_mean += (1 - self.momentum) * mu
            self.running_var *= self.momentum
            self.running_var += (1 - self.momentum) * var
        else:
            xc = x - self.running_mean
            xn = xc / np.sqrt(self.running_var + 10e-7)
        out = self.gamma * xn + self.beta
        return out.reshape(self.input_shape)

    def backward(self, dout):
        dout = dout.reshape(dout.shape[0], -1)
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.batch_size) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        dx = dxc - dmu / self.batch_size
        self.dgamma = dgamma
        self.dbeta = dbeta
        return dx.reshape(self.input_shape)


def check_filters(W, b):
    """Raise a ValueError unless W is (FN, C, FH, FW) and b has FN entries."""
    if np.ndim(W) != 4:
        raise ValueError(f"W must have shape (FN, C, FH, FW), got shape {np.shape(W)}")
    if np.size(b) != W.shape[0]:
        raise ValueError(f"b must have one entry per filter: W of shape {W.shape} has {W.shape[0]} "
                         f"filters, b has shape {np.shape(b)}")


def check_images(x, W, stride, pad, name="x"):
    """(out_h, out_w) of convolving images ``x`` with filters ``W``; a ValueError names the shapes if they do not fit."""
    if np.ndim(x) != 4:
        raise ValueError(f"{name} must have shape (N, C, H, W), got shape {np.shape(x)}")
    if x.shape[1] != W.shape[1]:
        raise ValueError(f"{name} of shape {x.shape} has {x.shape[1]} channels, but the filters W of shape "
                         f"{W.shape} expect {W.shape[1]}")
    return conv_output_shape(x.shape, W.shape[2], W.shape[3], stride, pad, name=name)


class Convolution:
    """Convolution by im2col: every window becomes a column, and the layer is a matrix product.

    The windows are unfolded with the batch innermost (``im2col_batch_last``): ``col`` here is the
    transpose of the book's, its columns grouped by output position instead of by image, so the
    book's products appear transposed: out = col_W.T @ col + b, dW = dout @ col.T, db = the sum
    of dout, and dcol = col_W @ dout, folded back into dx by col2im. Two things make them faster:
    - the matrix is made a block of ``block_bytes`` (a few output rows) at a time, so it is still
      in the CPU cache when the product reads it; backward unfolds the blocks again rather than
      keeping the whole matrix;
    - the bias rides in the products as the weight of an extra row of ones under ``col``, so
      adding b and summing dout for db cost no pass of their own.
    Set ``input_grad = False`` on a network's first layer: nothing needs dx there, so backward
    skips it and returns None.
    """

    block_bytes = 2 ** 22

    def __init__(self, W, b, stride=1, pad=0, *, input_grad=True):
        check_filters(W, b)
        check_stride_pad(stride, pad)
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        self.input_grad = input_grad
        self.x = None
        self.col_W = None
        self.dW = None
        self.db = None
        self._padded = None
        self._col = None
        self._dcol = None

    def _unfolded_blocks(self, out_h, out_w):
        """(rows, col) for each block of output rows: col unfolds those rows, with a row of ones under it."""
        FN, C, FH, FW = self.W.shape
        K = C * FH * FW
        xp = self._padded
        N = xp.shape[3]
        step = max(1, min(out_h, self.block_bytes // max(1, K * out_w * N * xp.itemsize)))
        shape = (K + 1, step * out_w * N)
        if self._col is None or self._col.shape != shape or self._col.dtype != xp.dtype:
            self._col = np.empty(shape, dtype=xp.dtype)
            self._col[K] = 1
        for first in range(0, out_h, step):
            rows = range(first, min(first + step, out_h))
            im2col_batch_last(xp, FH, FW, self.stride, out_h, out_w, rows=rows, out=self._col[:K])
            yield rows, self._col[:, :len(rows) * out_w * N]

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        out_h, out_w = check_images(x, self.W, self.stride, self.pad)
        N = x.shape[0]
        self.x = x
        self.col_W = self.W.reshape(FN, -1).T                      # (C*FH*FW, FN), as in the book
        W_b = np.concatenate([self.col_W.T, self.b.reshape(FN, 1)], axis=1)
        self._padded = pad_batch_last(x, self.pad, out=self._padded)
        out = np.empty((FN, out_h, out_w, N), dtype=np.result_type(x, self.W, self.b))
        for rows, col in self._unfolded_blocks(out_h, out_w):
            np.matmul(W_b, col, out=out[:, rows.start:rows.stop].reshape(FN, -1))
        return out.transpose(3, 0, 1, 2)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = np.ascontiguousarray(dout.transpose(1, 2, 3, 0))   # no copy for forward's own layout
        dW_b = np.zeros((C * FH * FW + 1, FN), dtype=dout.dtype)  # transposed; last row: db
        dx = None
        if self.input_grad:
            N, C, H, W = self.x.shape
            dx = np.zeros((C, H, W, N), dtype=dout.dtype)
            if self._dcol is None or self._dcol.shape[1] != self._col.shape[1] or self._dcol.dtype != dout.dtype:
                self._dcol = np.empty((C * FH * FW, self._col.shape[1]), dtype=dout.dtype)
        for rows, col in self._unfolded_blocks(*dout.shape[1:3]):
            block = dout[:, rows.start:rows.stop].reshape(FN, -1)
            dW_b += col @ block.T                                  # (dout @ col.T).T, the faster way round
            if dx is not None:
                dcol = np.matmul(self.col_W, block, out=self._dcol[:, :block.shape[1]])
                col2im_batch_last(dcol, self.x.shape, FH, FW, self.stride, self.pad, rows=rows, add_to=dx)
        self.dW = np.ascontiguousarray(dW_b[:-1].T).reshape(FN, C, FH, FW)
        self.db = dW_b[-1].reshape(self.b.shape)
        return None if dx is None else dx.transpose(3, 0, 1, 2)


class Pooling:
    """Max pooling: each window's largest value; backward routes the gradient to where it came from.

    Ties go to the first maximum in window order (row by row), like the book's argmax; ``arg_max``
    gives that window index for every output. As in the book, padding adds zeros.
    """

    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        check_stride_pad(stride, pad)
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride
        self.pad = pad
        self.x = None
        self.out = None

    def _windows(self, xp, out_h, out_w):
        """One strided view per window offset, in window order: element (n, c, i, j) of view k is
        entry k of window (i, j)."""
        s = self.stride
        return [xp[:, :, y:y + s * out_h:s, x:x + s * out_w:s]
                for y in range(self.pool_h) for x in range(self.pool_w)]

    def forward(self, x):
        if np.ndim(x) != 4:
            raise ValueError(f"Pooling: x must have shape (N, C, H, W), got shape {np.shape(x)}")
        out_h, out_w = conv_output_shape(x.shape, self.pool_h, self.pool_w, self.stride, self.pad, name="x")
        windows = self._windows(pad_images(x, self.pad), out_h, out_w)
        out = np.copy(windows[0]) if len(windows) == 1 else np.maximum(windows[0], windows[1])
        for window in windows[2:]:
            np.maximum(out, window, out=out)
        self.x = x
        self.out = out
        return out

    def _first_maxima(self):
        """For each window offset k in order, a boolean mask of the outputs whose first maximum is at k.

        Each mask is only valid until the next one is drawn (they share memory).
        """
        windows = self._windows(pad_images(self.x, self.pad), *self.out.shape[2:])
        taken = None
        for k, window in enumerate(windows):
            if k == len(windows) - 1 and taken is not None:
                yield np.logical_not(taken, out=taken)   # no earlier offset held the maximum
                return
            hit = window == self.out
            if taken is None:
                taken = hit
            else:
                np.greater(hit, taken, out=hit)          # hit and not taken
                taken |= hit
            yield hit

    @property
    def arg_max(self):
        """Window index (row by row) of the maximum each output took, shape (N, C, out_h, out_w)."""
        arg = np.zeros_like(self.out, dtype=np.min_scalar_type(self.pool_h * self.pool_w))
        for k, hit in enumerate(self._first_maxima()):
            arg += hit * arg.dtype.type(k)
        return arg

    def backward(self, dout):
        N, C, H, W = self.x.shape
        p = self.pad
        tiles = self.stride == self.pool_h == self.pool_w   # windows cover every pixel once
        shape = (N, C, H + 2 * p, W + 2 * p)
        dx = np.empty_like(self.x) if tiles and not p else np.zeros(shape, dtype=dout.dtype)
        for hit, window in zip(self._first_maxima(), self._windows(dx, *self.out.shape[2:])):
            if tiles:
                np.multiply(dout, hit, out=window)
            else:
                window += dout * hit
        return dx[:, :, p:p + H, p:p + W]


def correlate(xp, W, stride, out_h, out_w):
    """out[n, f, i, j] = sum over c, fy, fx of xp[n, c, i*stride + fy, j*stride + fx] * W[f, c, fy, fx].

    The definition of the convolution layer (a cross-correlation), one filter offset at a time:
    each offset multiplies a strided slice of every image by one column of every filter.
    """
    N = xp.shape[0]
    FN, C, FH, FW = W.shape
    out = np.zeros((N, FN, out_h, out_w), dtype=np.result_type(xp, W))
    for fy in range(FH):
        for fx in range(FW):
            patch = xp[:, :, fy:fy + stride * out_h:stride, fx:fx + stride * out_w:stride]
            out += np.tensordot(patch, W[:, :, fy, fx], axes=([1], [1])).transpose(0, 3, 1, 2)
    return out


class DirectConvolution:
    """Convolution whose backward comes straight from the derivative of its definition, without im2col.

    forward: out = correlate(x padded, W) + b.
    backward, for out[n, f, i, j] = sum of x[n, c, i*s + fy, j*s + fx] * W[f, c, fy, fx] + b[f]:
      dW[f, c, fy, fx] = sum over n, i, j of dout[n, f, i, j] * x[n, c, i*s + fy, j*s + fx]
                         (the input correlated with the upstream gradient);
      dx = dout dilated by the stride (s - 1 zeros between values), padded by FH - 1 and FW - 1,
           correlated with the filters rotated by 180 degrees, channels and filters swapped
           (a full convolution), with the padding cut off.
    Known as Convolution3 in the companion code of the Korean edition.
    """

    def __init__(self, W, b, stride=1, pad=0):
        check_filters(W, b)
        check_stride_pad(stride, pad)
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        self.x = None
        self.xp = None
        self.dW = None
        self.db = None

    def forward(self, x):
        FN = self.W.shape[0]
        out_h, out_w = check_images(x, self.W, self.stride, self.pad)
        self.x = x
        self.xp = pad_images(x, self.pad)
        return correlate(self.xp, self.W, self.stride, out_h, out_w) + self.b.reshape(1, FN, 1, 1)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        N, _, H, W = self.x.shape
        s, p = self.stride, self.pad
        out_h, out_w = dout.shape[2:]
        self.db = dout.sum(axis=(0, 2, 3)).reshape(self.b.shape)
        self.dW = np.empty_like(self.W, dtype=np.result_type(dout, self.xp))
        for fy in range(FH):
            for fx in range(FW):
                patch = self.xp[:, :, fy:fy + s * out_h:s, fx:fx + s * out_w:s]
                self.dW[:, :, fy, fx] = np.tensordot(dout, patch, axes=([0, 2, 3], [0, 2, 3]))
        dilated = np.zeros((N, FN, (out_h - 1) * s + 1, (out_w - 1) * s + 1), dtype=dout.dtype)
        dilated[:, :, ::s, ::s] = dout
        full = np.pad(dilated, [(0, 0), (0, 0), (FH - 1, FH - 1), (FW - 1, FW - 1)])
        rotated = self.W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
        dxp = correlate(full, rotated, 1, H + 2 * p, W + 2 * p)
        return dxp[:, :, p:p + H, p:p + W]


Convolution3 = DirectConvolution


def conv2d(x, W, b, stride=1, pad=0):
    """Convolution computed one output value at a time, straight from the definition (for small inputs).

    out[n, f, i, j] = sum(window (i, j) of padded image n * filter f) + b[f].
    """
    check_filters(W, b)
    check_stride_pad(stride, pad)
    out_h, out_w = check_images(x, W, stride, pad)
    FN, C, FH, FW = W.shape
    xp = pad_images(x, pad)
    b = np.reshape(b, FN)
    out = np.empty((x.shape[0], FN, out_h, out_w), dtype=np.result_type(x, W, b))
    for n in range(x.shape[0]):
        for f in range(FN):
            for i in range(out_h):
                for j in range(out_w):
                    window = xp[n, :, i * stride:i * stride + FH, j * stride:j * stride + FW]
                    out[n, f, i, j] = np.sum(window * W[f]) + b[f]
    return out
