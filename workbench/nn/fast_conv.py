"""The fast engine the convolutional networks use by default: ``BlockedConvolution``, ``FastRelu``,
``FastPooling`` and ``FastAffine``.

They compute what the book's ``Convolution``, ``Relu``, ``Pooling`` and ``Affine`` (in layers.py)
compute, to rounding, and tests hold them to it in float64; they are only arranged for speed
(benchmarks/README.md; ``benchmarks/bench_step.py`` shows where a step's time goes):
- Images are kept batch-last in memory, (C, H, W, N) under the book's (N, C, H, W) shape. Windows
  then unfold in long contiguous runs, the products read and write contiguous memory, and ReLU and
  Affine pass the layout on without copying. ``im2col_batch_last`` gives the transpose of the book's
  im2col matrix in that order: rows (c, fy, fx) like the book's columns, columns (out_y, out_x, n).
- The matrix is unfolded a block of output rows at a time, so it is still in the CPU cache when the
  product reads it; the blocks, and pieces of every other pass, are shared among the engine's own
  threads (``workers.py``; NumPy's BLAS then runs one thread), in an order that does not change the
  numbers.
- ReLU works in place (the convolution before it applies it to each block as it makes it); max
  pooling takes ``np.maximum`` over one strided view per window offset and notes where each
  window's first maximum was.

A network picks this engine or the book's with ``conv="fast"`` (the default) or ``conv="book"``.
"""
import math
import threading

import numpy as np

from .checks import real_array, upstream
from .im2col import check_stride_pad, check_whole, conv_output_shape, pad_images
from .layers import Affine, Relu, check_filters, check_images, forward_first
from .workers import thread_count, workers


def pad_batch_last(x, pad, out=None):
    """Images ``x`` (N, C, H, W) copied into a (C, H + 2*pad, W + 2*pad, N) array with a zero border.

    ``pad`` is one number or (pad_h, pad_w). ``out`` is reused when it has that shape and dtype; only
    its interior is written, so its border must still be zero (as it is for an array this function
    made). A large copy is shared among the engine's threads, a block of channels each.
    """
    pad_h, pad_w = (pad, pad) if np.ndim(pad) == 0 else pad
    N, C, H, W = x.shape
    shape = (C, H + 2 * pad_h, W + 2 * pad_w, N)
    if out is None or out.shape != shape or out.dtype != x.dtype:
        out = np.zeros(shape, dtype=x.dtype)
    pieces = channel_pieces(x)

    def piece(i, slot):
        c = pieces[i]
        out[c, pad_h:pad_h + H, pad_w:pad_w + W, :] = x[:, c].transpose(1, 2, 3, 0)
    workers.run(piece, len(pieces))
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
    np.copyto(cols.reshape(C, filter_h, filter_w, len(rows), out_w, N),
              _window_view(xp, filter_h, filter_w, stride, rows, out_w))
    return cols


def _window_view(xp, filter_h, filter_w, stride, rows, out_w):
    """The windows of output ``rows`` as a strided view of ``xp`` (C, Hp, Wp, N), no copy:
    axes (c, fy, fx, out_y, out_x, n). Built directly from the strides (im2col.window_view's
    sliding_window_view takes ten times longer to set up, and the engine asks for hundreds a step)."""
    if not xp.flags.c_contiguous:
        xp = np.ascontiguousarray(xp)
    C, _, _, N = xp.shape
    sc, sy, sx, sn = xp.strides
    return np.ndarray((C, filter_h, filter_w, len(rows), out_w, N), xp.dtype, xp,
                      rows.start * stride * sy, (sc, sy, sx, stride * sy, stride * sx, sn))


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


def _settled(attr):
    """A property for a gradient kept in ``attr``: reading or replacing it finishes what backward left
    for later first (``_GradientsLater._settle``)."""
    def read(self):
        self._settle()
        return getattr(self, attr)

    def write(self, value):
        self._settle()
        setattr(self, attr, value)
    return property(read, write)


class _GradientsLater:
    """dW and db of a layer whose backward may return before their products are done.

    backward hands the engine a region whose first tasks (dx) are required and whose others (dW)
    the helpers finish while the layers below run the work that keeps one thread busy (ReLU,
    pooling, padding, Python): ``_pending`` is then (the job, what adds the blocks up). Reading dW
    or db, or running the layer again, finishes them first (``_settle``), so every reader sees the
    finished gradient, in the same numbers.
    """

    _pending = None

    def _settle(self):
        pending = self._pending
        if pending is None:
            return
        self._pending = None
        job, add_up = pending
        if job is not None:
            job.finish()
        add_up()

    def __getstate__(self):
        """A copy (``deepcopy``, pickle) gets the finished gradient, not the engine's job."""
        self._settle()
        return self.__dict__.copy()

    dW = _settled("_dW")
    db = _settled("_db")


