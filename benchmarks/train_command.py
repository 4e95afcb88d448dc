"""Accuracy and time per epoch of `workbench train` itself, beside the same PyTorch network.

    python benchmarks/train_command.py --runs simple:fashion-mnist:20:fast,simple:fashion-mnist:1:book \\
        --torch simple:fashion-mnist:3 --json benchmarks/results/train_command.json

Each run is `python -m workbench train --net NET --dataset DATA --epochs N --conv FORM --test-size 0
--json` in a fresh process (the book's settings otherwise: Adam, lr 0.001, batch 100, seed 0; the
whole test set), and its JSON line is recorded with the wall time and the process's peak RSS (VmHWM, read
every 0.2 s) (with `:TRAIN_SIZE`, on that many training images only: to time the book's slow form without
waiting for a whole epoch). `--torch NET:DATA:EPOCHS` trains `torch_twin` of the
same initial network (seed 0) on the same mini-batches in the same order for EPOCHS epochs and
records its test accuracy on the whole test set after each epoch, to compare with the command's.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def high_water_kb(pid: int) -> int:
    """The peak resident memory of a running process so far (VmHWM), in kB; 0 if it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_command(net: str, dataset: str, epochs: int, conv: str, extra: list[str]) -> dict:
    """One `workbench train` run in a fresh process; its JSON line, the wall time, the process's peak
    RSS and the load before it."""
    command = [sys.executable, "-m", "workbench", "train", "--net", net, "--dataset", dataset, "--epochs",
               str(epochs), "--conv", conv, "--test-size", "0", "--json", *extra]
    load_before = os.getloadavg()
    start = time.perf_counter()
    peak_kb = 0
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        while True:
            try:
                stdout, stderr = child.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                peak_kb = max(peak_kb, high_water_kb(child.pid))
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {stderr or stdout}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall_seconds"] = time.perf_counter() - start
    result["peak_rss_mb"] = peak_kb / 1024
    result["command"] = " ".join(["workbench", *command[3:]])
    result["load_before"] = load_before
    result["load_after"] = os.getloadavg()
    return result


def run_torch(net: str, dataset: str, epochs: int) -> dict:
    from accuracy import train_torch
    from bench_training import torch_twin

    from workbench.datasets import load_dataset
    from workbench.models.train import TrainSettings, build_network

    data = load_dataset(dataset, download=False)
    network = build_network(TrainSettings(net=net, dataset=dataset, seed=0))
    accs, seconds, losses = train_torch(torch_twin(network), data, epochs)
    return {"net": net, "dataset": dataset, "epochs": epochs, "torch_test_acc_per_epoch": accs,
            "torch_epoch_seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="", help="NET:DATA:EPOCHS:CONV[:TRAIN_SIZE],... (TRAIN_SIZE: a subset, "
                                                   "to time a slow form without a whole epoch)")
    parser.add_argument("--torch", default="", help="NET:DATA:EPOCHS,...")
    parser.add_argument("--json")
    args = parser.parse_args()
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "cores": os.cpu_count(), "command": " ".join(sys.argv),
               "runs": [], "torch": []}

    def save():
        if args.json:
            with open(args.json + ".tmp", "w") as f:
                json.dump(results, f, indent=1)
            os.replace(args.json + ".tmp", args.json)

    for spec in filter(None, args.runs.split(",")):
        net, dataset, epochs, conv, *size = spec.split(":")
        result = run_command(net, dataset, int(epochs), conv, ["--train-size", size[0]] if size else [])
        results["runs"].append(result)
        print(f"{net} {dataset} {conv} {epochs} epochs: test acc {result['test_acc']:.4f} "
              f"per epoch {result['test_acc_per_epoch']} · {result['samples_per_sec']:.0f} samples/s · "
              f"{result['seconds_per_epoch']:.1f} s/epoch with its evaluation · "
              f"{result.get('training_seconds', math.nan) / max(1, result['epochs']):.1f} s/epoch training at "
              f"{result.get('training_samples_per_sec', math.nan):.0f}/s · {result['wall_seconds']:.0f} s wall · "
              f"peak RSS {result['peak_rss_mb']:.0f} MB · load {result['load_before'][0]:.1f}", flush=True)
        save()
    for spec in filter(None, args.torch.split(",")):
        net, dataset, epochs = spec.split(":")
        result = run_torch(net, dataset, int(epochs))
        results["torch"].append(result)
        print(f"PyTorch {net} {dataset} {epochs} epochs: test acc per epoch "
              f"{[round(a, 4) for a in result['torch_test_acc_per_epoch']]}", flush=True)
        save()


if __name__ == "__main__":
    main()
