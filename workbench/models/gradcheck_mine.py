"""The gradient check with `impl = mine`: the same network and inputs, built from the learner's layers.

The check runs in the sandbox's child (`workbench.exercises.runner`), never in the app's process:
`program` is what the child runs; it builds the library's plan for the settings (the same weights,
inputs and sampled entries as the library's check), rebuilds the network from the learner's
Affine, Relu, Convolution, Pooling and SoftmaxWithLoss (`workbench.exercises.networks.Net`), runs
the library's `gradient_check` on it and sends every entry and every parameter's numbers back.
`check` and `error_map` (parent side) turn those numbers into the GradientReport and ErrorMap the
pane shows for the library, so the verdicts come from the same bands. The labels are one-hot, as
in the book's gradient_check.py. The loss the numerical side differentiates is computed, as in the
library's check, without the book's 1e−7 inside the log, from the probabilities y their
SoftmaxWithLoss kept (`exact_loss`); with `book_delta` it is their forward's own value, 1e−7 and all.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from workbench.models.mine import MineFailure, missing_folder

from workbench.models.gradcheck import (CLASSES, ErrorMap, GradcheckPlan, GradcheckRun, compute, map_entries,
                                        map_of)
from workbench.models.gradcheck_settings import GradcheckSettings
from workbench.nn.gradient import GradientCheck, GradientReport

PROGRAM = "workbench.models.gradcheck_mine:program"
TIME_LIMIT = 120.0
"""Seconds for one check in the child: the library's takes well under one; a learner's loops may be 100× slower."""
QUIET_LIMIT = 20.0
"""Seconds the child may go without checking an entry (two losses of a small network): an endless loop in
a layer of theirs is stopped after this, not after the whole TIME_LIMIT."""
ARRAYS = ("indices", "analytic", "numeric", "errors", "flagged", "steps", "sides")
SCALARS = ("checked", "max_relative_error", "mean_relative_error", "kinks", "left_out", "seconds")


# -- in the child ----------------------------------------------------------------------------------

def program(mine, args: dict, emit) -> dict:
    """The check of the settings' network built from `mine` (or of one parameter's map entries)."""
    from workbench.exercises.networks import Net, exact_loss
    from workbench.nn.gradient import gradient_check

    s = GradcheckSettings(**args["settings"])
    plan = compute(s)
    net = Net.like(plan.network, mine, dtype=np.float64)
    if not s.book_delta:
        exact_loss(net.last_layer)
    t = np.eye(CLASSES)[plan.t]
    options = dict(h=s.h, kinks=s.kinks, keep_delta=s.book_delta,
                   on_entry=lambda done, total, name: emit({"entry": [done, total, name]}))
    if args.get("map"):
        name = args["map"]
        report = gradient_check(net, plan.x, t, select={name: map_entries(plan, name)}, **options)
        return {"check": check_data(report[name])}
    report = gradient_check(net, plan.x, t, num_samples=s.samples, rng=s.seed,
                            on_param=lambda name, check: emit({"param": name, "check": check_data(check)}),
                            **options)
    worst = report.worst or plan.rows[0].name
    mapped = gradient_check(net, plan.x, t, select={worst: map_entries(plan, worst)}, **options)[worst]
    return {"checks": {name: check_data(check) for name, check in report.items()}, "floor": report.floor,
            "loss": report.loss, "seconds": report.seconds, "map": [worst, check_data(mapped)]}


def check_data(check: GradientCheck) -> dict:
    """A GradientCheck as JSON data (arrays packed)."""
    from workbench.exercises.runner import pack

    data = {name: getattr(check, name) for name in SCALARS}
    data.update(shape=list(check.shape), worst_index=list(check.worst_index) if check.worst_index else None)
    data.update({name: pack(getattr(check, name)) for name in ARRAYS})
    return data


# -- in the app ------------------------------------------------------------------------------------

def check_from(data: dict) -> GradientCheck:
    from workbench.exercises.runner import unpack

    values = {name: data[name] for name in SCALARS}
    values.update({name: unpack(data[name]) for name in ARRAYS})
    worst = data.get("worst_index")
    return GradientCheck(shape=tuple(data["shape"]), worst_index=tuple(worst) if worst else None, **values)


def _args(plan: GradcheckPlan, **more) -> dict:
    """The settings as the child rebuilds the library's plan from them (its working folder is theirs)."""
    settings = dataclasses.replace(plan.settings, impl="library", folder="exercises")
    return {"settings": dataclasses.asdict(settings), **more}


def _run(plan: GradcheckPlan, args: dict, on_entry, on_param, cancelled, on_printed=None):
    from workbench.exercises import runner

    missing = missing_folder(plan.settings.folder)
    if missing is not None:
        return missing

    def on_event(event: dict) -> None:
        if "entry" in event and on_entry is not None:
            on_entry(*event["entry"])
        elif "param" in event and on_param is not None:
            on_param(event["param"], check_from(event["check"]))

    try:
        return runner.run(plan.settings.folder, PROGRAM, args, time_limit=TIME_LIMIT, on_event=on_event,
                          cancelled=cancelled, quiet_limit=QUIET_LIMIT, on_printed=on_printed)
    except runner.MineFailed as failed:
        return MineFailure.of(failed)


def check(plan: GradcheckPlan, *, on_entry=None, on_param=None, cancelled=None) -> GradcheckRun | MineFailure:
    """The check and the map of its worst parameter, on the learner's layers, in one run of the child;
    MineFailure when their code fails (runner.Cancelled when `cancelled()` says so)."""
    printed: list[dict] = []
    result = _run(plan, _args(plan), on_entry, on_param, cancelled, printed.append)
    if isinstance(result, MineFailure):
        return result
    report = GradientReport({name: check_from(data) for name, data in result["checks"].items()},
                            floor=result["floor"], loss=result["loss"], seconds=result["seconds"],
                            h=plan.settings.h, kinks=plan.settings.kinks, keep_delta=plan.settings.book_delta)
    name, mapped = result["map"]
    return GradcheckRun(report, map_of(plan, name, check_from(mapped)), printed[0] if printed else None)


def error_map(plan: GradcheckPlan, name: str, *, on_entry=None, cancelled=None) -> ErrorMap | MineFailure:
    """The map of parameter `name`, checked on the learner's layers."""
    result = _run(plan, _args(plan, map=name), on_entry, None, cancelled)
    if isinstance(result, MineFailure):
        return result
    return map_of(plan, name, check_from(result["check"]))
