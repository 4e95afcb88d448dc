"""A comparison of 4 runs in one job against 4 separate `workbench train` runs, and the keys while it runs.

    python benchmarks/bench_compare.py throughput --rounds 3 --json benchmarks/results/compare_throughput.json
    python benchmarks/bench_compare.py latency --n 40 --json benchmarks/results/compare_latency.json

throughput: the same four runs, two ways, each in fresh processes: `workbench compare free` with
runs SGD 0.01, Momentum 0.01, AdaGrad 0.01 and Adam 0.001 on the book's MultiLayerNet of six hidden
layers of 100 (He's weights, seed 0), and `workbench train --net multi-layer` once per optimizer with
the same settings (the same network, the same seed, so the same mini-batches). Throughput is the
images trained by all four runs over the wall time of the process(es), start-up and data loading
included; the JSON also keeps the training seconds each side reports. The final accuracies of both
sides must agree (the same runs, the same numbers). Rounds alternate which side goes first.

latency: `tmux_latency.py` (/work/shared/tools) drives the real app in an 80×24 tmux session:
`workbench open compare-optimizers` on the synthetic digits with 100,000 iterations a run (so the
job runs throughout), `g` starts it, then `1` (the table) and `2` (the curves) are pressed in turn
and each is timed from the key to the changed screen, from outside the process.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time

RUNS = (("sgd", 0.01), ("momentum", 0.01), ("adagrad", 0.01), ("adam", 0.001))
TOOL = "/work/shared/tools/tmux_latency.py"


def workbench(*args: str) -> tuple[dict, float]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "workbench", *args, "--json"], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"workbench {' '.join(args)} failed ({done.returncode}): {done.stderr or done.stdout}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def comparison(dataset: str, epochs: int, train_size: int, test_size: int) -> dict:
    runs = "; ".join(f"optimizer={name} lr={lr}" for name, lr in RUNS)
    result, wall = workbench("compare", "free", "--set", f"runs={runs}", "--set", f"dataset={dataset}",
                             "--set", f"epochs={epochs}", "--set", f"train_size={train_size}",
                             "--set", f"test_size={test_size}", "--set", "hidden=100,100,100,100,100,100",
                             "--set", "batch_size=100", "--set", "weight_init=he", "--set", "seed=0")
    images = sum(r["iterations"] for r in result["runs"]) * 100
    return {"wall_seconds": wall, "images": images, "images_per_sec": images / wall,
            "training_seconds": sum(r["seconds"] for r in result["runs"]),
            "test_acc": [r["final_test_acc"] for r in result["runs"]], "load_before": os.getloadavg()}


def separate(dataset: str, epochs: int, train_size: int, test_size: int) -> dict:
    walls, seconds, accs, images = [], [], [], 0
    for name, lr in RUNS:
        result, wall = workbench("train", "--net", "multi-layer", "--optimizer", name, "--lr", str(lr),
                                 "--dataset", dataset, "--epochs", str(epochs), "--train-size", str(train_size),
                                 "--test-size", str(test_size), "--batch-size", "100", "--seed", "0")
        walls.append(wall)
        seconds.append(result["seconds"])
        accs.append(result["test_acc"])
        images += result["iterations"] * 100
    wall = sum(walls)
    return {"wall_seconds": wall, "images": images, "images_per_sec": images / wall, "training_seconds": sum(seconds),
            "test_acc": accs, "load_before": os.getloadavg()}


def throughput(args) -> dict:
    rounds = []
    for i in range(args.rounds):
        order = ("compare", "separate") if i % 2 == 0 else ("separate", "compare")
        found = {}
        for side in order:
            run = comparison if side == "compare" else separate
            found[side] = run(args.dataset, args.epochs, args.train_size, args.test_size)
            print(f"round {i + 1} {side}: {found[side]['images_per_sec']:,.0f} images/s "
                  f"({found[side]['wall_seconds']:.1f} s wall, {found[side]['training_seconds']:.1f} s training, "
                  f"load {found[side]['load_before'][0]:.1f})", flush=True)
        assert found["compare"]["test_acc"] == found["separate"]["test_acc"], "the two sides trained different runs"
        found["ratio"] = found["compare"]["images_per_sec"] / found["separate"]["images_per_sec"]
        found["training_ratio"] = found["separate"]["training_seconds"] / found["compare"]["training_seconds"]
        rounds.append(found)
        print(f"round {i + 1}: comparison / separate = {found['ratio']:.2f} (wall), "
              f"{found['training_ratio']:.2f} (training time)", flush=True)
    ratios = sorted(r["ratio"] for r in rounds)
    return {"benchmark": "compare-throughput", "dataset": args.dataset, "epochs": args.epochs,
            "train_size": args.train_size, "test_size": args.test_size, "runs": [f"{n} {lr}" for n, lr in RUNS],
            "rounds": rounds, "median_ratio": ratios[len(ratios) // 2],
            "median_training_ratio": sorted(r["training_ratio"] for r in rounds)[len(rounds) // 2]}


def latency(args) -> dict:
    venv = os.path.dirname(sys.executable)
    state = subprocess.run(["mktemp", "-d"], capture_output=True, text=True).stdout.strip()
    command = (f"env WORKBENCH_STATE_DIR={state} {venv}/workbench open compare-optimizers "
               f"--set dataset=synthetic-digits --set iterations=100000")
    done = subprocess.run([sys.executable, TOOL, "--cmd", command, "--ready", "Ready", "--start", "g",
                           "--wait-after-start", "4", "--probe", "1", "--unprobe", "2", "--n", str(args.n)],
                          capture_output=True, text=True)
    print(done.stdout, done.stderr, flush=True)
    match = re.search(r"p50=(\d+) ms p95=(\d+) ms max=(\d+) ms n=(\d+) missed=(\d+)", done.stdout)
    if not match:
        raise SystemExit("tmux_latency.py printed no figures")
    p50, p95, top, n, missed = map(int, match.groups())
    values = [int(v) for v in done.stdout.split("latencies ms:")[1].split("\n")[0].split()]
    return {"benchmark": "compare-latency", "command": command, "p50_ms": p50, "p95_ms": p95, "max_ms": top,
            "n": n, "missed": missed, "latencies_ms": values, "load_before": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("throughput")
    one.add_argument("--rounds", type=int, default=3)
    one.add_argument("--dataset", default="synthetic-digits")
    one.add_argument("--epochs", type=int, default=5)
    one.add_argument("--train-size", type=int, default=6000)
    one.add_argument("--test-size", type=int, default=1000)
    two = sub.add_parser("latency")
    two.add_argument("--n", type=int, default=40)
    for p in (one, two):
        p.add_argument("--json")
    args = parser.parse_args()
    result = throughput(args) if args.what == "throughput" else latency(args)
    result["when"] = time.strftime("%Y-%m-%d %H:%M")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=1)
    print(json.dumps({k: v for k, v in result.items() if k not in ("rounds", "latencies_ms")}))


if __name__ == "__main__":
    main()
