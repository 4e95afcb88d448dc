"""A class following a presenter who trains: the CPU its followers cost the presenter's computer, and the lag.

The script starts `workbench serve --follow` on a free port and opens N sessions (one websocket each,
as bench_serve.py does, 80×24). A presenter (the channel's `Publisher`) goes to the step of a recorded
run and replays what a real `workbench present --share` published while it trained, at the times it
published it (`--recording`: lesson 7.4's "overfitting" step on Fashion-MNIST, 2,000 images, 40 epochs
of 40 iterations: an epoch's end every half second, about 2.4 positions of ~7 KB a second, the most
a presenter sends), looped for `--seconds`. At each level of `--levels` it measures, from /proc:

- CPU seconds a second of every session's app process (user + system, from /proc/PID/stat: robust to
  other load, which stretches time but not the CPU a process uses), in all and per follower, and of the
  server process; first with the followers idle (following, nothing moving), then during the replay;
- the lag: from each position published until every follower shows its iteration count
  ("1,240/1,600" in the run's progress line), median, p95 and max;
- how many positions each follower showed, and its CPU a position shown: a follower short of CPU reads
  only the latest position and skips the others, so its CPU a second stops growing while its lag grows;
- the terminal output each follower sent its browser (bytes a second): how much it redrew;
- the load: the 1-minute load average and the share of both cores busy (/proc/stat) meanwhile.

    python benchmarks/bench_class_cpu.py --levels 10,20,40 --seconds 60 --json benchmarks/results/bench_class_cpu.json

`--one` measures one follower instead, in this process (headless, no server, no browser): the
recording's positions handed to it at their times, its CPU a position and while the last one stays
shown (`time.process_time`, this process only). Other work on the machine moves the served figures
above by a fifth either way between two runs, and this one by about a tenth: run each version of the
follower two or three times, in turn, to compare them:

    python benchmarks/bench_class_cpu.py --one --seconds 20

Record a new run with `--record PORT`: it listens as a follower of `workbench serve --follow --port
PORT` and writes every position it hears, with its time, until interrupted (then gzip it).
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from bench_serve import Session, app_pids, class_server, percentile  # noqa: E402

from workbench.classroom.channel import Address, Publisher, Subscriber  # noqa: E402
from workbench.classroom.position import Position  # noqa: E402

RECORDING = ROOT / "results" / "class_run_7.4_overfitting.jsonl.gz"
TICKS = os.sysconf("SC_CLK_TCK")
PROGRESS = re.compile(r"(\d[\d,]*)/(\d[\d,]*)")


def read_recording(path: Path) -> list[tuple[float, Position]]:
    """(seconds from the run's first publication, position) of each recorded publication."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    start = rows[0]["t"]
    return [(row["t"] - start, Position.from_json(row["position"])) for row in rows]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def busy_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of every CPU since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Meter:
    """CPU of the followers' apps and of the server, output bytes and the machine's load over a window."""

    def __init__(self, server_pid: int, sessions: list[Session]):
        self.server_pid, self.sessions = server_pid, sessions
        self.apps = app_pids(server_pid)

    def __enter__(self) -> "Meter":
        self.start = time.perf_counter()
        self.apps_cpu = [cpu_seconds(pid) for pid in self.apps]
        self.server_cpu = cpu_seconds(self.server_pid)
        self.own_cpu = time.process_time()
        self.machine = busy_jiffies()
        self.received = [s.received for s in self.sessions]
        return self

    def __exit__(self, *exc) -> None:
        seconds = time.perf_counter() - self.start
        apps = [cpu_seconds(pid) - before for pid, before in zip(self.apps, self.apps_cpu)]
        busy, total = busy_jiffies()
        self.figures = {
            "seconds": seconds,
            "followers_cpu_per_s": sum(apps) / seconds,
            "follower_cpu_per_s_median": statistics.median(apps) / seconds,
            "follower_cpu_per_s_max": max(apps) / seconds,
            "server_cpu_per_s": (cpu_seconds(self.server_pid) - self.server_cpu) / seconds,
            "bench_cpu_per_s": (time.process_time() - self.own_cpu) / seconds,
            "follower_output_bytes_per_s_median": statistics.median(
                s.received - before for s, before in zip(self.sessions, self.received)) / seconds,
            "machine_busy_share": (busy - self.machine[0]) / max(1, total - self.machine[1]),
            "load_1min": os.getloadavg()[0],
        }


class CountingSession(Session):
    """A session that counts the bytes its app sends (its redraws)."""

    received = 0

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)
                self.screen.feed(message.data)


