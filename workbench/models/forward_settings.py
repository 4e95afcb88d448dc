"""The forward pane's settings: the book's input, weights and biases of section 3.4, and how far the pass has run."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.models.settings import SettingError, flag, integer, matrix, named, numbers

BOOK = {
    "x": ((1.0, 0.5),),
    "w1": ((0.1, 0.3, 0.5), (0.2, 0.4, 0.6)), "b1": (0.1, 0.2, 0.3),
    "w2": ((0.1, 0.4), (0.2, 0.5), (0.3, 0.6)), "b2": (0.1, 0.2),
    "w3": ((0.1, 0.3), (0.2, 0.4)), "b3": (0.1, 0.2),
}
"""The book's example of section 3.4: X = (1.0, 0.5) and its small weights and biases."""
BATCH_ROWS = ((1.0, 0.5), (0.5, 1.0), (-1.0, 0.0))
"""The rows batch mode starts from when X had one: the book's X first, then two more points."""
MAX_BATCH = 8
LIMIT = 1000.0
STEPS = 6
LAYERS = 3


@dataclass(frozen=True)
class ForwardSettings:
    """The input X (one row, or N rows in batch mode), the weights and biases, and how far the pass has run."""

    x: tuple = matrix(BOOK["x"], rows=(1, MAX_BATCH), columns=(2, 2), min=-LIMIT, max=LIMIT)
    batch: bool = flag(False)
    w1: tuple = matrix(BOOK["w1"], rows=(2, 2), columns=(3, 3), min=-LIMIT, max=LIMIT)
    b1: tuple = numbers(BOOK["b1"], length=(3, 3), min=-LIMIT, max=LIMIT)
    w2: tuple = matrix(BOOK["w2"], rows=(3, 3), columns=(2, 2), min=-LIMIT, max=LIMIT)
    b2: tuple = numbers(BOOK["b2"], length=(2, 2), min=-LIMIT, max=LIMIT)
    w3: tuple = matrix(BOOK["w3"], rows=(2, 2), columns=(2, 2), min=-LIMIT, max=LIMIT)
    b3: tuple = numbers(BOOK["b3"], length=(2, 2), min=-LIMIT, max=LIMIT)
    step: int = integer(0, min=0, max=STEPS)

    def __post_init__(self):
        if not self.batch and len(self.x) > 1:
            raise SettingError("x", t("forward.error.rows", rows=len(self.x), x=named("x")))
