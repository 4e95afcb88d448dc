"""Pane settings: frozen dataclasses whose fields say what kind of value they take.

A field is made with one of the kind helpers (`choice`, `subset`, `integer`, `number`, `numbers`,
`matrix`, `int_list`, `shape`, `seed`, `flag`), each with a default. The kind reads a value from
lesson data (TOML), from text the learner typed (`workbench open --set`, a pane's input field),
checks its range, shows it as text again and describes what it allows, so every way into a pane
gives the same messages:

    @dataclass(frozen=True)
    class Im2colSettings:
        input_shape: tuple[int, ...] = shape((1, 1, 4, 4), names=("N", "C", "H", "W"), min=1, max=64)
        stride: int = integer(1, min=1, max=8)

Every message names the setting, the value and what is allowed, in the interface language. It names
the setting by its key (what `--set` and lesson files write), or, inside `labelled(...)`, as the app's
fields label it (`named`): a learner reading Korean sees 온도, the word beside the field, not
`temperature`. A settings class checks combinations in `__post_init__` by raising
`SettingError(key, message)`, naming every setting in its message with `named`.
"""
from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from workbench.i18n import t
from workbench.i18n.numbers import MINUS, exponent_form, grouped


_LABELS: ContextVar[Callable[[str], str] | None] = ContextVar("setting_labels", default=None)
_VALUES: ContextVar[Callable[[str, str], str] | None] = ContextVar("setting_values", default=None)


@contextmanager
def labelled(label: Callable[[str], str], value: Callable[[str, str], str] | None = None) -> Iterator[None]:
    """Inside, messages name a setting as `label(key)` does (a pane's fields: `PaneEntry.setting_label`),
    and a value of a list of choices as `value(key, text)` does (`PaneEntry.choice_label`: SimpleConvNet
    for simple, 켬 for true), as the list beside the message shows it."""
    tokens = _LABELS.set(label), _VALUES.set(value)
    try:
        yield
    finally:
        _LABELS.reset(tokens[0])
        _VALUES.reset(tokens[1])


def named(key: str) -> str:
    """How a message names setting `key`: as its field is labelled inside `labelled`, else by the key
    itself, which is what a learner typed after `--set` (and a lesson file holds)."""
    label = _LABELS.get()
    return label(key) if label is not None else key


def named_value(settings: Any, key: str) -> str:
    """How a message names the value of setting `key`: a choice or an on/off as its list shows it inside
    `labelled` ("신경망 = SimpleConvNet", the dialog's dimmed line's words), a few of a subset each so
    ("학습 = 처방 없음"), else as `--set` writes it."""
    text = as_text(settings, key)
    kind = kinds(type(settings))[key]
    if isinstance(kind, Subset):        # each value as the list of choices names it ("처방 없음", not "plain")
        return ", ".join(named_choice(key, value) for value in getattr(settings, key))
    if not isinstance(kind, (Choice, Bool)):
        return text
    return named_choice(key, text)


def named_choice(key: str, value: str) -> str:
    """How a message names `value` of the list of choices `key`, set or not: as the list shows it inside
    `labelled` ("구현 = 내 코드"), else as `--set` writes it ("impl = mine")."""
    label = _VALUES.get()
    return label(key, value) if label is not None else value


def _named_part(key: str, part: str) -> str:
    """One named size of a shape setting: "input_shape.W" as typed, "입력 W" as labelled."""
    name = named(key)
    return f"{key}.{part}" if name == key else f"{name} {part}"


class SettingError(ValueError):
    """A value a setting cannot take; `key` names the setting (None for a problem of the whole set)."""

    def __init__(self, key: str | None, message: str):
        super().__init__(message)
        self.key = key


def _number_text(value: float | int) -> str:
    """A number as a person would type it: 3, 0.5, 1e-05."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return f"{value + 0.0:g}" if value == value else "nan"      # -0.0 as 0: no "−0" in a message


PLAIN_NUMBER = re.compile(r"(-?)(\d+)(\.\d+)?")
"""A number written out, without an exponent: its whole part is grouped in prose."""


def _number_shown(value: float | int) -> str:
    """A number in prose (a range, the value out of it) as the interface writes one: −10, 1e−6, 60,000.

    A true minus, an unpadded exponent and the thousands grouped, as the panes and lessons write numbers
    (`grouped`: "the 6,000 training images"); what is typed keeps "-" or takes "−" alike (every kind's
    `from_text`), and `to_text` stays as a person would type it (10000, which reads back).
    """
    text = _number_text(value)
    plain = PLAIN_NUMBER.fullmatch(text)
    if plain:
        sign, whole, fraction = plain.groups()
        text = sign + grouped(int(whole)) + (fraction or "")
    return exponent_form(text)


def _shown(value: Any) -> str:
    """A value as it appeared in a lesson file or on the command line, for messages."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return _number_text(value)
    return repr(value)


