"""Key-to-screen latency of the training pane from outside the app, in a real terminal (tmux, 80×24).

    .venv/bin/python benchmarks/bench_keys.py                                  # DeepConvNet training; every key kind
    .venv/bin/python benchmarks/bench_keys.py --idle --kinds palette           # the palette with nothing running
    .venv/bin/python benchmarks/bench_keys.py --n 40 --json benchmarks/results/keys.json

The method of ``tmux_latency.py`` (the team's shared tool): the app runs in a detached tmux session;
a key is sent with ``tmux send-keys`` and the screen is read with ``capture-pane`` every few
milliseconds until the key's effect is on it; the time includes tmux's own redraw, as a user's
terminal would. While training runs the screen changes by itself (progress, curves), so each key
waits for its own effect, not for any change: a line only its view, modal or epoch shows.

The app opens the training pane with DeepConvNet on Fashion-MNIST (``--set``: 3,000 training images
an epoch, so that epochs end and the epoch keys have something to step through; 100 epochs, so
training runs through the whole measurement), starts training with ``g`` and waits for the first
epoch to end. Then, in rounds, each kind of key is pressed with a pause of 0.15–0.45 s before it:
- tabs: ``1`` (setup) then ``3`` (results), both timed (in that order: until 2026-12-04 it was ``3``
  first, and from the second round on the results view was still on screen from the steps, so half
  the tab keys were "seen" at once);
- steps: ``,`` and ``.`` in the results view (one epoch back, one forward), both timed;
- settings: ``s`` (the settings dialog) and ``Escape``, both timed;
- palette: ``Ctrl+P`` (the command palette) and ``Escape``, both timed.
``--lang ko`` runs the app in Korean (the words each key waits for come from the app's catalog, in
the language asked for). ``--idle`` measures without starting training; ``--load`` measures beside one busy process (a NumPy
matmul loop, as in bench_training.py); ``--speed R`` measures no keys but the app's training speed,
in R pairs of windows (quiet, then beside the busy process), from the run's iteration counter. Each figure is p50 / p95 / max in ms; a key whose
effect never shows within 3 s counts as 3,000 ms. The load average is recorded before and after,
and the training speed (the progress line's samples/s) during the keys.

Each key is also reported on its own ("settings Escape"), and the palette twice: when its input
line shows and, "(full)", when its list does. The app runs through ``keys_probe.py`` (unless
``--no-probe``), which notes when the interface's thread takes each key and hands each frame out, so
each key is split into: "(to the app)", from sending it to the thread taking it (Escape: Textual's
wait for a sequence); its CPU time, the work, which a busy machine changes little; "(no core)", the
time the thread was ready but waited for a core (Linux schedstat); "(asleep)", what is left, time
it slept (for the GIL or a frame's timer).

Target (issue 21): p95 under 100 ms for every kind while DeepConvNet trains, and for the palette idle.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ["net=deep", "dataset=fashion-mnist", "epochs=100", "train_size=3000", "test_size=500"]
TIMEOUT = 3.0


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


class Session:
    """The app in a detached tmux session of 80×24."""

    def __init__(self, settings: list[str], lang: str = "en", probe: bool = False, library: str | None = None):
        self.name = f"bench-keys-{os.getpid()}"
        self.state = tempfile.mkdtemp(prefix="bench-keys-")
        self.probe_log = Path(self.state) / "probe.log" if probe else None
        if probe:       # the same command, with the interface thread's CPU time noted (keys_probe.py)
            exe = f"{sys.executable} {Path(__file__).resolve().parent / 'keys_probe.py'} {self.probe_log}"
        else:
            exe = shutil.which("workbench", path=str(Path(sys.executable).parent)) or "workbench"
        sets = " ".join(f"--set {s}" for s in settings)
        path = f"PYTHONPATH={Path(library).resolve()} " if library else ""    # another checkout's workbench
        cmd = f"env {path}WORKBENCH_STATE_DIR={self.state} {exe} --lang {lang} open train {sets}"
        tmux("new-session", "-d", "-s", self.name, "-x", "80", "-y", "24", cmd)
        self.presses: list[tuple[str, float, float | None]] = []
        """(kind, monotonic time the key was sent, monotonic time its effect was seen or None)."""

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def send(self, key: str) -> None:
        tmux("send-keys", "-t", self.name, key)

    def wait_for(self, test, timeout: float = TIMEOUT) -> float | None:
        """Seconds until ``test(screen)`` holds, polling every 3 ms; None after ``timeout``."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if test(self.screen()):
                return time.perf_counter() - start
            time.sleep(0.003)
        return None

    def press(self, key: str, test, kind: str = "", then=None) -> float:
        """Milliseconds from sending ``key`` until ``test(screen)`` holds (TIMEOUT if never); noted
        as "kind key". With ``then``, goes on polling until ``then(screen)`` holds too, noted as
        "kind key (full)" (the palette: its input line first, then its list)."""
        start = time.monotonic()
        self.send(key)
        seen = self._until(test, start)
        if not kind:                # a key that only sets the scene (the results view before steps)
            return 1e3 * ((seen or start + TIMEOUT) - start)
        label = f"{kind} {key}"
        self.presses.append((label, start, seen))
        if then is not None:
            self.presses.append((label + " (full)", start, self._until(then, start)))
        return 1e3 * ((seen or start + TIMEOUT) - start)

    def _until(self, test, start: float) -> float | None:
        while time.monotonic() - start < TIMEOUT:
            if test(self.screen()):
                return time.monotonic()
            time.sleep(0.003)
        return None

    def ui_cpu(self) -> dict[str, list[float]]:
        """For every key noted: the interface thread's CPU milliseconds from taking the key to the last
        frame it handed the terminal before the key's effect was seen (keys_probe.py's log)."""
        if self.probe_log is None or not self.probe_log.exists():
            return {}
        keys, frames = [], []
        for line in self.probe_log.read_text().splitlines():
            kind, *fields = line.split()
            if kind in ("key", "frame"):
                (keys if kind == "key" else frames).append(tuple(float(f) for f in fields))
        out: dict[str, list[float]] = {}
        for kind, sent, seen in self.presses:
            if seen is None:
                continue
            key = next((k for k in keys if k[0] >= sent), None)
            frame = next((f for f in reversed(frames) if f[0] <= seen), None)
            if key is not None and frame is not None and frame[0] >= key[0]:
                out.setdefault(kind, []).append(1e3 * (frame[1] - key[1]))
                if not kind.endswith("(full)"):
                    queued, wall = frame[2] - key[2], frame[0] - key[0]
                    out.setdefault(kind + " (no core)", []).append(1e3 * queued)
                    out.setdefault(kind + " (asleep)", []).append(1e3 * (wall - queued - (frame[1] - key[1])))
            if key is not None and not kind.endswith("(full)"):
                out.setdefault(kind + " (to the app)", []).append(1e3 * (key[0] - sent))
        return out

    def collections(self) -> dict:
        """Python's full collections during the keys (keys_probe.py): how many, how long, on which
        thread, and how many timed keys waited for one (it started between sending the key and
        seeing its effect, or was under way when the key was sent)."""
        if self.probe_log is None or not self.probe_log.exists():
            return {}
        runs = []
        for line in self.probe_log.read_text().splitlines():
            kind, *fields = line.split()
            if kind == "gc":
                runs.append((float(fields[0]), float(fields[1]), fields[2]))
        first = min((sent for _, sent, _ in self.presses), default=0.0)
        runs = [run for run in runs if run[0] >= first]
        waited = sum(1 for _, sent, seen in self.presses
                     if seen is not None and any(at <= seen and at + d >= sent for at, d, _ in runs))
        return {"count": len(runs), "ms": [round(1e3 * d, 1) for _, d, _ in runs],
                "threads": [thread for _, _, thread in runs], "keys_that_waited": waited,
                "keys": len(self.presses)}

    def close(self) -> None:
        tmux("kill-session", "-t", self.name)
        shutil.rmtree(self.state, ignore_errors=True)


