"""Key latency of the real app while DeepConvNet trains as a job, with the job in a thread or a process.

The app runs in a real pseudo-terminal (80×24), opened on the activation plot, with a training job
started through the app's job runner that updates a status line four times a second. The script
presses `]` and `[` at random intervals (the probe moves, so the readout and the plot are redrawn)
and times each key from the moment it is written to the terminal until the new readout arrives on
the screen. It also runs the same training alone (no app) for the same time, in a fresh process,
and gives the ratio of the two throughputs.

    python benchmarks/bench_ui_latency.py                        # thread and process, 60 keys each
    python benchmarks/bench_ui_latency.py --modes thread --keys 100 --json benchmarks/results/ui_latency.json

Targets (issue 8): p95 key → screen ≤ 100 ms; training in the app keeps ≥ 80 % of its throughput alone.
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
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 100


# -- the training job (also run alone for the baseline) ------------------------------------------

def train(ctx, seconds: float | None = None, net: str = "deep", report: str | None = None):
    """Train `net` on random MNIST-shaped data until cancelled (or for `seconds`); report steps/s."""
    import numpy as np

    from workbench.nn.networks import DeepConvNet, SimpleConvNet
    from workbench.nn.trainer import Trainer

    rng = np.random.default_rng(0)
    x = rng.random((3000, 1, 28, 28), dtype=np.float32)
    t = rng.integers(0, 10, 3000)
    network = DeepConvNet(rng=0) if net == "deep" else SimpleConvNet(rng=0)
    trainer = Trainer(network, x, t, x[:100], t[:100], epochs=10 ** 6, mini_batch_size=BATCH, optimizer="Adam",
                      optimizer_param={"lr": 0.001}, verbose=False, rng=0)
    for _ in range(3):                      # warm-up, not timed
        trainer.train_step()
    steps, start = 0, time.perf_counter()
    while seconds is None or time.perf_counter() - start < seconds:
        if ctx is not None:
            ctx.checkpoint()
        trainer.train_step()
        steps += 1
        if ctx is not None:
            ctx.progress(steps, None, loss=trainer.train_loss_list[-1],
                         samples_per_sec=steps * BATCH / (time.perf_counter() - start))
            if report:   # written whole, then renamed: the reader never sees half a file
                Path(report + ".tmp").write_text(json.dumps({"steps": steps, "seconds": time.perf_counter() - start}))
                os.replace(report + ".tmp", report)
    return {"steps": steps, "seconds": time.perf_counter() - start}


def process_job(ctx):
    """The job as a module-level function, as a process job needs."""
    return train(ctx, net=os.environ["BENCH_NET"], report=os.environ["BENCH_REPORT"])


# -- the app in the terminal --------------------------------------------------------------------

def child(mode: str, net: str, report: str) -> None:
    """Run the app (in the pty) with the training job started through its runner."""
    from textual.widgets import Static

    from workbench.app.app import WorkbenchApp
    from workbench.app.messages import JobUpdate
    from workbench.course.progress import ProgressStore
    from workbench.jobs import JobProgress

    os.environ["BENCH_NET"], os.environ["BENCH_REPORT"] = net, report

    class Harness(WorkbenchApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.set_timer(1.0, self.start_training)

        async def start_training(self) -> None:
            status = Static("training…", id="bench-status")
            await self.screen.mount(status, before=0)
            deliver = lambda event: self.post_message(JobUpdate(event))  # noqa: E731
            if mode == "process":
                sys.path.insert(0, str(Path(__file__).parent))
                from bench_ui_latency import process_job as job   # by module, as a spawned process finds it

                self.jobs.start("train", job, deliver=deliver, process=True)
            else:
                self.jobs.start("train", lambda ctx: train(ctx, net=net, report=report), deliver=deliver)

        def on_job_update(self, message: JobUpdate) -> None:
            event = message.event
            if not isinstance(event, JobProgress):
                self.screen.query_one("#bench-status", Static).update(f"job {event.reason}: {event.message}")
                Path(report + ".err").write_text(f"{event.reason}: {event.message}")
            else:
                self.screen.query_one("#bench-status", Static).update(
                    f"step {int(event.done)}  loss {event.info.get('loss', 0):.3f}  "
                    f"{event.info.get('samples_per_sec', 0):.0f} samples/s")

    app = Harness(None, ProgressStore(Path(tempfile.mkdtemp())), pane=("activation-plot", None), lang="en")
    app.run()


def _read(fd: int, timeout: float) -> bytes:
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def _drain(fd: int, quiet: float = 0.05) -> None:
    while _read(fd, quiet):
        pass


def measure(mode: str, net: str, keys: int, seed: int) -> dict:
    """Latencies of `keys` presses and the job's throughput, with the app in a pty."""
    report = tempfile.mktemp(suffix=".json")
    pid, fd = pty.fork()
    if pid == 0:   # the child: the app
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLORTERM"] = "truecolor"
        os.execv(sys.executable, [sys.executable, __file__, "--child", mode, "--net", net, "--report", report])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    deadline = time.monotonic() + 120
    while not Path(report).exists() and time.monotonic() < deadline:   # the job is running
        _read(fd, 0.1)
    if not Path(report).exists():
        os.kill(pid, signal.SIGKILL)
        error = Path(report + ".err")
        raise SystemExit(f"{mode}: the training job did not start within 120 s"
                         + (f" ({error.read_text()})" if error.exists() else ""))
    _drain(fd, 0.3)
    rng = random.Random(seed)
    latencies, start_report = [], json.loads(Path(report).read_text())
    t_start = time.monotonic()
    for i in range(keys):
        time.sleep(rng.uniform(0.15, 0.45))
        _drain(fd, 0.0)
        key, expected = (b"]", "x = 1.6 ") if i % 2 == 0 else (b"[", "x = 1 ")
        sent = time.perf_counter()
        os.write(fd, key)
        seen, got = "", None
        while time.perf_counter() - sent < 5:
            chunk = _read(fd, 5)
            if not chunk:
                continue
            seen += re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", chunk.decode("utf-8", "replace"))
            if expected in seen:
                got = time.perf_counter()
                break
        latencies.append((got - sent) * 1000 if got else 5000.0)
    elapsed = time.monotonic() - t_start
    end_report = json.loads(Path(report).read_text())
    os.write(fd, b"\x11")      # ctrl+q
    t_quit = time.perf_counter()
    try:
        while time.perf_counter() - t_quit < 10:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            _read(fd, 0.05)
        else:
            os.kill(pid, signal.SIGKILL)
    except ChildProcessError:
        pass
    quit_seconds = time.perf_counter() - t_quit
    steps = end_report["steps"] - start_report["steps"]
    seconds = end_report["seconds"] - start_report["seconds"]
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {"mode": mode, "keys": keys, "p50_ms": pick(0.5), "p95_ms": pick(0.95), "max_ms": latencies[-1],
            "samples_per_sec": steps * BATCH / seconds, "window_s": elapsed, "quit_s": quit_seconds,
            "latencies_ms": latencies}