def _split_items(text: str) -> list[str]:
    """"[50, 50]", "50,50", "50 50" or "1x3x7x7" → the items as strings."""
    inner = text.strip().strip("[]()").strip()
    if re.fullmatch(r"\d+(?:\s*[x×]\s*\d+)+", inner):
        return re.split(r"\s*[x×]\s*", inner)
    return [item for item in re.split(r"[\s,]+", inner) if item]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Kind:
    """How one setting reads (`from_data`, `from_text`), shows (`to_text`) and describes its values."""

    def from_data(self, key: str, value: Any) -> Any:
        """A value from lesson data (TOML types) or Python, checked; SettingError when not allowed."""
        raise NotImplementedError

    def from_text(self, key: str, text: str) -> Any:
        """A value from text the learner typed, checked; SettingError when not allowed."""
        raise NotImplementedError

    def to_text(self, value: Any) -> str:
        """The text that `from_text` reads back as `value`."""
        return str(value)

    def shown(self, value: Any) -> str:
        """`value` as prose writes it (a default in `workbench panes` and a pane's help): its numbers
        as the ranges beside them are written, −6 and 1e−6, where `to_text` keeps what a person types."""
        return self.to_text(value)

    def describe(self) -> str:
        """What values are allowed, in words: "a whole number from 1 to 8"."""
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class Choice(Kind):
    """One of a few named values."""

    choices: tuple[str, ...]

    def from_data(self, key, value):
        if not isinstance(value, str) or value not in self.choices:
            lowered = {c.lower(): c for c in self.choices}
            if isinstance(value, str) and value.lower() in lowered:
                return lowered[value.lower()]
            raise SettingError(key, t("settings.error.choice", key=named(key), value=_shown(value),
                                      allowed=", ".join(self.choices)))
        return value

    def from_text(self, key, text):
        return self.from_data(key, text.strip())

    def describe(self):
        return t("settings.kind.choice", allowed=", ".join(self.choices))


@dataclasses.dataclass(frozen=True)
class Subset(Kind):
    """Any of a few named values, each at most once (the functions a plot shows)."""

    choices: tuple[str, ...]

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)):
            raise SettingError(key, t("settings.error.list", key=named(key), value=_shown(value)))
        lowered = {c.lower(): c for c in self.choices}
        value = [lowered.get(item.lower(), item) if isinstance(item, str) else item for item in value]
        for item in value:                         # "sgd" or "SGD" alike, as a Choice reads them
            if item not in self.choices:
                raise SettingError(key, t("settings.error.subset", key=named(key), value=_shown(item),
                                          allowed=", ".join(self.choices)))
        if len(set(value)) != len(value):
            raise SettingError(key, t("settings.error.twice", key=named(key), value=_shown(list(value))))
        return tuple(value)

    def from_text(self, key, text):
        return self.from_data(key, _split_items(text))

    def to_text(self, value):
        return ", ".join(value)

    def describe(self):
        return t("settings.kind.subset", allowed=", ".join(self.choices))


def _range_text(low: float | None, high: float | None, family: str = "range") -> str:
    """The range as a kind's description ends with it, " of at least 0" ("(0 이상)"); `family`
    "allowed" words it as an error's "allowed:" lists it, " 0 or more" (not "allowed: of at least 0")."""
    if low is not None and high is not None:
        return t(f"settings.{family}.between", min=_number_shown(low), max=_number_shown(high))
    if low is not None:
        return t(f"settings.{family}.at_least", min=_number_shown(low))
    if high is not None:
        return t(f"settings.{family}.at_most", max=_number_shown(high))
    return ""


