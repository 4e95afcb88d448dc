"""How well a training step could use two threads, estimated from one thread's work (survives load).

    .venv/bin/python benchmarks/bench_scaling.py --nets deep,simple --batch 100,32

Runs Trainer steps with the engine's parallel regions (``workers.run``) executed in order on one
thread, timing each task in CPU time (``time.thread_time``; busy neighbours change it little), with
the pieces cut as for ``--threads`` threads. Then it replays each region as two threads would take
the tasks, in order, whichever is free first, the helper starting ``--latency`` late, and adds the
time spent outside regions (or in one-task regions), which one thread does alone. The result is
an upper bound on the two-thread speed-up from the work's shape alone (serial parts, uneven blocks,
wake-up latency); memory bandwidth shared by the cores and the GIL come on top of it. It also lists
the layers whose work stays serial.
"""
import argparse
import os
import sys
import time
from collections import defaultdict

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--nets", default="deep,simple")
parser.add_argument("--batch", default="100,32")
parser.add_argument("--threads", type=int, default=2, help="threads the pieces are cut for (2)")
parser.add_argument("--latency", type=float, default=30e-6, help="helper's start delay per region, s")
parser.add_argument("--steps", type=int, default=10)
args = parser.parse_args()
os.environ["WORKBENCH_THREADS"] = str(args.threads)
os.environ["OPENBLAS_NUM_THREADS"] = "1"

from workbench.blas_kernels import choose_blas_kernels  # noqa: E402

choose_blas_kernels()                       # before NumPy loads, as the `workbench` command does

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_training import build_network  # noqa: E402

from workbench.nn import workers  # noqa: E402
from workbench.nn.trainer import Trainer  # noqa: E402

regions = []
in_regions = [0.0]     # CPU time in regions of more than one task so far


def sequential_run(self, task, count, threads=None, required=None):
    """Every task in order, now (a region that lets its caller go on early finishes here too)."""
    durations = []
    for i in range(count):
        start = time.thread_time()
        task(i, 0)
        durations.append(time.thread_time() - start)
    regions.append(durations)
    if count > 1:
        in_regions[0] += sum(durations)


def makespan(durations, threads, latency):
    free = [0.0] + [latency] * (threads - 1)
    for d in durations:
        k = free.index(min(free))
        free[k] += d
    return max(f for f in free if f > latency or f == free[0])


def measure(net, batch):
    network = build_network(net)
    rng = np.random.default_rng(0)
    n = batch * (args.steps + 10)
    x, t = rng.random((n, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, n)
    trainer = Trainer(network, x, t, x[:10], t[:10], epochs=10 ** 6, mini_batch_size=batch,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0,
                      stop_if_not_learning=False)
    trainer._end_epoch = lambda: None          # an epoch's evaluation is not a training step
    serial = defaultdict(float)
    for name, layer in network.layers.items():
        for method in ("forward", "backward"):
            original = getattr(layer, method)

            def timed(*a, _original=original, _key=f"{name}.{method}", **k):
                before, start = in_regions[0], time.thread_time()
                try:
                    return _original(*a, **k)
                finally:
                    serial[_key] += time.thread_time() - start - (in_regions[0] - before)
            setattr(layer, method, timed)
    for _ in range(3):
        trainer.train_step()
    regions.clear()
    serial.clear()
    start = time.thread_time()
    for _ in range(args.steps):
        trainer.train_step()
    total = (time.thread_time() - start) / args.steps
    parallel = [r for r in regions if len(r) > 1]
    shared = sum(sum(r) for r in parallel) / args.steps
    alone = total - shared
    span = sum(makespan(r, args.threads, args.latency) for r in parallel) / args.steps
    ideal = shared / args.threads
    estimate = alone + span
    print(f"{net} batch {batch}: one thread {1e3 * total:.1f} ms a step; alone {1e3 * alone:.2f} ms, in "
          f"{len(parallel) / args.steps:.0f} parallel regions {1e3 * shared:.1f} ms; {args.threads} threads "
          f"at best {1e3 * estimate:.1f} ms ({total / estimate:.2f}x; even split {1e3 * (alone + ideal):.1f} ms)")
    # layer time outside parallel regions, per step (approximate: regions inside a layer are subtracted)
    top = sorted(serial.items(), key=lambda kv: -kv[1])[:6]
    print("  most time alone: " + ", ".join(f"{k} {1e3 * v / args.steps:.2f} ms" for k, v in top))


workers.Workers.run = sequential_run
for net in args.nets.split(","):
    for batch in map(int, args.batch.split(",")):
        measure(net, batch)
