"""The layers of chapters 5 to 8, each a ``forward`` and a ``backward``, as in the book's common/layers.py.

Every layer keeps references to the parameter arrays it was given (optimizers update them in place),
stores what its backward needs during forward, and leaves the gradients of its parameters in
``dW``, ``db``, ``dgamma``, ``dbeta`` after backward. Arrays keep their dtype: float32 in, float32 out.

``Convolution`` and ``Pooling`` are written as the book writes them. The networks run a faster engine that
computes the same numbers (``BlockedConvolution`` and ``FastPooling``, in fast_conv.py). Its outputs
are views whose memory runs (C, H, W, N), batch innermost, under the book's (N, C, H, W) shape; the
element-wise layers keep that order, and Affine flattens it without a copy.
"""
import math
import numbers

import numpy as np

from .checks import as_rng, batch, bias, real_array, upstream
from .functions import class_labels, cross_entropy_error, sigmoid, softmax
from .im2col import check_stride_pad, check_whole, col2im, conv_output_shape, im2col


def forward_first(layer, kept):
    """Raise a ValueError if ``layer.backward`` is called before the forward pass that keeps ``kept``."""
    if kept is None:
        raise ValueError(f"{type(layer).__name__}.backward was called before forward; run forward first "
                         f"(backward uses what forward keeps)")


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
        x = real_array(x, "x", "Relu.forward")
        self.mask = x <= 0
        return np.maximum(x, 0)

    def backward(self, dout):
        forward_first(self, self.mask)
        dout = upstream(dout, self.mask.shape, "Relu.backward")
        return dout * ~self.mask


