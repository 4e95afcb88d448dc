"""Each layer's forward time inside a training step, the library beside PyTorch, two threads, wall time.

    chrt -f 10 .venv/bin/python benchmarks/bench_layer_times.py                   # DeepConvNet, batch 32
    chrt -f 10 .venv/bin/python benchmarks/bench_layer_times.py --net deep --batch 100 --rounds 3

Where a step loses to PyTorch, layer by layer (issue 21, stop 43). Each side runs in its own process
(PyTorch's threads and the engine's would compete in one), the rounds alternating which goes first;
the figures are medians over the rounds of each round's mean per step. The library's layers are timed
around their ``forward`` and ``backward`` inside ``Trainer.train_step``; PyTorch's modules by forward
hooks, with its whole forward, backward and optimizer step timed around the calls (its autograd runs
the backward of all modules in one call). The library's backward of a convolution or an Affine layer
leaves the weight gradient's products to the engine's helper (``fast_conv._GradientsLater``), so its
per-layer backward is the part that holds the calling thread up; the products left over are in
"after the layers". Run with ``chrt -f 10`` on a shared machine.
"""
import argparse
import json
import os
import statistics
import subprocess
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
from bench_training import build_network, mnist_shaped_data, torch_twin  # noqa: E402

clock = time.perf_counter


def library_side(net, batch, steps, warmup):
    """{'layer name': [forward, backward]} and {'step': …} in seconds a step, the library's Trainer."""
    from workbench.nn.trainer import Trainer
    x, t = mnist_shaped_data(max(2000, (steps + warmup + 1) * batch), 1)
    network = build_network(net)
    trainer = Trainer(network, x, t, x[:batch], t[:batch], epochs=1000, mini_batch_size=batch,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    totals = defaultdict(float)
    for name, layer in network.layers.items():
        for method in ("forward", "backward"):
            original = getattr(layer, method)

            def timed(*args, _original=original, _key=f"{name} {method}", **kwargs):
                start = clock()
                try:
                    return _original(*args, **kwargs)
                finally:
                    totals[_key] += clock() - start
            setattr(layer, method, timed)
    for _ in range(warmup):
        trainer.train_step()
    totals.clear()
    start = clock()
    for _ in range(steps):
        trainer.train_step()
    totals["step"] = clock() - start
    return {key: value / steps for key, value in totals.items()}


def torch_side(net, batch, steps, warmup, threads):
    """The same figures for PyTorch: each module's forward, and the whole forward, backward and optimizer step."""
    import torch
    torch.set_num_threads(threads)
    network = build_network(net)
    model = torch_twin(network)
    modules = [m for m in model if not isinstance(m, torch.nn.Flatten)]
    totals, started = defaultdict(float), {}
    for name, module in zip(network.layers, modules):
        module.register_forward_pre_hook(lambda m, args, _name=name: started.__setitem__(_name, clock()))
        module.register_forward_hook(lambda m, args, out, _name=name: totals.__setitem__(
            f"{_name} forward", totals[f"{_name} forward"] + clock() - started[_name]))
    x, t = mnist_shaped_data(max(2000, (steps + warmup + 1) * batch), 1)
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    optimizer, loss_fn = torch.optim.Adam(model.parameters(), lr=0.001), torch.nn.CrossEntropyLoss()
    order = np.random.default_rng(0).permutation(len(x))

    def step(i):
        index = torch.from_numpy(order[i * batch % (len(x) - batch):][:batch])
        begin = clock()
        loss = loss_fn(model(x[index]), t[index])
        forward = clock()
        optimizer.zero_grad()
        loss.backward()
        backward = clock()
        optimizer.step()
        end = clock()
        totals["forward"] += forward - begin
        totals["backward"] += backward - forward
        totals["optimizer"] += end - backward
        totals["step"] += end - begin
    for i in range(warmup):
        step(i)
    totals.clear()
    for i in range(steps):
        step(warmup + i)
    return {key: value / steps for key, value in totals.items()}


def spawn(side, args):
    cmd = [sys.executable, os.path.abspath(__file__), "--child", side, "--net", args.net, "--batch", str(args.batch),
           "--steps", str(args.steps), "--threads", str(args.threads)]
    env = dict(os.environ, WORKBENCH_THREADS=str(args.threads), OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", default="deep", choices=("deep", "simple"))
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--child", choices=("lib", "torch"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "lib":
        print(json.dumps(library_side(args.net, args.batch, args.steps, 5)))
        return
    if args.child == "torch":
        print(json.dumps(torch_side(args.net, args.batch, args.steps, 5, args.threads)))
        return
    runs = defaultdict(list)
    for r in range(args.rounds):
        for side in (("lib", "torch") if r % 2 == 0 else ("torch", "lib")):
            runs[side].append(spawn(side, args))
    lib = {key: statistics.median(run.get(key, 0.0) for run in runs["lib"]) for key in runs["lib"][0]}
    torch_ = {key: statistics.median(run.get(key, 0.0) for run in runs["torch"]) for key in runs["torch"][0]}
    ms = 1e3
    print(f"{args.net} batch {args.batch}, {args.threads} threads, {args.rounds} rounds, load average "
          f"{os.getloadavg()[0]:.2f}; ms a step")
    print(f"{'layer':10s} {'library fwd':>11s} {'PyTorch fwd':>11s} {'library bwd':>11s}")
    names = [key[:-len(' forward')] for key in lib if key.endswith(" forward")]
    for name in names:
        print(f"{name:10s} {ms * lib[f'{name} forward']:11.2f} {ms * torch_.get(f'{name} forward', 0.0):11.2f} "
              f"{ms * lib.get(f'{name} backward', 0.0):11.2f}")
    forward = sum(lib[f"{name} forward"] for name in names)
    backward = sum(lib.get(f"{name} backward", 0.0) for name in names)
    print(f"library: layers' forward {ms * forward:.2f}, layers' backward {ms * backward:.2f}, after the layers "
          f"(loss, dW left for later, Adam, Trainer) {ms * (lib['step'] - forward - backward):.2f}; step "
          f"{ms * lib['step']:.2f}")
    print(f"PyTorch: forward {ms * torch_['forward']:.2f}, backward {ms * torch_['backward']:.2f}, optimizer "
          f"{ms * torch_['optimizer']:.2f}; step {ms * torch_['step']:.2f}; PyTorch / library "
          f"{torch_['step'] / lib['step']:.2f}x")


if __name__ == "__main__":
    main()
