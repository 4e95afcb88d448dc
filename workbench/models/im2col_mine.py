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

The pane's input alone cannot tell every order apart (one image of one channel, square: columns in
(filter_h, filter_w, C) order are the book's there), so their im2col and col2im also run on hidden
batches that can (`hidden_cases`: 2 images of 2 or 3 channels, higher than wide or wider than high,
with the pane's window, stride and pad and with the book's), and the first case each gets wrong is
kept (`Hidden`) with the slip it looks like: the ✓ is only said when both pass those too.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import permutations
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
    answer["hidden"] = [_hidden_arrays(mine, im2col, col2im, case) for case in args.get("hidden", ())]
    return answer


def _hidden_arrays(mine, im2col, col2im, case: dict) -> dict:
    """Their col and dx on one hidden case (a part that is missing gives nothing: the visible run said so)."""
    x, window = unpack(case["x"]), (case["FH"], case["FW"], case["S"], case["P"])
    answer = {}
    if im2col is not None:
        answer["col"] = _array(*mine.attempt(im2col, x.copy(), *window))
    if col2im is not None:
        answer["dx"] = _array(*mine.attempt(col2im, unpack(case["dcol"]), x.shape, *window))
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
    cases = hidden_cases(s, z)
    args["hidden"] = [{"x": pack(c.x), "FH": c.FH, "FW": c.FW, "S": c.S, "P": c.P, "dcol": pack(c.dcol)}
                      for c in cases]
    key = key_of(s)
    printed = []
    try:
        answer = run(folder_of(s), PROGRAM, args, time_limit=TIME_LIMIT, cancelled=cancelled,
                     on_printed=printed.append)
        answer["hidden"] = missed(cases, answer.get("hidden") or [])
    except MineFailed as failed:
        answer = {name: {"failure": failed.data()} for name in ("col", "dx", "coverage")}
        printed.append(failed.printed)
    answer["printed"] = printed[0] if printed else None
    _runs.put(key, answer)
    return answer


# -- hidden cases: batches that tell every order apart ---------------------------------------------

BOOK_CASES = (((2, 3, 6, 7), 5, 5, 1, 0),      # SimpleConvNet's 5 × 5 filter
              ((2, 3, 4, 5), 3, 3, 1, 1),      # DeepConvNet's 3 × 3 filters, pad 1
              ((2, 3, 4, 6), 2, 2, 2, 0),      # the 2 × 2 pooling, stride 2
              ((2, 2, 5, 7), 3, 3, 2, 1))      # a stride of 2 with a pad
"""(input shape, window height and width, stride, pad): the book's windows on batches of 2 images of
several channels, wider than high, so that every axis of col's rows and columns has its own size."""


@dataclass(frozen=True, eq=False)
class Case:
    """One hidden batch: x (numbered 1, 2, … as the pane numbers pixels), the window, and a random dcol
    for col2im; `col` and `dx` are the library's. `own` marks the case of the pane's window, stride and
    pad (its x is the pane's values on that shape: typing its input in the pane shows the same)."""

    x: np.ndarray
    FH: int
    FW: int
    S: int
    P: int
    dcol: np.ndarray
    col: np.ndarray
    dx: np.ndarray
    own: bool = False


def own_shape(FH: int, FW: int, S: int, P: int) -> tuple[int, int, int, int]:
    """2 images of 2 channels, of another height than width, that the window tiles with this stride and
    pad, with at least 2 windows down and another number across: the smallest such."""
    for oh in range(2, 2 * (P + FH) + 4):
        h = (oh - 1) * S + FH - 2 * P
        for ow in (oh + 1, oh + 2):
            w = (ow - 1) * S + FW - 2 * P
            if h >= 1 and w >= 1 and w != h:
                return (2, 2, h, w)
    raise AssertionError("no shape")     # oh large enough makes h and w positive


def hidden_cases(s, z) -> list[Case]:
    """The pane's window, stride and pad on a batch that tells every order apart, then the book's."""
    from workbench.models.im2col import input_values
    from workbench.nn.im2col import col2im, im2col

    rng = np.random.default_rng(7)
    shape = own_shape(z.FH, z.FW, z.S, z.P)
    own = input_values(replace(s, input=shape, filter=(z.FN, shape[1], z.FH, z.FW)) if s.layer == "conv"
                       else replace(s, input=shape)).astype(np.float64)
    cases = []
    for x, (FH, FW, S, P), mine in [(own, (z.FH, z.FW, z.S, z.P), True)] + [
            (np.arange(1, np.prod(shape) + 1, dtype=np.float64).reshape(shape), window, False)
            for shape, *window in BOOK_CASES]:
        col = im2col(x, FH, FW, S, P)
        dcol = rng.standard_normal(col.shape)
        cases.append(Case(x, FH, FW, S, P, dcol, col, col2im(dcol, x.shape, FH, FW, S, P), mine))
    return cases


