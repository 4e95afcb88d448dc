"""Chapter 4: the two losses of section 4.2 on outputs y and answers t a learner can edit.

The sum of squares error E = ½ Σₖ (yₖ − tₖ)² (오차제곱합; the book's `common/functions.py` calls the
function `mean_squared_error`, as the library does, but it sums and does not average) and the cross-entropy
error E = −Σₖ tₖ log(yₖ + 1e−7), term by term, with the library's `mean_squared_error` and
`cross_entropy_error` giving the totals. t is a label (2) or a one-hot row (0 0 1 0 …); with N rows
of y the cross-entropy error is the book's batch version, the mean over the N rows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.i18n import t as tr
from workbench.models.loss_settings import (BOOK_T, DELTA, VIEWS, Y_RIGHT, Y_WRONG,  # noqa: F401
                                            LossSettings, form_of)
from workbench.i18n.numbers import num
from workbench.models.settings import SettingError, named
from workbench.nn.functions import cross_entropy_error, mean_squared_error


def one_hot_from(y: tuple, t: tuple) -> np.ndarray:
    """t as one-hot rows (N, classes), from labels or one-hot rows; SettingError("t") when it fits neither."""
    n, classes = len(y), len(y[0])
    array = np.array(t, dtype=np.float64)
    if array.shape == (n, classes):
        if not (np.isin(array, (0.0, 1.0)).all() and (array.sum(axis=1) == 1).all()):
            raise SettingError("t", tr("loss.error.one_hot", t=named("t")))
        return array
    if array.shape in ((1, n), (n, 1)):
        labels = array.reshape(n)
        bad = [v for v in labels if not (v.is_integer() and 0 <= v < classes)]
        if bad:
            raise SettingError("t", tr("loss.error.label", value=num(bad[0]), last=classes - 1, t=named("t")))
        return np.eye(classes)[labels.astype(int)]
    raise SettingError("t", tr("loss.error.shape", n=n, classes=classes, shape=" × ".join(map(str, array.shape)),
                               t=named("t"), y=named("y")))


@dataclass(frozen=True)
class LossResult:
    """Each term of both losses, each row's loss, and the batch's (book's functions for the totals)."""

    y: np.ndarray
    """(N, classes)"""
    t: np.ndarray
    """(N, classes), one-hot."""
    labels: np.ndarray
    form: str
    squares: np.ndarray
    """½ (yₖ − tₖ)², (N, classes)."""
    logs: np.ndarray
    """−tₖ log(yₖ + 1e−7), (N, classes)."""
    sse: np.ndarray
    """Each row's sum of squares error, (N,)."""
    cee: np.ndarray
    """Each row's cross-entropy error, (N,)."""
    sse_total: float
    """`mean_squared_error(y, t)` over the batch: a sum over every row."""
    cee_mean: float
    """`cross_entropy_error(y, t)`: the mean over the N rows."""

    @property
    def batch_size(self) -> int:
        return self.y.shape[0]

    @property
    def predicted(self) -> np.ndarray:
        """The class each row would predict, argmax y (the first on a tie, as NumPy's argmax)."""
        return self.y.argmax(axis=1)

    @property
    def right(self) -> np.ndarray:
        """Whether each row's prediction is its correct class: what accuracy counts."""
        return self.predicted == self.labels

    @property
    def correct(self) -> np.ndarray:
        """The output each row gives its correct class, y[n, label]: the point on the curve −log y."""
        return self.y[np.arange(self.batch_size), self.labels]


def compute(s: LossSettings) -> LossResult:
    """Both losses, term by term, and the library's totals for each row and for the batch."""
    y = np.array(s.y, dtype=np.float64)
    t = one_hot_from(s.y, s.t)
    labels = t.argmax(axis=1)
    given = t if s.form == "one-hot" else labels      # the library takes either, as the book's does
    squares = 0.5 * (y - t) ** 2
    logs = -t * np.log(y + DELTA)
    sse = np.array([mean_squared_error(y[n], t[n]) for n in range(len(y))])
    cee = np.array([cross_entropy_error(y[n], given[n]) for n in range(len(y))])
    return LossResult(y, t, labels, s.form, squares, logs + 0.0, sse, cee,
                      float(mean_squared_error(y, t)), float(cross_entropy_error(y, given)))


def with_correct(y: tuple, row: int, label: int, value: float, base: tuple | None = None) -> tuple:
    """y with y[row][label] set to `value` (within 0 and the row's sum) and the row's other outputs
    scaled so that the row still sums as before: an output of softmax stays a probability
    distribution. Values are kept to 6 decimals; the largest other output takes what rounding leaves.

    The others keep the proportions they have in `base` (by default y[row]): the pane passes the row
    as it was before the first of a run of presses, so each press scales exact values once instead of
    scaling the last press's rounded ones (ten presses drifted 0.022222 to 0.02222)."""
    values = np.array(y[row], dtype=np.float64)
    source = np.array(y[row] if base is None else base, dtype=np.float64)
    total = float(values.sum())
    value = round(min(max(value, 0.0), total), 6)
    others = np.flatnonzero(np.arange(len(values)) != label)
    rest = float(source[others].sum())
    scaled = (source[others] * ((total - value) / rest) if rest > 0
              else np.full(len(others), (total - value) / len(others)))
    scaled = np.round(scaled, 6)
    largest = int(np.argmax(scaled))
    scaled[largest] = round(total - value - (scaled.sum() - scaled[largest]), 6)
    values[others] = scaled
    values[label] = value
    rows = list(y)
    rows[row] = tuple(float(v) + 0.0 for v in values)
    return tuple(rows)
