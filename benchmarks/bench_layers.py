"""Forward + backward time of the networks' convolution engine (BlockedConvolution, FastPooling, FastRelu),
and of im2col/col2im alone, beside PyTorch.

    .venv/bin/python benchmarks/bench_layers.py                    # every case, 5 rounds
    .venv/bin/python benchmarks/bench_layers.py --only deep --rounds 9 --json benchmarks/results/bench_layers.json
    .venv/bin/python benchmarks/bench_layers.py --threads 1        # one thread per side: steadier on a busy machine

Shapes are those of SimpleConvNet and DeepConvNet at batch 100, float32. A layer that follows a
convolution gets its input in the layout the previous BlockedConvolution returns (batch-last memory),
as it does in a network, and its upstream gradient in its own output's layout. The first layer of
a network skips its input gradient on both sides. PyTorch runs the same operation in the same
process with the same number of threads (2 by default: ``torch.set_num_threads`` and the engine's
``WORKBENCH_THREADS``; the engine's BLAS runs one thread); rounds alternate which side goes first, and the ratio printed is the
median over rounds of torch time / library time (above 1: the library is faster).
"""
import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass

from workbench.blas_kernels import choose_blas_kernels  # noqa: E402

choose_blas_kernels()                       # before NumPy loads, as the `workbench` command does

import numpy as np

from workbench.nn.im2col import col2im, im2col
from workbench.nn.fast_conv import BlockedConvolution, FastPooling, FastRelu


@dataclass(frozen=True)
class Case:
    net: str
    name: str
    kind: str                 # "conv", "pool", "relu", "im2col", "col2im"
    x_shape: tuple
    filters: tuple = ()       # (FN, FH, FW) for conv, im2col and col2im; (pool_h, pool_w) for pool
    stride: int = 1
    pad: int = 0
    first: bool = False       # first layer: input straight from the data set, no input gradient


CASES = [
    Case("simple", "conv1 1->30 5x5", "conv", (100, 1, 28, 28), (30, 5, 5), first=True),
    Case("simple", "relu1 30x24x24", "relu", (100, 30, 24, 24)),
    Case("simple", "pool1 2x2 s2 30x24x24", "pool", (100, 30, 24, 24), (2, 2), stride=2),
    Case("simple", "im2col 1x28x28 5x5", "im2col", (100, 1, 28, 28), (30, 5, 5), first=True),
    Case("deep", "conv1 1->16 3x3 p1", "conv", (100, 1, 28, 28), (16, 3, 3), pad=1, first=True),
    Case("deep", "conv2 16->16 3x3 p1", "conv", (100, 16, 28, 28), (16, 3, 3), pad=1),
    Case("deep", "pool1 2x2 s2 16x28x28", "pool", (100, 16, 28, 28), (2, 2), stride=2),
    Case("deep", "conv3 16->32 3x3 p1", "conv", (100, 16, 14, 14), (32, 3, 3), pad=1),
    Case("deep", "conv4 32->32 3x3 p2", "conv", (100, 32, 14, 14), (32, 3, 3), pad=2),
    Case("deep", "pool2 2x2 s2 32x16x16", "pool", (100, 32, 16, 16), (2, 2), stride=2),
    Case("deep", "conv5 32->64 3x3 p1", "conv", (100, 32, 8, 8), (64, 3, 3), pad=1),
    Case("deep", "conv6 64->64 3x3 p1", "conv", (100, 64, 8, 8), (64, 3, 3), pad=1),
    Case("deep", "pool3 2x2 s2 64x8x8", "pool", (100, 64, 8, 8), (2, 2), stride=2),
    Case("deep", "relu 16x28x28", "relu", (100, 16, 28, 28)),
    Case("deep", "im2col 16x28x28 3x3 p1", "im2col", (100, 16, 28, 28), (16, 3, 3), pad=1),
    Case("deep", "col2im 16x28x28 3x3 p1", "col2im", (100, 16, 28, 28), (16, 3, 3), pad=1),
]


def batch_last(x):
    """``x`` with the memory layout a Convolution's output has: (C, H, W, N) underneath an (N, C, H, W) view."""
    return np.ascontiguousarray(x.transpose(1, 2, 3, 0)).transpose(3, 0, 1, 2)


def conv_flops(case):
    N, C, H, W = case.x_shape
    FN, FH, FW = case.filters
    out_h = (H + 2 * case.pad - FH) // case.stride + 1
    out_w = (W + 2 * case.pad - FW) // case.stride + 1
    return 2 * N * out_h * out_w * FN * C * FH * FW * (2 if case.first else 3)


