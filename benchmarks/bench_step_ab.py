"""One training step of this checkout's layer library against another checkout's, in one process.

    git worktree add --detach /tmp/wb-main main        # or any checkout of the other version
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_step_ab.py --base /tmp/wb-main
    WORKBENCH_THREADS=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_step_ab.py --base /tmp/wb-main \
        --only ConvNet --paths Trainer        # the convolutional networks at batch 100 and 32, one core

The other checkout's `workbench` package is copied to a temporary folder as `wbbase` (its imports
renamed), so both libraries load side by side and their steps alternate in short rounds: a busy host
slows both alike. Time is CPU time (`time.process_time`), which waiting for a shared core does not
count; the figure is the minimum over the rounds (and the 10th percentile and the median, as checks).
``--clock wall`` times wall time instead, for two engine threads (a thread waiting for another uses no
CPU time, so the CPU clock cannot see what fewer parallel regions save); it is sensitive to load.

Two paths per network: "Trainer" (`Trainer.train_step`, what the app and `workbench train` run; the
epoch-end evaluation is left out) and "script" (`network.gradient`, then `optimizer.update`, as the
book's scripts call them). Used to check that the boundary checks of `workbench/nn/checks.py` and the
optimizers' gradient check cost a training step nothing measurable.
"""
import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from workbench.blas_kernels import choose_blas_kernels  # noqa: E402

choose_blas_kernels()                       # before NumPy loads, as the `workbench` command does

import numpy as np

CASES = {"TwoLayerNet 4-5-3, batch 8": ("TwoLayerNet(4, 5, 3, rng=0)", (8, 4), 3, 200, 200),
         "TwoLayerNet 784-50-10, batch 100": ("TwoLayerNet(784, 50, 10, rng=0)", (100, 784), 10, 20, 120),
         "SimpleConvNet, batch 100": ("SimpleConvNet(rng=0)", (100, 1, 28, 28), 10, 1, 60),
         "SimpleConvNet, batch 32": ("SimpleConvNet(rng=0)", (32, 1, 28, 28), 10, 3, 60),
         "DeepConvNet, batch 100": ("DeepConvNet(rng=0)", (100, 1, 28, 28), 10, 1, 20),
         "DeepConvNet, batch 32": ("DeepConvNet(rng=0)", (32, 1, 28, 28), 10, 1, 40)}


def renamed_copy(checkout: Path, folder: Path) -> None:
    """`checkout`/workbench copied to `folder`/wbbase, every `workbench` import renamed."""
    target = folder / "wbbase"
    shutil.copytree(checkout / "workbench", target)
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bworkbench\b(?=[.\s])", "wbbase", text), encoding="utf-8")


def steps(package: str, network: str, shape: tuple, classes: int) -> dict:
    """{"script": step, "Trainer": step} for `network` of `package` on random data."""
    networks = __import__(f"{package}.nn.networks", fromlist=["x"])
    optimizers = __import__(f"{package}.nn.optimizers", fromlist=["x"])
    trainer = __import__(f"{package}.nn.trainer", fromlist=["x"])
    rng = np.random.default_rng(0)
    net = eval(network, vars(networks))   # noqa: S307 - the constructor calls in CASES
    x, t = rng.random(shape, dtype=np.float32), rng.integers(0, classes, shape[0])
    adam = optimizers.Adam()
    n = shape[0] * 50
    xs, ts = rng.random((n, *shape[1:]), dtype=np.float32), rng.integers(0, classes, n)
    run = trainer.Trainer(eval(network, vars(networks)), xs, ts, xs[:10], ts[:10], epochs=10 ** 6,   # noqa: S307
                          mini_batch_size=shape[0], optimizer="adam", optimizer_param={"lr": 1e-4}, verbose=False,
                          rng=0, stop_if_not_learning=False)
    run._end_epoch = lambda: None
    return {"script": lambda: adam.update(net.params, net.gradient(x, t)), "Trainer": run.train_step}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (its workbench/ folder)")
    parser.add_argument("--only", default="", help="cases whose name contains this (e.g. 'ConvNet')")
    parser.add_argument("--paths", default="Trainer,script", help="'Trainer', 'script' or both")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="CPU time of the process (default: robust to load, but blind to a thread "
                             "waiting for another) or wall time (what two engine threads gain or lose)")
    parser.add_argument("--rounds", type=float, default=1.0, help="a multiple of each case's rounds")
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    with tempfile.TemporaryDirectory() as folder:
        renamed_copy(args.base, Path(folder))
        sys.path.insert(0, folder)
        for name, (network, shape, classes, reps, rounds) in CASES.items():
            if args.only not in name:
                continue
            base, this = steps("wbbase", network, shape, classes), steps("workbench", network, shape, classes)
            for path in args.paths.split(","):
                times = {"base": [], "this": []}
                for r in range(max(2, round(rounds * args.rounds))):
                    order = (("base", base), ("this", this)) if r % 2 else (("this", this), ("base", base))
                    for side, step in order:
                        start = clock()
                        for _ in range(reps):
                            step[path]()
                        times[side].append((clock() - start) / reps)
                b, s = sorted(times["base"]), sorted(times["this"])
                m = len(b) // 2
                print(f"{name:34s} {path:8s} base {b[0] * 1e6:9.1f} µs  this {s[0] * 1e6:9.1f} µs  "
                      f"{(s[0] / b[0] - 1) * 100:+5.1f} %  (10th percentile {(s[len(s) // 10] / b[len(b) // 10] - 1) * 100:+5.1f} %, "
                      f"median {(s[m] / b[m] - 1) * 100:+5.1f} %)", flush=True)


if __name__ == "__main__":
    main()
