"""Chapter 5: one of the book's computational graphs, built from `workbench.nn.graph` and stepped so far.

The settings name the graph, the inputs that differ from the book's values (one mapping, so a lesson
writes `inputs = { apple = 150 }` and the command line `--set inputs="apple=150, tax=1.08"`), the mode
(watch, or predict each gradient first) and how many steps have run. The model builds the graph with
the real layers and walks it to that step; the pane renders what it finds there.

The setting `expression`, when not empty, replaces the built-in graph with the learner's own
(`workbench.models.expression`): `expression = "sigmoid(w*x + b)"` with `inputs = { w = 2, x = -1,
b = 0.5 }`, every name of the expression given one number.
"""
from __future__ import annotations

import inspect
import math
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from workbench.i18n import has, t
from workbench.i18n.numbers import grouped
from workbench.models import expression as expr
from workbench.models.graph_settings import GRAPHS, MODES, GraphSettings  # noqa: F401 - for the pane
from workbench.models.graph_walk import LABELS, first_overflow
from workbench.models.settings import Kind, SettingError
from workbench.models.settings import named as setting_named
from workbench.nn.graph import BUILT_IN, SOFTMAX_CLASSES, Graph, build

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?!\d|,\d)")
"""A whole part grouped by thousands as the panes write it (1,300, 65,000, 1,234,567): a comma before
each three digits, and no digit or comma-and-digit after it ("1,3000" and "1,300,2" are not)."""
COMMA_IN_NUMBER = re.compile(r"\d*\.?\d+(?:,\d+(?:\.\d+)?)+")
"""Digits with a comma between them ("1,5", "0.5,0"): once the thousands groups are joined, a number
that reads two ways."""


def edge_label(edge: str) -> str:
    """An edge as the learner reads it: in Korean the edition's word (사과, 사과 개수, 소비세, 지불 금액),
    in English the code's name (apple, apple_num, tax, price); symbols such as x, W, t stay as they are."""
    key = f"graph.edge.{edge}"
    return t(key) if has(key) else edge


def named(edge: str) -> str:
    """An input as a message names it: its word and, when that differs, the name to type (사과(apple))."""
    label = edge_label(edge)
    return label if label == edge else f"{label}({edge})"


def input_defaults(graph: str) -> dict[str, np.ndarray]:
    """Input name → the book's value (an array; shape () for a single number), in the graph's order."""
    parameters = inspect.signature(BUILT_IN[graph]).parameters.values()
    return {p.name: np.asarray(p.default, dtype=np.float64) for p in parameters}


class InputError(SettingError):
    """A value one input of the graph cannot take; `input` names it (the setting is `inputs`)."""

    def __init__(self, name: str, message: str):
        super().__init__("inputs", message)
        self.input = name


class Overflowing(InputError):
    """A value or gradient of the graph would be ∞ at these inputs; `input` is one that feeds it."""


# -- numbers as text ------------------------------------------------------------------------------

def ungrouped(text: str) -> str:
    """`text` with each number grouped by thousands written without its commas ("1,300" → "1300",
    "[1,300 2]" → "[1300 2]"), so that what the pane writes reads back; other commas stay."""
    return GROUPED.sub(lambda match: match[0].replace(",", ""), text)


def ambiguous_comma(text: str) -> str | None:
    """The first number in `text` with a comma between digits that is not a thousands group ("1,5",
    "1,30", "1,3000", "0.5,0"), or None. Such a number is refused, never read as 15, as 1.5 or as
    two numbers: numbers are separated by spaces, semicolons or a comma and a space ("0.5, 0, -1")."""
    match = COMMA_IN_NUMBER.search(ungrouped(text))
    return match[0] if match else None


def comma_message(number: str, many: bool = False) -> str:
    """Why `number` ("1,5", what `ambiguous_comma` found) is refused; with `many` (several numbers are
    asked for), also how to separate them."""
    return t("graph.number.comma_many" if many else "graph.number.comma", text=number)


