"""Reference convolutions: the layer computed in other ways than im2col, to check the fast forms against.

``DirectConvolution`` takes its
backward straight from the derivative of the definition; ``conv2d`` computes every output value
with a loop, the definition itself. Both are slow and for small inputs: lessons and tests.
"""
import numpy as np

from .im2col import check_stride_pad, pad_images
from .checks import real_array, upstream
from .layers import check_filters, check_images, forward_first


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
    """

    def __init__(self, W, b, stride=1, pad=0):
        W, b = check_filters(W, b, "DirectConvolution")
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
        x = real_array(x, "x", "DirectConvolution.forward")
        out_h, out_w = check_images(x, self.W, self.stride, self.pad)
        self.x = x
        self.xp = pad_images(x, self.pad)
        out = correlate(self.xp, self.W, self.stride, out_h, out_w) + np.reshape(self.b, (1, -1, 1, 1))
        self.out_shape = out.shape
        return out

    def backward(self, dout):
        forward_first(self, self.xp)
        FN, C, FH, FW = self.W.shape
        N, _, H, W = self.x.shape
        s, p = self.stride, self.pad
        dout = upstream(dout, self.out_shape, "DirectConvolution.backward")
        out_h, out_w = dout.shape[2:]
        self.db = dout.sum(axis=(0, 2, 3))
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



def conv2d(x, W, b, stride=1, pad=0):
    """Convolution computed one output value at a time, straight from the definition (for small inputs).

    out[n, f, i, j] = sum(window (i, j) of padded image n * filter f) + b[f].
    """
    W, b = check_filters(W, b, "conv2d")
    check_stride_pad(stride, pad)
    x = real_array(x, "x", "conv2d")
    out_h, out_w = check_images(x, W, stride, pad)
    FN, C, FH, FW = W.shape
    xp = pad_images(x, pad)
    b = np.broadcast_to(b, FN)
    out = np.empty((x.shape[0], FN, out_h, out_w), dtype=np.result_type(x, W, b))
    for n in range(x.shape[0]):
        for f in range(FN):
            for i in range(out_h):
                for j in range(out_w):
                    window = xp[n, :, i * stride:i * stride + FH, j * stride:j * stride + FW]
                    out[n, f, i, j] = np.sum(window * W[f]) + b[f]
    return out
