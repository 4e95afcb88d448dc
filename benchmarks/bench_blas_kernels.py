"""Training throughput on two of OpenBLAS's kernel sets, in alternating runs (workbench/blas_kernels.py).

    .venv/bin/python benchmarks/bench_blas_kernels.py                     # SkylakeX against Haswell
    .venv/bin/python benchmarks/bench_blas_kernels.py --a SkylakeX --b Zen --pairs 8

Each run is one `bench_training.py` child (the library, two engine threads, 60,000 training images
so no epoch ends inside the timed steps) with OPENBLAS_CORETYPE set to A or B; the runs alternate
A B, B A, … so that drift on a shared machine falls on both alike, and the ratio B / A is taken
within each pair. Its median is the figure; the pairs show its spread. OpenBLAS reads the variable
as it loads, so a kernel set this CPU cannot run fails the run (the error is printed).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

TRAINING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_training.py")
CASES = {"deep100": ("deep", 100, 20), "deep32": ("deep", 32, 62), "simple100": ("simple", 100, 60),
         "simple32": ("simple", 32, 187)}
"""Name: (network, batch, timed steps), the steps as bench_training.py times them by default."""


def run(kernels, net, batch, steps):
    """Samples per second of one child run with OPENBLAS_CORETYPE=kernels."""
    env = dict(os.environ, OPENBLAS_CORETYPE=kernels)
    cmd = [sys.executable, TRAINING, "--child", "lib", "--net", net, "--conv", "fast", "--steps", str(steps),
           "--warmup", "5", "--train-size", "60000", "--batch-one", str(batch)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd="/")
    if done.returncode != 0:
        sys.exit(f"OPENBLAS_CORETYPE={kernels}: the run failed\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["samples_per_sec"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", default="SkylakeX", help="kernels A (what OpenBLAS picks on Zen 4)")
    parser.add_argument("--b", default="Haswell", help="kernels B (what workbench asks for on Zen 4)")
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--cases", default="deep100,deep32,simple32", help=f"of {', '.join(CASES)}")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; A = {args.a}, B = {args.b}, {args.pairs} pairs", flush=True)
    results = {}
    for name in args.cases.split(","):
        net, batch, steps = CASES[name]
        a_runs, b_runs = [], []
        for i in range(args.pairs):
            order = (args.a, args.b) if i % 2 == 0 else (args.b, args.a)
            speed = {kernels: run(kernels, net, batch, steps) for kernels in order}
            a_runs.append(speed[args.a])
            b_runs.append(speed[args.b])
        ratios = [b / a for a, b in zip(a_runs, b_runs)]
        results[name] = {"a": a_runs, "b": b_runs, "ratios": ratios}
        print(f"{name}: A {statistics.median(a_runs):.0f}  B {statistics.median(b_runs):.0f} samples/s;"
              f"  B / A median {statistics.median(ratios):.3f}  (pairs {' '.join(f'{r:.2f}' for r in ratios)})",
              flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump({"a": args.a, "b": args.b, "results": results}, file, indent=1)


if __name__ == "__main__":
    main()
