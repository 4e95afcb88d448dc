"""The broadcast pane's settings: two small arrays A and B as typed, the operator, and the stage shown.

An array is typed as NumPy would be given it: `10` is a scalar (shape ()), `10 20` a row of numbers
(shape (2,)), `1 2; 3 4` rows split by `;` (shape (2, 2)), so `10 20;` is one row of a matrix, shape
(1, 2), and `1; 2` a column, shape (2, 1); brackets as Python writes them work too: `[[10, 20]]`.
A number typed without a point is kept a whole number (Python's int), with one a float, so that
`np.array` gives the dtype NumPy would give the same literals: int64 for `1 2`, float64 for `1.0 2`.
A value is a number, a tuple of numbers or a tuple of rows, so settings stay frozen and comparable.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any

from workbench.i18n import t
from workbench.i18n.numbers import MINUS, exponent_form
from workbench.models.settings import Kind, SettingError, choice, field, integer, named

OPERATORS = ("+", "-", "*", "/", ">")
"""NumPy's element-wise operators the pane applies; `>` makes the boolean mask of the book's X[X > 15]."""
STAGES = ("arrays", "align", "stretch", "result")
"""What `.` walks through: the operands and their shapes, the shapes aligned from the right, both
stretched to the result's shape, the result."""
MAX_ROWS = 4
MAX_COLUMNS = 6
LIMIT = 1e6
"""The largest size of a number: a product of two stays exact in int64 and short on screen."""
LIMIT_TEXT = exponent_form(f"{LIMIT:g}")
"""1e6, as messages write it."""

