"""Where each convolution's forward spends its time inside a training step, against its parts run alone.

    WORKBENCH_THREADS=2 OPENBLAS_NUM_THREADS=1 chrt -f 10 .venv/bin/python benchmarks/bench_conv_forward.py
    WORKBENCH_THREADS=2 OPENBLAS_NUM_THREADS=1 chrt -f 10 .venv/bin/python benchmarks/bench_conv_forward.py --batch 100

Issue 21, stop 45: DeepConvNet loses to PyTorch in its convolutions' forward. For each convolution of
the network, inside ``Trainer.train_step``, this prints the forward's wall time and the CPU time (of
the thread that ran it) of its parts: the padding copy, and per block of output rows the unfold, the
product and the fused ReLU; then the same block's unfold and product run alone, over and over (hot
caches), and the product's GFLOP/s both ways (in the step: the layer's products over their CPU time;
alone: the first block's). The difference between the two is what the step's
memory traffic costs (cold padded buffers, the unfolded block and OpenBLAS's packed copy of it
sharing the core's cache, the other thread's work). The engine's own code runs unchanged: the
timings wrap ``pad_batch_last``, ``BlockedConvolution._unfold`` and the NumPy calls fast_conv makes.
"""
import argparse
import os
import statistics
import sys
import time
from collections import defaultdict

try:
    from workbench.blas_kernels import choose_blas_kernels
    choose_blas_kernels()                   # before NumPy loads, as the `workbench` command does
except ImportError:
    pass

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_training import build_network, mnist_shaped_data  # noqa: E402

from workbench.nn import fast_conv  # noqa: E402
from workbench.nn.trainer import Trainer  # noqa: E402

cpu = time.thread_time
_inside = [None]                            # the convolution whose forward is running, if any
_parts = defaultdict(list)                  # (layer name, part) -> CPU seconds of each call


def _timed(function, part):
    """``function`` that notes its CPU time under ``part`` while a convolution's forward runs."""
    def call(*args, **kwargs):
        name = _inside[0]
        if name is None:
            return function(*args, **kwargs)
        start = cpu()
        try:
            return function(*args, **kwargs)
        finally:
            _parts[name, part].append(cpu() - start)
    return call


class _TimedNumpy:
    """NumPy as fast_conv sees it, with ``matmul`` and ``maximum`` timed (the product, the ReLU)."""
    matmul = staticmethod(_timed(np.matmul, "product"))
    maximum = staticmethod(_timed(np.maximum, "ReLU"))

    def __getattr__(self, name):
        return getattr(np, name)


def instrument(network):
    """Time the parts of every BlockedConvolution's forward in ``network``; returns the forward walls."""
    fast_conv.np = _TimedNumpy()
    fast_conv.pad_batch_last = _timed(fast_conv.pad_batch_last, "padding")
    unfold = fast_conv.BlockedConvolution._unfold
    fast_conv.BlockedConvolution._unfold = _timed(unfold, "unfold")
    walls = defaultdict(list)
    for name, layer in network.layers.items():
        if isinstance(layer, fast_conv.BlockedConvolution):
            def forward(x, _forward=layer.forward, _name=name):
                _inside[0] = _name
                start = time.perf_counter()
                try:
                    return _forward(x)
                finally:
                    _inside[0] = None
                    walls[_name].append(time.perf_counter() - start)
            layer.forward = forward
    return walls


def alone(layer, repeat=200):
    """Median seconds of one block's unfold and of its product, run alone with hot caches; the block's shape."""
    FN, C, FH, FW = layer.W.shape
    _, out_h, out_w = layer.out_shape[1:]
    xp, N, K = layer._padded, layer.out_shape[0], C * FH * FW
    blocks = layer._forward_blocks(out_h, (K + 1) * out_w * N * xp.itemsize)
    W_b = np.concatenate([layer.W.reshape(FN, -1), fast_conv.bias_column(layer.b, FN, layer.W.dtype)], axis=1)
    col = layer._unfold(xp, FH, FW, layer.stride, blocks, 0, out_w, True)
    out = np.empty((FN, col.shape[1]), dtype=col.dtype)
    times = {"unfold": [], "product": []}
    for _ in range(repeat):
        start = cpu()
        layer._unfold(xp, FH, FW, layer.stride, blocks, 0, out_w, True)
        middle = cpu()
        np.matmul(W_b, col, out=out)
        times["unfold"].append(middle - start)
        times["product"].append(cpu() - middle)
    return {key: statistics.median(value) for key, value in times.items()}, col.shape, len(blocks)


def instrumented_steps(description, instrument, parts):
    """The command line's network trained ``--steps`` steps with ``instrument(network)``'s timings on
    (after 5 steps to warm up, whose figures ``parts`` and the walls forget): (args, network, walls)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--net", default="deep", choices=("deep", "simple"))
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    x, t = mnist_shaped_data(max(2000, (args.steps + 6) * args.batch), 1)
    network = build_network(args.net)
    trainer = Trainer(network, x, t, x[:args.batch], t[:args.batch], epochs=1000, mini_batch_size=args.batch,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    walls = instrument(network)
    for _ in range(5):
        trainer.train_step()
    walls.clear()
    parts.clear()
    for _ in range(args.steps):
        trainer.train_step()
    fast_conv.np = np                       # the parts alone run untimed
    return args, network, walls


def main() -> None:
    args, network, walls = instrumented_steps(__doc__.splitlines()[0], instrument, _parts)
    med = statistics.median
    print(f"{args.net} batch {args.batch}, {os.environ.get('WORKBENCH_THREADS', 'default')} engine threads, "
          f"load average {os.getloadavg()[0]:.2f}; µs, medians of {args.steps} steps (CPU time of the thread "
          f"that ran each part; the forward in wall time)")
    print(f"{'layer':6s} {'forward':>8s} {'padding':>8s} {'blocks':>7s} {'block 1 (K+1 x cols)':>21s} "
          f"{'unfold':>7s} {'product':>8s} {'ReLU':>6s} | {'alone: unfold':>13s} {'product':>8s} | GFLOP/s step/alone")
    for name, forward_walls in walls.items():
        layer = network.layers[name]
        hot, shape, count = alone(layer)
        part = {key: med(_parts[name, key]) if _parts[name, key] else 0.0
                for key in ("padding", "unfold", "product", "ReLU")}
        N, FN, out_h, out_w = layer.out_shape
        step_rate = 2 * FN * shape[0] * out_h * out_w * N / (sum(_parts[name, "product"]) / args.steps) / 1e9
        hot_rate = 2 * FN * shape[0] * shape[1] / hot["product"] / 1e9
        print(f"{name:6s} {1e6 * med(forward_walls):8.0f} {1e6 * part['padding']:8.0f} {count:7d} "
              f"{f'{shape[0]} x {shape[1]}':>21s} {1e6 * part['unfold']:7.0f} {1e6 * part['product']:8.0f} "
              f"{1e6 * part['ReLU']:6.0f} | {1e6 * hot['unfold']:13.0f} {1e6 * hot['product']:8.0f} | "
              f"{step_rate:5.0f} / {hot_rate:3.0f}")


if __name__ == "__main__":
    main()