def numbers_in(name: str, text: str, many: bool = False) -> list[float]:
    """The numbers in `text` ("1.5", "1,300", "[1 0.5; −0.5 1]", "1, 2"); InputError for anything else,
    and for a comma between digits that does not group thousands ("1,5": `ambiguous_comma`; `many`
    when the input holds several numbers, for the message)."""
    cleaned = text.replace("−", "-").strip()
    if not cleaned:
        raise InputError(name, t("graph.error.empty", name=named(name)))
    comma = ambiguous_comma(cleaned)
    if comma:
        raise InputError(name, f"{named(name)}: {comma_message(comma, many)}")
    cleaned = ungrouped(cleaned)
    pieces = [p for p in re.split(r"[\s,;\[\]()]+", cleaned) if p]
    bad = [p for p in pieces if not NUMBER.fullmatch(p) and p.lower().lstrip("+-") not in ("inf", "infinity", "nan")]
    if bad or not pieces:
        raise InputError(name, t("graph.error.not_number", name=named(name), value=bad[0] if bad else cleaned))
    values = [float(p) for p in pieces]
    too_large = next((p for p, v in zip(pieces, values) if NUMBER.fullmatch(p) and not math.isfinite(v)), None)
    if too_large is not None:                           # 1e309: a number, but past float64's largest
        raise InputError(name, t("graph.error.too_large", name=named(name), value=too_large))
    if not all(math.isfinite(v) for v in values):
        raise InputError(name, t("graph.error.finite", name=named(name), value=cleaned))
    return values


def number_text(value: float) -> str:
    """A number as a learner types it back: 100, 1.1, -0.5 (plain minus, so it reads back)."""
    return f"{float(value):g}"


