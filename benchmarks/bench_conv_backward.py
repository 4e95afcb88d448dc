"""Where each convolution's backward spends its time inside a training step, against its parts run alone.

    WORKBENCH_THREADS=2 OPENBLAS_NUM_THREADS=1 chrt -f 10 .venv/bin/python benchmarks/bench_conv_backward.py
    WORKBENCH_THREADS=2 OPENBLAS_NUM_THREADS=1 chrt -f 10 .venv/bin/python benchmarks/bench_conv_backward.py --batch 100

Issue 21, stop 46: the backward's counterpart of ``bench_conv_forward.py``. For each convolution of the
network, inside ``Trainer.train_step``, this prints the backward's wall time (the calling thread, until
dx is done), the wall time the network later waits for the weight gradient's blocks left for the
helper (``settle``), and the CPU time (of the thread that ran each) of the parts: the padding of dout
(dx as a convolution), per dx block the unfold of padded dout and the product with the turned filters,
per dW block the unfold of the padded input and the product with dout, and the blocks' sum; then a dx
block's and a dW block's unfold and product run alone, over and over (hot caches), and the products'
GFLOP/s both ways. ``bound`` is the layer's backward products at the rate they reach alone on two
perfect threads. The engine's own code runs unchanged: the timings wrap ``pad_batch_last``,
``BlockedConvolution._unfold``/``_add_up``/``_settle`` and the NumPy calls fast_conv makes.
"""
import os
import statistics
import sys
import threading
import time
from collections import defaultdict

try:
    from workbench.blas_kernels import choose_blas_kernels
    choose_blas_kernels()                   # before NumPy loads, as the `workbench` command does
except ImportError:
    pass

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_conv_forward import instrumented_steps  # noqa: E402

from workbench.nn import fast_conv  # noqa: E402

cpu = time.thread_time
_phase = ["other"]                          # "forward" while a convolution's forward runs
_parts = defaultdict(list)                  # (layer name, part) -> CPU seconds of each call
_last = threading.local()                   # the layer and kind ("dx", "dW") of this thread's last unfold
_shared = [hasattr(fast_conv.BlockedConvolution, "_backward_shared")]   # dW from dx's blocks (stop 46)


def _timed_product(function):
    """np.matmul, its CPU time noted under the kind of this thread's last unfold, outside forward."""
    def call(*args, **kwargs):
        where = getattr(_last, "where", None)
        if _phase[0] == "forward" or where is None:
            return function(*args, **kwargs)
        start = cpu()
        try:
            return function(*args, **kwargs)
        finally:
            _parts[where[0], f"{where[1]} product"].append(cpu() - start)
            # dx's block is multiplied twice where dW comes from the same block (stop 46): dx, then dW
            _last.where = (where[0], "dW") if where[1] == "dx" and _shared[0] else None
    return call


class _TimedNumpy:
    """NumPy as fast_conv sees it, with ``matmul`` timed."""
    matmul = staticmethod(_timed_product(np.matmul))

    def __getattr__(self, name):
        return getattr(np, name)


def instrument(network):
    """Time the parts of every BlockedConvolution's backward in ``network``; returns the walls."""
    names = {id(layer): name for name, layer in network.layers.items()}
    fast_conv.np = _TimedNumpy()
    unfold, add_up, pad = (fast_conv.BlockedConvolution._unfold, fast_conv.BlockedConvolution._add_up,
                           fast_conv.pad_batch_last)

    def timed_unfold(self, src, fh, fw, stride, blocks, i, out_w, ones_row):
        if _phase[0] == "forward":
            return unfold(self, src, fh, fw, stride, blocks, i, out_w, ones_row)
        start = cpu()
        try:
            return unfold(self, src, fh, fw, stride, blocks, i, out_w, ones_row)
        finally:
            kind = "dW" if ones_row else "dx"
            _parts[names[id(self)], f"{kind} unfold"].append(cpu() - start)
            _last.where = names[id(self)], kind

    def timed_add_up(self, parts):
        start = cpu()
        try:
            return add_up(self, parts)
        finally:
            _parts[names[id(self)], "sum"].append(cpu() - start)
    current = [None]

    def timed_pad(*args, **kwargs):
        if _phase[0] == "forward" or current[0] is None:
            return pad(*args, **kwargs)
        start = time.perf_counter()
        try:
            return pad(*args, **kwargs)
        finally:
            _parts[current[0], "dout padding"].append(time.perf_counter() - start)
    fast_conv.BlockedConvolution._unfold = timed_unfold
    fast_conv.BlockedConvolution._add_up = timed_add_up
    fast_conv.pad_batch_last = timed_pad
    walls = defaultdict(lambda: defaultdict(list))
    for name, layer in network.layers.items():
        if not isinstance(layer, fast_conv.BlockedConvolution):
            continue

        def forward(x, _forward=layer.forward):
            _phase[0] = "forward"
            try:
                return _forward(x)
            finally:
                _phase[0] = "other"

        def backward(dout, _backward=layer.backward, _name=name):
            current[0] = _name
            start = time.perf_counter()
            try:
                return _backward(dout)
            finally:
                current[0] = None
                walls[_name]["backward"].append(time.perf_counter() - start)

        def settle(_settle=layer._settle, _name=name, _layer=layer):
            if _layer._pending is None or _phase[0] == "forward":
                return _settle()
            start = time.perf_counter()
            try:
                return _settle()
            finally:
                walls[_name]["settle"].append(time.perf_counter() - start)
        layer.forward, layer.backward, layer._settle = forward, backward, settle
    return walls


