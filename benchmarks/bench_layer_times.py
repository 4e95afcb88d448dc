"""Each layer's forward and backward time inside a training step, the library beside PyTorch, two threads, wall time.

    chrt -f 10 .venv/bin/python benchmarks/bench_layer_times.py                   # DeepConvNet, batch 32
    chrt -f 10 .venv/bin/python benchmarks/bench_layer_times.py --net deep --batch 100 --rounds 3

Where a step loses to PyTorch, layer by layer (issue 21, stop 43). Each side runs in its own process
(PyTorch's threads and the engine's would compete in one), the rounds alternating which goes first;
the figures are medians over the rounds of each round's mean per step. The library's layers are timed
around their ``forward`` and ``backward`` inside ``Trainer.train_step``; PyTorch's modules by forward
hooks, and their backward by backward pre-hooks (autograd runs every module's backward in one call, on
the calling thread: a module's backward is the time from its pre-hook to the next module's, so it
holds its weight gradient's product and accumulation; the first layer's runs to the end of
``backward()``). PyTorch's whole forward, backward and optimizer step are timed first without hooks
(the step and the ratio), then the same steps again with them (the table; hooks cost a little).

The library's backward of a convolution or an Affine layer leaves the weight gradient's products to
the engine's helper (``fast_conv._GradientsLater``), so its per-layer backward ("bwd") is the part that
holds the calling thread up, and the products left over are finished when the network gathers the
gradients (``dW left``). A second set of steps settles each layer's gradient inside its timed backward
("bwd+dW": the layer's whole backward on two threads, PyTorch's measure, but without the overlap, so
not what a step costs). "After the layers" splits into the loss layer, the dW left, the Trainer's check
and Adam. Run with ``chrt -f 10`` on a shared machine.
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
    """{'layer forward'/'layer backward'/'layer backward+dW': seconds a step, and the step's other parts},
    the library's Trainer."""
    from workbench.nn.trainer import Trainer
    x, t = mnist_shaped_data(max(2000, 2 * (steps + warmup + 1) * batch), 1)
    network = build_network(net)
    trainer = Trainer(network, x, t, x[:batch], t[:batch], epochs=1000, mini_batch_size=batch,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    totals, settle = defaultdict(float), [False]

    def wrap(owner, method, key, settled=None):
        original = getattr(owner, method)

        def timed(*args, **kwargs):
            start = clock()
            try:
                result = original(*args, **kwargs)
                if settled is not None and settle[0]:
                    settled()
                return result
            finally:
                totals[key + (" settled" if settled is not None and settle[0] else "")] += clock() - start
        setattr(owner, method, timed)
    for name, layer in network.layers.items():
        wrap(layer, "forward", f"{name} forward")
        wrap(layer, "backward", f"{name} backward", getattr(layer, "_settle", lambda: None))
    wrap(network.last_layer, "forward", "loss layer")
    wrap(network.last_layer, "backward", "loss layer")
    wrap(network, "gradient", "gradient")
    wrap(trainer, "_non_finite", "check")
    wrap(trainer.optimizer, "update", "Adam")
    figures = {}
    for settle[0] in (False, True):
        for _ in range(warmup):
            trainer.train_step()
        totals.clear()
        start = clock()
        for _ in range(steps):
            trainer.train_step()
        totals["step settled" if settle[0] else "step"] = clock() - start
        figures.update({key: value / steps for key, value in totals.items()
                        if not settle[0] or key.endswith(" settled")})
    layers = sum(value for key, value in figures.items() if key.endswith((" forward", " backward")))
    figures["dW left"] = figures.pop("gradient") - layers - figures["loss layer"]
    return figures


def torch_side(net, batch, steps, warmup, threads):
    """The same figures for PyTorch: the whole forward, backward and optimizer step without hooks,
    then each module's forward and backward with hooks."""
    import torch
    torch.set_num_threads(threads)
    network = build_network(net)
    model = torch_twin(network)
    modules = [m for m in model if not isinstance(m, torch.nn.Flatten)]
    totals, started, last = defaultdict(float), {}, [None, 0.0]

    def backward_began(name):           # a module's backward runs until the next one's begins
        now = clock()
        if last[0] is not None:
            totals[f"{last[0]} backward"] += now - last[1]
        last[:] = name, now

    def hook():
        for name, module in zip(network.layers, modules):
            module.register_forward_pre_hook(lambda m, args, _name=name: started.__setitem__(_name, clock()))
            module.register_forward_hook(lambda m, args, out, _name=name: totals.__setitem__(
                f"{_name} forward", totals[f"{_name} forward"] + clock() - started[_name]))
            module.register_full_backward_pre_hook(lambda m, grad, _name=name: backward_began(_name))
    x, t = mnist_shaped_data(max(2000, 2 * (steps + warmup + 1) * batch), 1)
    x, t = torch.from_numpy(x), torch.from_numpy(t)
    optimizer, loss_fn = torch.optim.Adam(model.parameters(), lr=0.001), torch.nn.CrossEntropyLoss()
    order = np.random.default_rng(0).permutation(len(x))

    def step(i):
        index = torch.from_numpy(order[i * batch % (len(x) - batch):][:batch])
        begin = clock()
        loss = loss_fn(model(x[index]), t[index])
        forward = clock()
        optimizer.zero_grad()
        last[0] = None
        loss.backward()
        backward = clock()
        if last[0] is not None:
            totals[f"{last[0]} backward"] += backward - last[1]
        optimizer.step()
        end = clock()
        totals["forward"] += forward - begin
        totals["backward"] += backward - forward
        totals["optimizer"] += end - backward
        totals["step"] += end - begin
    figures = {}
    for hooked in (False, True):
        if hooked:
            hook()
        for i in range(warmup):
            step(i)
        totals.clear()
        for i in range(steps):
            step(warmup + i)
        figures.update({(key if not hooked or " " in key else f"{key} hooked"): value / steps
                        for key, value in totals.items()})
    return figures


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
    print(f"{'layer':10s} {'fwd':>6s} {'PyTorch':>7s} {'bwd':>6s} {'bwd+dW':>6s} {'PyTorch':>7s}")
    names = [key[:-len(' forward')] for key in lib if key.endswith(" forward")]
    for name in names:
        print(f"{name:10s} {ms * lib[f'{name} forward']:6.2f} {ms * torch_.get(f'{name} forward', 0.0):7.2f} "
              f"{ms * lib.get(f'{name} backward', 0.0):6.2f} {ms * lib.get(f'{name} backward settled', 0.0):6.2f} "
              f"{ms * torch_.get(f'{name} backward', 0.0):7.2f}")
    forward = sum(lib[f"{name} forward"] for name in names)
    backward = sum(lib.get(f"{name} backward", 0.0) for name in names)
    settled = sum(lib.get(f"{name} backward settled", 0.0) for name in names)
    after = lib["step"] - forward - backward
    print(f"library: layers' forward {ms * forward:.2f}, layers' backward {ms * backward:.2f} "
          f"(with dW settled in each: {ms * settled:.2f}), after the layers {ms * after:.2f} (loss layer "
          f"{ms * lib['loss layer']:.2f}, dW left {ms * lib['dW left']:.2f}, check {ms * lib['check']:.2f}, Adam "
          f"{ms * lib['Adam']:.2f}, the rest {ms * (after - lib['loss layer'] - lib['dW left'] - lib['check'] - lib['Adam']):.2f}); "
          f"step {ms * lib['step']:.2f} (with dW settled in each layer: {ms * lib['step settled']:.2f})")
    hooked = sum(torch_.get(f"{name} backward", 0.0) for name in names)
    print(f"PyTorch: forward {ms * torch_['forward']:.2f}, backward {ms * torch_['backward']:.2f} (the modules' "
          f"{ms * hooked:.2f} of {ms * torch_['backward hooked']:.2f} with hooks), optimizer "
          f"{ms * torch_['optimizer']:.2f}; step {ms * torch_['step']:.2f} ({ms * torch_['step hooked']:.2f} with "
          f"hooks); PyTorch / library {torch_['step'] / lib['step']:.2f}x")

if __name__ == "__main__":
    main()
