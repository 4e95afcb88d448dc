"""How busy the engine's helper thread is during a training step, two threads, wall time.

    chrt -f 10 .venv/bin/python benchmarks/bench_busy.py                      # DeepConvNet, batch 32 and 100
    PYTHONPATH=/path/to/other/checkout chrt -f 10 .venv/bin/python benchmarks/bench_busy.py   # another version

The step's median wall time, and per step the time the helper spent in tasks and the time the calling
thread did (``workers._Job.do``, timed on both threads). What the helper does not spend in tasks is
the step's work that one thread does alone: Python between the layers, the element-wise regions too
small to share, the Trainer and the optimizer (issue 21, stop 43: what moving the weight gradients'
products there gained). Run with ``chrt -f 10`` on a shared machine, so that other processes do not
preempt the two threads.
"""
import argparse
import os
import sys
import time
from collections import defaultdict

os.environ.setdefault("WORKBENCH_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from workbench.blas_kernels import choose_blas_kernels  # noqa: E402

choose_blas_kernels()                       # before NumPy loads, as the `workbench` command does

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_training import build_network, mnist_shaped_data  # noqa: E402


def measure(net, batch, steps, warmup=5):
    """(median wall seconds a step, helper seconds in tasks a step, caller seconds in tasks a step)."""
    from workbench.nn import workers
    from workbench.nn.trainer import Trainer
    x, t = mnist_shaped_data(max((warmup + steps + 1) * batch, 2000), 1)
    trainer = Trainer(build_network(net), x, t, x[:batch], t[:batch], epochs=1000, mini_batch_size=batch,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    busy, clock = defaultdict(float), time.perf_counter
    job = workers._Job
    timed_method = "do" if hasattr(job, "do") else "work"     # versions before stop 43 had only work()
    original = getattr(job, timed_method)

    def timed(self, *args):
        start = clock()
        try:
            return original(self, *args)
        finally:
            busy[args[-1]] += clock() - start               # the slot: 0 the caller, 1 the helper
    setattr(job, timed_method, timed)
    try:
        for _ in range(warmup):
            trainer.train_step()
        busy.clear()
        walls = []
        for _ in range(steps):
            start = clock()
            trainer.train_step()
            walls.append(clock() - start)
    finally:
        setattr(job, timed_method, original)
    return float(np.median(walls)), busy[1] / steps, busy[0] / steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nets", default="deep", help="'deep', 'simple' or both, comma-separated")
    parser.add_argument("--batch", default="32,100", help="batch sizes, comma-separated")
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    from workbench.nn import workers
    print(f"library: {os.path.dirname(workers.__file__)}; {workers.thread_count()} engine threads; "
          f"load average {os.getloadavg()[0]:.2f}")
    for net in args.nets.split(","):
        for batch in map(int, args.batch.split(",")):
            wall, helper, caller = measure(net, batch, args.steps)
            print(f"{net} batch {batch}: {1e3 * wall:.2f} ms a step (median); helper in tasks {1e3 * helper:.2f} ms "
                  f"({100 * helper / wall:.0f} % of the step), calling thread in tasks {1e3 * caller:.2f} ms")


if __name__ == "__main__":
    main()
