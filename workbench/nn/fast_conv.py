"""The fast convolution engine the networks use by default: ``BlockedConvolution`` and ``FastPooling``.

They compute what the book's ``Convolution`` and ``Pooling`` (in layers.py) compute, to rounding, and
tests hold them to it; they are only arranged for speed (training runs about 4x faster than with
the book's form here; benchmarks/README.md):
- Images are kept batch-last in memory, (C, H, W, N) under the book's (N, C, H, W) shape. Windows
  then unfold in long contiguous runs, the products read and write contiguous memory, and Relu and
  Affine pass the layout on without copying. ``im2col_batch_last`` gives the transpose of the book's
  im2col matrix in that order: rows (c, fy, fx) like the book's columns, columns (out_y, out_x, n).
- The matrix is unfolded a block of output rows at a time, so it is still in the CPU cache when the
  product reads it.
- Max pooling takes ``np.maximum`` over one strided view per window offset instead of unfolding.

A network picks this engine or the book's with ``conv="fast"`` (the default) or ``conv="book"``.
"""
import numpy as np

from .checks import real_array, upstream
from .im2col import check_stride_pad, check_whole, conv_output_shape, pad_images, window_view
from .layers import check_filters, check_images, forward_first


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


def bias_column(b, count, dtype):
    """The bias as a (count, 1) column: b itself when it has an entry per filter, else b repeated."""
    if np.shape(b) == (count,):
        return np.reshape(b, (count, 1))
    return np.full((count, 1), b, dtype=dtype)


class BlockedConvolution:
    """The book's Convolution (layers.py), cache-blocked and batch-last: the same outputs and gradients, faster.

    The windows are unfolded with the batch innermost (``im2col_batch_last``): ``col`` here is the
    transpose of the book's, its columns grouped by output position instead of by image, so the
    book's products appear transposed: out = col_W.T @ col + b, dW = dout @ col.T, db = the sum
    of dout, and dcol = col_W @ dout, folded back into dx by col2im. Two things make them faster:
    - the matrix is made a block of ``block_bytes`` (a few output rows) at a time, so it is still
      in the CPU cache when the product reads it; backward unfolds the blocks again rather than
      keeping the whole matrix;
    - the bias rides in the products as the weight of an extra row of ones under ``col``, so
      adding b and summing dout for db cost no pass of their own.
    ``b`` may be one number for every filter, as in the book's Convolution; ``db`` is (FN,) either way.
    Set ``input_grad = False`` on a network's first layer: nothing needs dx there, so backward
    skips it and returns None.
    """

    block_bytes = 2 ** 22

    def __init__(self, W, b, stride=1, pad=0, *, input_grad=True):
        W, b = check_filters(W, b, "BlockedConvolution")
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
        x = real_array(x, "x", "BlockedConvolution.forward")
        out_h, out_w = check_images(x, self.W, self.stride, self.pad)
        N = x.shape[0]
        self.x = x
        self.col_W = self.W.reshape(FN, -1).T                      # (C*FH*FW, FN), as in the book
        W_b = np.concatenate([self.col_W.T, bias_column(self.b, FN, np.result_type(self.W, self.b))], axis=1)
        self._padded = pad_batch_last(x, self.pad, out=self._padded)
        out = np.empty((FN, out_h, out_w, N), dtype=np.result_type(x, self.W, self.b))
        for rows, col in self._unfolded_blocks(out_h, out_w):
            np.matmul(W_b, col, out=out[:, rows.start:rows.stop].reshape(FN, -1))
        self.out_shape = (N, FN, out_h, out_w)
        return out.transpose(3, 0, 1, 2)

    def backward(self, dout):
        forward_first(self, self._padded)
        FN, C, FH, FW = self.W.shape
        N, C, H, W = self.x.shape
        dout = upstream(dout, self.out_shape, "BlockedConvolution.backward")
        dout = np.ascontiguousarray(dout.transpose(1, 2, 3, 0))   # no copy for forward's own layout
        dW_b = np.zeros((C * FH * FW + 1, FN), dtype=dout.dtype)  # transposed; last row: db
        dx = None
        if self.input_grad:
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
        self.db = dW_b[-1]
        return None if dx is None else dx.transpose(3, 0, 1, 2)


class FastPooling:
    """The book's max Pooling (layers.py) without im2col: the largest of one strided view per window offset.

    Backward routes each gradient to the window's first maximum in window order (row by row), as
    the book's argmax does; ``arg_max`` gives those indices in the book's layout. As in the book,
    padding adds zeros. ``stride`` is 2 unless given, as in the book's Pooling.
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
        self.out = None

    def _windows(self, xp, out_h, out_w):
        """One strided view per window offset, in window order: element (n, c, i, j) of view k is
        entry k of window (i, j)."""
        s = self.stride
        return [xp[:, :, y:y + s * out_h:s, x:x + s * out_w:s]
                for y in range(self.pool_h) for x in range(self.pool_w)]

    def forward(self, x):
        x = real_array(x, "x", "Pooling")
        if x.ndim != 4:
            raise ValueError(f"Pooling: x must have shape (N, C, H, W), got shape {x.shape}")
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
        """Window index (row by row) of the maximum each output took, as the book's Pooling keeps it:
        one entry per output, in the order (n, out_y, out_x, c). Worked out when asked for."""
        forward_first(self, self.out)
        arg = np.zeros_like(self.out, dtype=np.intp)
        for k, hit in enumerate(self._first_maxima()):
            arg[hit] = k
        return arg.transpose(0, 2, 3, 1).ravel()

    def backward(self, dout):
        forward_first(self, self.out)
        dout = upstream(dout, self.out.shape, "FastPooling.backward")
        N, C, H, W = self.x.shape
        p = self.pad
        tiles = self.stride == self.pool_h == self.pool_w   # windows cover every pixel once
        shape = (N, C, H + 2 * p, W + 2 * p)
        # dx in dout's dtype (integer images still get float gradients), in x's memory layout
        dx = np.empty_like(self.x, dtype=dout.dtype) if tiles and not p else np.zeros(shape, dtype=dout.dtype)
        for hit, window in zip(self._first_maxima(), self._windows(dx, *self.out.shape[2:])):
            if tiles:
                np.multiply(dout, hit, out=window)
            else:
                window += dout * hit
        return dx[:, :, p:p + H, p:p + W]
