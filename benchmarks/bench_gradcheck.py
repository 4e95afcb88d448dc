"""Time of the gradient check (issue 11): the model's job body for each network, the console command
and the pane, each in a fresh process.

    .venv/bin/python benchmarks/bench_gradcheck.py                          # every network, 3 rounds
    .venv/bin/python benchmarks/bench_gradcheck.py --nets deep --rounds 5 --json benchmarks/results/bench_gradcheck.json
    .venv/bin/python benchmarks/bench_gradcheck.py --threads 1              # OPENBLAS_NUM_THREADS=1 in the children

Three ways to run the same check (default settings: 30 entries per parameter, batch 4, h = 1e-4,
kinks measured again with h = 1e-6):
- ``job``: `run_check(compute(settings))`, what the pane's and the command's job runs;
- ``command``: `python -m workbench gradcheck --net NAME`, wall time of the whole process (start-up
  and the table included), its output thrown away;
- ``pane``: the app opened on the pane headless (`run_test`), from mount to the finished report
  (the map of the worst parameter is not waited for).
Each measurement runs in its own process so that `--threads` reaches OpenBLAS before NumPy loads;
the load average before each run is kept, since on a shared 2-core host the neighbours decide
much of the time. Rounds take the median.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

NETS = ("two-layer", "multi-layer", "multi-layer-extend", "simple", "deep")

JOB = """
import sys, time
from workbench.models.gradcheck import GradcheckSettings, compute, run_check
plan = compute(GradcheckSettings(net=sys.argv[1]))
start = time.perf_counter()
report = run_check(plan)
print(time.perf_counter() - start, report.verdict)
"""

PANE = """
import asyncio, sys, time
from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from workbench.models.catalog import pane

async def main():
    app = make_app(pane=("gradcheck", pane("gradcheck").parse([f"net={sys.argv[1]}"])))
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        start = time.perf_counter()
        while gradcheck.own.report is None:
            await asyncio.sleep(0.02)
        print(time.perf_counter() - start, gradcheck.own.report.verdict)
asyncio.run(main())
"""


def child_env(threads):
    env = dict(os.environ)
    if threads:
        env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(threads)
    env.setdefault("WORKBENCH_STATE_DIR", "/tmp/workbench-bench-state")
    return env


def timed(kind, net, env):
    """(seconds, verdict) of one measurement in a fresh process."""
    if kind == "command":
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "workbench", "gradcheck", "--net", net],
                              capture_output=True, text=True, env=env)
        return time.perf_counter() - start, "pass" if done.returncode == 0 else f"exit {done.returncode}"
    script = JOB if kind == "job" else PANE
    done = subprocess.run([sys.executable, "-c", script, net], capture_output=True, text=True, env=env, check=True)
    seconds, verdict = done.stdout.split()[-2:]
    return float(seconds), verdict


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nets", default=",".join(NETS))
    parser.add_argument("--kinds", default="job,command,pane")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="OPENBLAS_NUM_THREADS for the children (0: leave)")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    env = child_env(args.threads)
    results = {"python": platform.python_version(), "cpus": os.cpu_count(), "threads": args.threads or "default",
               "rounds": args.rounds, "runs": []}
    print(f"{'network':20} {'kind':8} {'median s':>9}  rounds (load average before each)")
    for net in args.nets.split(","):
        for kind in args.kinds.split(","):
            seconds, loads, verdicts = [], [], set()
            for _ in range(args.rounds):
                loads.append(os.getloadavg()[0])
                s, verdict = timed(kind, net, env)
                seconds.append(s)
                verdicts.add(verdict)
            median = statistics.median(seconds)
            results["runs"].append({"net": net, "kind": kind, "seconds": seconds, "median": median,
                                    "load_before": loads, "verdicts": sorted(verdicts)})
            rounds = ", ".join(f"{s:.2f} ({load:.1f})" for s, load in zip(seconds, loads))
            print(f"{net:20} {kind:8} {median:9.2f}  {rounds}  {'/'.join(sorted(verdicts))}", flush=True)
    if args.json:
        partial = args.json + ".partial"
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
        os.replace(partial, args.json)


if __name__ == "__main__":
    main()