def _span_text(low: float | None, high: float | None) -> str:
    """The range as a message puts it before the kind's noun: " from 1 to 8" ("1부터 8까지의 ")."""
    if low is not None and high is not None:
        return t("settings.span.between", min=_number_shown(low), max=_number_shown(high))
    if low is not None:
        return t("settings.span.at_least", min=_number_shown(low))
    if high is not None:
        return t("settings.span.at_most", max=_number_shown(high))
    return ""


@dataclasses.dataclass(frozen=True)
class Int(Kind):
    """A whole number in [min, max]."""

    min: int | None = None
    max: int | None = None

    def from_data(self, key, value, *, name: str | None = None):
        """`name`: how messages name the value (one size of a shape), else `named(key)`."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise SettingError(key, t("settings.error.whole", key=name or named(key), value=_shown(value),
                                      span=_span_text(self.min, self.max)))
        return self.check(key, value, name=name)

    def check(self, key, value, *, name: str | None = None):
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise SettingError(key, t("settings.error.range", key=name or named(key), value=_number_shown(value),
                                      range=_range_text(self.min, self.max, "allowed")))
        return value

    def from_text(self, key, text):
        """The number typed, as written or with its thousands grouped as the fields show them (1,000)."""
        typed = text.strip()
        if not typed:
            raise SettingError(key, t("settings.error.type_whole", key=named(key), span=_span_text(self.min, self.max)))
        try:
            value = int((typed.replace(",", "") if GROUPED.fullmatch(typed) else typed).replace(MINUS, "-"))
        except ValueError:
            raise SettingError(key, t("settings.error.whole", key=named(key), value=_shown(typed),
                                      span=_span_text(self.min, self.max))) from None
        return self.check(key, value)

    def shown(self, value):
        return _number_shown(value)

    def describe(self):
        return t("settings.kind.int", range=_range_text(self.min, self.max))


GROUPED = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+")
"""A whole number with its thousands grouped, 1,000 or 60,000, as a field shows it (a comma elsewhere,
1,5, is no such number)."""


DECIMAL_COMMA = re.compile(r"[-−]?\d+,\d+")
"""A number written with a decimal comma, 0,5: in a field for one number, a slip for 0.5."""


@dataclasses.dataclass(frozen=True)
class Float(Kind):
    """A finite number in [min, max]; `log` marks a range read in powers of ten (learning rates)."""

    min: float | None = None
    max: float | None = None
    log: bool = False

    def from_data(self, key, value):
        if not _is_number(value):
            raise SettingError(key, t("settings.error.number", key=named(key), value=_shown(value),
                                      span=_span_text(self.min, self.max)))
        return self.check(key, float(value))

    def check(self, key, value):
        if not math.isfinite(value):
            raise SettingError(key, t("settings.error.finite", key=named(key), value=_number_text(value),
                                      span=_span_text(self.min, self.max)))
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise SettingError(key, t("settings.error.range", key=named(key), value=_number_shown(value),
                                      range=_range_text(self.min, self.max, "allowed")))
        return value + 0.0          # -0 as 0: NumPy refuses a scale of -0.0 ("scale < 0")

    def from_text(self, key, text):
        typed = text.strip()
        span = _span_text(self.min, self.max)
        if not typed:
            raise SettingError(key, t("settings.error.type_number", key=named(key), span=span))
        if DECIMAL_COMMA.fullmatch(typed):
            raise SettingError(key, t("settings.error.decimal_comma", key=named(key), value=typed,
                                      dot=typed.replace(",", ".")))
        try:
            value = float(typed.replace(MINUS, "-"))
        except ValueError:
            raise SettingError(key, t("settings.error.number", key=named(key), value=_shown(typed), span=span)) from None
        return self.check(key, self.overflowed(key, typed, value, self.describe()))

    def overflowed(self, key, typed: str, value: float, allowed: str) -> float:
        """`value`, unless `typed` is a numeral too large for a float64 (1e999 reads as inf): then a
        message that quotes it as typed and says what is allowed (the range, else `allowed`)."""
        if not math.isinf(value) or not re.search(r"\d", typed):
            return value
        shown = exponent_form(typed.replace(MINUS, "-"))
        if self.min is not None or self.max is not None:
            raise SettingError(key, t("settings.error.range", key=named(key), value=shown,
                                      range=_range_text(self.min, self.max, "allowed")))
        raise SettingError(key, t("settings.error.overflow", key=named(key), value=shown, allowed=allowed))

    def to_text(self, value):
        return _number_text(value)

    def shown(self, value):
        return _number_shown(value)

    def describe(self):
        kind = "settings.kind.log" if self.log else "settings.kind.float"
        return t(kind, range=_range_text(self.min, self.max))


def exact_text(value: float) -> str:
    """A number as short as it reads back exactly: 0.1, 1010, 1e-07, -0.5 (plain minus, so it reads back)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