def shows(text: str):
    return lambda screen: text in screen


def hides(text: str):
    return lambda screen: text not in screen


EPOCH = re.compile(r"epoch (\d+)/(\d+)")
TEXT = {"setup": "optimizer", "results": "test accuracy", "settings": "Settings of the",
        "ready": "Ready", "training": "Training", "second_epoch": "epoch 2 "}
"""What each view, dialog or state shows, in the interface's language (``use_language``)."""


def use_language(lang: str) -> None:
    """Look for the app's own words in ``lang``, from its catalog: the benchmark runs in any of them."""
    global EPOCH, PALETTE_INPUT
    from workbench.i18n import set_language, t
    from workbench.models.catalog import pane

    def before(key: str, **fields) -> str:      # the template's text up to its first field
        return t(key, **{name: "\0" for name in fields}).split("\0")[0]
    set_language(lang)
    TEXT.update(setup=t("train.label.optimizer"), results=before("train.results.accuracy", acc=1).strip(),
                settings=t("settings_form.title", title=pane("train").title),
                ready=before("train.status.idle", net=1), training=before("train.status.training", epoch=1, epochs=1),
                second_epoch=t("train.progress.epoch", epoch=2) + " ")
    shown = t("train.results.epoch", epoch="\0", last="\0").split("\0")      # "epoch {epoch}/{last}"
    EPOCH = re.compile(r"(\d+)".join(re.escape(piece) for piece in shown))
    PALETTE_INPUT = t("app.palette.placeholder").split(",")[0]


