"""The gradient check as text: the table's cells, the lines that say how it was run, and a summary.

Shared by the pane (which colours each verdict) and `workbench gradcheck` (which prints them), so
both show the same table. Cells are plain strings; widths are counted in terminal cells.
"""
from __future__ import annotations

import math

import numpy as np

from workbench.i18n import numbers, t
from workbench.i18n.cells import cell_len
from workbench.i18n.numbers import grouped, power_of_ten
from workbench.models.gradcheck import GradcheckPlan, ParamRow, shape_text
from workbench.nn.gradient import BANDS, FAIL, PASS, WARN, GradientCheck, GradientReport

COLUMNS = ("param", "shape", "checked", "max", "mean", "kinks", "verdict", "time")
"""Every column, in order; narrower tables drop some (LAYOUTS)."""
LAYOUTS = (COLUMNS, ("param", "shape", "checked", "max", "mean", "kinks", "verdict"),
           ("param", "shape", "checked", "max", "kinks", "verdict"), ("param", "checked", "max", "verdict"))
"""The column sets tried, widest first, until one fits."""
NUMERIC = {"checked", "max", "mean", "kinks", "time"}
GAP = 2


def error_text(value: float) -> str:
    """A relative error for the table, two significant digits.

    Errors at float64's rounding level (below about 1e−7) change in their digits with the BLAS
    kernel that computed them, i.e. with the CPU; they are shown as they are, since the lessons
    watch them shrink as h does (the snapshot tests round them).
    """
    return sci(value)


def sci(value: float, places: int = 1) -> str:
    """3.1e−8: `numbers.sci`, as every pane and the console write a number (h 1e−4 on the same line);
    — when there is no value (NaN: nothing was checked)."""
    if value is None or math.isnan(value):
        return "—"
    return numbers.sci(value, places)


def verdict_word(verdict: str) -> str:
    return t(f"gradcheck.verdict.{verdict}")


def header(columns: tuple[str, ...]) -> list[str]:
    return [t(f"gradcheck.column.{column}") for column in columns]


def cells(row: ParamRow, check: GradientCheck | None, columns: tuple[str, ...], compact: bool,
          pending: str = "…") -> list[str]:
    """One parameter's cells; before its check is done, its values are `pending` ("…"; "—" when the
    check ended without it)."""
    values = {"param": row.name, "shape": shape_text(row.shape), "checked": checked_text(row, compact)}
    if check is None:
        values.update(max=pending, mean=pending, kinks=pending, verdict="", time="")
    else:
        values.update(max=error_text(check.max_relative_error), mean=error_text(check.mean_relative_error),
                      kinks=kinks_text(check), verdict=verdict_word(check.verdict),
                      time=t("gradcheck.seconds", seconds=check.seconds))
    return [values[column] for column in columns]


def checked_text(row: ParamRow, compact: bool) -> str:
    """How many entries are checked: "30 of 2,500" for a sample ("30/2,500" when compact), "12" for all;
    grouped by thousands as every count on screen is."""
    if row.to_check == row.size:
        return grouped(row.size)
    if compact:
        return f"{grouped(row.to_check)}/{grouped(row.size)}"
    return t("gradcheck.checked.sampled", checked=grouped(row.to_check), size=grouped(row.size))


def kinks_text(check: GradientCheck) -> str:
    """Entries whose nudge crossed a kink, and how many of them were left out."""
    if check.left_out:
        return t("gradcheck.kinks.left_out", kinks=check.kinks, left=check.left_out)
    return str(check.kinks)


def aligned(rows: list[list[str]], columns: tuple[str, ...]) -> list[list[str]]:
    """The rows' cells padded to their column's width (numbers to the right), by terminal cells."""
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(columns))]
    padded = []
    for row in rows:
        padded.append([" " * (w - cell_len(c)) + c if column in NUMERIC else c + " " * (w - cell_len(c))
                       for c, w, column in zip(row, widths, columns)])
    return padded


def table(plan: GradcheckPlan, checks: dict[str, GradientCheck], width: int | None = None, pending: str = "…"
          ) -> tuple[tuple[str, ...], list[list[str]]]:
    """(columns, padded rows with the header first) of the widest layout that fits in ``width``."""
    for columns in LAYOUTS:
        for compact in (False, True):
            rows = [header(columns)] + [cells(row, checks.get(row.name), columns, compact, pending)
                                        for row in plan.rows]
            padded = aligned(rows, columns)
            if width is None or line_width(padded[0]) <= width:
                return columns, padded
    return columns, padded


def line_width(padded_row: list[str]) -> int:
    return sum(cell_len(c) for c in padded_row) + GAP * (len(padded_row) - 1)


def joined(padded_row: list[str]) -> str:
    return (" " * GAP).join(padded_row).rstrip()


# -- the lines around the table ------------------------------------------------------------------------

def title_line(plan: GradcheckPlan, compact: bool = False) -> str:
    """What is checked: the network, and the float32 → float64 conversion when there is one."""
    name = plan.recipe.short if compact else plan.recipe.call
    if plan.dtype == "float64":
        return t("gradcheck.title_line.float64", call=name)
    return t("gradcheck.title_line.compact" if compact else "gradcheck.title_line.converted", call=name,
             dtype=plan.dtype)