def iteration_shown(session: Session, total: str) -> int:
    """The run's iteration the session's progress line shows ("1,240/1,600"), -1 if none."""
    for done, of in PROGRESS.findall(session.screen.text()):
        if of == total:
            return int(done.replace(",", ""))
    return -1


async def replay(publisher: Publisher, recording: list[tuple[float, Position]], sessions: list[Session],
                 seconds: float) -> tuple[list[float], list[int]]:
    """Publish the recording at its times, looped for `seconds`; the lag until every session shows each
    position's iteration (a position a session skipped counts once it shows a later one), and how many
    positions each session showed (a follower short of CPU skips some: it reads only the latest)."""
    total = f"{recording[-1][1].run.iterations:,}"
    waiting: list[tuple[float, int, set[int]]] = []       # (published at, iteration, sessions not there yet)
    lags: list[float] = []
    last_shown, shown_count = [-1] * len(sessions), [0] * len(sessions)
    start = time.perf_counter()
    loop_start, index = start, 0
    while time.perf_counter() - start < seconds:
        offset, position = recording[index]
        now = time.perf_counter()
        if now - loop_start >= offset:
            publisher.publish(position)
            iteration = position.run.iteration if position.run is not None else 0
            if iteration > 0 and position.run.state == "running":
                waiting = [w for w in waiting if w[1] < iteration or not w[2]]     # a new loop starts over
                waiting.append((time.perf_counter(), iteration, set(range(len(sessions)))))
            index += 1
            if index == len(recording):
                index, loop_start = 0, time.perf_counter() + 1.0       # a second's pause, then again
            continue
        shown = [iteration_shown(s, total) for s in sessions]
        for number, iteration in enumerate(shown):
            if iteration > 0 and iteration != last_shown[number]:
                last_shown[number] = iteration
                shown_count[number] += 1
        for published, iteration, left in waiting:
            for number in [n for n in left if shown[n] >= iteration]:
                left.discard(number)
            if not left:
                lags.append(time.perf_counter() - published)
        waiting = [w for w in waiting if w[2]]
        await asyncio.sleep(0.01)
    return lags, shown_count


async def run(levels: list[int], seconds: float, idle: float, recording: list[tuple[float, Position]]) -> dict:
    results: dict = {"cpus": os.cpu_count(), "recording": RECORDING.name, "levels": []}
    sessions: list[Session] = []
    first = recording[0][1]
    async with class_server(max(levels), "bench-class-") as (port, server, publisher):
        async with aiohttp.ClientSession() as http:
            for level in levels:
                publisher.publish(Position())
                while len(sessions) < level:
                    session = CountingSession(http, port)
                    await session.open()
                    sessions.append(session)
                publisher.publish(first.without_run())
                await asyncio.gather(*(s.wait_for("Overfitting", 120) for s in sessions))
                await asyncio.sleep(3)
                with Meter(server.pid, sessions) as still:
                    await asyncio.sleep(idle)
                with Meter(server.pid, sessions) as training:
                    lags, shown = await replay(publisher, recording, sessions, seconds)
                per_position = 1000 * training.figures["follower_cpu_per_s_median"] * training.figures["seconds"] / max(
                    1, statistics.median(shown))
                row = {"followers": level, "apps_counted": len(training.apps),
                       "positions_shown_median": statistics.median(shown),
                       "follower_cpu_ms_per_position_shown": per_position,
                       "idle": still.figures, "training": training.figures,
                       "lag_s_median": statistics.median(lags) if lags else None,
                       "lag_s_p95": percentile(lags, 95) if lags else None,
                       "lag_s_max": max(lags) if lags else None, "lags_counted": len(lags)}
                results["levels"].append(row)
                f, i = training.figures, still.figures
                print(f"{level:3d} followers ({len(training.apps)} apps): training replayed {f['seconds']:.0f} s: "
                      f"followers {f['followers_cpu_per_s']:.2f} CPU s/s in all, "
                      f"{1000 * f['follower_cpu_per_s_median']:.0f} ms/s each (median, max "
                      f"{1000 * f['follower_cpu_per_s_max']:.0f}), server {f['server_cpu_per_s']:.2f}, "
                      f"{f['follower_output_bytes_per_s_median'] / 1000:.1f} KB/s of screen each; "
                      f"{row['positions_shown_median']:.0f} positions shown each, {per_position:.0f} ms of CPU "
                      f"a position; "
                      f"idle {i['followers_cpu_per_s']:.2f} CPU s/s; lag median {row['lag_s_median'] or 0:.2f} s, "
                      f"p95 {row['lag_s_p95'] or 0:.2f}, max {row['lag_s_max'] or 0:.2f} ({len(lags)}); "
                      f"load {f['load_1min']:.1f}, both cores {100 * f['machine_busy_share']:.0f} % busy "
                      f"(this script {f['bench_cpu_per_s']:.2f} CPU s/s)", flush=True)
            for session in sessions:
                await session.close()
    return results