def value_text(value: Any) -> str:
    """An input's value as its field shows it: "100", "1.5 -0.5 2", "1 0.5; -0.5 1"."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return number_text(array)
    rows = array.reshape(-1, array.shape[-1]) if array.ndim > 1 else array.reshape(1, -1)
    return "; ".join(" ".join(number_text(v) for v in row) for row in rows)


def as_setting(array: np.ndarray) -> float | tuple:
    """A value as settings hold it: a float, or nested tuples (frozen and comparable)."""
    return float(array) if array.ndim == 0 else tuple(as_setting(row) for row in array)


# -- the inputs setting ---------------------------------------------------------------------------

@dataclass(frozen=True)
class InputValues(Kind):
    """Named numbers or lists of numbers: `apple=150, tax=1.08` or `x=[1 0.5; -0.5 1]`."""

    def from_data(self, key, value):
        if not isinstance(value, dict):
            raise SettingError(key, t("graph.error.mapping", key=setting_named(key), value=repr(value)))
        pairs = []
        for name, item in value.items():
            flat = np.asarray(item, dtype=object).ravel().tolist() if isinstance(item, (list, tuple)) else [item]
            if not flat or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in flat):
                raise InputError(str(name), t("graph.error.not_number", name=named(str(name)), value=repr(item)))
            if not all(math.isfinite(v) for v in flat):
                raise InputError(str(name), t("graph.error.finite", name=named(str(name)), value=repr(item)))
            pairs.append((str(name), float(item) if len(flat) == 1 and not isinstance(item, (list, tuple))
                          else tuple(float(v) for v in flat)))
        return tuple(pairs)

    def from_text(self, key, text):
        matches = list(re.finditer(r"([A-Za-z_]\w*)\s*=", text))
        if not matches and text.strip():
            raise SettingError(key, t("graph.error.mapping", key=setting_named(key), value=text.strip()))
        pairs = []
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            item = text[match.end():end].strip().rstrip(",;").strip()
            values = numbers_in(match.group(1), item)
            single = len(values) == 1 and "[" not in item
            pairs.append((match.group(1), values[0] if single else tuple(values)))
        return tuple(pairs)

    def to_text(self, value):
        shown = []
        for name, item in value:
            array = np.asarray(item)
            shown.append(f"{name}={value_text(item) if array.ndim == 0 else '[' + value_text(item) + ']'}")
        return ", ".join(shown)

    def describe(self):
        return t("graph.kind.inputs")


def check(s: GraphSettings) -> None:
    """GraphSettings' checks: the inputs in the graph's (or the expression's) order and shapes, kept so
    in the settings, and a step within the walk; SettingError (InputError for one input) otherwise."""
    if s.expression:
        parsed = expr.parse(s.expression)
        object.__setattr__(s, "inputs", checked_expression_inputs(parsed, s.inputs))
        total = 2 * len(expr.build(parsed, dict(s.inputs)).graph.nodes)
        name = s.expression
    else:
        object.__setattr__(s, "inputs", checked_inputs(s.graph, s.inputs))
        graph = build(s.graph, **{name: np.asarray(item) for name, item in s.inputs})
        check_finite(graph, s.inputs)
        total = 2 * len(graph.nodes)
        name = t(f"graph.name.{s.graph}")         # as the pane's status line names it: 사과 in Korean
    if s.step > total:
        raise SettingError("step", t("graph.error.step", graph=name, total=total, step=grouped(s.step),
                                     key=setting_named("step")))


def check_finite(graph: Graph, changed: tuple) -> None:
    """Overflowing (an InputError) when a value or gradient of the graph would be ∞ at these inputs
    (1e200 × 1e200, exp(1000)), naming the node; the field marked is the first changed input the node
    depends on (expressions are checked the same way, `expression._check_walk`)."""
    overflow = first_overflow(graph)
    if overflow is None:
        return
    node = overflow.node
    code = "graph.error.overflow" if overflow.direction == "forward" else "graph.error.gradient_overflow"
    message = t(code, label=LABELS[node.kind], node=node.name, edge=edge_label(overflow.edge))
    feeding = upstream(graph, node)
    name = next((name for name, _ in changed if name in feeding), changed[0][0] if changed else None)
    raise Overflowing(name, message) if name else SettingError("inputs", message)


def upstream(graph: Graph, node) -> set[str]:
    """Every edge `node`'s output is computed from."""
    found, todo = set(), [source for source in node.inputs if isinstance(source, str)]
    writers = {n.output: n for n in graph.nodes}
    while todo:
        edge = todo.pop()
        if edge not in found:
            found.add(edge)
            if edge in writers:
                todo.extend(source for source in writers[edge].inputs if isinstance(source, str))
    return found


def parsed(s: GraphSettings) -> expr.Expression | None:
    """The expression's tree, or None for a built-in graph."""
    return expr.parse(s.expression) if s.expression else None


def input_values(s: GraphSettings) -> dict[str, np.ndarray]:
    """Every input of the graph: the book's value unless the settings change it (for an expression,
    the values given, in the order the names first appear)."""
    if s.expression:
        return {name: np.asarray(item, dtype=np.float64) for name, item in s.inputs}
    values = input_defaults(s.graph)
    values.update({name: np.asarray(item, dtype=np.float64) for name, item in s.inputs})
    return values


def checked_expression_inputs(parsed: expr.Expression, pairs: tuple) -> tuple:
    """One number for each name of the expression, in the order the names appear; InputError for a
    value that is not one number or a name the expression does not read (a name without a value is
    the expression's error, found when it is built)."""
    given = dict(pairs)
    for name, item in given.items():
        if name not in parsed.names:
            if not parsed.names:
                raise InputError(name, t("graph.expr.no_inputs", name=name))
            raise InputError(name, t("graph.expr.unknown_input", name=name, names=", ".join(parsed.names)))
        count = np.asarray(item).size
        if count != 1 or isinstance(item, tuple):
            raise InputError(name, t("graph.expr.scalar", name=name, count=count))
    return tuple((name, float(given[name])) for name in parsed.names if name in given)


def checked_inputs(graph: str, pairs: tuple) -> tuple:
    """`pairs` in the graph's order and shapes, without those equal to the book's; InputError otherwise.

    Dropping the book's values makes two settings that show the same graph compare equal.
    """
    defaults = input_defaults(graph)
    given = dict(pairs)
    unknown = [name for name in given if name not in defaults]
    if unknown:
        raise InputError(unknown[0], t("graph.error.unknown_input", graph=t(f"graph.name.{graph}"), name=unknown[0],
                                       names=", ".join(defaults)))
    kept = []
    for name, default in defaults.items():
        if name not in given:
            continue
        array = np.asarray(given[name], dtype=np.float64)
        if array.size != default.size and default.size == 1:
            raise InputError(name, t("graph.error.scalar", name=named(name), count=array.size))
        if array.size != default.size:
            raise InputError(name, t("graph.error.size", name=named(name), size=default.size, count=array.size,
                                     shape=" × ".join(map(str, default.shape)) or "1"))
        array = array.reshape(default.shape)
        if (graph, name) == ("softmax-with-loss", "t") and not all(v.is_integer() and 0 <= v < SOFTMAX_CLASSES
                                                                  for v in array.tolist()):
            raise InputError(name, t("graph.error.labels", name=name, last=SOFTMAX_CLASSES - 1,
                                     value=value_text(array)))
        if not np.array_equal(array, default):
            kept.append((name, as_setting(array)))
    settings_inputs = tuple(kept)
    try:
        build(graph, **{name: np.asarray(item) for name, item in settings_inputs})
    except ValueError as exc:
        name = next((n for n in defaults if str(exc).startswith(n + " ")), None)
        raise (InputError(name, str(exc)) if name else SettingError("inputs", str(exc))) from None
    return settings_inputs


def with_input(settings: GraphSettings, name: str, text: str) -> GraphSettings:
    """`settings` with input `name` read from the text of its field; InputError when it cannot be."""
    values = numbers_in(name, text, many=np.size(settings.input_values().get(name, 0)) > 1)
    given = dict(settings.inputs)
    given[name] = tuple(values) if len(values) > 1 else values[0]
    try:
        return replace(settings, inputs=tuple(given.items()))
    except Overflowing as exc:
        exc.input = name                     # the value just typed is the one that tipped it over
        raise


def with_expression(settings: GraphSettings, text: str) -> GraphSettings:
    """`settings` showing the expression typed in the pane's line, "sigmoid(w*x + b), w=2, x=-1":
    values after the expression replace those of the same names, the names it keeps keep theirs,
    and the walk starts again. SettingError (ExpressionError with the column) when it cannot be."""
    body, values_text = expr.split_values(text)
    parsed = expr.parse(body)
    given = {name: value for name, value in settings.inputs if name in parsed.names} if settings.expression else {}
    if values_text:
        given.update(InputValues().from_text("inputs", values_text))
    return replace(settings, expression=body, inputs=tuple(given.items()), step=0)


# -- the model --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GraphView:
    """The graph built from the settings' inputs with the real layers, walked `settings.step` steps."""

    settings: GraphSettings
    graph: Graph
    columns: dict | None = None
    """For an expression: node name → the column of the operator it stands for."""
    mine: Any = None
    """With `impl = mine`: the learner's layers' state (`workbench.models.graph_mine.MineState`)."""

    @property
    def at_end(self) -> bool:
        return self.graph.position == self.graph.total_steps


def build_graph(s: GraphSettings) -> tuple[Graph, dict | None]:
    """The graph the settings describe, before its first step (and an expression's node columns)."""
    if s.expression:
        built = expr.build(s.parsed, {name: float(value) for name, value in s.inputs})
        return built.graph, dict(built.columns)
    return build(s.graph, **{name: value for name, value in s.input_values().items()}), None


def compute(s: GraphSettings) -> GraphView:
    """Build the chosen graph with its inputs and run it, node by node, to step `s.step` (with
    `impl = mine`, replay what the learner's layers did, `workbench.models.graph_mine`)."""
    if s.impl == "mine":
        from workbench.models.graph_mine import mine_view

        return mine_view(s)
    graph, columns = build_graph(s)
    graph.run_to(s.step)
    return GraphView(s, graph, columns)
