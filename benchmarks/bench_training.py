"""Training throughput and peak memory of SimpleConvNet and DeepConvNet, beside PyTorch on the CPU.

    .venv/bin/python benchmarks/bench_training.py                 # both nets, both forms, 3 rounds
    .venv/bin/python benchmarks/bench_training.py --nets simple --conv fast --rounds 5 --json benchmarks/results/x.json

Every measurement runs in a fresh subprocess, so its ``ru_maxrss`` is the peak RSS of that
configuration alone. The library trains through ``workbench.nn.trainer.Trainer`` (Adam, batch 100)
on an MNIST-sized random data set (60,000 training images of 1×28×28, float32); PyTorch, when
installed, trains the same architecture with the same initial weights (``torch_twin``) with
``torch.set_num_threads(2)``. ``--conv`` picks the library's convolution layers: "fast" (the
networks' default, ``BlockedConvolution``/``FastPooling``), "book" (the book's ``Convolution``/``Pooling``)
or both. The rounds alternate which side goes first, and each ratio is the median of the per-round
ratios to that round's PyTorch run, so load from other processes hits all sides alike.
FLOPs per sample are computed from the network's shapes (``training_flops``).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

CEILING_GFLOPS = 190.0   # float32 matmul on these 2 cores, nothing else running (issue 5)
NETS = ("simple", "deep")
CONVS = ("fast", "book")
CONV_KINDS = ("Convolution", "BlockedConvolution", "DirectConvolution")
POOL_KINDS = ("Pooling", "FastPooling")


def build_network(net, seed=0, dtype=np.float32, conv="fast"):
    """The book's configuration of ``net`` ('simple' or 'deep'), with the ``conv`` form of its layers."""
    from workbench.nn.networks import DeepConvNet, SimpleConvNet
    cls = {"simple": SimpleConvNet, "deep": DeepConvNet}[net]
    return cls(dtype=dtype, rng=seed, conv=conv)


def training_flops(network):
    """Multiply-add FLOPs of one training step per sample: forward, weight gradients, input gradients.

    Convolutions and Affine layers only (ReLU, pooling, softmax and the optimizer are a few per cent).
    The first layer's input gradient is not counted: neither side computes it.
    """
    total, first = 0, True
    for row in network.summary():
        layer = network.layers.get(row.name)
        if row.kind in CONV_KINDS:
            FN, C, FH, FW = layer.W.shape
            forward = 2 * row.output_shape[1] * row.output_shape[2] * FN * C * FH * FW
        elif row.kind == "Affine":
            forward = 2 * layer.W.size
        else:
            continue
        total += forward * (2 if first else 3)
        first = False
    return total


def torch_twin(network):
    """A ``torch.nn.Sequential`` with the layers and the current weights of a library network.

    Dropout is the book's (keep units unscaled while training, scale by 1 - ratio at test time),
    not ``nn.Dropout`` (which scales while training), so both sides compute the same function.
    """
    import torch
    from torch import nn

    class BookDropout(nn.Module):
        def __init__(self, ratio):
            super().__init__()
            self.ratio = ratio

        def forward(self, x):
            if self.training:
                return x * (torch.rand_like(x) > self.ratio)
            return x * (1.0 - self.ratio)
    modules, flat = [], False
    for layer_name, layer in network.layers.items():
        kind = type(layer).__name__
        if kind in CONV_KINDS:
            FN, C, FH, FW = layer.W.shape
            m = nn.Conv2d(C, FN, (FH, FW), stride=layer.stride, padding=layer.pad)
            m.weight.data = torch.from_numpy(np.array(layer.W, np.float32))
            m.bias.data = torch.from_numpy(np.array(layer.b, np.float32))
        elif kind == "Affine":
            if not flat:
                modules.append(nn.Flatten())
                flat = True
            m = nn.Linear(*layer.W.shape)
            m.weight.data = torch.from_numpy(np.array(layer.W.T, np.float32))
            m.bias.data = torch.from_numpy(np.array(layer.b, np.float32))
        elif kind == "Relu":
            m = nn.ReLU()
        elif kind in POOL_KINDS:
            m = nn.MaxPool2d((layer.pool_h, layer.pool_w), stride=layer.stride, padding=layer.pad)
        elif kind == "Dropout":
            m = BookDropout(layer.dropout_ratio)
        else:
            raise ValueError(f"no PyTorch twin for {layer_name} ({kind})")
        modules.append(m)
    return nn.Sequential(*modules)