def alone(layer, repeat=200):
    """Median CPU seconds of the first dx block's and dW block's unfold and product, alone with hot caches."""
    FN, C, FH, FW = layer.W.shape
    N, _, out_h, out_w = layer.out_shape
    xp, K = layer._padded, C * FH * FW
    H, W = layer.x.shape[2:]
    dout = np.random.default_rng(0).standard_normal((FN, out_h, out_w, N)).astype(xp.dtype)
    blocks = layer._row_blocks(out_h, (K + 1) * out_w * N * xp.itemsize)
    parts = np.empty((K + 1, FN), dtype=xp.dtype)
    times, shapes = defaultdict(list), {}
    jobs = [("dW", lambda: layer._unfold(xp, FH, FW, layer.stride, blocks, 0, out_w, True),
             lambda col: np.matmul(col, dout[:, blocks[0].start:blocks[0].stop].reshape(FN, -1).T, out=parts))]
    shared = _shared[0] and layer.input_grad and layer.stride == 1 and layer.pad <= min(FH, FW) - 1
    if layer.input_grad and layer.stride == 1:
        dx_blocks, turned, dp = layer._transposed(dout, H, W)
        dx = np.empty((C, H, W, N), dtype=xp.dtype)
        rows = dx_blocks[0]
        jobs.append(("dx", lambda: layer._unfold(dp, FH, FW, 1, dx_blocks, 0, W, False),
                     lambda col: np.matmul(turned, col, out=dx[:, rows.start:rows.stop].reshape(C, -1))))
        if shared:                  # dW from dx's block: no unfold of its own
            x_rows = np.ascontiguousarray(layer.x.transpose(1, 2, 3, 0))[:, rows.start:rows.stop].reshape(C, -1)
            turned_parts = np.empty((turned.shape[1], C), dtype=xp.dtype)
            jobs[0] = ("dW", jobs[1][1], lambda col: np.matmul(col, x_rows.T, out=turned_parts))
    for kind, make, multiply in jobs:
        col = make()
        shapes[kind] = col.shape
        for _ in range(repeat):
            start = cpu()
            col = make()
            middle = cpu()
            multiply(col)
            times[f"{kind} unfold"].append(0.0 if shared and kind == "dW" else middle - start)
            times[f"{kind} product"].append(cpu() - middle)
    return {key: statistics.median(value) for key, value in times.items()}, shapes


def main() -> None:
    args, network, walls = instrumented_steps(__doc__.splitlines()[0], instrument, _parts)
    _phase[0] = "forward"
    steps = args.steps
    print(f"{args.net} batch {args.batch}, {os.environ.get('WORKBENCH_THREADS', 'default')} engine threads, "
          f"load average {os.getloadavg()[0]:.2f}; µs a step (means of {steps} steps; the parts' CPU time "
          f"on the thread that ran them, summed over the blocks; backward and settle in wall time)")
    print(f"{'layer':6s} {'bwd':>5s} {'settle':>6s} {'pad':>4s} | {'dx':>3s} {'unfold':>6s} {'prod':>5s} | "
          f"{'dW':>3s} {'unfold':>6s} {'prod':>5s} {'sum':>4s} | {'alone: dx unf':>13s} {'prod':>5s} "
          f"{'dW unf':>6s} {'prod':>5s} | GFLOP/s dx, dW step/alone | bound")
    for name, wall in walls.items():
        layer = network.layers[name]
        hot, shapes = alone(layer)

        def total(part):
            return sum(_parts[name, part]) / steps

        def count(part):
            return len(_parts[name, part]) // steps
        N, FN, out_h, out_w = layer.out_shape
        K = layer.W[0].size
        H, W = layer.x.shape[2:]
        shared = count("dW unfold") == 0 and count("dx unfold") > 0
        flops = {"dx": 2 * FN * K * H * W * N if "dx" in shapes else 0,
                 "dW": 2 * FN * K * H * W * N if shared else 2 * FN * (K + 1) * out_h * out_w * N}
        rates = []
        for kind in ("dx", "dW"):
            if kind not in shapes:
                rates.append("   -/  -")
                continue
            rows, cols = shapes[kind]
            hot_flops = 2 * rows * cols * (FN if kind == "dW" and not shared else layer.W.shape[1])
            rates.append(f"{flops[kind] / total(f'{kind} product') / 1e9:4.0f}/{hot_flops / hot[f'{kind} product'] / 1e9:3.0f}")
        dW_blocks = count("dx unfold") if shared else count("dW unfold")
        bound = 0.0
        for kind in shapes:
            rows, cols = shapes[kind]
            hot_rate = 2 * rows * cols * (FN if kind == "dW" and not shared else layer.W.shape[1]) / hot[f"{kind} product"]
            bound += flops[kind] / hot_rate / 2
        print(f"{name:6s} {1e6 * sum(wall['backward']) / steps:5.0f} {1e6 * sum(wall['settle']) / steps:6.0f} "
              f"{1e6 * total('dout padding'):4.0f} | {count('dx unfold'):3d} {1e6 * total('dx unfold'):6.0f} "
              f"{1e6 * total('dx product'):5.0f} | {dW_blocks:3d} {1e6 * total('dW unfold'):6.0f} "
              f"{1e6 * total('dW product'):5.0f} {1e6 * total('sum'):4.0f} | "
              f"{1e6 * hot.get('dx unfold', 0) * count('dx unfold'):13.0f} {1e6 * hot.get('dx product', 0) * count('dx unfold'):5.0f} "
              f"{1e6 * hot['dW unfold'] * dW_blocks:6.0f} {1e6 * hot['dW product'] * dW_blocks:5.0f} | "
              f"{rates[0]}, {rates[1]} | {1e6 * bound:5.0f}")


if __name__ == "__main__":
    main()
