"""impl = mine: how fast a learner's parts train SimpleConvNet in the sandbox, beside the library.

    .venv/bin/python benchmarks/bench_mine.py [--folder tests/exercises/solution] [--train 3000] [--batch 100]

Runs the training pane's program (`workbench.models.train_mine`) on the learner's folder (the tests'
reference solution by default: the book's im2col with loops over the filter's cells only, float64)
for one epoch of synthetic digits, through the real sandbox child, and prints: samples a second of
their code (the trainer's own figure, evaluation excluded), the library's measured in the same child
just before (fast engine, one BLAS thread), the child's CPU seconds and peak memory (RSS), and the
time limit the pane states for these settings. Then the gradient check of TwoLayerNet and of
SimpleConvNet with impl = mine (wall seconds, child included). Record `uptime` beside the figures.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _Context:
    """A job context that keeps the last figures."""

    cancelled = False

    def __init__(self):
        self.info = {}

    def emit(self, *items):
        pass

    def progress(self, done, total=None, **info):
        self.info.update(info)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(ROOT / "tests" / "exercises" / "solution"))
    parser.add_argument("--train", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args(argv)
    from workbench.models import gradcheck_mine, train_mine
    from workbench.models.gradcheck import compute as gradcheck_plan
    from workbench.models.gradcheck_settings import GradcheckSettings
    from workbench.models.train import compute as train_plan
    from workbench.models.train_settings import TrainSettings

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    settings = TrainSettings(net="simple", dataset="synthetic-digits", train_size=args.train, test_size=500,
                             batch_size=args.batch, epochs=1, impl="mine", folder=args.folder)
    plan = train_plan(settings)
    ctx = _Context()
    started = time.perf_counter()
    outcome = train_mine.train(plan, ctx)
    wall = time.perf_counter() - started
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not hasattr(outcome, "samples_per_sec"):
        print(f"their code failed: {outcome}")
        return 1
    library = ctx.info.get("library_rate", float("nan"))
    print(f"SimpleConvNet, batch {args.batch}, {plan.max_iter} steps of synthetic digits, Adam")
    print(f"  their code: {outcome.samples_per_sec:,.0f} samples/s   library (fast, 1 thread, same child): "
          f"{library:,.0f} samples/s   ratio {library / outcome.samples_per_sec:.1f}x")
    print(f"  test accuracy after 1 epoch: {outcome.test_acc * 100:.1f} %   wall {wall:.1f} s   child CPU "
          f"{child.ru_utime + child.ru_stime:.1f} s   child peak RSS {child.ru_maxrss / 1024:.0f} MB")
    print(f"  time limit stated for these settings: {train_mine.time_limit(plan):.0f} s "
          f"({train_mine.SLOWEST:g} samples/s)")
    for net in ("two-layer", "simple"):
        plan = gradcheck_plan(GradcheckSettings(net=net, impl="mine", folder=args.folder))
        started = time.perf_counter()
        result = gradcheck_mine.check(plan)
        verdict = getattr(getattr(result, "report", None), "verdict", result)
        print(f"gradient check {net}, impl = mine: {time.perf_counter() - started:.2f} s wall (child start "
              f"included), {verdict}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