class _Scratch(threading.local):
    """A thread's scratch memory for the convolutions' unfolded blocks: (memory, shape, ones_row, view)
    of the last block made in it, or None."""
    last = None


_SCRATCH = _Scratch()


def scratch(shape, dtype, ones_row=False):
    """This thread's scratch memory as an array of ``shape``; ``ones_row`` puts 1s in its last row.

    Every convolution layer unfolds its blocks into the same memory of the thread that runs the
    block (and grows it to the largest block asked for), rather than into buffers of its own: a
    DeepConvNet step then writes its unfolded blocks (about 1 MB each) into memory still in the
    core's cache from the layer before, instead of into six layers' buffers, each cold again by its
    next use: DeepConvNet's step on two threads -3 to -7 % at batch 32, -3 % at batch 100, and its
    peak memory at batch 100 352 -> 310 MB (benchmarks/README.md, stop 45). A block's memory is
    written and read within one task, which runs on one thread, so no two blocks in use share it.
    The ones row is written again unless the last block made here had the same shape and one too.
    """
    last = _SCRATCH.last
    if last is not None and last[1] == shape and last[2] == ones_row and last[3].dtype == dtype:
        return last[3]
    size = math.prod(shape)
    memory = None if last is None else last[0]
    if memory is None or memory.size < size or memory.dtype != dtype:
        memory = np.empty(size, dtype=dtype)
    buffer = memory[:size].reshape(shape)
    if ones_row:
        buffer[-1] = 1
    _SCRATCH.last = (memory, shape, ones_row, buffer)
    return buffer


