"""Training throughput and peak memory of SimpleConvNet and DeepConvNet, beside PyTorch on the CPU.

    .venv/bin/python benchmarks/bench_training.py                 # both nets, both forms, 3 rounds
    .venv/bin/python benchmarks/bench_training.py --nets simple --conv fast --rounds 5 --json benchmarks/results/x.json

Every measurement runs in a fresh subprocess, so its ``ru_maxrss`` is the peak RSS of that
configuration alone. The library trains through ``workbench.nn.trainer.Trainer`` (Adam, batch 100)
on an MNIST-sized random data set (60,000 training images of 1×28×28, float32); PyTorch, when
installed, trains the same architecture with the same initial weights (``torch_twin``) with
``torch.set_num_threads(2)`` (``--threads`` sets both sides' threads: 1 compares one core with one core,
the library's engine then runs ``WORKBENCH_THREADS=1``). ``--conv`` picks the library's convolution layers: "fast" (the
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

try:                                        # before NumPy loads, as the `workbench` command does;
    from workbench.blas_kernels import choose_blas_kernels    # the runs inherit the choice, so a
    choose_blas_kernels()                   # --baseline runs on the same kernels
except ImportError:                         # a --baseline checkout from before the module
    pass

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
        elif row.kind in ("Affine", "FastAffine"):
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
        elif kind in ("Affine", "FastAffine"):
            if not flat:
                modules.append(nn.Flatten())
                flat = True
            m = nn.Linear(*layer.W.shape)
            m.weight.data = torch.from_numpy(np.array(layer.W.T, np.float32))
            m.bias.data = torch.from_numpy(np.array(layer.b, np.float32))
        elif kind in ("Relu", "FastRelu"):
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


def run_library(net, steps, warmup, train_size, conv, batch, threads=2):
    from workbench.nn.trainer import Trainer
    x, t = mnist_shaped_data(train_size, 1)
    network = build_network(net, conv=conv)
    trainer = Trainer(network, x, t, x[:100], t[:100], epochs=1000, mini_batch_size=batch,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    for _ in range(warmup):
        trainer.train_step()
    start = time.perf_counter()
    for _ in range(steps):
        trainer.train_step()
    return steps * batch / (time.perf_counter() - start)


def run_torch(net, steps, warmup, train_size, conv, batch, threads=2):
    import torch
    torch.set_num_threads(threads)
    x, t = mnist_shaped_data(train_size, 1)
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    model = torch_twin(build_network(net))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.from_numpy(np.random.default_rng(0).permutation(train_size))
    per_epoch = train_size // batch

    def step(i):
        i %= per_epoch
        idx = order[i * batch:(i + 1) * batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]), t[idx])
        loss.backward()
        optimizer.step()

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(warmup, warmup + steps):
        step(i)
    return steps * batch / (time.perf_counter() - start)


def child(args):
    """Run one configuration and print one JSON line: throughput and peak RSS."""
    run = run_library if args.child == "lib" else run_torch
    rss_before = peak_rss_mb()
    samples_per_sec = run(args.net, args.steps, args.warmup, args.train_size, args.conv, args.batch_one,
                          args.threads)
    print(json.dumps({"impl": args.child, "net": args.net, "conv": args.conv, "batch": args.batch_one,
                      "samples_per_sec": samples_per_sec, "peak_rss_mb": peak_rss_mb(),
                      "rss_after_imports_mb": rss_before}))


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


LOAD_CODE = ("import numpy as np\n"
             "a = np.random.default_rng(0).standard_normal((512, 512), dtype=np.float32)\n"
             "while True:\n    a @ a\n")


class BusyProcess:
    """The controlled load of a "loaded" run: one other process keeping one core busy with a NumPy
    matmul loop (512 x 512 float32, one BLAS thread), as another program on the machine would."""

    def __enter__(self):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        self.process = subprocess.Popen([sys.executable, "-c", LOAD_CODE], env=env)
        time.sleep(1.0)
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()


def spawn(side, net, batch, args):
    impl, conv, code = side
    steps = max(5, args.steps * 100 // batch // (3 if net == "deep" else 1))
    cmd = [sys.executable, os.path.abspath(__file__), "--child", impl, "--net", net, "--conv", conv,
           "--steps", str(steps), "--warmup", str(args.warmup), "--train-size", str(args.train_size),
           "--batch-one", str(batch), "--threads", str(args.threads)]
    env = dict(os.environ, WORKBENCH_THREADS=str(args.threads))
    if code:
        env["PYTHONPATH"] = code + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd="/").stdout
    return json.loads(out.strip().splitlines()[-1])


def torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def side_label(side):
    impl, conv, code = side
    if impl == "torch":
        return "torch"
    return f"lib {conv}" + (" (baseline)" if code else "")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nets", default=",".join(NETS))
    parser.add_argument("--conv", default=",".join(CONVS),
                        help="the library's convolution layers: fast, book or fast,book (default)")
    parser.add_argument("--batch", default="100", help="mini-batch sizes, comma-separated (e.g. 100,32)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=60,
                        help="timed steps at batch 100 (DeepConvNet: a third; smaller batches: more)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--train-size", type=int, default=60000)
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--baseline", metavar="DIR",
                        help="also run the library found in DIR (a checkout's root, put first on PYTHONPATH)")
    parser.add_argument("--load", choices=("quiet", "loaded", "both"), default="quiet",
                        help="loaded: each run beside one busy process (a NumPy matmul loop); both: each "
                             "round runs quiet, then loaded, and the ratio loaded/quiet is reported")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="GFLOPS",
                        help="before each run, wait until a 1024x1024 float32 matmul reaches this speed")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads of each side (2; 1 compares the two on one core)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--child", choices=("lib", "torch"), help=argparse.SUPPRESS)
    parser.add_argument("--net", choices=NETS, help=argparse.SUPPRESS)
    parser.add_argument("--batch-one", type=int, default=100, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    nets, convs, batches = args.nets.split(","), args.conv.split(","), [int(b) for b in args.batch.split(",")]
    unknown = [c for c in convs if c not in CONVS]
    if unknown:
        parser.error(f"--conv takes {', '.join(CONVS)} or both, comma-separated; got {args.conv}")
    baseline = os.path.abspath(args.baseline) if args.baseline else ""
    sides = [("lib", c, "") for c in convs] + ([("lib", "fast", baseline)] if baseline else [])
    if torch_available() and not args.no_torch:
        sides.append(("torch", "fast", ""))
    conditions = {"quiet": ["quiet"], "loaded": ["loaded"], "both": ["quiet", "loaded"]}[args.load]
    runs = {}
    gflops_seen, loads_seen = [], []
    for r in range(args.rounds):
        gflops_seen.append(matmul_gflops())
        for net in nets:
            for batch in batches:
                for condition in conditions:
                    for side in (sides if r % 2 == 0 else sides[::-1]):
                        probe = wait_until_quiet(args.wait_quiet) if args.wait_quiet else None
                        load_before = os.getloadavg()[0]
                        if condition == "loaded":
                            with BusyProcess():
                                result = spawn(side, net, batch, args)
                        else:
                            result = spawn(side, net, batch, args)
                        result.update({"matmul_gflops_before": probe, "load_average_before": load_before})
                        loads_seen.append(load_before)
                        runs.setdefault((side, net, batch, condition), []).append(result)
                        print(f"round {r + 1} {side_label(side):20} {net:6} batch {batch:3} {condition:6} "
                              f"{result['samples_per_sec']:8.0f} samples/s  peak RSS {result['peak_rss_mb']:.0f} MB"
                              f"  (load average {load_before:.2f})", flush=True)
    report = summarize(args, sides, nets, batches, conditions, runs, gflops_seen, loads_seen)
    if args.json:
        with open(args.json + ".tmp", "w") as f:
            json.dump(report, f, indent=1)
        os.replace(args.json + ".tmp", args.json)
    return report


def summarize(args, sides, nets, batches, conditions, runs, gflops_seen, loads_seen):
    """Medians, same-round ratios (library / PyTorch, library / baseline, loaded / quiet), printed and returned."""
    med = statistics.median
    report = {"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M"), "rounds": args.rounds,
              "threads": args.threads, "train_size": args.train_size, "optimizer": "Adam", "ceiling_gflops": CEILING_GFLOPS,
              "numpy_matmul_gflops_per_round": gflops_seen, "load_average_before_runs": loads_seen,
              "results": []}
    print(f"\nNumPy float32 matmul at the start of each round: {', '.join(f'{g:.0f}' for g in gflops_seen)} "
          f"GFLOP/s; load average before the runs {min(loads_seen):.2f}-{max(loads_seen):.2f}")
    torch_side = next((side for side in sides if side[0] == "torch"), None)
    for net in nets:
        flops = training_flops(build_network(net))
        for batch in batches:
            for condition in conditions:
                print(f"{net} batch {batch} {condition} ({flops / 1e6:.1f} MFLOP/sample):")
                for side in sides:
                    got = runs[side, net, batch, condition]
                    speeds = [g["samples_per_sec"] for g in got]
                    entry = {"net": net, "batch": batch, "condition": condition, "side": side_label(side),
                             "samples_per_sec": speeds, "median": med(speeds),
                             "peak_rss_mb": max(g["peak_rss_mb"] for g in got),
                             "ceiling_fraction": med(speeds) * flops / (CEILING_GFLOPS * 1e9)}
                    line = (f"  {side_label(side):20} {entry['median']:7.0f} samples/s (rounds "
                            f"{', '.join(f'{q:.0f}' for q in speeds)}; {100 * entry['ceiling_fraction']:.0f} % of "
                            f"{CEILING_GFLOPS:.0f} GFLOP/s), peak RSS {entry['peak_rss_mb']:.0f} MB")
                    others = [("PyTorch", torch_side)] if torch_side and side != torch_side else []
                    if side[0] == "lib" and not side[2] and len([s for s in sides if s[0] == "lib"]) > 1:
                        others += [(side_label(o), o) for o in sides if o[0] == "lib" and o != side]
                    for name, other in others:
                        ratios = [a / b["samples_per_sec"] for a, b in zip(speeds, runs[other, net, batch, condition])]
                        entry[f"ratio_to_{side_label(other)}"] = {"per_round": ratios, "median": med(ratios)}
                        line += (f"\n  {'':20}   / {name}: {med(ratios):.2f}x (rounds "
                                 f"{', '.join(f'{q:.2f}' for q in ratios)})")
                    if condition == "loaded" and "quiet" in conditions:
                        quiet = runs[side, net, batch, "quiet"]
                        ratios = [a / b["samples_per_sec"] for a, b in zip(speeds, quiet)]
                        entry["loaded_over_quiet"] = {"per_round": ratios, "median": med(ratios)}
                        line += (f"\n  {'':20}   loaded / quiet: {med(ratios):.2f}x (rounds "
                                 f"{', '.join(f'{q:.2f}' for q in ratios)})")
                    print(line)
                    report["results"].append(entry)
    return report


if __name__ == "__main__":
    main()