def alone(net: str, seconds: float) -> float:
    """Samples per second of the same training in a fresh process with no app."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import bench_ui_latency as b; "
            f"import json; print(json.dumps(b.train(None, seconds={seconds}, net={net!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    return result["steps"] * BATCH / result["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modes", default="thread,process")
    parser.add_argument("--net", default="deep", choices=("deep", "simple"))
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--report")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.net, args.report)
        return
    print(f"workbench UI latency · {args.net} · {platform.processor() or platform.machine()} · "
          f"{os.cpu_count()} cores · {time.strftime('%Y-%m-%d %H:%M')}")
    runs = []
    for mode in args.modes.split(","):
        run = measure(mode, args.net, args.keys, args.seed)
        run["alone_samples_per_sec"] = alone(args.net, run["window_s"])
        run["throughput_ratio"] = run["samples_per_sec"] / run["alone_samples_per_sec"]
        runs.append(run)
        print(f"{mode:>8}: key → screen p50 {run['p50_ms']:.0f} ms, p95 {run['p95_ms']:.0f} ms, "
              f"max {run['max_ms']:.0f} ms ({run['keys']} keys) · training {run['samples_per_sec']:.0f} samples/s "
              f"in the app vs {run['alone_samples_per_sec']:.0f} alone = {run['throughput_ratio']:.2f} · "
              f"quit in {run['quit_s']:.2f} s")
    if args.json:
        args.json.write_text(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M"), "net": args.net,
                                         "command": " ".join(sys.argv), "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