class BlockedConvolution(_GradientsLater):
    """The book's Convolution (layers.py), cache-blocked, batch-last and threaded: the same outputs and gradients.

    The windows are unfolded with the batch innermost (``im2col_batch_last``): ``col`` here is the
    transpose of the book's, its columns grouped by output position instead of by image, so the
    book's products appear transposed: out = col_W.T @ col + b, dW = dout @ col.T, db = the sum
    of dout. What makes it faster:
    - the matrix is made a block of output rows (about ``block_bytes``) at a time, so it is still
      in the CPU cache when the product reads it, and products of that size run near the CPU's
      peak; backward unfolds the blocks again rather than keeping the whole matrix; every layer
      unfolds into the same scratch memory of each thread (``scratch``), still warm from the last;
    - the blocks are shared among the engine's threads (``workers.py``); each writes its own rows
      of the output and its own partial dW, added up in block order, so the numbers do not depend
      on the number of threads;
    - the bias rides in the products as the weight of an extra row of ones under ``col``, so
      adding b and summing dout for db cost no pass of their own;
    - with stride 1, dx is computed as a convolution too (dout padded by FH - 1 - pad, filters
      turned by 180 degrees, channels and filters swapped), a block of input rows at a time, which
      is the book's dcol = dout @ col_W.T folded back by col2im, summed in another order; other
      strides (and pads above FH - 1) take the book's route, dcol then col2im;
    - when dx is a convolution and x has the engine's batch-last layout (every inner layer of the
      networks), dW comes from dx's own unfolded blocks of padded dout, times the same rows of x
      (``_backward_shared``): backward never unfolds the input again, and dout is unfolded as it
      is when it needs no padding. DeepConvNet's step on two threads -1 to -3 % at batch 32 and
      100, on one core -5 to -7 % (benchmarks/README.md, stop 46); dW is summed in another order
      than the other route's, so it rounds differently in float32;
    - backward returns once dx is done: what nothing below the layer needs (dW's blocks on the
      other route, db on this one) is left to the helper threads while the layers below run their
      parts that keep one thread busy (ReLU, pooling, padding, Python), and finished and added up
      when dW or db is read or the layer runs again (``_settle``). DeepConvNet's step on two
      threads: batch 32 -3 to -7 %, batch 100 -1.5 to -2 % (benchmarks/README.md, stop 43).
    ``b`` may be one number for every filter, as in the book's Convolution; ``db`` is (FN,) either way.
    Set ``input_grad = False`` on a network's first layer: nothing needs dx there, so backward
    skips it and returns None.
    """

    block_bytes = 2 ** 20
    least_forward_blocks = 4
    relu_after = None
    """The ``FastRelu`` that takes this layer's output, if the network says so (``follow``): forward
    then returns max(out, 0), each block rectified while it is in the cache, and that layer has
    nothing left to do. The output is then the ReLU's, not the convolution's alone."""

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
        self._scratch = {}

    def _row_blocks(self, out_h, row_bytes):
        """Ranges of output rows, each about ``block_bytes`` of unfolded windows (at least one row)."""
        step = max(1, min(out_h, self.block_bytes // max(1, row_bytes)))
        return [range(first, min(first + step, out_h)) for first in range(0, out_h, step)]

    def _forward_blocks(self, out_h, row_bytes):
        """Forward's ranges of output rows: as many as ``_row_blocks``, but at least
        ``least_forward_blocks``, sized evenly, larger first. Forward's blocks change no number (each
        output column is its own product); backward keeps ``_row_blocks``, whose partial dW sums
        fix the numbers. A first layer's whole matrix is often one block at batch 32, which left
        the second thread idle (DeepConvNet's Conv1: 0.74 ms a step)."""
        count = max(len(self._row_blocks(out_h, row_bytes)), min(out_h, self.least_forward_blocks))
        bounds = [0]
        for i in range(count):
            bounds.append(bounds[-1] + out_h // count + (i < out_h % count))
        return [range(bounds[i], bounds[i + 1]) for i in range(count)]

    def _unfold(self, src, filter_h, filter_w, stride, blocks, i, out_w, ones_row):
        """Block ``i`` of the windows of padded batch-last images ``src``, in the calling thread's
        scratch memory (``scratch``); ``ones_row`` adds a row of ones under it (the bias's row)."""
        C, _, _, N = src.shape
        K, rows = C * filter_h * filter_w, blocks[i]
        col = scratch((K + ones_row, len(blocks[0]) * out_w * N), src.dtype, ones_row)
        im2col_batch_last(src, filter_h, filter_w, stride, None, out_w, rows=rows, out=col[:K])
        return col[:, :len(rows) * out_w * N]

    def forward(self, x):
        self._settle()
        FN, C, FH, FW = self.W.shape
        x = real_array(x, "x", "BlockedConvolution.forward")
        out_h, out_w = check_images(x, self.W, self.stride, self.pad)
        N, K = x.shape[0], C * FH * FW
        self.x = x
        self.col_W = self.W.reshape(FN, -1).T                      # (C*FH*FW, FN), as in the book
        W_b = np.concatenate([self.col_W.T, bias_column(self.b, FN, np.result_type(self.W, self.b))], axis=1)
        xp = self._padded = pad_batch_last(x, self.pad, out=self._padded)
        out = np.empty((FN, out_h, out_w, N), dtype=np.result_type(x, self.W, self.b))
        blocks = self._forward_blocks(out_h, (K + 1) * out_w * N * xp.itemsize)
        relu = self.relu_after
        zeros = None if relu is None else np.zeros(len(blocks[0]) * out_w * N, dtype=out.dtype)

        def block(i, slot):
            rows = blocks[i]
            col = self._unfold(xp, FH, FW, self.stride, blocks, i, out_w, True)
            o = np.matmul(W_b, col, out=out[:, rows.start:rows.stop].reshape(FN, -1))
            if zeros is not None:
                np.maximum(o, zeros[:o.shape[1]], out=o)            # the ReLU, while the block is in cache
        workers.run(block, len(blocks))
        self.out_shape = (N, FN, out_h, out_w)
        result = out.transpose(3, 0, 1, 2)
        if relu is not None:
            relu.rectified = result
        return result

    def backward(self, dout):
        forward_first(self, self._padded)
        self._settle()
        FN, C, FH, FW = self.W.shape
        K = C * FH * FW
        dout = upstream(dout, self.out_shape, "BlockedConvolution.backward")
        dout = np.ascontiguousarray(dout.transpose(1, 2, 3, 0))   # no copy for forward's own layout
        _, out_h, out_w, N = dout.shape
        xp = self._padded
        dx, transposed = None, False
        if self.input_grad:
            N, C, H, W = self.x.shape
            transposed = self.stride == 1 and self.pad <= min(FH, FW) - 1
            dx = (np.empty if transposed else np.zeros)((C, H, W, N), dtype=dout.dtype)
            x_rows = self.x.transpose(1, 2, 3, 0)                  # (C, H, W, N): a view in the engine's layout
            if transposed and x_rows.flags.c_contiguous and self.x.dtype == dout.dtype:
                return self._backward_shared(dout, x_rows, dx)
        blocks = self._row_blocks(out_h, (K + 1) * out_w * N * xp.itemsize)
        parts = np.empty((len(blocks), K + 1, FN), dtype=dout.dtype)   # dW.T of each block; last row: db
        tasks = []
        if transposed:
            dx_blocks, turned, dp = self._transposed(dout, H, W)
            tasks += [("dx", i) for i in range(len(dx_blocks))]
        required = len(tasks) or None        # dx first; dW's blocks may finish while the layers below run
        tasks += [("dW", i) for i in range(len(blocks))]

        def task(t, slot):
            kind, i = tasks[t]
            if kind == "dW":
                rows = blocks[i]
                col = self._unfold(xp, FH, FW, self.stride, blocks, i, out_w, True)
                np.matmul(col, dout[:, rows.start:rows.stop].reshape(FN, -1).T, out=parts[i])
            else:
                rows = dx_blocks[i]
                dcol = self._unfold(dp, FH, FW, 1, dx_blocks, i, W, False)
                np.matmul(turned, dcol, out=dx[:, rows.start:rows.stop].reshape(C, -1))
        self._pending = workers.run(task, len(tasks), required=required), lambda: self._add_up(parts)
        if self._pending[0] is None:
            self._settle()
        if dx is None:
            return None
        if not transposed:
            self._fold_back(dout, blocks, dx)
        return dx.transpose(3, 0, 1, 2)

    def _backward_shared(self, dout, x_rows, dx):
        """dx as a convolution and dW from the same unfolded blocks of padded dout: each block's
        windows ``dcol`` give dx's rows (turned filters @ dcol) and, multiplied by the same rows of
        the input x (unpadded, batch-last), dW's part of them with the filters turned
        (dcol @ x_rows.T, (FN*FH*FW, C)): dW[f, c, fy, fx] sums x[c, y, x, n] * dout[f, y - fy + pad,
        x - fx + pad, n], which is dcol's entry (f, FH-1-fy, FW-1-fx) at column (y, x, n). So the
        input is never unfolded again in backward, and dW skips the products with the padding's
        zeros. db is one sum over dout, a task the helper may finish later."""
        FN, C, FH, FW = self.W.shape
        _, H, W, N = x_rows.shape
        dx_blocks, turned, dp = self._transposed(dout, H, W)
        count = len(dx_blocks)
        parts = np.empty((count, FN * FH * FW, C), dtype=dout.dtype)   # turned dW of each block
        db = np.empty(FN, dtype=dout.dtype)

        def task(i, slot):
            if i == count:
                np.sum(dout.reshape(FN, -1), axis=1, out=db)
                return
            rows = dx_blocks[i]
            dcol = self._unfold(dp, FH, FW, 1, dx_blocks, i, W, False)
            np.matmul(turned, dcol, out=dx[:, rows.start:rows.stop].reshape(C, -1))
            np.matmul(dcol, x_rows[:, rows.start:rows.stop].reshape(C, -1).T, out=parts[i])

        def add_up():
            turned_dW = parts.sum(axis=0).reshape(FN, FH, FW, C)
            self._dW = np.ascontiguousarray(turned_dW[:, ::-1, ::-1].transpose(0, 3, 1, 2))
            self._db = db
        self._pending = workers.run(task, count + 1, required=count), add_up
        if self._pending[0] is None:
            self._settle()
        return dx.transpose(3, 0, 1, 2)

    def _add_up(self, parts):
        """dW and db from the blocks' parts (dW.T of each block, db in the last row), in block order."""
        dW_b = parts.sum(axis=0)
        self._dW = np.ascontiguousarray(dW_b[:-1].T).reshape(self.W.shape[0], *self.W.shape[1:])
        self._db = dW_b[-1]

    def _transposed(self, dout, H, W):
        """What dx as a convolution needs: its blocks of input rows, the turned filters as a
        (C, FN*FH*FW) matrix, and dout padded by FH - 1 - pad (FW - 1 - pad across): dout itself
        (batch-last) when that is no padding."""
        FN, C, FH, FW = self.W.shape
        turned = np.ascontiguousarray(self.W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)).reshape(C, -1)
        pads = (FH - 1 - self.pad, FW - 1 - self.pad)
        if pads == (0, 0):
            dp = dout
        else:
            dp = pad_batch_last(dout.transpose(3, 0, 1, 2), pads, out=self._scratch.get(("dout_padded", 0)))
            self._scratch["dout_padded", 0] = dp
        blocks = self._row_blocks(H, FN * FH * FW * W * dout.shape[3] * dout.itemsize)
        return blocks, turned, dp

    def _fold_back(self, dout, blocks, dx):
        """dx the book's way, block by block: dcol = col_W @ dout, folded back by col2im (one thread:
        neighbouring blocks add into the same rows of dx)."""
        FN, C, FH, FW = self.W.shape
        _, _, out_w, N = dout.shape
        dcol = scratch((C * FH * FW, len(blocks[0]) * out_w * N), dout.dtype)
        for rows in blocks:
            block = dout[:, rows.start:rows.stop].reshape(FN, -1)
            np.matmul(self.col_W, block, out=dcol[:, :block.shape[1]])
            col2im_batch_last(dcol[:, :block.shape[1]], self.x.shape, FH, FW, self.stride, self.pad, rows=rows, add_to=dx)


class FastPooling:
    """The book's max Pooling (layers.py) without im2col: the largest of one strided view per window offset.

    While it takes the maxima, forward notes which offset of each window held the first one (in
    window order, row by row, as the book's argmax): one byte per output, ``arg_max`` in another
    layout. Backward sends each gradient there without reading x again (reading it made backward
    twice as slow). As in the book, padding adds zeros. ``stride`` is 2 unless given, as in the
    book's Pooling.
    """

    relu_before = None
    """The ``FastRelu`` whose output is this layer's input, if the network says so (``chain_relus``):
    backward then applies that ReLU's gradient too, on dout (a quarter of the size for 2x2 windows),
    and the ReLU's backward has nothing left to do. The gradient goes to each window's maximum, which
    passes the ReLU exactly when the output it gave is above 0; forward marks the windows where it is
    not (``DEAD``), so backward reads neither the output nor the ReLU's mask."""

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
        self._first = None
        self._dead_marked = False

    def _windows(self, xp, out_h, out_w):
        """One strided view per window offset, in window order: element (n, c, i, j) of view k is
        entry k of window (i, j)."""
        s = self.stride
        return [xp[:, :, y:y + s * out_h:s, x:x + s * out_w:s]
                for y in range(self.pool_h) for x in range(self.pool_w)]

    def _stacked_windows(self, xp, out_h, out_w):
        """For windows that tile the image (stride = window), the views of ``_windows`` as one view of
        ``xp`` (N, C, H, W), no copy: element (y, x, n, c, i, j) is entry (y, x) of window (i, j). One
        NumPy call over it does what a call a window does: on two threads each call's end takes the GIL
        back, and waits for it when the other thread holds it (tens of microseconds on this VM), so
        fewer, larger calls share better (``STACKED_OUTPUTS``). A reshape that only splits axes is a
        view (as_strided took 3-4 us a call, Python that holds the GIL). Forward's ten passes stacked
        the same way ran slower: a call a view."""
        s, (N, C) = self.stride, xp.shape[:2]
        return xp[:, :, :s * out_h, :s * out_w].reshape(N, C, out_h, s, out_w, s).transpose(3, 5, 0, 1, 2, 4)

    def forward(self, x):
        x = real_array(x, "x", "Pooling")
        if x.ndim != 4:
            raise ValueError(f"Pooling: x must have shape (N, C, H, W), got shape {x.shape}")
        out_h, out_w = conv_output_shape(x.shape, self.pool_h, self.pool_w, self.stride, self.pad, name="x")
        xp = pad_images(x, self.pad)
        out = np.empty_like(xp[:, :, :out_h, :out_w])            # in x's memory layout
        offsets = self.pool_h * self.pool_w
        first = (np.empty_like if offsets == 4 else np.zeros_like)(out, dtype=np.uint8 if offsets <= 256 else np.intp)
        pieces = channel_pieces(x)
        relu = self.relu_before
        mark_dead = relu is not None and x is relu.out and first.dtype == np.uint8 and offsets <= DEAD

        def piece(i, slot):
            c = pieces[i]
            windows, o, f = self._windows(xp[:, c], out_h, out_w), out[:, c], first[:, c]
            if len(windows) == 4 and f.dtype == np.uint8:
                _max_of_four(windows, o, f)
            else:
                _max_of_many(windows, o, f)
            if mark_dead:
                _mark_dead(o, f)
        workers.run(piece, len(pieces))
        self.x = x
        self.out = out
        self._first = first
        self._dead_marked = mark_dead
        return out

    @property
    def arg_max(self):
        """Window index (row by row) of the maximum each output took, as the book's Pooling keeps it:
        one entry per output, in the order (n, out_y, out_x, c)."""
        forward_first(self, self.out)
        return self._offsets().astype(np.intp).transpose(0, 2, 3, 1).ravel()

    def _offsets(self, c=slice(None)):
        """Channels ``c`` of the offset of each window's first maximum, without forward's DEAD marks."""
        first = self._first[:, c]
        return np.bitwise_and(first, DEAD - 1) if self._dead_marked else first

    def backward(self, dout):
        forward_first(self, self.out)
        dout = upstream(dout, self.out.shape, "FastPooling.backward")
        N, C, H, W = self.x.shape
        p = self.pad
        tiles = self.stride == self.pool_h == self.pool_w   # windows cover every pixel once
        shape = (N, C, H + 2 * p, W + 2 * p)
        # dx in dout's dtype (integer images still get float gradients), in x's memory layout
        dx = np.empty_like(self.x, dtype=dout.dtype) if tiles and not p else np.zeros(shape, dtype=dout.dtype)
        pieces = channel_pieces(dx)
        relu = self.relu_before
        if relu is None or relu.out is None or self.x is not relu.out:
            relu = None

        def piece(i, slot):
            c = pieces[i]
            d = dout[:, c]
            # with the ReLU chained, a window forward marked DEAD matches no offset: its gradient is cut
            first = self._first[:, c] if relu is not None else self._offsets(c)
            if relu is not None and not self._dead_marked:   # dout * ~(out <= 0): the ReLU's gradient, as FastRelu
                keep = np.less_equal(self.out[:, c], 0)
                d = np.multiply(d, np.logical_not(keep, out=keep))
            if tiles and d.size <= STACKED_OUTPUTS:     # every window offset in one call (stop 44)
                np.multiply(d, np.equal(first, offsets), out=self._stacked_windows(dx[:, c], *self.out.shape[2:]))
                return
            for k, window in enumerate(self._windows(dx[:, c], *self.out.shape[2:])):
                if tiles:
                    np.multiply(d, first == k, out=window)
                else:
                    window += d * (first == k)
        offsets = np.arange(self.pool_h * self.pool_w, dtype=self._first.dtype)
        offsets = offsets.reshape(self.pool_h, self.pool_w, 1, 1, 1, 1)     # against _stacked_windows' axes
        workers.run(piece, len(pieces))
        dx = dx[:, :, p:p + H, p:p + W]
        if relu is not None:
            relu.masked = dx
        return dx


STACKED_OUTPUTS = 2 ** 16
"""Outputs up to which a piece of a tiling pooling's backward writes all its window offsets in one
call over one strided view (two NumPy calls, not two an offset). On two threads each call's end takes
the GIL back, and waiting for it costs tens of microseconds on this VM: SimpleConvNet's Pool1 backward
at batch 32 (pieces of 37k outputs) fell 8-12 %. A larger piece's mask of matches (a byte an offset
and output) no longer stays in cache: one thread's whole Pool1 at batch 100 (432k) took 12-21 % longer
in one call, 3-8 % longer in calls of 2 ** 15 to 2 ** 17 (benchmarks/README.md, stop 44)."""

DEAD = 128
"""Added by forward to the offset (``_first``, uint8) of each window whose maximum is at most 0 when
the pooling's input is its chained ReLU's output (``relu_before``): that window's gradient is cut by
the ReLU, and backward then needs neither the ReLU's mask (three passes over dout and the output)
nor anything but the offsets, since a marked window matches no offset. Offsets stay below DEAD
(windows of up to 128 values); ``arg_max`` takes the marks off. The numbers are the same to the bit.
Marking costs forward 15-40 us (one core) while the output is in cache; backward then skips three
passes, one of them over the cold output: SimpleConvNet's Pool1 at batch 100 took 2.14/2.23/2.08 ms
backward before and 1.65/1.90/1.66 after, at batch 32 0.67/0.74/0.65 and 0.62/0.61/0.60 (forward
unchanged within the noise; benchmarks/README.md, stop 41)."""


def _mark_dead(out, first):
    """Add DEAD to ``first`` (uint8) where ``out`` <= 0: exactly where FastRelu's backward would cut."""
    dead = np.less_equal(out, 0).view(np.uint8)
    np.multiply(dead, DEAD, out=dead)              # (a shift of uint8 has no vector loop: ten times slower)
    np.bitwise_or(first, dead, out=first)


def _max_of_many(windows, out, first):
    """The maxima of windows of any size (views ``windows``, in window order) into ``out``, and the
    offset of each window's first maximum into ``first``, one offset at a time."""
    np.copyto(out, windows[0])
    for k, window in enumerate(windows[1:], start=1):
        # where offset k is strictly larger (a tie keeps the earlier one), it is the first
        # maximum so far; k grows, so the last offset to win is the largest k that won
        larger = np.greater(window, out)
        np.maximum(out, window, out=out)
        if first.dtype == np.uint8:
            won = np.multiply(larger.view(np.uint8), k, out=larger.view(np.uint8))
        else:
            won = larger * k
        np.maximum(first, won, out=first)


def _max_of_four(windows, out, first):
    """The maxima of 2x2 windows (views ``windows``, in window order) into ``out``, and the offset
    of each window's first maximum into ``first`` (uint8), in two rounds: the larger of each row's
    pair, then of the two rows. A later offset wins only when strictly larger, so ties keep the
    first, as the book's argmax. Ten passes instead of thirteen one offset at a time."""
    w0, w1, w2, w3 = windows
    right = np.greater(w1, w0)                      # top row: offset 1 beats 0
    np.maximum(w0, w1, out=out)
    below_right = np.greater(w3, w2)                # bottom row: offset 3 beats 2
    bottom = np.maximum(w2, w3)
    below = np.greater(bottom, out)                 # the bottom row beats the top
    np.maximum(out, bottom, out=out)
    # first = below ? 2 + below_right : right, as right + below * (2 + below_right - right)
    right, below_right, below = right.view(np.uint8), below_right.view(np.uint8), below.view(np.uint8)
    np.add(below_right, 2, out=below_right)
    np.subtract(below_right, right, out=below_right)
    np.multiply(below_right, below, out=below_right)
    np.add(below_right, right, out=first)


class FastRelu(Relu):
    """The book's Relu (layers.py) for a layer after a ``BlockedConvolution``: the same numbers, in place.

    forward overwrites its input with max(x, 0), and backward overwrites dout with the gradient:
    in a network, x is a convolution's fresh output and dout a fresh gradient that nothing else
    reads, so no new arrays are made (each would be a pass over memory). The work is shared among
    the engine's threads a block of channels at a time. ``mask`` (x <= 0, as the book keeps it) is
    worked out from the output when asked for; out <= 0 exactly where x <= 0.
    """

    def __init__(self):
        super().__init__()
        self.out = None
        self.rectified = None
        """The output of the convolution this layer follows, already rectified there (``follow``)."""
        self.masked = None
        """The gradient the layer after this one returned with this layer's gradient already applied
        (``chain_relus``): backward passes it on as it is."""

    def follow(self, conv):
        """Let ``conv`` (a BlockedConvolution whose output comes straight here) apply the ReLU as it
        makes its output: a pass over memory fewer. Its output is then already this layer's."""
        conv.relu_after = self
        return self

    @property
    def mask(self):
        return None if self.out is None else self.out <= 0

    @mask.setter
    def mask(self, value):
        if value is not None:
            raise AttributeError("FastRelu.mask is worked out from the output; it cannot be set")

    def forward(self, x):
        if x is self.rectified:              # the convolution before it did the work
            self.out = x
            return x
        x = real_array(x, "x", "Relu.forward")
        pieces = channel_pieces(x)

        def piece(i, slot):
            for run, zeros in _runs(x[:, pieces[i]]):
                np.maximum(run, zeros, out=run)
        workers.run(piece, len(pieces))
        self.out = x
        return x

    def backward(self, dout):
        forward_first(self, self.out)
        if dout is self.masked and dout is not None:     # the next layer did the work
            self.masked = None
            return dout
        dout = upstream(dout, self.out.shape, "Relu.backward")
        pieces = channel_pieces(dout)

        def piece(i, slot):
            d, keep = dout[:, pieces[i]], self.out[:, pieces[i]] <= 0
            np.multiply(d, np.logical_not(keep, out=keep), out=d)     # dout * ~mask, as Relu
        workers.run(piece, len(pieces))
        return dout


class FastAffine(_GradientsLater, Affine):
    """The book's Affine (layers.py) with its three products cut into pieces for the engine's threads.

    forward splits the batch (out = x @ W + b, a block of rows at a time), backward splits W's
    rows (dW = x.T @ dout and dx.T = W @ dout.T, a block of input features at a time), so each
    piece writes its own part of the result and the numbers are those of one product. Products
    under ``least_flops`` run whole.
    """

    least_flops = 2 * 10 ** 6
    pieces = 2
    """Fixed (not one per thread): BLAS may sum a product of another size in another order, and the
    numbers must not depend on the number of threads. More pieces make each product slower: with 4,
    SimpleConvNet's Affine1 forward took 1.40 ms at batch 100 and 0.56 ms at batch 32 (one core),
    with 2 1.12 and 0.40, whole 1.10 and 0.34; two keep both cores of the machine busy."""

    def forward(self, x):
        self._settle()
        x = real_array(x, "x", "Affine.forward")
        if x.ndim < 2 or math.prod(x.shape[1:]) != self.W.shape[0]:
            return super().forward(x)          # the book's layer says what is wrong
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], self.W.shape[0])   # the book's reshape(N, -1), which an empty batch cannot take
        out = np.empty((x.shape[0], self.W.shape[1]), dtype=np.result_type(self.x, self.W, self.b))
        rows = self._pieces(x.shape[0])

        def piece(i, slot):
            np.matmul(self.x[rows[i]], self.W, out=out[rows[i]])
            out[rows[i]] += self.b
        workers.run(piece, len(rows))
        return out

    def backward(self, dout):
        forward_first(self, self.x)
        self._settle()
        dout = upstream(dout, (self.x.shape[0], self.W.shape[1]), "Affine.backward")
        x, W, D = self.x, self.W, self.W.shape[0]
        dtype = np.result_type(dout, W)
        # dx in x's memory order, so batch-last images stay batch-last (as Affine does)
        dx_t = np.empty((D, dout.shape[0]), dtype=dtype) if x.flags.f_contiguous else None
        dx = dx_t.T if dx_t is not None else np.empty((dout.shape[0], D), dtype=dtype)
        dW = np.empty(W.shape, dtype=np.result_type(x, dout))
        features = self._pieces(D)
        count = len(features)

        def piece(i, slot):          # dx's pieces first; dW's may finish while the layers below run
            f = features[i % count]
            if i >= count or count == 1:
                np.matmul(x[:, f].T, dout, out=dW[f])
            if i < count:
                if dx_t is not None:
                    np.matmul(W[f], dout.T, out=dx_t[f])
                else:
                    np.matmul(dout, W[f].T, out=dx[:, f])
        db = dout.sum(axis=0)

        def add_up():                # dW is shown to readers only once it is whole
            self._dW, self._db = dW, db
        if count == 1:               # a small product: one task, both products, no region
            piece(0, 0)
            add_up()
        else:
            job = workers.run(piece, 2 * count, required=count)
            self._pending = job, add_up
            if job is None:
                self._settle()
        return dx.reshape(self.original_x_shape)

    def _pieces(self, size):
        """Slices of an axis of ``size``: ``pieces`` of them, or one if the product is small."""
        flops = 2 * self.x.shape[0] * self.W.size
        count = max(1, min(size, self.pieces if flops >= self.least_flops else 1))
        bounds = [size * i // count for i in range(count + 1)]
        return [slice(bounds[i], bounds[i + 1]) for i in range(count)]


def chain_relus(layers):
    """Let each ``FastRelu`` in ``layers`` (in order) whose output goes to a ``FastPooling`` leave its
    backward to that layer (``relu_before``): the pooling masks dout, a quarter of the size for 2x2
    windows, and the full-size pass is saved. The pooling checks that its input was that ReLU's output
    before it does so. (Masking each dx block of a following convolution in cache instead gained
    nothing measurable, so a ReLU before a convolution does its own pass.) Returns ``layers``."""
    layers = list(layers)
    for relu, after in zip(layers, layers[1:]):
        if isinstance(relu, FastRelu) and isinstance(after, FastPooling):
            after.relu_before = relu
    return layers


RUN = 2 ** 17
_ZEROS = {}


def _runs(x):
    """``x`` as flat runs of at most RUN values in memory order (views), each with as many zeros of
    its dtype: NumPy's element-wise loops run several times faster on two arrays than on an array
    and a scalar. An array that is not one block of memory is one run with a scalar zero."""
    flat = x.ravel(order="K")
    if not np.shares_memory(flat, x):
        return [(x, x.dtype.type(0))]
    zeros = _ZEROS.get(x.dtype)
    if zeros is None:
        zeros = _ZEROS[x.dtype] = np.zeros(RUN, dtype=x.dtype)
    return [(flat[a:a + RUN], zeros[:min(RUN, flat.size - a)]) for a in range(0, flat.size, RUN)]


PIECES_PER_THREAD = 2
"""Pieces per engine thread that an element-wise pass is cut into (one in all with one thread). The
cut changes no number. Each piece costs its own calls: SimpleConvNet's pooling (batch 32) took 0.46
ms forward and 0.34 backward in 8 pieces on one core, 0.37 and 0.27 in 2, 0.35 and 0.26 whole; two
per thread still let a thread that is late take less."""

PIECE_LEAST = 2 ** 17
"""Values an element-wise piece has at least (a smaller array is fewer pieces, or one, run by the
calling thread alone). Waking a helper and joining it cost about 40 us each on this machine, and the
passes cost about 1 ns a value: with 2 ** 15, DeepConvNet's pooling, padding and ReLU passes at
batch 32 took twice as long on two threads as on one (pooling backward 1.66 against 0.84 ms a step).
With 2 ** 17, two threads, quiet: batch 32 21.5/22.4 -> 20.5/21.2 ms a step, batch 100
52.7/51.3/52.7 -> 51.0/51.8/50.7 ms; 2 ** 18 and 2 ** 19 were no better."""


def channel_pieces(x, least=None):
    """Slices of the channel axis of ``x`` (N, C, ...) for the engine's threads: PIECES_PER_THREAD
    for each, none smaller than ``least`` values (PIECE_LEAST by default; a small array is one piece)."""
    least = PIECE_LEAST if least is None else least
    C = x.shape[1]
    threads = thread_count()
    count = max(1, min(C, 1 if threads == 1 else PIECES_PER_THREAD * threads, x.size // least))
    bounds = [C * i // count for i in range(count + 1)]
    return [slice(bounds[i], bounds[i + 1]) for i in range(count)]
