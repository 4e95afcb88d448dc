"""Where the time of one training step goes: per layer, per kind of work, and against the GEMM bound.

    .venv/bin/python benchmarks/bench_step.py                       # DeepConvNet and SimpleConvNet, batch 100
    .venv/bin/python benchmarks/bench_step.py --nets deep --batch 32 --json benchmarks/results/step_deep_32.json
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/bench_step.py   # another version of the library

One thread (``WORKBENCH_THREADS=1``, BLAS limited to one thread too) and CPU time of that thread
(``time.thread_time``): the figures describe the work, and other processes on the machine change
them little. The GEMM bound of a layer is the time its multiply-adds take at the rate of one
large float32 product on one core of this machine, measured in the same run (``gemm_rate``); the
share of the bound is that time over the layer's measured time (100 % = every cycle in products
at the best rate). Within the fast engine's convolutions, the time is split into the products
(``np.matmul``), the copies that unfold and pad the windows (``im2col_batch_last``,
``pad_batch_last``), col2im, and the rest (Python, small arrays, transposes), by timing those
functions. The optimizer's update and the Trainer's own work (batch gathering, checks) are rows too.
Last, the time DeepConvNet takes to classify one 28x28 image (the drawing board's prediction; target
under 5 ms), one thread as above.
"""
import argparse
import json
import os
import sys
import time
from collections import defaultdict

