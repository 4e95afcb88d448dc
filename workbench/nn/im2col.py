"""im2col and col2im: unfold every filter window of a batch of images into a row of a matrix, and fold back.

``im2col`` gives the book's matrix (common/util.py): one row per window, rows in the order
(n, out_y, out_x), columns in the order (c, filter_y, filter_x), so a convolution is one matrix
product. It is built as one copy from a strided view of the windows rather than the book's loop.

The layers use a second arrangement of the same numbers, ``im2col_batch_last``: the transpose of the
matrix with the batch axis innermost, columns (out_y, out_x, n). Images stored as (C, H, W, N) unfold
into it with long contiguous runs, and the products that follow read and write contiguous memory.
"""
import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def check_stride_pad(stride, pad):
    """Raise a ValueError unless ``stride`` is a whole number >= 1 and ``pad`` a whole number >= 0."""
    if not isinstance(stride, numbers.Integral) or stride < 1:
        raise ValueError(f"stride must be a whole number of 1 or more, got {stride!r}")
    if not isinstance(pad, numbers.Integral) or pad < 0:
        raise ValueError(f"pad must be a whole number of 0 or more, got {pad!r}")


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
    return _output_size(input_size, filter_size, stride, pad, f"input size {input_size}")


def conv_output_shape(input_shape, filter_h, filter_w, stride=1, pad=0, *, name="input_data"):
    """(out_h, out_w) for images of ``input_shape`` (N, C, H, W); errors name ``name`` and the shapes."""
    check_stride_pad(stride, pad)
    if len(input_shape) != 4:
        raise ValueError(f"{name} must have shape (N, C, H, W), got shape {tuple(input_shape)}")
    for size, what in ((filter_h, "filter_h"), (filter_w, "filter_w")):
        if not isinstance(size, numbers.Integral) or size < 1:
            raise ValueError(f"{what} must be a whole number of 1 or more, got {size!r}")
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


def pad_batch_last(x, pad, out=None):
    """Images ``x`` (N, C, H, W) copied into a (C, H + 2*pad, W + 2*pad, N) array with a zero border.

    ``out`` is reused when it has that shape and dtype; only its interior is written, so its border
    must still be zero (as it is for an array this function made).
    """
    N, C, H, W = x.shape
    shape = (C, H + 2 * pad, W + 2 * pad, N)
    if out is None or out.shape != shape or out.dtype != x.dtype:
        out = np.zeros(shape, dtype=x.dtype)
    out[:, pad:pad + H, pad:pad + W, :] = x.transpose(1, 2, 3, 0)
    return out


def im2col_batch_last(xp, filter_h, filter_w, stride, out_h, out_w, *, rows=None, out=None):
    """Windows of padded batch-last images ``xp`` (C, Hp, Wp, N) as a (C*fh*fw, len(rows)*out_w*N) matrix.

    Rows of the matrix run over (c, fy, fx) like the book's columns; its columns over
    (out_y, out_x, n), batch innermost. ``rows`` (a range of output rows, all by default) unfolds
    one block of them. The result is written into ``out`` when given: a 2-D array with at least
    as many columns, of which it fills the first.
    """
    C, _, _, N = xp.shape
    rows = range(out_h) if rows is None else rows
    shape = (C * filter_h * filter_w, len(rows) * out_w * N)
    cols = np.empty(shape, dtype=xp.dtype) if out is None else out[:, :shape[1]]
    block = xp[:, rows.start * stride:(rows.stop - 1) * stride + filter_h]
    windows = window_view(block.transpose(3, 0, 1, 2), filter_h, filter_w, stride, len(rows), out_w)
    np.copyto(cols.reshape(C, filter_h, filter_w, len(rows), out_w, N), windows.transpose(1, 4, 5, 2, 3, 0))
    return cols


def _inside(offset, stride, pad, rows, size):
    """The windows in ``rows`` whose entry at ``offset`` falls inside the unpadded image (a range),
    and the image row (or column) the first of them lands on."""
    first = max(rows.start, -(-(pad - offset) // stride))
    stop = min(rows.stop, (size - 1 + pad - offset) // stride + 1)
    return range(first, max(first, stop)), offset + first * stride - pad


def col2im_batch_last(cols, input_shape, filter_h, filter_w, stride, pad, *, rows=None, add_to=None):
    """Adjoint of ``pad_batch_last`` then ``im2col_batch_last``: images (N, C, H, W), stored batch-last.

    Entries that fell on the padding are skipped rather than folded into a padded image and cut
    off. ``rows`` says which block of output rows ``cols`` holds (all by default); ``add_to``, a
    (C, H, W, N) array, collects the blocks: the windows are added into it.
    """
    N, C, H, W = input_shape
    out_h, out_w = conv_output_shape(input_shape, filter_h, filter_w, stride, pad, name="input_shape")
    rows = range(out_h) if rows is None else rows
    cols = cols.reshape(C, filter_h, filter_w, len(rows), out_w, N)
    img = np.zeros((C, H, W, N), dtype=cols.dtype) if add_to is None else add_to
    for y in range(filter_h):
        ys, top = _inside(y, stride, pad, rows, H)
        for x in range(filter_w):
            xs, left = _inside(x, stride, pad, range(out_w), W)
            if ys and xs:
                img[:, top:top + (len(ys) - 1) * stride + 1:stride, left:left + (len(xs) - 1) * stride + 1:stride] \
                    += cols[:, y, x, ys.start - rows.start:ys.stop - rows.start, xs.start:xs.stop]
    return img.transpose(3, 0, 1, 2)