def mnist_shaped_data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 1, 28, 28), dtype=np.float32)
    t = rng.integers(0, 10, n)
    return x, t


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_library(net, steps, warmup, train_size, conv):
    from workbench.nn.trainer import Trainer
    x, t = mnist_shaped_data(train_size, 1)
    network = build_network(net, conv=conv)
    trainer = Trainer(network, x, t, x[:100], t[:100], epochs=1, mini_batch_size=100,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    for _ in range(warmup):
        trainer.train_step()
    start = time.perf_counter()
    for _ in range(steps):
        trainer.train_step()
    return steps * 100 / (time.perf_counter() - start)


def run_torch(net, steps, warmup, train_size, conv=None):
    import torch
    torch.set_num_threads(2)
    x, t = mnist_shaped_data(train_size, 1)
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    model = torch_twin(build_network(net))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.from_numpy(np.random.default_rng(0).permutation(train_size))

    def step(i):
        idx = order[i * 100:(i + 1) * 100]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), t[idx])
        loss.backward()
        optimizer.step()

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(warmup, warmup + steps):
        step(i)
    return steps * 100 / (time.perf_counter() - start)


def child(args):
    """Run one configuration and print one JSON line: throughput and peak RSS."""
    run = run_library if args.child == "lib" else run_torch
    rss_before = peak_rss_mb()
    samples_per_sec = run(args.net, args.steps, args.warmup, args.train_size, args.conv)
    print(json.dumps({"impl": args.child, "net": args.net, "conv": args.conv, "samples_per_sec": samples_per_sec,
                      "peak_rss_mb": peak_rss_mb(), "rss_after_imports_mb": rss_before}))


def matmul_gflops(n=2048, repeat=5):
    """float32 matrix product speed of NumPy here and now: the ceiling as this run sees it."""
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    a @ a
    start = time.perf_counter()
    for _ in range(repeat):
        a @ a
    return 2 * n ** 3 * repeat / (time.perf_counter() - start) / 1e9


def wait_until_quiet(gflops, max_wait=120.0):
    """Wait (at most ``max_wait`` s) until a short matmul runs at ``gflops`` or more; returns the last speed.

    On a shared host the CPU this machine gets changes from second to second (here from under 60 to
    over 250 GFLOP/s); measuring only when it is near its best keeps the rounds comparable.
    """
    start, speed = time.monotonic(), 0.0
    while True:
        speed = matmul_gflops(n=1024, repeat=20)
        if speed >= gflops or time.monotonic() - start > max_wait:
            return speed
        time.sleep(1.0)


