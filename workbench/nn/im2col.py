"""im2col and col2im: unfold every filter window of a batch of images into a row of a matrix, and fold back.

``im2col`` gives the book's matrix (common/util.py): one row per window, rows in the order
(n, out_y, out_x), columns in the order (c, filter_y, filter_x), so a convolution is one matrix
product. It is built as one copy from a strided view of the windows rather than the book's loop.
``conv_output_size`` gives the number of windows along one axis, and says clearly when they do not fit.

The fast convolution engine unfolds the same numbers in another arrangement (batch innermost);
that lives with it, in ``fast_conv.py``.
"""
import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from workbench.memory import check_fits


def check_stride_pad(stride, pad):
    """Raise a ValueError unless ``stride`` is a whole number >= 1 and ``pad`` a whole number >= 0."""
    if not isinstance(stride, numbers.Integral) or isinstance(stride, bool) or stride < 1:
        raise ValueError(f"stride must be a whole number of 1 or more, got {stride!r}")
    if not isinstance(pad, numbers.Integral) or isinstance(pad, bool) or pad < 0:
        raise ValueError(f"pad must be a whole number of 0 or more, got {pad!r}")


def check_whole(value, name):
    """Raise a ValueError unless ``value`` is a whole number of 1 or more (a size or a count)."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a whole number of 1 or more, got {value!r}")


def _output_size(input_size, filter_size, stride, pad, where):
    """Windows along one axis; ``where`` names the axis and the input for the error messages."""
    padded = input_size + 2 * pad
    if filter_size > padded:
        need = -(-(filter_size - input_size) // 2)
        raise ValueError(f"{where}: a filter of size {filter_size} does not fit {input_size} with pad {pad} "
                         f"({padded} after padding); use a filter of size {padded} or less, or pad {need} or more")
    span = padded - filter_size
    if span % stride:
        tips = [f"pad {p} (output {(input_size + 2 * p - filter_size) // stride + 1})"
                for p in range(pad + 1, pad + stride) if (input_size + 2 * p - filter_size) % stride == 0][:1]
        divisor = max(d for d in range(1, stride) if span % d == 0)
        tips.append(f"stride {divisor} (output {span // divisor + 1})")
        wider = filter_size + span % stride
        tips.append(f"a filter of size {wider} (output {(padded - wider) // stride + 1})")
        raise ValueError(f"{where}: stride {stride} does not tile it evenly: ({input_size} + 2*{pad} - "
                         f"{filter_size}) = {span} is not divisible by {stride}; use "
                         f"{', '.join(tips[:-1])} or {tips[-1]}")
    return span // stride + 1


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    """Output height (or width) of a convolution or pooling window: (input + 2*pad - filter) / stride + 1.

    Checked here so that a bad window is a clear message, not a shape error three layers on:
    the filter must fit the padded input, and the stride must tile it exactly.
    """
    check_stride_pad(stride, pad)
    for size, what in ((input_size, "input_size"), (filter_size, "filter_size")):
        check_whole(size, what)
    return _output_size(input_size, filter_size, stride, pad, f"input size {input_size}")


def conv_output_shape(input_shape, filter_h, filter_w, stride=1, pad=0, *, name="input_data"):
    """(out_h, out_w) for images of ``input_shape`` (N, C, H, W); errors name ``name`` and the shapes."""
    check_stride_pad(stride, pad)
    if len(input_shape) != 4:
        raise ValueError(f"{name} must have shape (N, C, H, W), got shape {tuple(input_shape)}")
    for size, what in ((filter_h, "filter_h"), (filter_w, "filter_w")):
        check_whole(size, what)
    _, _, H, W = input_shape
    shape = tuple(input_shape)
    return (_output_size(H, filter_h, stride, pad, f"height of {name} with shape {shape}"),
            _output_size(W, filter_w, stride, pad, f"width of {name} with shape {shape}"))


def window_view(xp, filter_h, filter_w, stride, out_h, out_w):
    """Strided view (no copy) of every window of padded images ``xp``: axes (n, c, out_y, out_x, fy, fx)."""
    windows = sliding_window_view(xp, (filter_h, filter_w), axis=(2, 3))
    return windows[:, :, :(out_h - 1) * stride + 1:stride, :(out_w - 1) * stride + 1:stride]


def pad_images(x, pad):
    """``x`` with ``pad`` zeros around every image (the book's np.pad), or ``x`` itself for pad 0."""
    if not pad:
        return x
    return np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    """The book's im2col: (N, C, H, W) images to a matrix of shape (N*out_h*out_w, C*filter_h*filter_w).

    Row n*out_h*out_w + out_y*out_w + out_x holds window (out_y, out_x) of image n, read channel by
    channel, row by row. The matrix is stored column by column (its transpose is C-contiguous), the
    layout one copy from the window view writes fastest; values and shape are the book's.
    """
    x = np.asarray(input_data)
    out_h, out_w = conv_output_shape(x.shape, filter_h, filter_w, stride, pad)
    N, C = x.shape[:2]
    check_fits(N * out_h * out_w * C * filter_h * filter_w * x.dtype.itemsize,
               f"im2col of images {x.shape} with a {filter_h}x{filter_w} window", "im2col",
               shape=tuple(x.shape), filter_h=filter_h, filter_w=filter_w)
    windows = window_view(pad_images(x, pad), filter_h, filter_w, stride, out_h, out_w)
    cols = np.ascontiguousarray(windows.transpose(1, 4, 5, 0, 2, 3))   # (c, fy, fx, n, oy, ox)
    return cols.reshape(C * filter_h * filter_w, N * out_h * out_w).T


def fold_windows(img, cols, stride):
    """Add every window back where it came from: ``img`` (N, C, Hp, Wp) += ``cols`` (fy, fx, n, c, oy, ox).

    Overlapping windows add up, which makes this the adjoint of unfolding. One loop over the
    filter offsets, as in the book; each step adds a whole strided slice.
    """
    filter_h, filter_w, _, _, out_h, out_w = cols.shape
    for y in range(filter_h):
        for x in range(filter_w):
            img[:, :, y:y + stride * out_h:stride, x:x + stride * out_w:stride] += cols[y, x]
    return img


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """The book's col2im: the adjoint of ``im2col``, back to images of ``input_shape`` (N, C, H, W).

    Each row's values are added to the window they came from, so where windows overlap the
    contributions sum; padding is cut off at the end.
    """
    col = np.asarray(col)
    out_h, out_w = conv_output_shape(input_shape, filter_h, filter_w, stride, pad, name="input_shape")
    N, C, H, W = input_shape
    expected = (N * out_h * out_w, C * filter_h * filter_w)
    if col.shape != expected:
        raise ValueError(f"col must have shape {expected} for input_shape {tuple(input_shape)} and a "
                         f"{filter_h}x{filter_w} filter, got shape {col.shape}")
    cols = col.T.reshape(C, filter_h, filter_w, N, out_h, out_w).transpose(1, 2, 3, 0, 4, 5)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    fold_windows(img, cols, stride)
    return img[:, :, pad:H + pad, pad:W + pad]
