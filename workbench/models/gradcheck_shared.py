"""A gradient check's results so far, and the same results shared with a presenter's followers.

`CheckFigures` is what the gradient-check pane shows (the table, the map, the status line): its own
check's, or, on a follower, the presenter's. `summary` writes a check's figures as the presenter's
position carries them (`workbench.classroom.check`); `figures_of` reads them back on the follower's
side into the objects the pane draws from, after checking that they are of the follower's own plan
(the same parameters in the same order, a map of the same cells), so what a presenter of another
network or version sends is never drawn as this one's.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from workbench.classroom.check import CheckRow, CheckSummary, WorstEntry, rounded_map
from workbench.classroom.figures import first_line
from workbench.jobs import FAILED, FINISHED, JobDone, JobProgress
from workbench.models.gradcheck import ErrorMap, GradcheckPlan, layout_of, map_entries, map_indices
from workbench.models.gradcheck_table import worst_entry
from workbench.nn.gradient import GradientCheck, GradientReport


@dataclass
class CheckFigures:
    """A check's results so far: each parameter's check, the report once the table is done, the maps
    made, the latest progress, how the last job ended, and the learner's code's failure (impl = mine)."""

    checks: dict[str, GradientCheck] = field(default_factory=dict)
    report: GradientReport | None = None
    maps: dict[str, ErrorMap] = field(default_factory=dict)
    progress: JobProgress | None = None
    ended: JobDone | None = None
    failure: object | None = None
    printed: dict | None = None
    """What the learner's code printed in the last check (impl = mine), None for nothing."""
    shown_map: str | None = None
    """The map the presenter's screen shows (a follower's figures; None for the pane's own)."""


# -- the presenter's side ----------------------------------------------------------------------------

def summary(figures: CheckFigures, shown_map: str | None, running: bool) -> CheckSummary:
    """The figures as a presenter's position carries them: the rows so far, the report's figures once
    the table is done, and the map its screen shows (`shown_map`), if made."""
    progress, ended = figures.progress, figures.ended
    message = ended.message if ended is not None else ""
    if running:
        state = "running"
    elif figures.failure is not None:       # the learner's code failed (impl = mine)
        state, message = FAILED, figures.failure.headline()
    else:
        state = ended.reason if ended is not None else FINISHED
    info = progress.info if progress is not None else {}
    report = figures.report
    worst = worst_entry(report) if report is not None else None
    emap = figures.maps.get(shown_map) if shown_map else None
    return CheckSummary(
        state, tuple(_row(name, check) for name, check in figures.checks.items()),
        phase="map" if info.get("phase") == "map" else "table",
        done=int(progress.done) if progress is not None else 0,
        total=int(progress.total or 0) if progress is not None else 0, param=str(info.get("param", "")),
        finished=report is not None, floor=_finite(report.floor) if report is not None else None,
        dropout=bool(report.fixed_dropout) if report is not None else False,
        seconds=round(float(report.seconds), 4) if report is not None else 0.0,
        worst=None if worst is None else WorstEntry(worst[0], worst[1], _finite(worst[2]), _finite(worst[3]),
                                                    float(worst[4])),
        map=None if emap is None else rounded_map(emap.name, emap.scale, emap.values),
        message=first_line(message))


def _row(name: str, check: GradientCheck) -> CheckRow:
    return CheckRow(name, _finite(check.max_relative_error), _finite(check.mean_relative_error), int(check.kinks),
                    int(check.left_out), round(float(check.seconds), 4))


def _finite(value) -> float | None:
    value = None if value is None else float(value)
    return value if value is not None and math.isfinite(value) else None


# -- the follower's side -----------------------------------------------------------------------------

def figures_of(plan: GradcheckPlan, shared: CheckSummary) -> CheckFigures | None:
    """The presenter's check as this pane's figures; None when it is not of this plan (other
    parameters, a map of other cells, a report without its worst entry)."""
    shapes = {row.name: row.shape for row in plan.rows}
    names = [row.name for row in shared.rows]
    if names != [row.name for row in plan.rows][:len(names)]:
        return None
    checks = {row.name: _check(row, shapes[row.name], plan) for row in shared.rows}
    report = None
    if shared.finished:
        report = GradientReport(checks, floor=shared.floor, fixed_dropout=shared.dropout, seconds=shared.seconds)
        if len(checks) != len(plan.rows) or not _with_worst_entry(report, shared.worst):
            return None
    maps = {}
    if shared.map is not None:
        if shared.map.name not in shapes:
            return None
        emap = _error_map(plan, shapes[shared.map.name], shared)
        if emap is None:
            return None
        maps[emap.name] = emap
    progress = ended = None
    if shared.state == "running":
        progress = JobProgress(0, "check", shared.done, shared.total, {"phase": shared.phase, "param": shared.param}, ())
    else:
        ended = JobDone(0, "check", shared.state, shared.message)
    return CheckFigures(checks, report, maps, progress, ended, shown_map=shared.map.name if shared.map else None)


def _check(row: CheckRow, shape: tuple[int, ...], plan: GradcheckPlan) -> GradientCheck:
    """A parameter's check with the figures its row shows (its arrays are the presenter's)."""
    checked = next(r.to_check for r in plan.rows if r.name == row.name)
    nan = math.nan
    return GradientCheck(shape, checked, nan if row.max_error is None else row.max_error,
                         nan if row.mean_error is None else row.mean_error, None, row.kinks, row.left_out, row.seconds)


def _with_worst_entry(report: GradientReport, worst: WorstEntry | None) -> bool:
    """Give the report's worst parameter the one entry its worst line reads (a, n and the error), as
    the presenter's check found it; False when the presenter's worst is not this report's."""
    name = report.worst
    if name is None:
        return worst is None
    if worst is None or worst.name != name or len(worst.index) != len(report[name].shape) \
            or any(i >= size for i, size in zip(worst.index, report[name].shape)):
        return False
    nan = math.nan
    check = report[name]
    report[name] = GradientCheck(
        check.shape, check.checked, check.max_relative_error, check.mean_relative_error, worst.index, check.kinks,
        check.left_out, check.seconds, indices=np.array([worst.index]),
        analytic=np.array([nan if worst.analytic is None else worst.analytic]),
        numeric=np.array([nan if worst.numeric is None else worst.numeric]), errors=np.array([worst.error]),
        flagged=np.array([False]))
    return True


def _error_map(plan: GradcheckPlan, shape: tuple[int, ...], shared: CheckSummary) -> ErrorMap | None:
    """The presenter's map as an ErrorMap over this plan's cells (None if its cells are not theirs)."""
    name = shared.map.name
    row_edges, column_edges, _ = map_indices(shape, np.random.default_rng(plan.settings.seed))
    values = np.array([[math.nan if v is None else v for v in row] for row in shared.map.values], dtype=np.float64)
    if values.shape != (len(row_edges) - 1, len(column_edges) - 1):
        return None
    indices = np.array(map_entries(plan, name))
    check = GradientCheck(shape, len(indices), math.nan, math.nan, None, indices=indices)
    return ErrorMap(name, shape, layout_of(shape), row_edges, column_edges, values, shared.map.scale, check)