@dataclasses.dataclass(frozen=True)
class Numbers(Kind):
    """Real numbers in a vector ("0.3 2.9 4.0") or in the rows of a matrix ("1 0.5; -1 2", `;` between rows).

    `length` bounds the count of a vector, or of each row; `rows` makes it a matrix and bounds its rows.
    A value is a tuple of floats, or a tuple of rows (tuples), so settings stay frozen and comparable.
    """

    length: tuple[int, int] = (1, 10)
    rows: tuple[int, int] | None = None
    min: float | None = None
    max: float | None = None

    def _count(self, key: str, shown: Any, count: int, bounds: tuple[int, int], what: str) -> None:
        if not bounds[0] <= count <= bounds[1]:
            exact = bounds[0] == bounds[1]
            raise SettingError(key, t(f"settings.error.{what}_exact" if exact else f"settings.error.{what}",
                                      key=named(key), value=shown, min=_number_shown(bounds[0]),
                                      max=_number_shown(bounds[1]), count=_number_shown(count)))

    def _row(self, key: str, items: Sequence[Any], shown: str) -> tuple[float, ...]:
        values = []
        for item in items:
            if not _is_number(item):
                raise SettingError(key, t("settings.error.numbers", key=named(key), value=_shown(item)))
            values.append(Float(self.min, self.max).check(key, float(item)))
        self._count(key, shown, len(values), self.length, "count" if self.rows is None else "row_count")
        return tuple(values)

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)):
            raise SettingError(key, t("settings.error.list", key=named(key), value=_shown(value)))
        if self.rows is None:
            return self._row(key, value, _shown(value))
        rows = [list(row) if isinstance(row, (list, tuple)) else None for row in value]
        if any(row is None for row in rows):       # a flat list is one row
            rows = [list(value)]
        self._count(key, _shown(value), len(rows), self.rows, "rows")
        return tuple(self._row(key, row, _shown(value)) for row in rows)

    def from_text(self, key, text):
        cleaned = text.strip().replace("−", "-")
        cleaned = re.sub(r"\]\s*,\s*\[", ";", cleaned).replace("[", " ").replace("]", " ")
        rows = []
        for part in cleaned.split(";"):
            row = []
            for item in (piece for piece in re.split(r"[\s,()]+", part) if piece):
                try:
                    value = float(item)
                except ValueError:
                    raise SettingError(key, t("settings.error.numbers", key=named(key), value=_shown(item))) from None
                row.append(Float(self.min, self.max).overflowed(key, item, value, self.describe()))
            rows.append(row)
        if not any(rows):
            raise SettingError(key, t("settings.error.empty", key=named(key), allowed=self.describe()))
        if self.rows is None:
            if len(rows) > 1:
                raise SettingError(key, t("settings.error.one_row", key=named(key), value=_shown(text.strip())))
            return self.from_data(key, rows[0])
        return self.from_data(key, rows)

    def to_text(self, value):
        if self.rows is None:
            return " ".join(exact_text(v) for v in value)
        return "; ".join(" ".join(exact_text(v) for v in row) for row in value)

    def shown(self, value):
        shown = lambda row: " ".join(exponent_form(exact_text(v)) for v in row)  # noqa: E731
        return shown(value) if self.rows is None else "; ".join(shown(row) for row in value)

    def describe(self):
        low, high = self.length
        count = str(low) if low == high else t("settings.count_range", min=low, max=high)
        if self.rows is None:
            return t("settings.kind.numbers", count=count, range=_range_text(self.min, self.max),
                     example=self._example(1, _fitting(3, self.length)))
        low, high = self.rows
        rows = str(low) if low == high else t("settings.count_range", min=low, max=high)
        return t("settings.kind.matrix", rows=rows, count=count, range=_range_text(self.min, self.max),
                 example=self._example(_fitting(2, self.rows), _fitting(2, self.length)))

    def _example(self, rows: int, columns: int) -> str:
        """A value of this very shape and range to type, so that b2's example has 2 numbers, not 3."""
        inside = lambda v: (self.min is None or v >= self.min) and (self.max is None or v <= self.max)  # noqa: E731
        pool = (EXAMPLE_VECTOR if self.rows is None else EXAMPLE_ROWS)
        pool = pool if all(map(inside, pool)) else EXAMPLE_FRACTIONS
        values = [exact_text(v) for v in itertools.islice(itertools.cycle(pool), rows * columns)]
        return "; ".join(" ".join(values[r * columns:(r + 1) * columns]) for r in range(rows))