os.environ.setdefault("WORKBENCH_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from workbench.blas_kernels import choose_blas_kernels  # noqa: E402

choose_blas_kernels()                       # before NumPy loads, as the `workbench` command does

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_training import build_network, mnist_shaped_data  # noqa: E402

clock = time.thread_time
PIECES = {"im2col_batch_last": "unfold", "pad_batch_last": "pad", "col2im_batch_last": "col2im"}


def gemm_rate(n=1024, repeat=10):
    """GFLOP/s of an n x n float32 product on this thread: the rate the bound is measured against."""
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    out = np.empty_like(a)
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        np.matmul(a, a, out=out)
        best = min(best, clock() - start)
    return 2 * n ** 3 / best / 1e9


def layer_flops(network, batch):
    """Multiply-add FLOPs of forward + backward of each convolution and Affine, by layer name."""
    flops, first = {}, True
    for row in network.summary():
        layer = network.layers.get(row.name)
        if getattr(layer, "W", None) is None or row.kind in ("BatchNormalization",):
            continue
        if layer.W.ndim == 4:
            FN, C, FH, FW = layer.W.shape
            forward = 2 * row.output_shape[1] * row.output_shape[2] * FN * C * FH * FW
        else:
            forward = 2 * layer.W.size
        flops[row.name] = forward * batch * (2 if first else 3)
        first = False
    return flops


class Timer:
    """Adds up CPU time by (layer, piece): the layer whose forward or backward is running, and the piece of work."""

    def __init__(self):
        self.totals = defaultdict(float)
        self.layer = None
        self.inner = 0.0

    def wrap_layer(self, name, layer):
        for method in ("forward", "backward"):
            original = getattr(layer, method)

            def timed(*args, _original=original, _name=name, _method=method, **kwargs):
                self.layer, outer_inner = (_name, _method), self.inner
                self.inner = 0.0
                start = clock()
                try:
                    return _original(*args, **kwargs)
                finally:
                    took = clock() - start
                    self.totals[_name, _method, "total"] += took
                    self.layer, self.inner = None, outer_inner
            setattr(layer, method, timed)

    def wrap_function(self, module, attr, piece):
        original = getattr(module, attr)

        def timed(*args, **kwargs):
            start = clock()
            try:
                return original(*args, **kwargs)
            finally:
                if self.layer is not None:
                    self.totals[(*self.layer, piece)] += clock() - start
        setattr(module, attr, timed)
        return original


def profile(net, batch, steps, warmup):
    from workbench.nn import fast_conv
    from workbench.nn.trainer import Trainer

    # more images than the steps take, so no epoch ends (its evaluation is not a training step)
    x, t = mnist_shaped_data(max((warmup + steps + 1) * batch, 2000), 1)
    network = build_network(net)
    trainer = Trainer(network, x, t, x[:batch], t[:batch], epochs=1000, mini_batch_size=batch,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    timer = Timer()
    for name, layer in network.layers.items():
        timer.wrap_layer(name, layer)
    for attr, piece in PIECES.items():
        if hasattr(fast_conv, attr):
            timer.wrap_function(fast_conv, attr, piece)
    matmul = timer.wrap_function(np, "matmul", "products")
    update = trainer.optimizer.update

    def timed_update(*args, **kwargs):
        start = clock()
        update(*args, **kwargs)
        timer.totals["optimizer", "update", "total"] += clock() - start
    trainer.optimizer.update = timed_update
    try:
        for _ in range(warmup):
            trainer.train_step()
        timer.totals.clear()
        start = clock()
        for _ in range(steps):
            trainer.train_step()
        step_seconds = (clock() - start) / steps
    finally:
        np.matmul = matmul
    per_step = {key: value / steps for key, value in timer.totals.items()}
    return network, step_seconds, per_step


def table(net, batch, steps, warmup):
    rate = gemm_rate()
    network, step, per_step = profile(net, batch, steps, warmup)
    flops = layer_flops(network, batch)
    rows, names = [], list(network.layers) + ["optimizer"]
    accounted = 0.0
    for name in names:
        total = sum(per_step.get((name, m, "total"), 0.0) for m in ("forward", "backward", "update"))
        if not total:
            continue
        accounted += total
        pieces = {piece: sum(per_step.get((name, m, piece), 0.0) for m in ("forward", "backward"))
                  for piece in ("products", "unfold", "pad", "col2im")}
        row = {"layer": name, "kind": type(network.layers[name]).__name__ if name in network.layers else "Adam",
               "forward_ms": 1e3 * per_step.get((name, "forward", "total"), 0.0),
               "backward_ms": 1e3 * per_step.get((name, "backward", "total"), 0.0),
               "total_ms": 1e3 * total, **{f"{p}_ms": 1e3 * v for p, v in pieces.items()},
               "rest_ms": 1e3 * (total - sum(pieces.values()))}
        if name in flops:
            bound = flops[name] / (rate * 1e9)
            row.update({"mflop": flops[name] / 1e6, "gflops": flops[name] / total / 1e9,
                        "bound_ms": 1e3 * bound, "share_of_bound": bound / total})
        rows.append(row)
    bound_step = sum(flops.values()) / (rate * 1e9)
    return {"net": net, "batch": batch, "gemm_rate_gflops": rate, "step_ms": 1e3 * step,
            "samples_per_sec_one_core": batch / step, "outside_layers_ms": 1e3 * (step - accounted),
            "bound_ms": 1e3 * bound_step, "share_of_bound": bound_step / step, "layers": rows}


def print_table(result):
    r = result
    print(f"\n{r['net']} batch {r['batch']}: one step {r['step_ms']:.1f} ms on one core "
          f"({r['samples_per_sec_one_core']:.0f} samples/s); GEMM bound {r['bound_ms']:.1f} ms at "
          f"{r['gemm_rate_gflops']:.0f} GFLOP/s = {100 * r['share_of_bound']:.0f} % of the bound")
    print(f"{'layer':10} {'kind':19} {'fwd ms':>7} {'bwd ms':>7} {'products':>8} {'unfold':>7} {'pad':>6} "
          f"{'col2im':>6} {'rest':>6} {'GFLOP/s':>7} {'bound':>6}")
    for row in r["layers"]:
        share = f"{100 * row['share_of_bound']:5.0f}%" if "share_of_bound" in row else ""
        gflops = f"{row['gflops']:7.1f}" if "gflops" in row else ""
        print(f"{row['layer']:10} {row['kind']:19} {row['forward_ms']:7.2f} {row['backward_ms']:7.2f} "
              f"{row['products_ms']:8.2f} {row['unfold_ms']:7.2f} {row['pad_ms']:6.2f} {row['col2im_ms']:6.2f} "
              f"{row['rest_ms']:6.2f} {gflops:>7} {share:>6}")
    kinds = defaultdict(float)
    for row in r["layers"]:
        if row["kind"].endswith("Convolution"):
            for piece in ("products", "unfold", "pad", "col2im", "rest"):
                kinds["convolution " + piece] += row[f"{piece}_ms"]
        else:
            kinds[row["kind"]] += row["total_ms"]
    kinds["outside the layers (Trainer, loss, batch)"] = r["outside_layers_ms"]
    print("where the step goes: " + ", ".join(f"{k} {v:.1f} ms ({100 * v / r['step_ms']:.0f} %)"
                                               for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))


def inference(repeat=200):
    """DeepConvNet's prediction for one 28x28 image (the drawing board's): median and p95 wall time."""
    from workbench.nn.networks import DeepConvNet

    network = DeepConvNet(rng=0)
    x = np.random.default_rng(0).random((1, 1, 28, 28), dtype=np.float32)
    for _ in range(10):
        network.predict(x)
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), clock()
        network.predict(x)
        walls.append(time.perf_counter() - wall)
        cpus.append(clock() - cpu)
    walls.sort()
    cpus.sort()
    result = {"median_ms": 1e3 * walls[repeat // 2], "p95_ms": 1e3 * walls[int(0.95 * repeat)],
              "cpu_median_ms": 1e3 * cpus[repeat // 2]}
    print(f"\nDeepConvNet, one 28x28 image: {result['median_ms']:.2f} ms median, {result['p95_ms']:.2f} ms p95 "
          f"(CPU {result['cpu_median_ms']:.2f} ms); target under 5 ms")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nets", default="deep,simple")
    parser.add_argument("--batch", default="100", help="mini-batch sizes, comma-separated")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    import workbench
    print(f"library: {os.path.dirname(workbench.__file__)}; load average {os.getloadavg()[0]:.2f}")
    results = []
    for net in args.nets.split(","):
        for batch in map(int, args.batch.split(",")):
            result = table(net, batch, max(3, args.steps * 100 // batch // (3 if net == "deep" else 1)),
                           args.warmup)
            print_table(result)
            results.append(result)
    one_digit = inference()
    if args.json:
        report = {"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M"),
                  "load_average": os.getloadavg(), "library": os.path.dirname(workbench.__file__),
                  "results": results, "inference_one_digit": one_digit}
        with open(args.json + ".tmp", "w") as f:
            json.dump(report, f, indent=1)
        os.replace(args.json + ".tmp", args.json)


if __name__ == "__main__":
    main()
