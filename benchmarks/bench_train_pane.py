"""The real training pane in a pseudo-terminal: key latency while a DeepConvNet epoch runs, its
throughput beside `workbench train` on the same settings, and what the live curves cost.

    python benchmarks/bench_train_pane.py latency --keys 60           # DeepConvNet, Fashion-MNIST
    python benchmarks/bench_train_pane.py plotting --seconds 40       # SimpleConvNet, curves shown vs hidden
    python benchmarks/bench_train_pane.py all --json benchmarks/results/train_pane.json

latency: the app (80×24) opens the training pane with the given settings and starts training as
the learner would (`g`); then `2` and `3` are pressed at random intervals (0.15–0.45 s) to switch
between the curves and the results view, and each key is timed from the write to the terminal
until one of the view's own lines arrives on the screen (a key whose view never shows counts 5 s). Throughput in the app is the iterations the run did
during the key window divided by its wall time; `workbench train` with the same settings (one epoch
on `--console-train-size` images) gives the baseline (its `samples_per_sec`: training time only).

plotting: one run for `--seconds`, switching every `seconds / 8` between the curves view (the loss
and accuracy plots redrawn up to four times a second) and the setup view (no plot drawn); the
difference between the median throughputs of the two is what plotting costs. The harness also adds
up the time the UI thread spends building the plots.

Targets (issue 12): key p95 ≤ 100 ms while a DeepConvNet epoch runs; the app keeps ≥ 80 % of
`workbench train`'s throughput; plotting costs < 5 % of the training throughput.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import pty
import random
import re
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ui_latency import _drain, _read  # noqa: E402

DEEP = ["net=deep", "dataset=fashion-mnist", "epochs=1", "test_size=100"]
SIMPLE = ["net=simple", "dataset=fashion-mnist", "epochs=20", "test_size=500"]


def child(assignments: list[str], view: str, report: str) -> None:
    """The app with the training pane; training starts after a second, a report is written twice a second."""
    from workbench.app.app import WorkbenchApp
    from workbench.app.panes.train import TrainPane
    from workbench.app.plotting import Plot
    from workbench.course.progress import ProgressStore
    from workbench.models.catalog import pane

    build = {"seconds": 0.0, "count": 0}
    stalls: list[tuple[float, float, str]] = []
    original = Plot.render

    def timed_render(self):
        start = time.perf_counter()
        try:
            return original(self)
        finally:
            took = time.perf_counter() - start
            build["seconds"] += took
            build["count"] += 1
            build["max"] = max(build.get("max", 0.0), took)

    import gc
    collecting = {}

    def on_gc(phase, info):
        if phase == "start":
            collecting["t"] = time.perf_counter()
        elif time.perf_counter() - collecting.get("t", time.perf_counter()) > 0.05:
            stalls.append(("gc", info["generation"], round(time.perf_counter() - collecting["t"], 3)))
    gc.callbacks.append(on_gc)
    Plot.render = timed_render
    settings = pane("train").parse(assignments)
    if os.environ.get("BENCH_SWITCH_INTERVAL"):
        sys.setswitchinterval(float(os.environ["BENCH_SWITCH_INTERVAL"]))

    class Harness(WorkbenchApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.set_timer(1.0, self.start_training)

        def tick(self) -> None:
            """How late this 50 ms timer fires: the UI thread's stalls, whatever their cause."""
            now = time.perf_counter()
            late = now - self._last_tick - 0.05
            self._last_tick = now
            if late > 0.1:
                stalls.append((round(now, 3), round(late, 3), self.screen.query_one(TrainPane).view))

        def start_training(self) -> None:
            self._last_tick = time.perf_counter()
            self.set_interval(0.05, self.tick)
            p = self.screen.query_one(TrainPane)
            p.action_start()
            if view:
                p.view = view
            self.set_interval(0.5, self.write_report)

        def write_report(self) -> None:
            p = self.screen.query_one(TrainPane)
            trainer = p.training.trainer if p.training is not None else None
            data = {"iterations": trainer.current_iter if trainer else 0, "time": time.perf_counter(),
                    "batch": p.settings.batch_size, "state": p.state, "plot_seconds": build["seconds"],
                    "plot_renders": build["count"], "losses_shown": len(p.losses), "stalls": stalls[-50:],
                    "plot_max_seconds": build.get("max", 0.0)}
            Path(report + ".tmp").write_text(json.dumps(data))
            os.replace(report + ".tmp", report)

    app = Harness(None, ProgressStore(Path(tempfile.mkdtemp())), pane=("train", settings), lang="en")
    if os.environ.get("BENCH_PROFILE"):       # where the UI thread spends its time (for investigating)
        import cProfile

        cProfile.runctx("app.run()", globals(), {"app": app}, os.environ["BENCH_PROFILE"])
    else:
        app.run()