class Sigmoid:
    """1 / (1 + exp(-x)); backward multiplies by y * (1 - y), from the output kept by forward."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(real_array(x, "x", "Sigmoid.forward"))
        return self.out

    def backward(self, dout):
        forward_first(self, self.out)
        dout = upstream(dout, np.shape(self.out), "Sigmoid.backward")
        return dout * (1.0 - self.out) * self.out


class Affine:
    """x @ W + b for a batch; input of any shape (N, ...) is flattened to (N, features) and restored in backward.

    W is (features, units). b has one entry per unit, or is one number for all of them (a Python
    number, a 0-d array or shape (1,)), as the book's ``+ self.b`` broadcasts it. ``db`` always has
    the book's shape (units,): the gradient of each unit's bias; for a shared number it is the
    gradient each unit would give it, and their sum is the number's gradient.
    """

    def __init__(self, W, b):
        W = real_array(W, "W", "Affine")
        if W.ndim != 2:
            raise ValueError(f"Affine: W must have shape (features, units), a 2-D array, got shape {W.shape}")
        self.W = W
        self.b = bias(b, W.shape[1], "unit", "Affine", W.shape)
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = real_array(x, "x", "Affine.forward")
        if x.ndim < 2:
            raise ValueError(f"Affine: x of shape {x.shape} has no batch axis; x must be (N, ...): pass one "
                             f"sample as x.reshape(1, -1), shape (1, {x.size})")
        features = math.prod(x.shape[1:])
        if features != self.W.shape[0]:
            raise ValueError(f"Affine: x of shape {x.shape} has {features} features per sample, "
                             f"but W of shape {self.W.shape} expects {self.W.shape[0]} (x must be (N, ...))")
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], features)     # the book's reshape(N, -1), which an empty batch cannot take
        out = self.x @ self.W
        out += self.b
        return out

    def backward(self, dout):
        forward_first(self, self.x)
        dout = upstream(dout, (self.x.shape[0], self.W.shape[1]), "Affine.backward")
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
        x = real_array(x, "x", "SoftmaxWithLoss.forward")
        if x.ndim == 2 and x.shape[0] == 0:
            raise ValueError(f"SoftmaxWithLoss: x is an empty batch (shape {x.shape}); the mean loss over no "
                             f"samples is undefined: pass at least one sample")
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        forward_first(self, self.y)
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
        if isinstance(dropout_ratio, (bool, np.bool_)) or not isinstance(dropout_ratio, numbers.Real):
            raise ValueError(f"dropout_ratio must be a number at least 0 and below 1 (the book uses 0.5), "
                             f"got {dropout_ratio!r}, a {type(dropout_ratio).__name__}")
        if not 0 <= dropout_ratio < 1:
            raise ValueError(f"dropout_ratio must be at least 0 and below 1, got {dropout_ratio!r}")
        self.dropout_ratio = dropout_ratio
        self.mask = None
        self.rng = as_rng(rng)

    def forward(self, x, train_flg=True):
        x = real_array(x, "x", "Dropout.forward")
        if train_flg:
            self.mask = self.rng.random(x.shape, dtype=np.float32) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        if self.mask is None:
            raise ValueError("Dropout.backward needs a forward pass with train_flg=True first "
                             "(it drops the same units backward)")
        dout = upstream(dout, self.mask.shape, "Dropout.backward")
        return dout * self.mask


class BatchNormalization:
    """Normalises each feature over the batch, then scales by ``gamma`` and shifts by ``beta`` (section 6.3).

    As in the book, 4-D input (N, C, H, W) is flattened, so every one of the C*H*W values is a
    feature with its own gamma and beta. ``train_flg=False`` uses the running mean and variance,
    which training updates in place: running = momentum * running + (1 - momentum) * batch.
    """

    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None):
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float, np.integer, np.floating)) \
                or not 0 <= momentum <= 1:
            raise ValueError(f"momentum must be a number from 0 to 1 (the share of the running averages "
                             f"kept at each step; the book uses 0.9), got {momentum!r}")
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
        x = batch(x, "x", "BatchNormalization.forward")
        self.input_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        if x.shape[1] != self.gamma.size or self.beta.size != self.gamma.size:
            raise ValueError(f"BatchNormalization: x of shape {self.input_shape} has {x.shape[1]} features per "
                             f"sample, but gamma has shape {self.gamma.shape} and beta {self.beta.shape}")
        if self.running_mean is None:
            dtype = x.dtype if x.dtype.kind == "f" else self.gamma.dtype   # integer images: the parameters' float
            self.running_mean = np.zeros(x.shape[1], dtype=dtype)
            self.running_var = np.zeros(x.shape[1], dtype=dtype)
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
        if self.xn is None:
            raise ValueError("BatchNormalization.backward needs a forward pass with train_flg=True first "
                             "(it uses that batch's mean and variance)")
        dout = upstream(dout, self.input_shape, "BatchNormalization.backward")
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


def check_filters(W, b, where="Convolution"):
    """(W, b) checked: W an array (FN, C, FH, FW), b one entry per filter or one number for all of them.

    A list becomes an array; arrays are returned as they are (the layer keeps references to them).
    """
    W = real_array(W, "W", where)
    if W.ndim != 4:
        raise ValueError(f"W must have shape (FN, C, FH, FW), got shape {W.shape}")
    return W, bias(b, W.shape[0], "filter", where, W.shape)


def check_images(x, W, stride, pad, name="x"):
    """(out_h, out_w) of convolving images ``x`` with filters ``W``; a ValueError names the shapes if they do not fit.

    ``x`` must be an array of real numbers (``real_array`` makes one of a list); an empty batch is
    fine (its output is empty too).
    """
    if np.ndim(x) != 4:
        raise ValueError(f"{name} must have shape (N, C, H, W), got shape {np.shape(x)}")
    if x.shape[1] != W.shape[1]:
        raise ValueError(f"{name} of shape {x.shape} has {x.shape[1]} channels, but the filters W of shape "
                         f"{W.shape} expect {W.shape[1]}")
    return conv_output_shape(x.shape, W.shape[2], W.shape[3], stride, pad, name=name)


class Convolution:
    """Convolution as the book writes it (section 7.4.3): im2col, then one matrix product.

    Every window of the input becomes a row of ``col`` and every filter a column of ``col_W``, so
    ``np.dot(col, col_W)`` computes all the outputs at once; a reshape and a transpose put them back
    as images (N, FN, out_h, out_w). Backward runs the same products the other way round, and
    col2im adds each row of dcol back onto its window. ``b`` has one entry per filter, or is one
    number for all of them (the book's chapter 7 filter demo passes ``0``); ``db`` has the book's
    shape (FN,) either way: each filter's bias gradient (for a shared number, their sum is its gradient). The networks use ``BlockedConvolution``
    (fast_conv.py), which gives the same numbers faster; ``conv="book"`` builds them with this one.
    """

    def __init__(self, W, b, stride=1, pad=0):
        W, b = check_filters(W, b)
        check_stride_pad(stride, pad)
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad

        # kept by forward for backward
        self.x = None
        self.col = None
        self.col_W = None

        # gradients of the weights and the biases
        self.dW = None
        self.db = None

    def forward(self, x):
        x = real_array(x, "x", "Convolution.forward")
        out_h, out_w = check_images(x, self.W, self.stride, self.pad)
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape

        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T

        out = np.dot(col, col_W) + self.b
        out = out.reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2)

        self.x = x
        self.col = col
        self.col_W = col_W
        self.out_shape = out.shape

        return out

    def backward(self, dout):
        forward_first(self, self.col)
        FN, C, FH, FW = self.W.shape
        dout = upstream(dout, self.out_shape, "Convolution.backward")
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)

        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout)
        self.dW = self.dW.transpose(1, 0).reshape(FN, C, FH, FW)

        dcol = np.dot(dout, self.col_W.T)
        dx = col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)

        return dx


class Pooling:
    """Max pooling as the book writes it (section 7.4.4): im2col, then the largest value of each row.

    im2col unfolds the windows of all channels side by side; the reshape to rows of
    ``pool_h * pool_w`` puts one window of one channel on each row. ``arg_max`` keeps where each
    maximum was (the first one, if several tie), and backward puts dout there (``dmax``) and
    folds the rows back with col2im. As in the book, padding adds zeros. The networks use
    ``FastPooling`` (fast_conv.py), which gives the same numbers faster. ``stride`` is 2 unless given,
    as in the book's companion code (common/layers.py, where it was once 1).
    """

    def __init__(self, pool_h, pool_w, stride=2, pad=0):
        check_whole(pool_h, "pool_h")
        check_whole(pool_w, "pool_w")
        check_stride_pad(stride, pad)
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride
        self.pad = pad

        self.x = None
        self.arg_max = None

    def forward(self, x):
        # an empty batch is refused: the book's backward cannot fold it (its reshape to -1 columns)
        x = batch(x, "x", "Pooling", ndim=4, layout="(N, C, H, W)")
        out_h, out_w = conv_output_shape(x.shape, self.pool_h, self.pool_w, self.stride, self.pad, name="x")
        N, C, H, W = x.shape

        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        col = col.reshape(-1, self.pool_h * self.pool_w)

        arg_max = np.argmax(col, axis=1)
        out = np.max(col, axis=1)
        out = out.reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

        self.x = x
        self.arg_max = arg_max
        self.out_shape = out.shape

        return out

    def backward(self, dout):
        forward_first(self, self.arg_max)
        dout = upstream(dout, self.out_shape, "Pooling.backward")
        dout = dout.transpose(0, 2, 3, 1)

        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)   # the book's bare np.zeros would be float64
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (pool_size,))

        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        dx = col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)

        return dx