def mine_line(plan: GradcheckPlan, compact: bool = False) -> str:
    """Whose layers, with impl = mine: "Your layers: Affine, Relu, SoftmaxWithLoss (exercises/)", as the graph says."""
    from workbench.exercises.networks import parts_of

    key = "mine.gradcheck.parts_compact" if compact else "mine.gradcheck.parts"
    return t(key, parts=", ".join(parts_of(plan.network)), folder=plan.settings.folder)


def how_line(plan: GradcheckPlan, report: GradientReport | None = None, compact: bool = False) -> str:
    """The options: h and the kink rule; unless compact, the batch, the loss, dropout and ε once known."""
    s = plan.settings
    kinks = t(f"gradcheck.kinks.rule.{s.kinks}")
    if compact:
        return t("gradcheck.how.compact", h=power_of_ten(s.h), kinks=kinks)
    text = t("gradcheck.how.one" if s.batch == 1 else "gradcheck.how", batch=s.batch, h=power_of_ten(s.h),
             kinks=kinks)                                   # "1 random input", not "1 random inputs"
    if s.book_delta:
        text += " · " + t("gradcheck.how.book_delta")
    if report is not None:
        if report.fixed_dropout:
            text += " · " + t("gradcheck.how.dropout")
        text += " · " + t("gradcheck.how.floor", floor=sci(report.floor))
    return text


def bands_line(compact: bool = False) -> str:
    """The thresholds in one line (CS231n's bands)."""
    return t("gradcheck.bands.compact" if compact else "gradcheck.bands", low=power_of_ten(BANDS[0]),
             high=power_of_ten(BANDS[1]), passed=verdict_word(PASS), warned=verdict_word(WARN),
             failed=verdict_word(FAIL))


def bug_line(plan: GradcheckPlan, revealed: bool, answered: bool = False) -> str:
    """The injected bug, or that one is hidden (until revealed): before an answer, how to give one; after
    it (the learner hid the bug again), that r shows it; "" when there is none."""
    s = plan.settings
    if s.bug == "none":
        return ""
    if s.hide_bug and not revealed:
        return t("gradcheck.bug.hidden_answered" if answered else "gradcheck.bug.hidden")
    where = plan.layer or t("gradcheck.bug.numerical_side")
    if where == "last_layer":
        where = f"{type(plan.network.last_layer).__name__} (last_layer)"
    return t("gradcheck.bug.line", bug=s.bug, layer=where, summary=t(f"gradcheck.bug.{s.bug}"))


def summary_line(report: GradientReport) -> str:
    """All pass, or which parameters fail and warn."""
    failed = [name for name, check in report.items() if check.verdict == FAIL]
    warned = [name for name, check in report.items() if check.verdict == WARN]
    if not failed and not warned:
        return t("gradcheck.summary.pass", count=len(report))
    parts = []
    if failed:
        parts.append(t("gradcheck.summary.fail", count=len(failed), total=len(report), names=", ".join(failed)))
    if warned:
        parts.append(t("gradcheck.summary.warn", count=len(warned), total=len(report), names=", ".join(warned)))
    return "; ".join(parts)


def worst_entry(report: GradientReport) -> tuple[str, tuple[int, ...], float, float, float] | None:
    """(parameter, index, backprop value a, numerical value n, relative error) of the worst entry
    counted in the whole check; None when nothing was judged."""
    name = report.worst
    if name is None:
        return None
    check = report[name]
    counted = np.flatnonzero(~check.flagged)
    k = int(counted[np.argmax(check.errors[counted])])
    return (name, tuple(int(i) for i in check.indices[k]), float(check.analytic[k]), float(check.numeric[k]),
            float(check.errors[k]))


def worst_line(report: GradientReport) -> str:
    """"worst entry W2[3, 1]: backprop a = 4.0e−2, numerical n = 1.0e−2" — the two numbers behind
    the largest error, so the learner sees how they differ (a factor of 4, a sign, a zero)."""
    worst = worst_entry(report)
    if worst is None:
        return ""
    name, index, a, n, error = worst
    a_text, n_text = distinct_pair(a, n)
    return t("gradcheck.worst", where=f"{name}[{', '.join(map(str, index))}]", a=a_text, n=n_text,
             error=sci(error))


MOST_DIGITS = 10
"""distinct_pair stops here: values that agree to more significant digits are shown as they are."""


def distinct_pair(a: float, n: float) -> tuple[str, str]:
    """a and n in scientific notation with the fewest significant digits (two at least) that tell them
    apart: a warning's 1.2346e−2 and 1.2349e−2, not 1.2e−2 twice beside an error of 2.4e−4."""
    if math.isnan(a) or math.isnan(n):
        return sci(a), sci(n)
    for places in range(1, MOST_DIGITS):
        a_text, n_text = (sci(value, places) for value in (a, n))
        if a_text != n_text:
            break
    return a_text, n_text
