"""Loading figures of workbench.datasets: wall time and peak RSS of a whole dataset, each in a fresh process.

Issue 3's targets: all of MNIST (or Fashion-MNIST, the same size) from the cache in under 2 s and
below 300 MB peak RSS. The cache case copies the files found on this machine into a temporary
$WORKBENCH_CACHE, so the figure is the cache's, not the first read of a system folder.

    .venv/bin/python benchmarks/bench_datasets.py [--rounds 3]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from workbench.datasets import load_dataset
t1 = time.perf_counter()
(x, t), (xt, tt) = load_dataset(sys.argv[1], download=False)
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "arrays_mb": (x.nbytes + t.nbytes + xt.nbytes + tt.nbytes) / 1e6,
                  "train": len(x), "test": len(xt), "dtype": str(x.dtype)}))
"""


def measure(name, env):
    done = subprocess.run([sys.executable, "-c", CHILD, name], env=env, capture_output=True, text=True)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout)


def fill_cache(cache, name):
    """Copy the files load_dataset finds now into ``cache`` laid out as workbench's download cache."""
    from workbench.datasets import DATASETS
    from workbench.datasets.locate import candidates, places

    info = DATASETS[name]
    target = Path(cache) / "datasets" / name
    target.mkdir(parents=True)
    for spec in info.source.files():
        found = [p for place in places(info) if place.kind != "cache" for p in candidates(place, spec)]
        if not found or not found[0].name.endswith(".gz"):
            return False
        shutil.copyfile(found[0], target / spec.name)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as cache:
        for name in ("mnist", "fashion-mnist"):
            if fill_cache(cache, name):
                env = dict(os.environ, WORKBENCH_CACHE=cache)
                results[f"{name} from the cache"] = [measure(name, env) for _ in range(args.rounds)]
            else:
                results[f"{name} from the cache"] = [{"error": "no copy of its four .gz files on this machine"}]
    results["synthetic-digits (generated)"] = [measure("synthetic-digits", dict(os.environ))
                                               for _ in range(args.rounds)]
    for case, runs in results.items():
        ok = [r for r in runs if "error" not in r]
        if not ok:
            print(f"{case:32} {runs[0]['error']}")
            continue
        best = min(ok, key=lambda r: r["load_s"])
        times = ", ".join(f"{r['load_s']:.2f}" for r in ok)
        print(f"{case:32} load {best['load_s']:.2f} s (of {len(ok)}: "
              f"{times})  peak RSS {max(r['peak_rss_mb'] for r in ok):.0f} MB"
              f"  arrays {best['arrays_mb']:.0f} MB  {best['train']}+{best['test']} {best['dtype']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
