"""A convolution's backward three ways (the engine's, the book's, by filter rows) for each inner layer of DeepConvNet.

    OPENBLAS_NUM_THREADS=1 chrt -f 10 .venv/bin/python benchmarks/bench_backward_routes.py
    OPENBLAS_NUM_THREADS=1 chrt -f 10 .venv/bin/python benchmarks/bench_backward_routes.py --batch 100 --layers Conv3,Conv5

Issue 21, stop 47: Conv3 and Conv5 (fewer input channels than filters, C < FN) lose their backward to
PyTorch's 1.3-1.7x while the other layers tie or win. This times, on one thread with hot caches (the
parts alternate, medians of ``--rounds``), the ways of getting dx and dW from a layer's dout:
- the engine's (``BlockedConvolution._backward_shared``): dout padded by FH - 1 - pad, its windows
  unfolded a block of input rows at a time (FN*FH*FW rows), dx = turned filters @ dcol (M = C), and
  the turned dW = dcol @ x_rows.T (N = C) from the same block;
- the book's (``_fold_back`` and the route of other strides): dcol = col_W @ dout a block of output
  rows at a time (K = FN, C*FH*FW rows), folded back by ``col2im_batch_last`` (FH*FW strided adds), and
  dW from the input's windows (the padded input forward keeps, C*FH*FW rows) times dout, either way round.
Each part is the engine's own function in the layer's own blocks; the book's total takes its faster dW
product. Last, a third way, by filter rows: dout's windows unfolded along the rows only (FN*FH rows, a
copy of contiguous runs), Z = the turned filters as (C*FW, FN*FH) @ that, dx = Z's FW rows of each
channel added at their shifts along x, and the turned dW = the same unfold @ (x shifted FW ways).T:
both products then have C*FW on their small side, but they run over the padded width (Wp/W of the
columns). Both other ways are checked against the engine's dx and dW before they are timed.
"""
import argparse
import os
import statistics
import time

try:
    from workbench.blas_kernels import choose_blas_kernels
    choose_blas_kernels()                   # before NumPy loads, as the `workbench` command does
except ImportError:
    pass

import numpy as np  # noqa: E402

from workbench.nn.fast_conv import BlockedConvolution, col2im_batch_last, im2col_batch_last  # noqa: E402

cpu = time.thread_time
LAYERS = {  # DeepConvNet's inner convolutions: (C, FN, H, pad), 3x3 filters, stride 1
    "Conv2": (16, 16, 28, 1), "Conv3": (16, 32, 14, 1), "Conv4": (32, 32, 14, 2),
    "Conv5": (32, 64, 8, 1), "Conv6": (64, 64, 8, 1)}