EXAMPLE_VECTOR = (0.3, 2.9, 4.0, -1.0, 0.5, 2.0, 1.5, 0.1, 0.7, 3.0)
"""The numbers a vector's example is cut from: the book's softmax scores first (0.3 2.9 4)."""
EXAMPLE_ROWS = (1.0, 0.5, 2.0, -1.0, 0.3, 2.9, 4.0, 0.1, 0.7, 3.0)
"""The numbers a matrix's example rows are cut from, row after row (1 0.5; 2 -1)."""
EXAMPLE_FRACTIONS = (0.1, 0.9, 0.8, 0.2, 0.3, 0.6, 0.4, 0.7, 0.5, 0.05)
"""For a field whose range leaves out the others (probabilities, from 0 to 1)."""


def _fitting(wanted: int, bounds: tuple[int, int]) -> int:
    """`wanted`, moved into `bounds` (fewest, most): how many numbers an example shows."""
    return min(max(wanted, bounds[0]), bounds[1])


@dataclasses.dataclass(frozen=True)
class IntList(Kind):
    """A list of whole numbers, repeats allowed (hidden layer sizes: [50, 50])."""

    min: int | None = None
    max: int | None = None
    min_length: int = 1
    max_length: int = 10

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)):
            raise SettingError(key, t("settings.error.list", key=named(key), value=_shown(value)))
        if not self.min_length <= len(value) <= self.max_length:
            raise SettingError(key, t("settings.error.length", key=named(key), value=_shown(list(value)),
                                      min=_number_shown(self.min_length), max=_number_shown(self.max_length)))
        item = Int(self.min, self.max)
        return tuple(item.from_data(key, v) for v in value)

    def from_text(self, key, text):
        items = _split_items(text)
        if not items:
            raise SettingError(key, t("settings.error.type_list", key=named(key), allowed=self.describe()))
        item = Int(self.min, self.max)
        return self.from_data(key, [item.from_text(key, v) for v in items])

    def to_text(self, value):
        return ", ".join(map(str, value))

    def shown(self, value):
        return ", ".join(map(_number_shown, value))

    def describe(self):
        return t("settings.kind.int_list", min=self.min_length, max=self.max_length,
                 range=_range_text(self.min, self.max))


@dataclasses.dataclass(frozen=True)
class Shape(Kind):
    """A fixed number of named whole sizes, such as (N, C, H, W); with `position`, whole numbers that
    place something, such as a cell's (row, column): messages then say numbers, not sizes, and name
    the parts in the reader's language (행, 열), where the book's symbols (N, C, H, W) stay as written."""

    names: tuple[str, ...]
    min: int | None = 1
    max: int | None = None
    position: bool = False

    def _kind(self) -> str:
        return "position" if self.position else "shape"

    def _names(self) -> str:
        return ", ".join(map(self._part, self.names))

    def _part(self, part: str) -> str:
        return t(f"settings.part.{part}") if self.position else part

    def from_data(self, key, value):
        if not isinstance(value, (list, tuple)) or len(value) != len(self.names):
            raise SettingError(key, t(f"settings.error.{self._kind()}", key=named(key), value=_shown(value),
                                      names=self._names(), span=_span_text(self.min, self.max)))
        size = Int(self.min, self.max)
        return tuple(size.from_data(key, v, name=_named_part(key, self._part(part) if named(key) != key else part))
                     for part, v in zip(self.names, value))

    def from_text(self, key, text):
        """The sizes typed; a message about their number or form quotes the text as typed, and an empty
        field asks for them (as a number's field does) rather than quoting "" back."""
        items = _split_items(text)
        if not items:
            raise SettingError(key, t(f"settings.error.type_{self._kind()}", key=named(key), names=self._names(),
                                      span=_span_text(self.min, self.max)))
        values = []
        for item in items:
            try:
                values.append(int(item.replace(MINUS, "-")))
            except ValueError:
                values = None
                break
        if values is None or len(values) != len(self.names):
            raise SettingError(key, t(f"settings.error.{self._kind()}", key=named(key), value=_shown(text.strip()),
                                      names=self._names(), span=_span_text(self.min, self.max)))
        return self.from_data(key, values)

    def to_text(self, value):
        return ", ".join(map(str, value))

    def describe(self):
        return t(f"settings.kind.{self._kind()}", names=self._names(), range=_range_text(self.min, self.max))


