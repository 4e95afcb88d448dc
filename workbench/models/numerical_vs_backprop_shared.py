"""A numerical-versus-backprop measurement so far, and the same shared with a presenter's followers.

`SpeedFigures` is what the pane shows: its own measurement's, or, on a follower, the presenter's.
`summary` writes them as the presenter's position carries them (`workbench.classroom.speed`);
`figures_of` reads them back into the objects the pane draws from, once the parameters are checked
against the follower's own plan (the same names, in the same order).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from workbench.classroom.figures import first_line
from workbench.classroom.speed import SpeedRow, SpeedSummary
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models.numerical_vs_backprop import BookEstimate, ParamComparison, SpeedPlan, SpeedRun


@dataclass
class SpeedFigures:
    """Backprop's (median seconds, runs), the parameters measured so far, the latest progress, the whole
    run once done, how the job ended, and whether it runs."""

    backprop: tuple[float, int] | None = None
    params: list[ParamComparison] = field(default_factory=list)
    progress: JobProgress | None = None
    run: SpeedRun | None = None
    ended: JobDone | None = None
    running: bool = False


def summary(figures: SpeedFigures) -> SpeedSummary:
    """The figures as a presenter's position carries them."""
    progress, ended, run = figures.progress, figures.ended, figures.run
    state = "running" if figures.running else ended.reason if ended is not None else FINISHED
    book = run.book if run is not None else None
    return SpeedSummary(
        state, done=int(progress.done) if progress else 0, total=int(progress.total or 0) if progress else 0,
        param=str(progress.info.get("param", "")) if progress else "",
        backprop=float(figures.backprop[0]) if figures.backprop else None,
        repeats=int(figures.backprop[1]) if figures.backprop else 0,
        rows=tuple(SpeedRow(p.name, float(p.seconds), float(p.largest_difference), int(p.kinks)) for p in figures.params),
        numerical=float(run.numerical_seconds) if run else None, evaluations=int(run.evaluations) if run else 0,
        book_parameters=int(book.parameters) if book else 0, book_loss=float(book.loss_seconds) if book else 0.0,
        book_backprop=float(book.backprop_seconds) if book else 0.0,
        message=first_line(ended.message) if ended is not None else "")


def figures_of(plan: SpeedPlan, shared: SpeedSummary) -> SpeedFigures | None:
    """The presenter's measurement as this pane's figures; None when its parameters are not this plan's."""
    names = [row.name for row in shared.rows]
    if names != [row.name for row in plan.rows][:len(names)]:
        return None
    shapes = {row.name: row.shape for row in plan.rows}
    params = [ParamComparison(row.name, shapes[row.name], row.seconds, row.difference, row.kinks) for row in shared.rows]
    backprop = (shared.backprop, shared.repeats) if shared.backprop is not None else None
    run = None
    if shared.numerical is not None and backprop is not None and len(params) == len(plan.rows):
        run = SpeedRun(shared.backprop, shared.repeats, shared.numerical, shared.evaluations, tuple(params),
                       BookEstimate(shared.book_parameters, shared.book_loss, shared.book_backprop))
    running = shared.state == "running"
    progress = JobProgress(0, "measure", shared.done, shared.total, {"param": shared.param}, ()) \
        if running and shared.total else None
    ended = None if running else JobDone(0, "measure", shared.state, shared.message)
    return SpeedFigures(backprop, params, progress, run, ended, running)