def routes(C, FN, H, pad, N, rng):
    """The parts of the three routes for one layer shape, as {name: (function, flops)}, and their
    block counts; the book's and the split's dx and dW are first checked against the engine's."""
    W, FH = H, 3
    layer = BlockedConvolution(rng.standard_normal((FN, C, FH, FH)).astype(np.float32),
                               np.zeros(FN, np.float32), 1, pad)
    x = np.ascontiguousarray(rng.standard_normal((C, H, W, N)).astype(np.float32)).transpose(3, 0, 1, 2)
    out = layer.forward(x)
    _, _, out_h, out_w = out.shape
    dout = rng.standard_normal((FN, out_h, out_w, N)).astype(np.float32)
    x_rows, xp = x.transpose(1, 2, 3, 0), layer._padded
    blocks, turned, dp = layer._transposed(dout, H, W)
    K, KF = C * FH * FH, FN * FH * FH
    dcol = np.empty((KF, len(blocks[0]) * W * N), np.float32)
    dx = np.empty((C, H, W, N), np.float32)
    parts = np.empty((len(blocks), KF, C), np.float32)
    book_blocks = layer._row_blocks(out_h, (K + 1) * out_w * N * 4)
    col = np.empty((K, len(book_blocks[0]) * out_w * N), np.float32)
    dx_book = np.zeros((C, H, W, N), np.float32)
    dW_book = np.empty((len(book_blocks), K, FN), np.float32)
    dW_book_t = np.empty((len(book_blocks), FN, K), np.float32)
    col_W = np.ascontiguousarray(layer.W.reshape(FN, -1).T)
    flops = 2 * C * KF * H * W * N                  # dx's, and dW's over the input positions

    def each(blocks, work):
        return lambda: [work(i, rows) for i, rows in enumerate(blocks)]

    def unfold_dout(i, rows):
        im2col_batch_last(dp, FH, FH, 1, None, W, rows=rows, out=dcol)

    def dx_product(i, rows):
        np.matmul(turned, dcol[:, :len(rows) * W * N], out=dx[:, rows.start:rows.stop].reshape(C, -1))

    def dW_product(i, rows):
        np.matmul(dcol[:, :len(rows) * W * N], x_rows[:, rows.start:rows.stop].reshape(C, -1).T, out=parts[i])

    def book_dcol(i, rows):
        np.matmul(col_W, dout[:, rows.start:rows.stop].reshape(FN, -1), out=col[:, :len(rows) * out_w * N])

    def book_fold(i, rows):
        col2im_batch_last(col[:, :len(rows) * out_w * N], (N, C, H, W), FH, FH, 1, pad, rows=rows, add_to=dx_book)

    def book_unfold(i, rows):
        im2col_batch_last(xp, FH, FH, 1, None, out_w, rows=rows, out=col)

    def book_dW(i, rows):
        np.matmul(col[:, :len(rows) * out_w * N], dout[:, rows.start:rows.stop].reshape(FN, -1).T, out=dW_book[i])

    def book_dW_t(i, rows):
        np.matmul(dout[:, rows.start:rows.stop].reshape(FN, -1), col[:, :len(rows) * out_w * N].T, out=dW_book_t[i])

    book_flops = 2 * K * FN * out_h * out_w * N
    # by filter rows: blocks of about 1 MB of the rows' unfold U (FN*FH rows, Wp columns a row)
    Wp, sF, sY = dp.shape[2], dp.strides[0], dp.strides[1]
    split_blocks = layer._row_blocks(H, FN * FH * Wp * N * 4)
    turned_rows = np.ascontiguousarray(turned.reshape(C, FN, FH, FH).transpose(0, 3, 1, 2)).reshape(C * FH, FN * FH)
    U = np.empty((FN * FH, len(split_blocks[0]) * Wp * N), np.float32)
    Z = np.empty((C * FH, U.shape[1]), np.float32)
    shifted = np.zeros((C, FH, len(split_blocks[0]), Wp, N), np.float32)
    dx_split = np.empty((C, H, W, N), np.float32)
    split_parts = np.empty((len(split_blocks), FN * FH, C * FH), np.float32)

    def split_unfold(i, rows):
        cols = len(rows) * Wp * N
        np.copyto(U[:, :cols].reshape(FN, FH, cols), np.ndarray((FN, FH, cols), np.float32, dp, rows.start * sY, (sF, sY, 4)))

    def split_dx(i, rows):
        R, cols = len(rows), len(rows) * Wp * N
        np.matmul(turned_rows, U[:, :cols], out=Z[:, :cols])
        z, o = Z[:, :cols].reshape(C, FH, R, Wp, N), dx_split[:, rows.start:rows.stop]
        np.add(z[:, 0, :, 0:W], z[:, 1, :, 1:W + 1], out=o)
        for fx in range(2, FH):
            o += z[:, fx, :, fx:fx + W]

    def split_dW(i, rows):
        R, cols = len(rows), len(rows) * Wp * N
        xs = shifted[:, :, :R]
        for fx in range(FH):
            xs[:, fx, :, :fx] = 0
            xs[:, fx, :, fx + W:] = 0
            xs[:, fx, :, fx:fx + W] = x_rows[:, rows.start:rows.stop]
        np.matmul(U[:, :cols], xs.reshape(C * FH, cols).T, out=split_parts[i])

    split_flops = 2 * C * KF * H * Wp * N
    table = {
        "engine: pad dout": (lambda: layer._transposed(dout, H, W), 0),
        "engine: unfold dout": (each(blocks, unfold_dout), 0),
        "engine: dx product": (each(blocks, lambda i, r: (unfold_dout(i, r), dx_product(i, r))), flops),
        "engine: dW product": (each(blocks, lambda i, r: (unfold_dout(i, r), dW_product(i, r))), flops),
        "book: dcol product": (each(book_blocks, book_dcol), book_flops),
        "book: col2im": (each(book_blocks, lambda i, r: (book_dcol(i, r), book_fold(i, r))), 0),
        "book: unfold x": (each(book_blocks, book_unfold), 0),
        "book: dW col@dout.T": (each(book_blocks, lambda i, r: (book_unfold(i, r), book_dW(i, r))), book_flops),
        "book: dW dout@col.T": (each(book_blocks, lambda i, r: (book_unfold(i, r), book_dW_t(i, r))), book_flops),
        "rows: unfold dout": (each(split_blocks, split_unfold), 0),
        "rows: dx product, add": (each(split_blocks, lambda i, r: (split_unfold(i, r), split_dx(i, r))), split_flops),
        "rows: shift x, dW": (each(split_blocks, lambda i, r: (split_unfold(i, r), split_dW(i, r))), split_flops),
    }
    # every route once, checked against the engine's (float32: relative to the gradients' size)
    table["engine: pad dout"][0]()
    for i, rows in enumerate(blocks):
        unfold_dout(i, rows)
        dx_product(i, rows)
        dW_product(i, rows)
    for i, rows in enumerate(book_blocks):
        book_dcol(i, rows)
        book_fold(i, rows)
        book_unfold(i, rows)
        book_dW(i, rows)
    for i, rows in enumerate(split_blocks):
        split_unfold(i, rows)
        split_dx(i, rows)
        split_dW(i, rows)
    dW_engine = parts.sum(axis=0).reshape(FN, FH, FH, C)[:, ::-1, ::-1].transpose(0, 3, 1, 2)
    dW_other = dW_book.sum(axis=0).T.reshape(FN, C, FH, FH)
    dW_rows = split_parts.sum(axis=0).reshape(FN, FH, C, FH)[:, ::-1, :, ::-1].transpose(0, 2, 1, 3)
    for mine, theirs in ((dx_book, dx), (dW_other, dW_engine), (dx_split, dx), (dW_rows, dW_engine)):
        assert np.abs(mine - theirs).max() <= 1e-4 * np.abs(theirs).max(), "the routes disagree"
    return table, (len(blocks), len(book_blocks), len(split_blocks))