@dataclasses.dataclass(frozen=True)
class Seed(Kind):
    """A seed for the random number generator: the same seed, the same numbers."""

    def from_data(self, key, value):
        return Int(0, 2 ** 32 - 1).from_data(key, value)

    def from_text(self, key, text):
        return Int(0, 2 ** 32 - 1).from_text(key, text)

    def describe(self):
        return t("settings.kind.seed", max=_number_shown(2 ** 32 - 1))


@dataclasses.dataclass(frozen=True)
class Bool(Kind):
    """On or off."""

    TRUE = ("true", "yes", "on", "1")
    FALSE = ("false", "no", "off", "0")

    def from_data(self, key, value):
        if not isinstance(value, bool):
            raise SettingError(key, t("settings.error.bool", key=named(key), value=_shown(value)))
        return value

    def from_text(self, key, text):
        word = text.strip().lower()
        if word in self.TRUE:
            return True
        if word in self.FALSE:
            return False
        raise SettingError(key, t("settings.error.bool", key=named(key), value=_shown(text.strip())))

    def to_text(self, value):
        return "true" if value else "false"

    def describe(self, on: str = "true", off: str = "false"):
        """What the setting takes; `on` and `off` as a list names them ("켬(true)" in Korean)."""
        return t("settings.kind.bool", on=on, off=off)


# -- fields ------------------------------------------------------------------------------------

def field(default: Any, kind: Kind) -> Any:
    """A settings field of `kind` with its `default` (every setting has one)."""
    if isinstance(default, list):
        raise TypeError("use a tuple, not a list, as a setting's default (settings are frozen)")
    return dataclasses.field(default=default, metadata={"kind": kind})


def choice(default: str, choices: Sequence[str]) -> Any:
    return field(default, Choice(tuple(choices)))


def subset(default: Sequence[str], choices: Sequence[str]) -> Any:
    return field(tuple(default), Subset(tuple(choices)))


def integer(default: int, *, min: int | None = None, max: int | None = None) -> Any:
    return field(default, Int(min, max))


def number(default: float, *, min: float | None = None, max: float | None = None, log: bool = False) -> Any:
    return field(float(default), Float(min, max, log))


def numbers(default: Sequence[float], *, length: tuple[int, int] = (1, 10), min: float | None = None,
            max: float | None = None) -> Any:
    """A vector of numbers, `length` = (fewest, most)."""
    return field(tuple(float(v) for v in default), Numbers(length, None, min, max))


def matrix(default: Sequence[Sequence[float]], *, rows: tuple[int, int], columns: tuple[int, int],
           min: float | None = None, max: float | None = None) -> Any:
    """Rows of numbers, `rows` and `columns` = (fewest, most)."""
    return field(tuple(tuple(float(v) for v in row) for row in default), Numbers(columns, rows, min, max))


def int_list(default: Sequence[int], *, min: int | None = None, max: int | None = None,
             min_length: int = 1, max_length: int = 10) -> Any:
    return field(tuple(default), IntList(min, max, min_length, max_length))


def shape(default: Sequence[int], *, names: Sequence[str], min: int | None = 1, max: int | None = None,
          position: bool = False) -> Any:
    return field(tuple(default), Shape(tuple(names), min, max, position))


def seed(default: int = 0) -> Any:
    return field(default, Seed())


def flag(default: bool) -> Any:
    return field(bool(default), Bool())


# -- building and reading settings --------------------------------------------------------------

