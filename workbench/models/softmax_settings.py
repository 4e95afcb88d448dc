"""The softmax pane's settings: the scores a and the temperature T, with the book's two examples."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.settings import number, numbers

BOOK_SCORES = (0.3, 2.9, 4.0)
"""The book's example: softmax gives about (0.018, 0.245, 0.737)."""
OVERFLOW_SCORES = (1010.0, 1000.0, 990.0)
"""The book's scores that break the first version."""
LIMIT = 1e100
MAX_SCORES = 10


@dataclass(frozen=True)
class SoftmaxSettings:
    """The scores a (any count from 1 to 10, any size) and the temperature T they are divided by."""

    scores: tuple = numbers(BOOK_SCORES, length=(1, MAX_SCORES), min=-LIMIT, max=LIMIT)
    temperature: float = number(1.0, min=0.01, max=100.0, log=True)