def timed(table, rounds):
    """Median CPU microseconds of each part, the parts alternating round by round."""
    times = {name: [] for name in table}
    for _ in range(rounds):
        for name, (work, _) in table.items():
            start = cpu()
            work()
            times[name].append(cpu() - start)
    return {name: 1e6 * statistics.median(value) for name, value in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", default="32,100", help="batch sizes, comma-separated")
    parser.add_argument("--layers", default=",".join(LAYERS), help="of " + ", ".join(LAYERS))
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"one thread (OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}), hot caches, "
          f"load average {os.getloadavg()[0]:.2f}; µs of CPU, medians of {args.rounds} rounds, the parts alternating")
    for N in (int(b) for b in args.batch.split(",")):
        for name in args.layers.split(","):
            C, FN, H, pad = LAYERS[name]
            table, (engine_blocks, book_blocks, split_blocks) = routes(C, FN, H, pad, N, rng)
            t = timed(table, args.rounds)
            # products timed with their own unfold: take the unfold off
            for part, unfold in (("engine: dx product", "engine: unfold dout"), ("engine: dW product", "engine: unfold dout"),
                                 ("book: col2im", "book: dcol product"), ("book: dW col@dout.T", "book: unfold x"),
                                 ("book: dW dout@col.T", "book: unfold x"), ("rows: dx product, add", "rows: unfold dout"),
                                 ("rows: shift x, dW", "rows: unfold dout")):
                t[part] = max(0.0, t[part] - t[unfold])
            engine = sum(t[p] for p in ("engine: pad dout", "engine: unfold dout", "engine: dx product", "engine: dW product"))
            book = (t["book: dcol product"] + t["book: col2im"] + t["book: unfold x"]
                    + min(t["book: dW col@dout.T"], t["book: dW dout@col.T"]))
            rows = sum(t[p] for p in ("engine: pad dout", "rows: unfold dout", "rows: dx product, add", "rows: shift x, dW"))
            print(f"\n{name} (C {C}, FN {FN}, {H}x{H}, pad {pad}) batch {N}: engine {engine:.0f} µs ({engine_blocks} blocks), "
                  f"book {book:.0f} ({book_blocks}): x{book / engine:.2f}, by filter rows {rows:.0f} ({split_blocks}): x{rows / engine:.2f}")
            for part, value in t.items():
                flops = table[part][1]
                rate = f"  {flops / value / 1e3:5.1f} GFLOP/s" if flops and value else ""
                print(f"  {part:22s} {value:7.0f}{rate}")

if __name__ == "__main__":
    main()