def spawn(impl, net, args, conv="fast"):
    cmd = [sys.executable, os.path.abspath(__file__), "--child", impl, "--net", net, "--conv", conv,
           "--steps", str(args.steps if net == "simple" else max(args.steps // 3, 5)),
           "--warmup", str(args.warmup), "--train-size", str(args.train_size)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nets", default=",".join(NETS))
    parser.add_argument("--conv", default=",".join(CONVS),
                        help="the library's convolution layers: fast, book or fast,book (default)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=60, help="timed steps (DeepConvNet: a third)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--train-size", type=int, default=60000)
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="GFLOPS",
                        help="before each run, wait until a 1024x1024 float32 matmul reaches this speed")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--child", choices=("lib", "torch"), help=argparse.SUPPRESS)
    parser.add_argument("--net", choices=NETS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    nets, convs = args.nets.split(","), args.conv.split(",")
    unknown = [c for c in convs if c not in CONVS]
    if unknown:
        parser.error(f"--conv takes {', '.join(CONVS)} or both, comma-separated; got {args.conv}")
    sides = [("lib", c) for c in convs] + ([("torch", "-")] if torch_available() and not args.no_torch else [])
    runs = {(impl, net, conv): [] for impl, conv in sides for net in nets}
    gflops_seen = []
    for r in range(args.rounds):
        gflops_seen.append(matmul_gflops())
        for net in nets:
            for impl, conv in (sides if r % 2 == 0 else sides[::-1]):
                if args.wait_quiet:
                    result_probe = wait_until_quiet(args.wait_quiet)
                result = spawn(impl, net, args, conv if impl == "lib" else "fast")
                if args.wait_quiet:
                    result["matmul_gflops_before"] = result_probe
                runs[impl, net, conv].append(result)
                label = f"{impl} {conv}" if impl == "lib" else impl
                print(f"round {r + 1} {label:9} {net:6} {result['samples_per_sec']:8.0f} samples/s  "
                      f"peak RSS {result['peak_rss_mb']:.0f} MB", flush=True)

    report = {"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M"), "rounds": args.rounds,
              "train_size": args.train_size, "batch": 100, "optimizer": "Adam", "ceiling_gflops": CEILING_GFLOPS,
              "numpy_matmul_gflops_per_round": gflops_seen, "nets": {}}
    print(f"\nNumPy float32 matmul now: {', '.join(f'{g:.0f}' for g in gflops_seen)} GFLOP/s "
          f"(ceiling {CEILING_GFLOPS:.0f})")
    with_torch = any(impl == "torch" for impl, _ in sides)
    for net in nets:
        flops = training_flops(build_network(net))
        entry = {"mflop_per_sample_step": flops / 1e6}
        lines = [f"{net:6} {flops / 1e6:5.1f} MFLOP/sample"]
        if with_torch:
            ref = [r["samples_per_sec"] for r in runs["torch", net, "-"]]
            entry.update({"torch_samples_per_sec": ref, "torch_median": statistics.median(ref),
                          "torch_matmul_gflops_before": [r.get("matmul_gflops_before") for r in runs["torch", net, "-"]],
                          "torch_peak_rss_mb": max(r["peak_rss_mb"] for r in runs["torch", net, "-"])})
            lines.append(f"{'':6} PyTorch        {entry['torch_median']:7.0f} samples/s "
                         f"(rounds: {', '.join(f'{q:.0f}' for q in ref)})")
        for conv in convs:
            lib = [r["samples_per_sec"] for r in runs["lib", net, conv]]
            form = {"samples_per_sec": lib, "median": statistics.median(lib),
                    "matmul_gflops_before": [r.get("matmul_gflops_before") for r in runs["lib", net, conv]],
                    "peak_rss_mb": max(r["peak_rss_mb"] for r in runs["lib", net, conv]),
                    "ceiling_fraction": statistics.median(lib) * flops / (CEILING_GFLOPS * 1e9)}
            line = (f"{'':6} library {conv:4}   {form['median']:7.0f} samples/s "
                    f"({100 * form['ceiling_fraction']:.1f} % of {CEILING_GFLOPS:.0f} GFLOP/s), "
                    f"peak RSS {form['peak_rss_mb']:.0f} MB")
            if with_torch:
                ratios = [a / b for a, b in zip(lib, ref)]
                form.update({"ratio_per_round": ratios, "ratio_median": statistics.median(ratios),
                             "ratio_min": min(ratios), "ratio_max": max(ratios),
                             "ratio_of_medians": form["median"] / entry["torch_median"]})
                line += (f"\n{'':6}   ratio library {conv}/PyTorch {form['ratio_median']:.2f}x "
                         f"(rounds: {', '.join(f'{q:.2f}' for q in ratios)}; "
                         f"ratio of the medians {form['ratio_of_medians']:.2f}x)")
            entry[conv] = form
            lines.append(line)
        if "fast" in convs and "book" in convs:
            speedups = [a["samples_per_sec"] / b["samples_per_sec"]
                        for a, b in zip(runs["lib", net, "fast"], runs["lib", net, "book"])]
            entry["fast_over_book_per_round"] = speedups
            lines.append(f"{'':6} fast engine / book form: {statistics.median(speedups):.2f}x "
                         f"(rounds: {', '.join(f'{q:.2f}' for q in speedups)})")
        report["nets"][net] = entry
        print("\n".join(lines))
    if args.json:
        with open(args.json + ".tmp", "w") as f:
            json.dump(report, f, indent=1)
        os.replace(args.json + ".tmp", args.json)
    return report


if __name__ == "__main__":
    main()
