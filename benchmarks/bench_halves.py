"""The engine's two threads inside each layer against two threads that each take half the batch.

    .venv/bin/python benchmarks/bench_halves.py --nets deep,simple --batch 32,100 --rounds 8

The engine (workbench/nn/workers.py) splits every layer's work into blocks shared by its threads:
a DeepConvNet step at batch 32 opens 22 parallel regions, each costing a helper's wake-up. The
other way, data parallelism: two copies of the network share the parameters (each its own layers'
caches), each runs forward and backward on half the mini-batch on one thread with the engine at one
thread, and the two gradients are averaged: one join a step, but each half is a smaller batch,
less efficient per image on one core, and the halves' Python code takes turns with the GIL.
A question, not a feature: the script times `network.gradient` both ways, alternating in short
rounds, wall time (what waiting costs is the point), and prints the medians and their ratio.
On a shared machine, run it with `chrt -f 10` (as root) or on a quiet one: wall time follows load.
"""
import argparse
import os
import threading
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from workbench.nn.networks import DeepConvNet, SimpleConvNet

NETS = {"deep": DeepConvNet, "simple": SimpleConvNet}


def sharing_copy(net, Net):
    """Another ``Net`` whose layers hold ``net``'s parameter arrays (its own caches and dropout)."""
    copy = Net(rng=np.random.default_rng(1))
    for key, (name, attr) in copy._owners.items():
        setattr(copy.layers[name], attr, net.params[key])
    copy.params = net.params
    return copy


class Halves:
    """``gradient(x, t)``: the first half on the calling thread, the second on a helper, averaged."""

    def __init__(self, net, copy):
        self.net, self.copy = net, copy
        self._go, self._done = threading.Semaphore(0), threading.Semaphore(0)
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self):
        while True:
            self._go.acquire()
            self._grads = self.copy.gradient(self._x, self._t)
            self._done.release()

    def gradient(self, x, t):
        h = len(x) // 2
        self._x, self._t = x[h:], t[h:]
        self._go.release()
        mine = self.net.gradient(x[:h], t[:h])
        self._done.acquire()
        w = h / len(x)
        return {key: w * mine[key] + (1 - w) * self._grads[key] for key in mine}


def wall_ms(call, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return [1e3 * s for s in times]


def compare(name, batch, rounds, steps=10):
    rng = np.random.default_rng(0)
    Net = NETS[name]
    net = Net(rng=np.random.default_rng(0))
    halves = Halves(net, sharing_copy(net, Net))
    x = rng.random((batch, 1, 28, 28), dtype=np.float32)
    t = rng.integers(0, 10, batch)

    def engine():
        os.environ["WORKBENCH_THREADS"] = "2"
        net.gradient(x, t)

    def data_parallel():
        os.environ["WORKBENCH_THREADS"] = "1"
        halves.gradient(x, t)

    wall_ms(engine, 3), wall_ms(data_parallel, 3)
    a, b = [], []
    for _ in range(rounds):
        a += wall_ms(engine, steps)
        b += wall_ms(data_parallel, steps)
    a, b = np.median(a), np.median(b)
    print(f"{name} batch {batch}: engine, 2 threads a layer {a:.2f} ms; halves, a thread each {b:.2f} ms; "
          f"engine / halves {a / b:.3f} (load {os.getloadavg()[0]:.1f})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nets", default="deep,simple")
    parser.add_argument("--batch", default="32,100")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    for name in args.nets.split(","):
        for batch in (int(b) for b in args.batch.split(",")):
            compare(name, batch, args.rounds)


if __name__ == "__main__":
    main()
