"""CPU time of the settings dialog's openings, first and later, headless at 80×24 (a Pilot, no training).

    .venv/bin/python benchmarks/bench_settings_open.py                 # train pane, 5 runs
    .venv/bin/python benchmarks/bench_settings_open.py --pane shapes --runs 3
    .venv/bin/python benchmarks/bench_settings_open.py --at-once       # s before the dialog is made ahead

Each run is a fresh app in its own process (the first opening is first once per process): `s` once the
pane has been shown a moment (its dialog is made off screen meanwhile, shell.SETTINGS_AHEAD_AFTER), or
with --at-once as if pressed before that (nothing made ahead: the dialog is made on the spot); then
until the dialog is on screen and the app idle, in the UI thread's process CPU time; Escape; twice more.
Target: the first opening under 100 ms of CPU.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time


async def one_run(pane: str, at_once: bool) -> list[float]:
    from workbench.app import shell
    from workbench.app.app import make_app
    from workbench.app.settings_form import SettingsScreen

    waited = shell.SETTINGS_AHEAD_AFTER + 0.5
    if at_once:
        shell.SETTINGS_AHEAD_AFTER = 1e9          # however long the start takes, nothing is made ahead
    app = make_app(pane=(pane, None))
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause(waited)
        for _ in range(3):
            start = time.process_time()
            await pilot.press("s")
            while not isinstance(app.screen, SettingsScreen):
                await asyncio.sleep(0)
            await pilot.pause()
            times.append(1e3 * (time.process_time() - start))
            await pilot.press("escape")
            await pilot.pause(0.3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pane", default="train")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--at-once", action="store_true", help="press s as soon as the pane is shown")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(one_run(args.pane, args.at_once))))
        return
    runs = []
    for _ in range(args.runs):
        home = tempfile.mkdtemp()
        out = subprocess.run([sys.executable, __file__, "--child", "--pane", args.pane]
                             + ["--at-once"] * args.at_once, capture_output=True,
                             text=True, env={**__import__("os").environ, "HOME": home}, check=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    first = [run[0] for run in runs]
    later = [t for run in runs for t in run[1:]]
    print(f"{args.pane}: first opening {statistics.median(first):.0f} ms CPU (median of {len(first)}: "
          f"{', '.join(f'{t:.0f}' for t in first)}); later openings {statistics.median(later):.0f} ms")


if __name__ == "__main__":
    main()