def shown_by(s, miss) -> str | None:
    """The input ("2, 2, 4, 5") that shows, in the pane itself, the entry their im2col got wrong on the
    pane's own hidden case (the same numbers: that case has the pane's values), when the pane can draw it."""
    from workbench.models.im2col import SettingError, sizes_of, too_big_to_show

    if miss.name != "col" or not miss.case.own:
        return None
    shape = miss.case.x.shape
    try:
        z = sizes_of(replace(s, input=shape, filter=(s.filter[0], shape[1], *s.filter[2:])))
    except SettingError:
        return None
    return None if too_big_to_show(z) else ", ".join(map(str, shape))


@dataclass(frozen=True)
class Hidden:
    """Where the learner's im2col (`name` "col") or col2im ("dx") first goes wrong on a hidden case:
    a `Differs`, or the failure's data; `hint` is the slip it looks like, (catalog key, values)."""

    name: str
    case: Case
    problem: object
    hint: tuple[str, dict] | None = None


def missed(cases: list[Case], got: list[dict]) -> dict[str, Hidden]:
    """For col and dx, the first hidden case whose array is not the library's."""
    misses: dict[str, Hidden] = {}
    for case, said in zip(cases, got):
        for name, expected in (("col", case.col), ("dx", case.dx)):
            if name in misses or name not in said:
                continue
            if "array" not in said[name]:
                misses[name] = Hidden(name, case, said[name].get("failure", said[name]))
                continue
            array = unpack(said[name]["array"])
            found = first_difference(array, expected)
            if found is not None:
                hint = im2col_slip(array, expected) if name == "col" else col2im_slip(array, case)
                misses[name] = Hidden(name, case, found, hint)
    return misses


def im2col_slip(got: np.ndarray, expected: np.ndarray) -> tuple[str, dict] | None:
    """The grader's name for an im2col's slip (columns or rows in another order, col transposed)."""
    from workbench.exercises.grader import im2col_hint

    found = im2col_hint(got, expected)
    return None if found is None else (f"im2col.mine.slip.{found[0]}", found[1])


def col2im_slip(got: np.ndarray, case: Case) -> tuple[str, dict] | None:
    """What a col2im that is not the library's does instead: reads each row of col (or the rows) in
    another order than the book's, the library's col2im of dcol so reordered being what it gave; or
    assigns each window (=) where it must add (+=), wrong only where windows overlap."""
    from workbench.exercises.grader import overlap_hint
    from workbench.nn.im2col import col2im, conv_output_size

    if got.shape != case.dx.shape:
        return None
    N, C, H, W = case.x.shape
    rows = (N, conv_output_size(H, case.FH, case.S, case.P), conv_output_size(W, case.FW, case.S, case.P))
    columns = (C, case.FH, case.FW)
    R, K = case.dcol.shape
    for order in permutations(range(3)):
        back = tuple(int(i) for i in np.argsort(order))
        read = {"col_order": case.dcol.reshape(R, *(columns[i] for i in order)).transpose(0, *(1 + i for i in back)),
                "row_order": case.dcol.reshape(*(rows[i] for i in order), K).transpose(*back, 3)}
        for slip, dcol in read.items():
            if order != (0, 1, 2) and np.allclose(col2im(dcol.reshape(R, K), case.x.shape, case.FH, case.FW,
                                                         case.S, case.P), got, rtol=1e-5, atol=1e-6):
                return (f"im2col.mine.slip.col2im_{slip}", {})
    coverage = col2im(np.ones_like(case.dcol), case.x.shape, case.FH, case.FW, case.S, case.P)
    return ("exercises.hint.overlap", {}) if overlap_hint(got, case.dx, coverage) else None


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
    hidden: dict | None = None
    """"col" (their im2col), "dx" (their col2im) → `Hidden`: right on the pane's batch, not on a hidden one."""
    printed: dict | None = None
    """What their code printed in the run ({"lines", "count"}, as the grader keeps it), None for nothing."""

    @property
    def file(self) -> str:
        return BY_NAME["im2col"].file

    def problem(self, name: str):
        """The failure or the difference of one array, None when it is the library's."""
        return (self.failures or {}).get(name) or (self.differs or {}).get(name)

    def hidden_misses(self) -> list[Hidden]:
        """Their im2col's, then their col2im's first hidden case that is wrong, where the pane's batch
        is right (a visible difference says more, on numbers the reader sees)."""
        visible = {"col": ("col",), "dx": ("dx", "coverage")}
        return [miss for name, miss in (self.hidden or {}).items()
                if not any(self.problem(shown) for shown in visible[name])]


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
    answer = dict(answer)
    hidden = answer.pop("hidden", None)
    printed = answer.pop("printed", None)
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
    state = replace(state, pending=False, failures=failures, differs=differs, hidden=hidden, printed=printed)
    return replace(result, arrays=arrays, mine=state)