def epoch_shown(screen: str) -> tuple[int, int] | None:
    """The results view's "epoch a/b": both numbers, since `,` pressed as an epoch ends shows the
    same a with a new b (the view had not yet shown the new epoch)."""
    for line in screen.splitlines():
        match = EPOCH.search(line) if TEXT["results"] in line else None    # not the status line's "에폭 3/100"
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


PALETTE_INPUT = "Open a lesson or a pane"


def palette_listed(screen: str) -> bool:
    """The palette's list is on screen: the border under the palette (a row of ▁) is at least four
    rows below its input line, not just under it."""
    rows = screen.splitlines()
    start = next((i for i, row in enumerate(rows) if PALETTE_INPUT in row), None)
    if start is None:
        return False
    end = next((i for i in range(start + 1, len(rows)) if rows[i].startswith("▁▁▁▁")), None)
    return end is not None and end - start >= 4


def speed_shown(screen: str) -> float | None:
    match = re.search(r"(\d[\d,]*)/s", screen)
    return float(match.group(1).replace(",", "")) if match else None


RUN = re.compile(r"^ *run .*?(\d+)/(\d+)\s*$", re.MULTILINE)


def iterations_done(screen: str) -> int | None:
    match = RUN.search(screen)
    return int(match.group(1)) if match else None


def throughput(session: Session, seconds: float, batch: int) -> float | None:
    """Samples a second the app trains over ``seconds``, from the run's iteration counter."""
    start, t0 = iterations_done(session.screen()), time.perf_counter()
    time.sleep(seconds)
    end, t1 = iterations_done(session.screen()), time.perf_counter()
    return None if start is None or end is None or end <= start else (end - start) * batch / (t1 - t0)