class AppInPty:
    """The harness app in a pseudo-terminal of 80×24."""

    def __init__(self, assignments: list[str], view: str = ""):
        self.report = tempfile.mktemp(suffix=".json")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"], os.environ["COLORTERM"] = "xterm-256color", "truecolor"
            os.execv(sys.executable, [sys.executable, __file__, "child", "--report", self.report,
                                      "--view", view, "--set", *assignments])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)

    def read_report(self) -> dict:
        return json.loads(Path(self.report).read_text())

    def wait_training(self, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _read(self.fd, 0.1)
            if Path(self.report).exists():
                report = self.read_report()
                if report["iterations"] >= 2:
                    return report
        self.quit()
        raise SystemExit("the training did not start within the time allowed")

    def quit(self) -> None:
        os.write(self.fd, b"\x11")
        deadline = time.monotonic() + 10
        try:
            while time.monotonic() < deadline:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    return
                _read(self.fd, 0.05)
            os.kill(self.pid, signal.SIGKILL)
        except ChildProcessError:
            pass


def throughput(start: dict, end: dict) -> float:
    return (end["iterations"] - start["iterations"]) * end["batch"] / (end["time"] - start["time"])


def console_baseline(assignments: list[str], train_size: int) -> dict:
    """`workbench train` with the same settings on `train_size` images for one epoch (JSON)."""
    args = []
    for assignment in assignments:
        key, _, value = assignment.partition("=")
        if key in ("epochs", "train_size"):
            continue
        args += [f"--{key.replace('_', '-')}", value]
    command = [sys.executable, "-m", "workbench", "train", *args, "--epochs", "1", "--train-size",
               str(train_size), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def latency(assignments: list[str], keys: int, seed: int, console_train_size: int) -> dict:
    app = AppInPty(assignments)
    app.wait_training()
    _drain(app.fd, 0.3)
    rng = random.Random(seed)
    expected = {b"2": ("accuracies appear", "loss per iteration"), b"3": ("t\\p", "most confused")}
    latencies, missed = [], []
    start = app.read_report()
    for i in range(keys):
        time.sleep(rng.uniform(0.15, 0.45))
        _drain(app.fd, 0.0)
        key = b"3" if i % 2 == 0 else b"2"     # the run opens on the curves (2): the first key must change the view
        sent = time.perf_counter()
        os.write(app.fd, key)
        seen, got = "", None
        while time.perf_counter() - sent < 5:
            chunk = _read(app.fd, 5)
            if not chunk:
                continue
            seen += re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", chunk.decode("utf-8", "replace"))
            if any(text in seen for text in expected[key]):
                got = time.perf_counter()
                break
        latencies.append((got - sent) * 1000 if got else 5000.0)
        if not got:
            missed.append((key.decode(), seen[-300:]))
    end = app.read_report()
    app.quit()
    app_rate = throughput(start, end)
    baseline = console_baseline(assignments, console_train_size)
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {"settings": assignments, "keys": keys, "p50_ms": pick(0.5), "p95_ms": pick(0.95),
            "max_ms": latencies[-1], "app_samples_per_sec": app_rate,
            "console_samples_per_sec": baseline["samples_per_sec"],
            "ratio": app_rate / baseline["samples_per_sec"], "state_at_end": end["state"],
            "ui_stalls": end.get("stalls", []), "missed": missed, "plot_max_seconds": end.get("plot_max_seconds"),
            "latencies_ms": latencies, "console": baseline}


def plotting(assignments: list[str], seconds: float, segments: int = 8) -> dict:
    """One run; the view alternates between the curves (plots redrawn) and the setup (no plot drawn)
    every `seconds / segments`; each view's throughput is the median over its segments."""
    app = AppInPty(assignments, "curves")
    app.wait_training()
    time.sleep(2)
    runs: dict[str, list[dict]] = {"curves": [], "setup": []}
    for i in range(segments):
        view = "curves" if i % 2 == 0 else "setup"
        os.write(app.fd, b"2" if view == "curves" else b"1")
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:          # let the switch settle
            _read(app.fd, 0.05)
        start = app.read_report()
        deadline = time.monotonic() + seconds / segments
        while time.monotonic() < deadline:
            _read(app.fd, 0.1)
        end = app.read_report()
        span = end["time"] - start["time"]
        runs[view].append({"samples_per_sec": throughput(start, end),
                           "plot_seconds_per_second": (end["plot_seconds"] - start["plot_seconds"]) / span,
                           "plot_renders_per_second": (end["plot_renders"] - start["plot_renders"]) / span,
                           "points": end["losses_shown"]})
    app.quit()

    def median(values):
        values = sorted(values)
        return values[len(values) // 2] if len(values) % 2 else sum(values[len(values) // 2 - 1:][:2]) / 2
    shown = median([r["samples_per_sec"] for r in runs["curves"]])
    hidden = median([r["samples_per_sec"] for r in runs["setup"]])
    build = median([r["plot_seconds_per_second"] for r in runs["curves"]])
    return {"settings": assignments, "seconds": seconds, "runs": runs, "curves_samples_per_sec": shown,
            "hidden_samples_per_sec": hidden, "cost": 1 - shown / hidden, "plot_ui_seconds_per_second": build}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("latency", "plotting", "all", "child"))
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--console-train-size", type=int, default=6000)
    parser.add_argument("--set", nargs="*", default=None)
    parser.add_argument("--view", default="")
    parser.add_argument("--report")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.what == "child":
        child(args.set or [], args.view, args.report)
        return
    print(f"workbench training pane · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"{time.strftime('%Y-%m-%d %H:%M')} · load {os.getloadavg()[0]:.1f}", flush=True)
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "command": " ".join(sys.argv),
               "load_before": os.getloadavg()}
    if args.what in ("latency", "all"):
        run = latency(args.set or DEEP, args.keys, args.seed, args.console_train_size)
        results["latency"] = run
        print(f"latency ({' '.join(run['settings'])}): key → screen p50 {run['p50_ms']:.0f} ms, p95 "
              f"{run['p95_ms']:.0f} ms, max {run['max_ms']:.0f} ms ({run['keys']} keys) · training "
              f"{run['app_samples_per_sec']:.0f} samples/s in the app vs {run['console_samples_per_sec']:.0f} "
              f"with workbench train = {run['ratio']:.2f}", flush=True)
    if args.what in ("plotting", "all"):
        run = plotting(args.set or SIMPLE, args.seconds)
        results["plotting"] = run
        build = run["plot_ui_seconds_per_second"]
        print(f"plotting ({' '.join(run['settings'])}): {run['curves_samples_per_sec']:.0f} samples/s with the "
              f"curves on screen vs {run['hidden_samples_per_sec']:.0f} without = {100 * run['cost']:+.1f} % cost; "
              f"plot builds take {1000 * build:.0f} ms of UI time per second", flush=True)
    results["load_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