def library_step(case, rng):
    """A function that runs the library's forward and backward once for ``case``."""
    x = rng.standard_normal(case.x_shape, dtype=np.float32)
    if not case.first:
        x = batch_last(x)
    if case.kind == "conv":
        FN, FH, FW = case.filters
        W = (0.1 * rng.standard_normal((FN, case.x_shape[1], FH, FW))).astype(np.float32)
        layer = BlockedConvolution(W, np.zeros(FN, np.float32), case.stride, case.pad, input_grad=not case.first)
    elif case.kind == "pool":
        layer = FastPooling(*case.filters, case.stride, case.pad)
    elif case.kind == "relu":
        layer = FastRelu()                 # in place, as in a network: repeated calls see rectified values
    elif case.kind == "im2col":
        return lambda: im2col(x, case.filters[1], case.filters[2], case.stride, case.pad)
    else:
        col = im2col(x, case.filters[1], case.filters[2], case.stride, case.pad)
        return lambda: col2im(col, case.x_shape, case.filters[1], case.filters[2], case.stride, case.pad)
    dout = layer.forward(x).copy(order="K")

    def step():
        layer.forward(x)
        layer.backward(dout)
    return step


def torch_step(case, rng):
    import torch
    F = torch.nn.functional
    x = torch.from_numpy(rng.standard_normal(case.x_shape, dtype=np.float32))
    if case.kind in ("im2col", "col2im"):
        _, FH, FW = case.filters
        if case.kind == "im2col":
            return lambda: F.unfold(x, (FH, FW), padding=case.pad, stride=case.stride)
        col = F.unfold(x, (FH, FW), padding=case.pad, stride=case.stride)
        return lambda: F.fold(col, case.x_shape[2:], (FH, FW), padding=case.pad, stride=case.stride)
    x.requires_grad_(not case.first)
    if case.kind == "conv":
        FN, FH, FW = case.filters
        W = torch.randn(FN, case.x_shape[1], FH, FW).mul_(0.1).requires_grad_()
        b = torch.zeros(FN, requires_grad=True)
        forward = lambda: F.conv2d(x, W, b, stride=case.stride, padding=case.pad)   # noqa: E731
    elif case.kind == "pool":
        forward = lambda: F.max_pool2d(x, case.filters, case.stride, case.pad)      # noqa: E731
    else:
        forward = lambda: F.relu(x)                                                  # noqa: E731
    dout = torch.randn(forward().shape)

    def step():
        forward().backward(dout)
    return step


def best_time(step, repeat):
    step()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(case, rounds, repeat, use_torch):
    rng = np.random.default_rng(0)
    lib = library_step(case, rng)
    ref = torch_step(case, rng) if use_torch else None
    lib_times, ratios, ref_times = [], [], []
    for r in range(rounds):
        order = [("lib", lib), ("torch", ref)] if r % 2 == 0 else [("torch", ref), ("lib", lib)]
        got = {name: best_time(step, repeat) for name, step in order if step is not None}
        lib_times.append(got["lib"])
        if ref is not None:
            ref_times.append(got["torch"])
            ratios.append(got["torch"] / got["lib"])
    result = {"net": case.net, "case": case.name, "lib_ms": 1e3 * min(lib_times)}
    if case.kind == "conv":
        result["lib_gflops"] = conv_flops(case) / min(lib_times) / 1e9
    if ratios:
        result["torch_ms"] = 1e3 * min(ref_times)
        result["ratio"] = statistics.median(ratios)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("simple", "deep"), help="one network's shapes only")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per round (the best counts)")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--threads", type=int, default=2, help="threads for the engine and for PyTorch")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    os.environ["WORKBENCH_THREADS"] = str(args.threads)
    use_torch = not args.no_torch
    if use_torch:
        try:
            import torch
            torch.set_num_threads(args.threads)
        except ImportError:
            use_torch = False
    print(f"{args.threads} thread(s) per side, load average {os.getloadavg()[0]:.2f} at the start")
    print(f"{'case':34} {'library ms':>10} {'torch ms':>9} {'torch/lib':>9}  GFLOP/s")
    results = []
    for case in CASES:
        if args.only and case.net != args.only:
            continue
        r = measure(case, args.rounds, args.repeat, use_torch)
        results.append(r)
        print(f"{case.net + ' ' + case.name:34} {r['lib_ms']:10.2f} {r.get('torch_ms', float('nan')):9.2f} "
              f"{r.get('ratio', float('nan')):9.2f}  {r.get('lib_gflops', float('nan')):7.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
