"""The loss pane's settings: the outputs y, the answers t (labels or one-hot rows), and the view."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t as tr
from workbench.models.settings import Numbers, SettingError, choice, field, matrix, named

BOOK_T = 2
"""The book's correct class: t = (0, 0, 1, 0, 0, 0, 0, 0, 0, 0)."""
Y_RIGHT = (0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0)
"""The book's first y: 0.6 on the correct class 2 (CEE 0.51, SSE 0.0975)."""
Y_WRONG = (0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0)
"""The book's second y: 0.6 on class 7, 0.1 on the correct class (CEE 2.30, SSE 0.5975)."""
DELTA = 1e-7
"""The book's delta, added inside the log so that log(0) is never taken."""
MAX_BATCH = 8
MAX_CLASSES = 10
VIEWS = ("terms", "curve")


@dataclass(frozen=True)
class Answers(Numbers):
    """t: labels ("2", or "2 7" for a batch of two) or one-hot rows ("0 0 1 0 0 0 0 0 0 0"); a lesson
    may write a single label as a bare number (t = 2)."""

    def from_data(self, key, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = [value]
        return super().from_data(key, value)

    def describe(self):
        return tr("loss.kind.t")


@dataclass(frozen=True)
class LossSettings:
    """The outputs y (one row, or N rows: a batch), the answers t, and which view the pane shows."""

    y: tuple = matrix((Y_RIGHT,), rows=(1, MAX_BATCH), columns=(2, MAX_CLASSES), min=0.0, max=1.0)
    t: tuple = field(((float(BOOK_T),),), Answers((1, MAX_CLASSES), (1, MAX_BATCH), None, None))   # range: from y (one_hot_from)
    view: str = choice("terms", VIEWS)

    def __post_init__(self):
        classes = {len(row) for row in self.y}
        if len(classes) > 1:
            raise SettingError("y", tr("loss.error.ragged", counts=", ".join(map(str, sorted(classes))), y=named("y")))
        from workbench.models.loss import one_hot_from   # NumPy: only when settings are built

        one_hot_from(self.y, self.t)   # raises SettingError("t", …) when t does not fit y

    @property
    def form(self) -> str:
        """"label" or "one-hot": how t is written."""
        return form_of(self.y, self.t)


def form_of(y: tuple, t: tuple) -> str:
    n, classes = len(y), len(y[0])
    return "one-hot" if (len(t), len(t[0])) == (n, classes) else "label"
