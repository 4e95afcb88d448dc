"""Test accuracy of the library's conv nets beside the same PyTorch architecture, same start, same batches.

    .venv/bin/python benchmarks/accuracy.py --nets simple --epochs 5
    .venv/bin/python benchmarks/accuracy.py --nets simple,deep --epochs 5,2 --mnist-proxy --json benchmarks/results/accuracy.json

Fashion-MNIST (60,000 training / 10,000 test images). The library trains through ``Trainer`` with the
book's settings (Adam, lr 0.001, batch 100, seed 0). PyTorch trains ``torch_twin`` of the network
as it was before training (same initial weights), on the same mini-batches in the same order (the
Trainer's documented rule: one ``default_rng(seed).permutation`` per epoch, cut into batches of 100).
Both are evaluated on the whole test set after every epoch.

``--mnist-proxy``: only the real MNIST *test* split is available here, so the proxy trains on its
first 8,000 images and tests on the other 2,000. It is a proxy, not the book's 98.8 % / 99.3 %.
"""
import argparse
import json
import os
import sys
import time

from workbench.blas_kernels import choose_blas_kernels  # noqa: E402

choose_blas_kernels()                       # before NumPy loads, as the `workbench` command does

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_training import build_network, torch_twin, torch_available  # noqa: E402

SEED = 0
BATCH = 100
LR = 0.001


def train_library(network, data, epochs):
    """Per-epoch test accuracies (whole test set) and seconds, trained by the library's Trainer."""
    from workbench.nn.trainer import EpochEvent, Trainer
    (x_train, t_train), (x_test, t_test) = data
    accs, marks = [], [time.perf_counter()]

    def on_event(event):
        if isinstance(event, EpochEvent):
            accs.append(network.accuracy(x_test, t_test))
            marks.append(time.perf_counter())
    trainer = Trainer(network, x_train, t_train, x_test[:1000], t_test[:1000], epochs=epochs,
                      mini_batch_size=BATCH, optimizer="Adam", optimizer_param={"lr": LR},
                      evaluate_sample_num_per_epoch=1000, verbose=False, rng=SEED, callback=on_event)
    trainer.train()
    return accs, list(np.diff(marks)), trainer.train_loss_list


def train_torch(model, data, epochs, threads=2):
    """The same loop in PyTorch: the Trainer's batch order, Adam, cross-entropy."""
    import torch
    torch.set_num_threads(threads)
    (x_train, t_train), (x_test, t_test) = data
    xt, tt = torch.from_numpy(x_train), torch.from_numpy(t_train)
    x_test_t = torch.from_numpy(x_test)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    rng = np.random.default_rng(SEED)
    accs, marks, losses = [], [time.perf_counter()], []
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(len(x_train)))
        model.train()
        for i in range(len(x_train) // BATCH):
            idx = order[i * BATCH:(i + 1) * BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(xt[idx]), tt[idx])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(x_test_t[i:i + 1000]).argmax(1) for i in range(0, len(x_test), 1000)])
        accs.append(float((pred.numpy() == t_test).mean()))
        marks.append(time.perf_counter())
    return accs, list(np.diff(marks)), losses


def compare(label, net, data, epochs, with_torch, threads=2):
    network = build_network(net, seed=SEED)
    twin = torch_twin(network) if with_torch else None
    lib_accs, lib_secs, lib_losses = train_library(network, data, epochs)
    result = {"net": net, "data": label, "epochs": epochs, "train_size": len(data[0][0]),
              "test_size": len(data[1][0]), "library_test_acc": lib_accs, "library_epoch_seconds": lib_secs,
              "library_mean_loss_last_100": float(np.mean(lib_losses[-100:]))}
    print(f"{label} {net}: library test acc by epoch {[round(100 * a, 2) for a in lib_accs]} "
          f"({np.mean(lib_secs):.0f} s/epoch)", flush=True)
    if twin is not None:
        torch_accs, torch_secs, torch_losses = train_torch(twin, data, epochs, threads)
        diff = 100 * (lib_accs[-1] - torch_accs[-1])
        result.update({"torch_test_acc": torch_accs, "torch_epoch_seconds": torch_secs,
                       "torch_mean_loss_last_100": float(np.mean(torch_losses[-100:])),
                       "difference_points": diff, "within_0_5_points": abs(diff) <= 0.5})
        print(f"{label} {net}: PyTorch test acc by epoch {[round(100 * a, 2) for a in torch_accs]} "
              f"({np.mean(torch_secs):.0f} s/epoch); library - PyTorch = {diff:+.2f} points", flush=True)
    return result


def fashion_mnist():
    from workbench.datasets import load_dataset
    return load_dataset("fashion-mnist", download=False)


MNIST_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "datasets")


def mnist_proxy(n_train=8000, data_dir=MNIST_DIR):
    from workbench.datasets import load_split
    x, t = load_split("mnist", "test", download=False, data_dir=data_dir)
    return (x[:n_train], t[:n_train]), (x[n_train:], t[n_train:])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nets", default="simple")
    parser.add_argument("--epochs", default="5", help="one number, or one per net (e.g. 5,2)")
    parser.add_argument("--mnist-proxy", action="store_true")
    parser.add_argument("--proxy-epochs", default="10", help="one number, or one per net")
    parser.add_argument("--skip-fashion", action="store_true")
    parser.add_argument("--mnist-dir", default=MNIST_DIR, help="folder holding mnist/t10k-*.gz")
    parser.add_argument("--no-torch", action="store_true")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads of each side (PyTorch's, and the library's engine: WORKBENCH_THREADS); 1 leaves "
                             "a core to others")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    os.environ["WORKBENCH_THREADS"] = str(args.threads)       # the library's engine, before it runs
    nets = args.nets.split(",")

    def per_net(spec):
        values = [int(v) for v in spec.split(",")]
        return dict(zip(nets, values * len(nets) if len(values) == 1 else values))
    with_torch = torch_available() and not args.no_torch
    results = []
    if not args.skip_fashion:
        data = fashion_mnist()
        for net, epochs in per_net(args.epochs).items():
            results.append(compare("fashion-mnist", net, data, epochs, with_torch, args.threads))
    if args.mnist_proxy:
        data = mnist_proxy(data_dir=args.mnist_dir)
        for net, epochs in per_net(args.proxy_epochs).items():
            results.append(compare("mnist-test-proxy (train 8000 / test 2000 of MNIST t10k)",
                                   net, data, epochs, with_torch, args.threads))
    if args.json:
        with open(args.json + ".tmp", "w") as f:
            json.dump({"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M"),
                       "threads": args.threads, "seed": SEED, "batch": BATCH, "optimizer": f"Adam lr {LR}", "results": results}, f, indent=1)
        os.replace(args.json + ".tmp", args.json)
    return results


if __name__ == "__main__":
    main()