BOOK_A = ((1, 2), (3, 4))
"""The book's A = np.array([[1, 2], [3, 4]])."""
BOOK_B = (10, 20)
"""The book's B = np.array([10, 20]): A * B broadcasts it over A's rows."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def ndim(value: Any) -> int:
    """0 for a number, 1 for a tuple of numbers, 2 for a tuple of rows."""
    if _is_number(value):
        return 0
    return 2 if value and isinstance(value[0], tuple) else 1


def shape_of(value: Any) -> tuple[int, ...]:
    """The shape `np.array(value)` has, without NumPy: (), (2,), (2, 3)."""
    if ndim(value) == 0:
        return ()
    if ndim(value) == 1:
        return (len(value),)
    return (len(value), len(value[0]))


def _number_text(value: int | float) -> str:
    """A number as it reads back with the same kind: 10 (int), 10.0 and 0.5 (float)."""
    return str(value) if isinstance(value, int) else repr(float(value))


TOKEN = re.compile(r"\s*(\[|\]|,|;|[^\s\[\],;]+)")


@dataclasses.dataclass(frozen=True)
class ArrayText(Kind):
    """A scalar, a row or a matrix of numbers, typed as `10`, `10 20`, `1 2; 3 4` or `[[1, 2], [3, 4]]`."""

    def from_data(self, key, value):
        """A number, a list of numbers or a list of rows (lesson data, Python)."""
        if _is_number(value):
            return self._number(key, value)
        if not isinstance(value, (list, tuple)) or not value:
            raise SettingError(key, t("broadcast.error.array", key=named(key), value=self._quoted(value)))
        if all(isinstance(row, (list, tuple)) for row in value):
            rows = [self._row(key, row) for row in value]
            self._rectangular(key, rows)
            self._count(key, len(rows), MAX_ROWS, "broadcast.error.rows")
            return tuple(rows)
        return self._row(key, value)

    def from_text(self, key, text):
        typed = text.strip().replace(MINUS, "-")
        if not typed:
            raise SettingError(key, t("broadcast.error.empty", key=named(key)))
        if "[" in typed or "]" in typed:
            return self.from_data(key, self._bracketed(key, typed))
        parts = typed.split(";")
        rows = [[self._read(key, item) for item in re.split(r"[\s,]+", part.strip()) if item] for part in parts]
        if len(parts) == 1:
            return self.from_data(key, rows[0] if len(rows[0]) != 1 else rows[0][0])
        if len(parts) == 2 and not rows[1]:          # "10 20;": one row of a matrix, shape (1, 2)
            rows = rows[:1]
        if any(not row for row in rows):
            raise SettingError(key, t("broadcast.error.empty_row", key=named(key), value=f'"{text.strip()}"'))
        return self.from_data(key, rows)

    def to_text(self, value):
        if ndim(value) == 0:
            return _number_text(value)
        if ndim(value) == 1:
            return " ".join(map(_number_text, value))
        text = "; ".join(" ".join(map(_number_text, row)) for row in value)
        return text + ";" if len(value) == 1 else text

    def shown(self, value):
        return exponent_form(self.to_text(value))

    def describe(self):
        return t("broadcast.kind.array", rows=MAX_ROWS, columns=MAX_COLUMNS, limit=LIMIT_TEXT)

    # -- reading --------------------------------------------------------------------------------

    def _read(self, key: str, item: str) -> int | float:
        """One number as typed: whole without a point or exponent (int), else a float."""
        try:
            value = int(item) if re.fullmatch(r"[+-]?\d+", item) else float(item)
        except ValueError:
            raise SettingError(key, t("settings.error.numbers", key=named(key), value=f'"{item}"')) from None
        return self._number(key, value, item)

    def _number(self, key: str, value: int | float, typed: str | None = None) -> int | float:
        """`value`, checked to be finite and at most LIMIT in size; a message quotes it as `typed`."""
        shown = exponent_form(typed if typed is not None else _number_text(value))
        if isinstance(value, float) and not math.isfinite(value):
            raise SettingError(key, t("broadcast.error.finite", key=named(key), value=shown))
        if abs(value) > LIMIT:
            raise SettingError(key, t("broadcast.error.size", key=named(key), value=shown, limit=LIMIT_TEXT))
        return value + 0.0 if isinstance(value, float) else value   # -0.0 as 0.0

    def _row(self, key: str, row: Any) -> tuple:
        for item in row:
            if isinstance(item, (list, tuple)):
                raise SettingError(key, t("broadcast.error.depth", key=named(key)))
            if not _is_number(item):
                raise SettingError(key, t("settings.error.numbers", key=named(key), value=self._quoted(item)))
        if not row:
            raise SettingError(key, t("broadcast.error.empty", key=named(key)))
        self._count(key, len(row), MAX_COLUMNS, "broadcast.error.columns")
        return tuple(self._number(key, item) for item in row)

    @staticmethod
    def _rectangular(key: str, rows: list[tuple]) -> None:
        """Every row as long as the first: NumPy makes no array of ragged rows."""
        for i, row in enumerate(rows[1:], start=2):
            if len(row) != len(rows[0]):
                raise SettingError(key, t("broadcast.error.ragged", key=named(key), row=i, count=len(row),
                                          first=len(rows[0])))

    @staticmethod
    def _count(key: str, count: int, most: int, message: str) -> None:
        if count > most:
            raise SettingError(key, t(message, key=named(key), count=count, most=most))

    @staticmethod
    def _quoted(value: Any) -> str:
        return f'"{value}"' if isinstance(value, str) else repr(value)

    def _bracketed(self, key: str, text: str) -> Any:
        """`[[1, 2], [3, 4]]` → [[1, 2], [3, 4]], read by a small parser of our own (no eval)."""
        tokens = TOKEN.findall(text)
        if "".join(tokens) != re.sub(r"\s+", "", text):
            raise SettingError(key, t("broadcast.error.brackets", key=named(key), value=f'"{text}"'))
        position = 0

        def value() -> Any:
            nonlocal position
            if position >= len(tokens):
                raise SettingError(key, t("broadcast.error.brackets", key=named(key), value=f'"{text}"'))
            token = tokens[position]
            position += 1
            if token != "[":
                if token in ("]", ",", ";"):
                    raise SettingError(key, t("broadcast.error.brackets", key=named(key), value=f'"{text}"'))
                return self._read(key, token)
            items = []
            while position < len(tokens) and tokens[position] != "]":
                items.append(value())
                if position < len(tokens) and tokens[position] == ",":
                    position += 1
            if position >= len(tokens):
                raise SettingError(key, t("broadcast.error.brackets", key=named(key), value=f'"{text}"'))
            position += 1
            return items

        read = value()
        if position != len(tokens):
            raise SettingError(key, t("broadcast.error.brackets", key=named(key), value=f'"{text}"'))
        return read


def array(default: Any) -> Any:
    """A setting that holds one small array (`ArrayText`)."""
    return field(default, ArrayText())


@dataclass(frozen=True)
class BroadcastSettings:
    """A and B as typed, the operator between them, and how far the stages have gone (0: the arrays)."""

    a: Any = array(BOOK_A)
    b: Any = array(BOOK_B)
    op: str = choice("*", OPERATORS)
    step: int = integer(0, min=0, max=len(STAGES) - 1)

    def __eq__(self, other: object) -> bool:
        """Equal when typed alike: `1 2` and `1.0 2.0` are equal numbers to Python but different arrays
        to NumPy (int64, float64), so a change from one to the other recomputes the pane."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _typed(dataclasses.astuple(self)) == _typed(dataclasses.astuple(other))


def _typed(value: Any) -> Any:
    """``value`` with each number paired with its kind (int or float), tuples kept as tuples."""
    if isinstance(value, tuple):
        return tuple(_typed(item) for item in value)
    return (type(value).__name__, value) if _is_number(value) else value
