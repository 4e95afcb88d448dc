"""The im2col inspector with `impl = mine`: col made by the learner's own im2col, and dx and the
coverage by their col2im, run in the sandbox, each compared with the library's entry by entry.

`arrays` runs in the sandbox's child: their im2col on the batch, their col2im on the gradient the
library's layer sends back (dcol for a convolution; for pooling, the book's Pooling.backward routes
dout to each window's maximum first) and on ones (how many windows cover each pixel). A part that
is missing or raises does not stop the other: im2col's col shows even while col2im is still to write.

In the app, `run_in_sandbox` runs it in a job and keeps the result by the folder's files and the
sizes; `with_mine` puts the learner's arrays in place of the library's in the result (col and the
pooling rows, and the maxima those give; dx; the coverage) and names, for each, the first entry
that differs from the library's — where a row or column order goes wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from workbench.exercises.parts import BY_NAME
from workbench.exercises.runner import MineFailed, pack, run, unpack
from workbench.models.mine_runs import Kept, folder_of, no_folder, run_key

PROGRAM = "workbench.models.im2col_mine:arrays"
PART_OF = {"col": "im2col", "dx": "col2im", "coverage": "col2im"}
"""Each array the learner's code makes → the part that makes it."""
TIME_LIMIT = 10.0


# -- in the sandbox's child --------------------------------------------------------------------------

def _array(value, failure):
    """{"array": packed} for what the grader takes (a NumPy array of numbers), else {"failure": …} or
    {"returned": what it is, as the grader names it (a phrase: "a Python list", "None")}."""
    from workbench.exercises.grader import array_or_number, of_numbers, what_got

    if failure is not None:
        return {"failure": failure}
    if not array_or_number(value) or not of_numbers(value):
        return {"returned": what_got(value)}
    return {"array": pack(np.asarray(value, dtype=np.float64))}


def arrays(mine, args: dict, emit) -> dict:
    """The sandbox program: their im2col's col, their col2im's dx and coverage."""
    x = unpack(args["x"])
    FH, FW, S, P = args["FH"], args["FW"], args["S"], args["P"]
    answer = {}
    im2col, failed = mine.attempt(getattr, mine, "im2col")
    col = None
    if failed is None:
        col, failed = mine.attempt(im2col, x.copy(), FH, FW, S, P)
    answer["col"] = _array(col, failed)
    col2im, failed = mine.attempt(getattr, mine, "col2im")
    for name, dcol in (("dx", unpack(args["dcol"])), ("coverage", np.ones_like(unpack(args["dcol"])))):
        got = None
        if failed is None:
            got, failed_here = mine.attempt(col2im, dcol, x.shape, FH, FW, S, P)
        else:
            failed_here = failed
        answer[name] = _array(got, failed_here)
    return answer


# -- in the app --------------------------------------------------------------------------------------

_runs = Kept()


def pool_dcol(a, z) -> np.ndarray:
    """The book's Pooling.backward up to col2im: dout routed to each window's maximum, as dcol."""
    dout = a.gradient.transpose(0, 2, 3, 1)
    size = z.FH * z.FW
    dmax = np.zeros((dout.size, size), dtype=np.float32)
    dmax[np.arange(a.arg_max.size), a.arg_max.flatten()] = dout.flatten()
    dmax = dmax.reshape(dout.shape + (size,))
    return dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)


def key_of(settings) -> tuple:
    window = settings.filter if settings.layer == "conv" else settings.pool
    return run_key(settings, settings.layer, settings.input, window, settings.stride, settings.pad,
                   settings.values, settings.seed)


def dcol_of(a, z) -> np.ndarray:
    return a.gradient if z.layer == "conv" else pool_dcol(a, z)


def run_in_sandbox(s, cancelled=None) -> dict:
    """Run `arrays` for the settings' batch on the learner's im2col and col2im; keep and return what came."""
    from workbench.models.im2col import compute

    library = compute(replace(s, impl="library"))
    z, a = library.sizes, library.arrays
    args = {"x": pack(a.x), "FH": z.FH, "FW": z.FW, "S": z.S, "P": z.P, "dcol": pack(dcol_of(a, z))}
    key = key_of(s)
    try:
        answer = run(folder_of(s), PROGRAM, args, time_limit=TIME_LIMIT, cancelled=cancelled)
    except MineFailed as failed:
        answer = {name: {"failure": failed.data()} for name in ("col", "dx", "coverage")}
    _runs.put(key, answer)
    return answer


@dataclass(frozen=True)
class Differs:
    """The first entry of the learner's array that is not the library's (or their shape, when it is not)."""

    index: tuple[int, ...] | None
    got: float | tuple
    expected: float | tuple

    @property
    def shape(self) -> bool:
        return self.index is None


@dataclass(frozen=True)
class Im2colMine:
    """The learner's im2col and col2im in the result: whether their run is still to come, what failed,
    and where their col, dx and coverage first differ from the library's."""

    folder: Path
    key: tuple
    pending: bool = True
    failures: dict | None = None
    """Array name ("col", "dx", "coverage") → {"message", "part", "traceback"} or {"returned": type}."""
    differs: dict | None = None
    """Array name → Differs, for those that do not match the library's."""
    ran: bool = True
    """False when the batch is too big to draw: their code is not run for numbers nobody sees."""

    @property
    def file(self) -> str:
        return BY_NAME["im2col"].file

    def problem(self, name: str):
        """The failure or the difference of one array, None when it is the library's."""
        return (self.failures or {}).get(name) or (self.differs or {}).get(name)


def first_difference(got: np.ndarray, expected: np.ndarray) -> Differs | None:
    if got.shape != expected.shape:
        return Differs(None, tuple(got.shape), tuple(expected.shape))
    close = np.isclose(got, expected.astype(np.float64), rtol=1e-5, atol=1e-6)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return Differs(index, float(got[index]), float(expected[index]))


def with_mine(result):
    """`result` with the learner's arrays in place of the library's, as far as their run got."""
    s, z, a = result.settings, result.sizes, result.arrays
    state = Im2colMine(folder_of(s), key_of(s))
    if a is None:
        return replace(result, mine=replace(state, pending=False, ran=False))
    missing = no_folder(s, "convolution.py")
    if missing is not None:
        return replace(result, mine=replace(state, pending=False, failures={name: missing for name in PART_OF}))
    answer = _runs.get(state.key)
    if answer is None:
        return replace(result, mine=state)
    failures, differs, mine = {}, {}, {}
    expected = {"col": a.col, "dx": a.dx, "coverage": a.coverage}
    for name, said in answer.items():
        if "array" not in said:
            failures[name] = said.get("failure", said)
            continue
        got = unpack(said["array"])
        found = first_difference(got, expected[name])
        if found is not None:
            differs[name] = found
        if found is None or not found.shape:
            mine[name] = got.astype(np.float32)
    arrays = a
    if "col" in mine:
        col = mine["col"]
        arrays = replace(arrays, col=col, rows=col if z.layer == "conv" else col.reshape(-1, z.FH * z.FW))
        if z.layer == "pool":
            rows = arrays.rows
            out = rows.max(axis=1).reshape(z.N, z.OH, z.OW, z.C).transpose(0, 3, 1, 2)
            arrays = replace(arrays, out=out, arg_max=rows.argmax(axis=1))
    if "dx" in mine:
        arrays = replace(arrays, dx=mine["dx"])
    if "coverage" in mine:
        arrays = replace(arrays, coverage=mine["coverage"])
    state = replace(state, pending=False, failures=failures, differs=differs)
    return replace(result, arrays=arrays, mine=state)
