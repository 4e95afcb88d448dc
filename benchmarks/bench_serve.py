"""A class on `workbench serve`: memory per session, time to the first frame, key and follow latency.

The script starts `workbench serve --follow` on a free port, then opens sessions as a class arrives
(one websocket each, speaking textual-serve's protocol as the browser page does, 80×24), up to each
level of `--levels`. At each level it measures, with every session open and at the home screen:

- time to the first frame: from a session's websocket opening until its home screen shows the lesson list;
- memory: the PSS (and RSS) of each session's app processes in lesson 2.1, from /proc (PSS shares the libraries fairly,
  so PSS × sessions is what a class needs);
- key latency: one session in lesson 2.1 pressing → and ← in turn, from the key sent to the step
  counter changing on its screen;
- follow latency: a presenter (the channel's Publisher) moves between steps; the time until every
  following session shows the new step.

    python benchmarks/bench_serve.py                                   # 10, 20, 40 sessions
    python benchmarks/bench_serve.py --levels 10,20,40 --keys 20 --json benchmarks/results/bench_serve.json

No target is stated in issue 20; the README reports these figures and what a class of 40 needs.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from browser_screen import Screen  # noqa: E402

from workbench.classroom.channel import Address, Publisher  # noqa: E402
from workbench.classroom.position import Position  # noqa: E402

HOME = "Chapter 2"
WIDTH, HEIGHT = 80, 24


class Session:
    """One student's browser, reduced to its websocket and the screen it shows."""

    def __init__(self, http: aiohttp.ClientSession, port: int):
        self.http, self.port = http, port
        self.screen = Screen(WIDTH, HEIGHT)
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task | None = None

    async def open(self) -> float:
        """Connect; seconds until the home screen is drawn."""
        start = time.perf_counter()
        self.socket = await self.http.ws_connect(f"ws://127.0.0.1:{self.port}/ws/-?width={WIDTH}&height={HEIGHT}")
        self.reader = asyncio.create_task(self._read())
        await self.wait_for(HOME, 120)
        return time.perf_counter() - start

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.feed(message.data)

    async def wait_for(self, text: str, seconds: float = 30) -> float:
        start = time.perf_counter()
        while text not in self.screen.text():
            if time.perf_counter() - start > seconds:
                raise TimeoutError(f"{text!r} not shown after {seconds} s:\n{self.screen.text()}")
            await asyncio.sleep(0.002)
        return time.perf_counter() - start

    async def press(self, key: str) -> None:
        await self.socket.send_json(["stdin", key])

    async def close(self) -> None:
        await self.socket.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """Every descendant process of `pid`."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) in MB of one process."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except OSError:
        pass
    return pss / 1024, rss / 1024


def app_pids(server_pid: int) -> list[int]:
    """The sessions' app processes under the server (`python -m workbench …`)."""
    pids = []
    for pid in children(server_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"-m" in command and b"workbench" in command:
            pids.append(pid)
    return pids


def session_memory(server_pid: int) -> list[tuple[float, float]]:
    """(PSS, RSS) of each session's app (the Python processes under the server)."""
    return [memory_mb(pid) for pid in app_pids(server_pid)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def key_latency(session: Session, keys: int) -> list[float]:
    """→ and ← in turn in lesson 2.1 (5 steps): seconds from the key to the new step counter."""
    await session.press("\r")                           # any key leaves following: Enter opens 2.1
    await session.wait_for("2.1 The perceptron")
    await session.wait_for("/5")
    here = int(re.search(r"Step (\d)/5", session.screen.text()).group(1))
    there, forward, back = (here + 1, "\x1b[C", "\x1b[D") if here < 5 else (here - 1, "\x1b[D", "\x1b[C")
    times = []
    for index in range(keys):
        key, shown = (forward, f"Step {there}/5") if index % 2 == 0 else (back, f"Step {here}/5")
        await asyncio.sleep(0.15)
        start = time.perf_counter()
        await session.press(key)
        await session.wait_for(shown)
        times.append(time.perf_counter() - start)
    await session.press("F")                             # follow the presenter again
    return times


async def follow_latency(publisher: Publisher, followers: list[Session], moves: int) -> list[float]:
    """Seconds from the presenter's move until the last follower shows the new step."""
    times = []
    for index in range(moves):
        step = 1 + index % 2
        start = time.perf_counter()
        publisher.publish(Position("perceptron", step))
        await asyncio.gather(*(s.wait_for(f"Step {step + 1}/5", 60) for s in followers))
        times.append(time.perf_counter() - start)
        await asyncio.sleep(0.5)
    return times


@contextlib.asynccontextmanager
async def class_server(sessions: int, prefix: str = "bench-serve-"):
    """`workbench serve --follow` on a free port for up to `sessions` sessions, its state in a folder of
    its own, and a presenter's `Publisher` holding its key: yields (port, server process, publisher);
    stops them both after."""
    port = free_port()
    state = Path(tempfile.mkdtemp(prefix=prefix))
    env = os.environ | {"WORKBENCH_STATE_DIR": str(state), "PYTHONUNBUFFERED": "1"}
    log = (state / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "workbench", "--lang", "en", "serve", "--port", str(port),
                               "--follow", "--max-sessions", str(sessions)], stdout=log, stderr=subprocess.STDOUT,
                              env=env)
    publisher = None
    try:
        key_file = state / "classroom" / f"serve-{port}.json"
        for _ in range(300):
            if key_file.exists():
                break
            await asyncio.sleep(0.1)
        key = json.loads(key_file.read_text())["key"]
        publisher = Publisher(Address(f"http://127.0.0.1:{port}"), key, lambda state: None).start()
        yield port, server, publisher
    finally:
        if publisher is not None:
            publisher.close()
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


async def run(levels: list[int], keys: int, moves: int) -> dict:
    results: dict = {"machine": platform.machine(), "cpus": os.cpu_count(), "levels": []}
    sessions: list[Session] = []
    async with class_server(max(levels)) as (port, server, publisher):
        publisher.publish(Position())
        async with aiohttp.ClientSession() as http:
            first_frames = []
            for level in levels:
                while len(sessions) < level:
                    session = Session(http, port)
                    first_frames.append(await session.open())
                    sessions.append(session)
                await asyncio.sleep(2)
                load = os.getloadavg()[0]
                publisher.publish(Position("perceptron", 0))
                await asyncio.gather(*(s.wait_for("Step 1/5", 60) for s in sessions))
                follows = await follow_latency(publisher, sessions, moves)
                memory = session_memory(server.pid)          # in a lesson: its pane and NumPy loaded
                publisher.publish(Position())
                await asyncio.gather(*(s.wait_for(HOME, 60) for s in sessions))
                presses = await key_latency(sessions[0], keys)
                row = {
                    "sessions": level,
                    "first_frame_s_median": statistics.median(first_frames),
                    "first_frame_s_max": max(first_frames),
                    "pss_mb_per_session_median": statistics.median(m[0] for m in memory),
                    "rss_mb_per_session_median": statistics.median(m[1] for m in memory),
                    "pss_mb_total": sum(m[0] for m in memory),
                    "apps_counted": len(memory),
                    "key_ms_median": 1000 * statistics.median(presses),
                    "key_ms_p95": 1000 * percentile(presses, 95),
                    "follow_all_ms_median": 1000 * statistics.median(follows),
                    "follow_all_ms_max": 1000 * max(follows),
                    "load_1min": load,
                }
                results["levels"].append(row)
                print(f"{level:3d} sessions: first frame {row['first_frame_s_median']:.2f} s median "
                      f"(max {row['first_frame_s_max']:.2f}); PSS {row['pss_mb_per_session_median']:.0f} MB a session "
                      f"(RSS {row['rss_mb_per_session_median']:.0f}), {row['pss_mb_total']:.0f} MB in all; "
                      f"key {row['key_ms_median']:.0f} ms median, p95 {row['key_ms_p95']:.0f}; "
                      f"presenter → all followers {row['follow_all_ms_median']:.0f} ms median, "
                      f"max {row['follow_all_ms_max']:.0f}; load {load:.1f}", flush=True)
            for session in sessions:
                await session.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,20,40", help="session counts to measure at, rising")
    parser.add_argument("--keys", type=int, default=20, help="keys timed at each level")
    parser.add_argument("--moves", type=int, default=6, help="presenter moves timed at each level")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    levels = sorted(int(level) for level in args.levels.split(","))
    results = asyncio.run(run(levels, args.keys, args.moves))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
