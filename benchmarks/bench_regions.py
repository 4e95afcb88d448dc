"""Parallel regions of one training step: the calls of ``workers.run`` that wake a helper thread, by layer.

    .venv/bin/python benchmarks/bench_regions.py                          # DeepConvNet, batch 32 and 100
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/bench_regions.py   # another version

Each region costs a helper's wake-up (about 40 µs in this VM) and whatever the calling thread does
alone while it waits, so their number is what "fewer, larger regions" (issue 21) counts. A call whose
tasks are too few for two threads runs on the calling thread alone and is counted apart ("alone").
The count is of the second step (the first allocates). Two engine threads; nothing is timed.
"""
import argparse
import os
import sys
from collections import Counter

os.environ["WORKBENCH_THREADS"] = "2"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from workbench.nn import networks, workers  # noqa: E402
from workbench.nn.optimizers import Adam  # noqa: E402


def counted_step(network, batch):
    """{caller: regions} and {caller: calls run alone} of one step of ``network`` at ``batch``."""
    regions, alone = Counter(), Counter()
    original = workers.Workers.run

    def run(self, task, count, threads=None, required=None):
        caller = sys._getframe(1)
        owner = caller.f_locals.get("self")
        name = f"{type(owner).__name__}.{caller.f_code.co_name}" if owner is not None else caller.f_code.co_name
        (regions if min(workers.thread_count(), count) > 1 else alone)[name] += 1
        return original(self, task, count, threads, required)

    rng = np.random.default_rng(0)
    x, t = rng.random((batch, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, batch)
    adam = Adam()
    adam.update(network.params, network.gradient(x, t))
    workers.Workers.run = run
    try:
        adam.update(network.params, network.gradient(x, t))
    finally:
        workers.Workers.run = original
    return regions, alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", default="DeepConvNet", choices=("DeepConvNet", "SimpleConvNet"))
    parser.add_argument("--batch", default="32,100", help="batch sizes, comma-separated")
    args = parser.parse_args()
    print(f"library: {os.path.dirname(networks.__file__)}")
    for batch in (int(b) for b in args.batch.split(",")):
        regions, alone = counted_step(getattr(networks, args.net)(rng=0), batch)
        print(f"{args.net} batch {batch}: {sum(regions.values())} regions, {sum(alone.values())} calls alone")
        for name in sorted(set(regions) | set(alone)):
            print(f"  {name:32s} {regions[name]:3d} regions {alone[name]:3d} alone")


if __name__ == "__main__":
    main()