async def one_follower(recording: list[tuple[float, Position]], seconds: float, idle: float) -> dict:
    """One follower's CPU (this process's) a position of the recording handed to it at its times, and
    a second while the last stays shown (following, nothing moving)."""
    from workbench.app.app import make_app
    from workbench.classroom.channel import ChannelState

    app = make_app(follow=Address("http://127.0.0.1:9"), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.following.subscriber.close()                     # positions come from here, not the network
        app.following.state = ChannelState(True, live=True)
        app._presenter_moved(recording[0][1].without_run())
        while app.following.done is None or app.following.done != app.following.wanted:
            await pilot.pause(0.1)
        await pilot.pause(2)
        cpu, start, count = time.process_time(), time.perf_counter(), 0
        for offset, position in recording:
            if offset > seconds:
                break
            await asyncio.sleep(max(0.0, start + offset - time.perf_counter()))
            app._presenter_moved(position)
            app._run_arrived()
            count += 1
        await pilot.pause(0.5)
        per_position = (time.process_time() - cpu) / count
        cpu = time.process_time()
        await asyncio.sleep(idle)
        still = (time.process_time() - cpu) / idle
    print(f"one follower: {count} positions in {time.perf_counter() - start - idle:.0f} s, "
          f"{1000 * per_position:.1f} ms of CPU a position; {1000 * still:.1f} ms a second following, "
          f"nothing moving", flush=True)
    return {"positions": count, "cpu_ms_per_position": 1000 * per_position, "idle_cpu_ms_per_s": 1000 * still}


def record(port: int, out: Path) -> None:
    """Write every position a presenter publishes to `out`, one JSON line each with its time."""
    start = time.monotonic()
    with out.open("w", encoding="utf-8") as lines:
        def heard(position: Position) -> None:
            lines.write(json.dumps({"t": round(time.monotonic() - start, 3), "position": position.to_json()}) + "\n")
            lines.flush()

        Subscriber(Address(f"http://127.0.0.1:{port}").with_id("recorder"), heard, lambda state: None).start()
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,20,40", help="follower counts to measure at, rising")
    parser.add_argument("--seconds", type=float, default=60, help="seconds of the replayed run at each level")
    parser.add_argument("--idle", type=float, default=10, help="seconds of idle following measured first")
    parser.add_argument("--recording", type=Path, default=RECORDING)
    parser.add_argument("--record", type=int, metavar="PORT", help="record a presenter's run instead")
    parser.add_argument("--one", action="store_true", help="one follower's CPU, in this process, instead")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if args.record:
        record(args.record, args.recording.with_suffix("") if args.recording.suffix == ".gz" else args.recording)
        return
    if args.one:
        results = asyncio.run(one_follower(read_recording(args.recording), args.seconds, args.idle))
    else:
        levels = sorted(int(level) for level in args.levels.split(","))
        results = asyncio.run(run(levels, args.seconds, args.idle, read_recording(args.recording)))
    results["commit"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                       capture_output=True, text=True).stdout.strip()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