def kinds(cls: type) -> dict[str, Kind]:
    """Setting name → its kind, in declaration order."""
    found = {}
    for f in dataclasses.fields(cls):
        kind = f.metadata.get("kind")
        if not isinstance(kind, Kind):
            raise TypeError(f"{cls.__name__}.{f.name} is not a setting: make it with choice(), integer(), …")
        found[f.name] = kind
    return found


def defaults(cls: type) -> dict[str, Any]:
    """Setting name → default value."""
    return {f.name: f.default for f in dataclasses.fields(cls)}


def _known(cls: type, key: str) -> Kind:
    known = kinds(cls)
    if key not in known:
        from workbench.suggest import suggest

        close = suggest(key, list(known))
        hint = t("settings.did_you_mean", name=close) if close else ""
        raise SettingError(key, t("settings.error.unknown", key=key, hint=hint, known=", ".join(known)))
    return known[key]


def _make(cls: type, values: Mapping[str, Any], base: Any = None) -> Any:
    try:
        return dataclasses.replace(base, **values) if base is not None else cls(**values)
    except SettingError:
        raise
    except (ValueError, TypeError) as exc:
        raise SettingError(None, str(exc)) from None


def build_settings(cls: type, raw: Mapping[str, Any], base: Any = None) -> Any:
    """Settings from lesson data: unknown keys, wrong kinds and out-of-range values raise SettingError,
    and so does a key these settings do not use (see `check_used`).

    Keys left out take their value from `base`, else the defaults.
    """
    values = {key: _known(cls, key).from_data(key, value) for key, value in raw.items()}
    return check_used(_make(cls, values, base), values)


def unused_keys(settings: Any) -> dict[str, str]:
    """The keys these settings ignore, each with the key whose value makes it so (`unused()`)."""
    unused = getattr(settings, "unused", None)
    return unused() if unused is not None else {}


def check_used(settings: Any, given: Iterable[str], words: str = "settings.error.unused") -> Any:
    """`settings`, or a SettingError naming a key in `given` that these settings do not use, in `words`
    (the command line's "leave it out"; a field's edit says its own, `with_text`).

    A settings class lists what one of its modes ignores in `unused()`, {key: the key whose value
    makes it unused} (the perceptron's weights when `network = two-layer`); a value given for such a
    key would be silently ignored, so a lesson or `workbench open --set` that gives one is told. Only
    modes the pane cannot leave belong there: a setting that a key of the pane puts to use later
    (im2col's filter, kept while `4` shows pooling) is not unused.
    """
    ignored = unused_keys(settings)
    for key in given:
        if key in ignored:
            by = ignored[key]
            raise SettingError(key, t(words, key=named(key), by=named(by), value=named_value(settings, by)))
    return settings


def parse_assignments(cls: type, assignments: Iterable[str], base: Any = None) -> Any:
    """Settings from `KEY=VALUE` texts (`workbench open --set`), each value read by its kind."""
    values = {}
    for assignment in assignments:
        key, equals, text = assignment.partition("=")
        key = key.strip()
        if not equals or not key:
            raise SettingError(None, t("settings.error.assignment", text=assignment))
        values[key] = _known(cls, key).from_text(key, text)
    return check_used(_make(cls, values, base), values)


def with_text(settings: Any, key: str, text: str) -> Any:
    """`settings` with one setting replaced by the value `text` reads as (an input field's edit).

    A new value for a key these settings leave unused is refused as `--set` refuses it (`check_used`):
    typed into the dialog's dimmed dropout while net = simple, it would be silently ignored, and left
    out of what a classroom's followers and a saved position get. The value it has already passes.
    The refusal is a field's: choose another net first (`--set`'s "leave it out" means nothing there).
    """
    kind = _known(type(settings), key)
    value = kind.from_text(key, text)
    made = _make(type(settings), {key: value}, settings)      # made anew even so: 1.0 over 1 is a float's
    return made if value == getattr(settings, key) else check_used(made, [key], "settings.error.unused_typed")


def as_text(settings: Any, key: str) -> str:
    """The text of one setting's current value, as its input field shows it: the settings' own
    `text_of(key)` when they say it from their other values (the training pane's "all (60,000)" for a
    train_size of 0, from the data set chosen), else its kind's."""
    text_of = getattr(settings, "text_of", None)
    text = text_of(key) if text_of is not None else None
    return text if text is not None else kinds(type(settings))[key].to_text(getattr(settings, key))