def measure_speed(session: Session, rounds: int, seconds: float, batch: int) -> dict:
    """Training speed in the app, quiet and beside one busy process, alternating windows of ``seconds``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_training import BusyProcess

    quiet, loaded = [], []
    for _ in range(rounds):
        quiet.append(throughput(session, seconds, batch))
        with BusyProcess():
            loaded.append(throughput(session, seconds, batch))
    ratios = [b / a for a, b in zip(quiet, loaded) if a and b]
    return {"quiet_samples_per_sec": quiet, "loaded_samples_per_sec": loaded, "loaded_over_quiet": ratios,
            "median_ratio": statistics.median(ratios) if ratios else None}


def measure(session: Session, kinds: list[str], n: int, idle: bool) -> dict[str, list[float]]:
    """n rounds of every kind of key; each round's keys in the given order, with random pauses."""
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    speeds: list[float] = []
    rng = random.Random(0)
    pause = lambda: time.sleep(rng.uniform(0.15, 0.45))   # noqa: E731
    for _ in range(n):
        for kind in kinds:
            if kind == "tabs":      # "1" first: the steps of the round before left the results view on
                pause()
                times[kind].append(session.press("1", shows(TEXT["setup"]), kind))
                pause()
                times[kind].append(session.press("3", shows(TEXT["results"]), kind))
            elif kind == "steps":
                session.press("3", shows(TEXT["results"]))
                pause()
                before = epoch_shown(session.screen())
                times[kind].append(session.press(",", lambda s, b=before: epoch_shown(s) not in (None, b), kind))
                pause()
                before = epoch_shown(session.screen())
                times[kind].append(session.press(".", lambda s, b=before: epoch_shown(s) not in (None, b), kind))
            elif kind == "settings":
                pause()
                times[kind].append(session.press("s", shows(TEXT["settings"]), kind))
                pause()
                times[kind].append(session.press("Escape", hides(TEXT["settings"]), kind))
            elif kind == "palette":
                pause()
                times[kind].append(session.press("C-p", shows(PALETTE_INPUT), kind,
                                                 then=palette_listed))
                pause()
                times[kind].append(session.press("Escape", hides(PALETTE_INPUT), kind))
        if not idle:
            speed = speed_shown(session.screen())
            if speed:
                speeds.append(speed)
    times["_speeds"] = speeds
    return times


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(ordered), "p50": statistics.median(ordered), "p95": p95, "max": ordered[-1],
            "missed": sum(v >= 1e3 * TIMEOUT for v in ordered)}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", default="tabs,steps,settings,palette")
    parser.add_argument("--n", type=int, default=20, help="rounds (each times two keys of every kind)")
    parser.add_argument("--idle", action="store_true", help="measure without starting training")
    parser.add_argument("--set", nargs="*", default=SETTINGS, help="the training pane's settings")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--load", action="store_true",
                        help="measure the keys beside one busy process (bench_training.BusyProcess)")
    parser.add_argument("--speed", type=int, default=0, metavar="ROUNDS",
                        help="instead of keys: the app's training speed in ROUNDS pairs of windows of --window "
                             "seconds, quiet and beside one busy process")
    parser.add_argument("--window", type=float, default=20.0)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--library", metavar="DIR",
                        help="run the app from another checkout (e.g. /work/main): before/after in the same conditions")
    parser.add_argument("--no-probe", action="store_true",
                        help="run `workbench` itself, without keys_probe.py (no CPU figures)")
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",")
    use_language(args.lang)
    if args.idle and "steps" in kinds:
        kinds.remove("steps")      # no epochs to step through before training
    load_before = os.getloadavg()
    session = Session(args.set, args.lang, probe=not args.no_probe, library=args.library)
    try:
        if session.wait_for(shows(TEXT["ready"]), timeout=60) is None:
            raise SystemExit(f"the training pane never showed {TEXT['ready']!r}:\n{session.screen()}")
        time.sleep(1.0)
        if not args.idle:
            session.send("g")
            session.send("2")
            if session.wait_for(lambda s: TEXT["second_epoch"] in s, timeout=300) is None:
                raise SystemExit(f"the first epoch never ended:\n{session.screen()}")
            time.sleep(1.0)
        if args.speed:
            batch = int(next((a.split("=")[1] for a in args.set if a.startswith("batch_size=")), 100))
            speed = measure_speed(session, args.speed, args.window, batch)
            session.close()
            speed.update({"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M"),
                          "settings": args.set, "load_average_before": load_before, "load_average_after": os.getloadavg()})
            print(f"training in the app: quiet {speed['quiet_samples_per_sec']}, loaded {speed['loaded_samples_per_sec']} "
                  f"samples/s; loaded/quiet median {speed['median_ratio']}")
            if args.json:
                Path(args.json).write_text(json.dumps(speed, indent=1))
            return speed
        if args.load:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from bench_training import BusyProcess
            with BusyProcess():
                times = measure(session, kinds, args.n, args.idle)
        else:
            times = measure(session, kinds, args.n, args.idle)
        still_training = args.idle or TEXT["training"] in session.screen()
        cpu = session.ui_cpu()
        collections = session.collections()
        by_key: dict[str, list[float]] = {}
        for label, sent, seen in session.presses:
            by_key.setdefault(label, []).append(1e3 * ((seen or sent + TIMEOUT) - sent))
    finally:
        session.close()
    speeds = times.pop("_speeds")
    report = {"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M"), "idle": args.idle,
              "library": args.library or str(ROOT),
              "beside_a_busy_process": args.load,
              "settings": args.set, "load_average_before": load_before, "load_average_after": os.getloadavg(),
              "training_samples_per_sec_shown": speeds, "still_training_at_the_end": still_training,
              "kinds": {kind: {**summary(values), "ms": values} for kind, values in times.items()},
              "keys": {label: {**summary(values), "ms": values} for label, values in by_key.items()},
              "ui_cpu_ms": {kind: {**summary(values), "ms": values} for kind, values in cpu.items()},
              "full_collections": collections}
    print(f"{'idle' if args.idle else 'while DeepConvNet trains'}"
          f"{f' (the app from {args.library})' if args.library else ''}; load average {load_before[0]:.2f} before, "
          f"{report['load_average_after'][0]:.2f} after"
          + (f"; training {statistics.median(speeds):.0f} samples/s (median shown)" if speeds else ""))
    for kind, s in report["kinds"].items():
        print(f"  {kind:15} p50 {s['p50']:5.0f} ms  p95 {s['p95']:5.0f} ms  max {s['max']:5.0f} ms  "
              f"(n={s['n']}, missed {s['missed']})")
    print("  each key (the palette's list: '(full)'):")
    for label, s in report["keys"].items():
        print(f"  {label:22} p50 {s['p50']:5.0f} ms  p95 {s['p95']:5.0f} ms  max {s['max']:5.0f} ms")
    if cpu:
        print("  the interface thread's CPU time from the key to its frame (keys_probe.py):")
    for kind, s in report["ui_cpu_ms"].items():
        print(f"  {kind:22} p50 {s['p50']:5.1f} ms  p95 {s['p95']:5.1f} ms  mean {statistics.fmean(s['ms']):5.1f} ms  "
              f"(n={s['n']})")
    if collections:
        ms = collections["ms"]
        print(f"  Python's full collections during the keys: {collections['count']}"
              + (f" (median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms; threads "
                 f"{', '.join(sorted(set(collections['threads'])))}); {collections['keys_that_waited']} of "
                 f"{collections['keys']} keys met one" if ms else ""))
    if not still_training:
        print("  warning: training had ended before the last key; use more epochs")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
