"""Free-form computational graphs: an expression the learner types, parsed by a small parser of our
own (no `eval`) and built into the nodes the book's graphs are made of.

    expr = parse("sigmoid(w*x + b)")
    graph = build(expr, {"w": 2.0, "x": -1.0, "b": 0.5})     # a workbench.nn.graph.Graph

The grammar is the usual one: `+ −` below `× /` below unary minus below whole powers (`^2`, `**3`),
with parentheses and three functions, `sigmoid`, `relu` and `exp`; `×`, `÷`, `·` and `−` are read as
`*`, `/`, `*` and `-`. Every node is one of the library's layers, and what the book decomposes is
decomposed as it does: −a is a `MulLayer` by −1, a − b is a + (b × −1), 1/b is the `Reciprocal` ("/")
node and a/b is a × (1/b); a constant is folded into its node (×−1, +1). A subexpression written
twice is computed once, so `(x + y)*(x + y)` is the book's graph of (x + y)² with its fork, and a
value read in several places sends back the sum of its branches' gradients.

Bad input never gets further than one `ExpressionError` naming the problem and its column: an
unbalanced parenthesis, an unknown function, a name without a value, a division by zero at the
given values, more nodes than fit, or input too long or too deeply nested to be worth parsing
(the length and depth are checked before any recursion, so no input reaches Python's limit).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench.suggest import suggest
from workbench.i18n import t
from workbench.models.graph_walk import LABELS, first_overflow
from workbench.models.settings import SettingError
from workbench.nn.gradient import numerical_gradient
from workbench.nn.graph import Exp, Graph, Reciprocal, node
from workbench.nn.layers import AddLayer, MulLayer, Relu, Sigmoid

FUNCTIONS = ("sigmoid", "relu", "exp")
MAX_LENGTH = 200
"""Characters an expression may have (a long one could never be drawn anyway)."""
MAX_DEPTH = 10
"""Parentheses (and function calls) inside each other."""
MAX_NODES = 24
"""Nodes a graph may have: the pane steps each twice, and more cannot be read at 80 columns."""
MAX_POWER = 4
"""`^n` is n − 1 multiplications, for a whole n from 1 to this."""
H = 1e-4
"""The step of the numerical derivatives the backward pass is checked against (the book's h)."""

_ALIASES = {"×": "*", "·": "*", "÷": "/", "−": "-", "–": "-", "**": "^"}
_TOKEN = re.compile(r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+−]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<op>\*\*|[-+*/^×·÷−–])|(?P<paren>[()])|(?P<comma>,))")


class ExpressionError(SettingError):
    """A problem with the expression at `column` (1-based); the message names both."""

    def __init__(self, code: str, column: int, **details):
        super().__init__("expression", t("graph.expr.at", column=column,
                                         problem=t(f"graph.expr.{code}", **details)))
        self.code = code
        self.column = column


# -- the tree --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Num:
    value: float
    at: int


@dataclass(frozen=True)
class Name:
    name: str
    at: int


@dataclass(frozen=True)
class Neg:
    operand: Tree
    at: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: Tree
    right: Tree
    at: int


@dataclass(frozen=True)
class Power:
    base: Tree
    exponent: int
    at: int


@dataclass(frozen=True)
class Call:
    function: str
    argument: Tree
    at: int


Tree = Num | Name | Neg | Binary | Power | Call


@dataclass(frozen=True)
class Token:
    kind: str
    """"number", "name", "op", "(", ")", "," or "end"."""
    text: str
    at: int
    """0-based index of the token's first character."""


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, tree and the names it reads, in order of first appearance."""

    text: str
    tree: Tree
    names: tuple[str, ...]
    first_at: Mapping[str, int]
    """Name → where it first appears (0-based)."""


# -- reading ---------------------------------------------------------------------------------------

def tokens(text: str) -> list[Token]:
    """The tokens of `text`, then an "end" token; ExpressionError at a character that is none."""
    found, at = [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            rest = text[at:].lstrip()
            if not rest:
                break
            where = len(text) - len(rest)
            raise ExpressionError("character", where + 1, char=rest[0])
        kind = match.lastgroup
        start = match.start(kind)
        piece = match.group(kind)
        if kind == "op":
            piece = _ALIASES.get(piece, piece)
        elif kind == "number":
            piece = piece.replace("−", "-")
        found.append(Token(kind if kind in ("number", "name", "op") else piece, piece, start))
        at = match.end()
    found.append(Token("end", "", len(text.rstrip())))
    return found


def _check_parentheses(items: list[Token]) -> None:
    """Unbalanced or too deeply nested parentheses, found before parsing so that the parser's
    recursion is bounded by MAX_DEPTH whatever the input."""
    open_at: list[int] = []
    for token in items:
        if token.kind == "(":
            open_at.append(token.at)
            if len(open_at) > MAX_DEPTH:
                raise ExpressionError("too_deep", token.at + 1, most=MAX_DEPTH)
        elif token.kind == ")":
            if not open_at:
                raise ExpressionError("unopened", token.at + 1)
            open_at.pop()
    if open_at:
        raise ExpressionError("unclosed", open_at[-1] + 1)


class _Parser:
    """Recursive descent over the tokens: expression → term → unary → power → atom."""

    def __init__(self, items: list[Token]):
        self.items = items
        self.i = 0

    @property
    def token(self) -> Token:
        return self.items[self.i]

    def take(self) -> Token:
        token = self.items[self.i]
        self.i += 1
        return token

    def expression(self) -> Tree:
        tree = self.term()
        while self.token.kind == "op" and self.token.text in "+-":
            op = self.take()
            tree = Binary(op.text, tree, self.term(), op.at)
        return tree

    def term(self) -> Tree:
        tree = self.unary()
        while self.token.kind == "op" and self.token.text in "*/":
            op = self.take()
            tree = Binary(op.text, tree, self.unary(), op.at)
        return tree

    def unary(self) -> Tree:
        signs = []
        while self.token.kind == "op" and self.token.text in "+-":
            signs.append(self.take())
        tree = self.power()
        for sign in reversed(signs):      # a loop, not recursion: "-----x" is as deep as "-x"
            if sign.text == "-":
                tree = Neg(tree, sign.at)
        return tree

    def power(self) -> Tree:
        base = self.atom()
        if self.token.kind == "op" and self.token.text == "^":
            op = self.take()
            exponent = self.token
            if exponent.kind != "number" or not re.fullmatch(r"\d+", exponent.text) \
                    or not 1 <= int(exponent.text) <= MAX_POWER:
                raise ExpressionError("power", op.at + 1, most=MAX_POWER)
            self.take()
            base = Power(base, int(exponent.text), op.at)
            if self.token.kind == "op" and self.token.text == "^":
                raise ExpressionError("power_twice", self.token.at + 1)
        return base

    def atom(self) -> Tree:
        token = self.take()
        if token.kind == "number":
            if not math.isfinite(float(token.text)):
                raise ExpressionError("too_large", token.at + 1, value=token.text)
            return Num(float(token.text), token.at)
        if token.kind == "name":
            if self.token.kind == "(":
                if token.text not in FUNCTIONS:
                    close = suggest(token.text, FUNCTIONS)
                    hint = t("graph.expr.did_you_mean", name=close) if close else ""
                    raise ExpressionError("unknown_function", token.at + 1, name=token.text,
                                          functions=", ".join(FUNCTIONS), hint=hint)
                self.take()
                if self.token.kind == ")":
                    raise ExpressionError("empty_call", self.token.at + 1, name=token.text)
                argument = self.expression()
                self.expect_close(token)
                return Call(token.text, argument, token.at)
            if token.text in FUNCTIONS:
                raise ExpressionError("bare_function", token.at + 1, name=token.text)
            return Name(token.text, token.at)
        if token.kind == "(":
            if self.token.kind == ")":
                raise ExpressionError("empty_parentheses", token.at + 1)
            inner = self.expression()
            self.expect_close(token)
            return inner
        if token.kind == "end":
            raise ExpressionError("ends_early", token.at + 1)
        raise ExpressionError("expected_value", token.at + 1, found=token.text)

    def expect_close(self, opener: Token) -> None:
        if self.token.kind != ")":
            raise self.unexpected()
        self.take()

    def unexpected(self) -> ExpressionError:
        token = self.token
        if token.kind in ("number", "name", "("):
            return ExpressionError("missing_operator", token.at + 1, found=token.text)
        if token.kind == ",":
            return ExpressionError("comma", token.at + 1)
        return ExpressionError("expected_operator", token.at + 1, found=token.text)


@lru_cache(maxsize=64)
def parse(text: str) -> Expression:
    """The expression `text` as a tree; ExpressionError (with the column) when it is not one."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError("too_long", MAX_LENGTH + 1, length=len(text), most=MAX_LENGTH)
    if not text.strip():
        raise ExpressionError("empty", 1)
    items = tokens(text)
    _check_parentheses(items)
    parser = _Parser(items)
    tree = parser.expression()
    if parser.token.kind != "end":
        raise parser.unexpected()
    first: dict[str, int] = {}
    for leaf in _leaves(tree):
        first.setdefault(leaf.name, leaf.at)
    return Expression(text, tree, tuple(first), first)


def _children(tree: Tree) -> tuple[Tree, ...]:
    if isinstance(tree, Binary):
        return tree.left, tree.right
    if isinstance(tree, (Neg,)):
        return (tree.operand,)
    if isinstance(tree, Power):
        return (tree.base,)
    if isinstance(tree, Call):
        return (tree.argument,)
    return ()


def _leaves(tree: Tree) -> list[Name]:
    """The names in the tree, left to right (an explicit stack: no recursion on a long sum)."""
    found, stack = [], [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, Name):
            found.append(item)
        stack.extend(reversed(_children(item)))
    return found


def split_values(text: str) -> tuple[str, str]:
    """"sigmoid(w*x + b), w=2, x=-1" → ("sigmoid(w*x + b)", "w=2, x=-1"): the values a learner may
    type after the expression, from the first top-level comma that starts `name=`."""
    match = re.search(r",\s*[A-Za-z_]\w*\s*=", text)
    if match is None:
        return text.strip(), ""
    return text[:match.start()].strip(), text[match.start() + 1:].strip()


# -- building ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Built:
    """The graph of an expression at some values, and where in the text each node comes from."""

    graph: Graph
    columns: Mapping[str, int]
    """Node name → the 1-based column of the operator or function it stands for."""


KIND_NAMES = {"mul": "mul_layer", "add": "add_layer", "exp": "exp_node", "reciprocal": "reciprocal_node",
              "relu": "relu_layer", "sigmoid": "sigmoid_layer"}
LAYERS = {"mul": MulLayer, "add": AddLayer, "exp": Exp, "reciprocal": Reciprocal, "relu": Relu, "sigmoid": Sigmoid}
OUTPUT_NAMES = ("f", "out", "result")


class _Builder:
    """Turns a tree into nodes (post-order, so the node list is a topological order), folding constants
    and computing a repeated subexpression once."""

    def __init__(self, names: tuple[str, ...]):
        self.taken = set(names)
        self.nodes: list[tuple[str, tuple, int]] = []     # (kind, inputs, column)
        self.made: dict[tuple, str] = {}                   # (kind, inputs) → output edge
        self.outputs: list[str] = []
        self.counter = 0

    def edge(self) -> str:
        while True:
            self.counter += 1
            name = f"t{self.counter}"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def op(self, kind: str, inputs: tuple, at: int) -> str:
        key = (kind, inputs)
        if key not in self.made:
            out = self.edge()
            self.made[key] = out
            self.nodes.append((kind, inputs, at + 1))
            self.outputs.append(out)
            if len(self.nodes) > MAX_NODES:
                raise ExpressionError("too_many_nodes", at + 1, most=MAX_NODES)
        return self.made[key]

    def emit(self, tree: Tree) -> str | float:
        if isinstance(tree, Num):
            return tree.value
        if isinstance(tree, Name):
            return tree.name
        if isinstance(tree, Neg):
            a = self.emit(tree.operand)
            return -a if isinstance(a, float) else self.op("mul", (a, -1.0), tree.at)
        if isinstance(tree, Power):
            a = self.emit(tree.base)
            if isinstance(a, float):
                with np.errstate(all="ignore"):
                    return _finite(np.float64(a) ** tree.exponent, tree.at, "^")
            out = a
            for _ in range(tree.exponent - 1):
                out = self.op("mul", (out, a), tree.at)
            return out
        if isinstance(tree, Call):
            a = self.emit(tree.argument)
            if isinstance(a, float):
                with np.errstate(all="ignore"):
                    return _finite(_FUNCTIONS[tree.function](np.float64(a)), tree.at, LABELS[tree.function])
            return self.op(tree.function, (a,), tree.at)
        return self.binary(tree)

    def binary(self, tree: Binary) -> str | float:
        a, b = self.emit(tree.left), self.emit(tree.right)
        constant_a, constant_b = isinstance(a, float), isinstance(b, float)
        if constant_a and constant_b:
            if tree.op == "/" and b == 0:
                raise ExpressionError("divide_by_zero", tree.at + 1)
            with np.errstate(all="ignore"):
                return _finite(_OPERATORS[tree.op](np.float64(a), np.float64(b)), tree.at, _SYMBOLS[tree.op])
        if tree.op == "+":
            return self.op("add", (b, a) if constant_a else (a, b), tree.at)
        if tree.op == "*":
            return self.op("mul", (b, a) if constant_a else (a, b), tree.at)
        if tree.op == "-":
            if constant_b:
                return self.op("add", (a, -b), tree.at)
            negated = self.op("mul", (b, -1.0), tree.at)
            return self.op("add", (negated, a) if constant_a else (a, negated), tree.at)
        if constant_b:                                    # a / b with b a number: a × (1/b)
            if b == 0:
                raise ExpressionError("divide_by_zero", tree.at + 1)
            return self.op("mul", (a, 1.0 / b), tree.at)
        inverse = self.op("reciprocal", (b,), tree.at)
        if constant_a:
            return inverse if a == 1 else self.op("mul", (inverse, a), tree.at)
        return self.op("mul", (a, inverse), tree.at)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


_FUNCTIONS = {"sigmoid": _sigmoid, "relu": lambda x: np.maximum(0, x), "exp": np.exp}
_OPERATORS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
              "/": lambda a, b: a / b}


_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "/"}
"""An operator as the messages write it."""


def _finite(value, at: int, label: str) -> float:
    """A constant folded at build time, or the overflow message for the operation `label` at `at`."""
    value = float(value)
    if not math.isfinite(value):
        raise ExpressionError("overflow", at + 1, label=label)
    return value


def node_count(expression: Expression) -> int:
    """How many nodes the expression's graph has (values play no part in its shape)."""
    builder = _Builder(expression.names)
    builder.emit(expression.tree)
    return len(builder.nodes)


def build(expression: Expression, values: Mapping[str, float]) -> Built:
    """The graph of `expression` with `values` for its names: the library's layers, in a topological
    order, their output edges t1, t2, … and the last one f. ExpressionError when a name has no value,
    when the expression is a lone name or number, or when a node divides by zero or overflows at
    these values (found by running the graph forward and back once)."""
    missing = [name for name in expression.names if name not in values]
    if len(missing) == 1:
        raise ExpressionError("no_value", expression.first_at[missing[0]] + 1, name=missing[0])
    if missing:
        raise ExpressionError("no_values", expression.first_at[missing[0]] + 1, names=", ".join(missing),
                              example=", ".join(f"{name}=1" for name in missing))
    builder = _Builder(expression.names)
    root = builder.emit(expression.tree)
    if isinstance(root, float) or not builder.nodes:
        raise ExpressionError("no_node", 1)
    output = next(name for name in OUTPUT_NAMES if name not in expression.names)
    renamed = {root: output}
    counts: dict[str, int] = {}
    nodes, columns = [], {}
    for (kind, inputs, column), out in zip(builder.nodes, builder.outputs):
        counts[kind] = counts.get(kind, 0) + 1
        name = f"{KIND_NAMES[kind]}{counts[kind]}"
        inputs = tuple(renamed.get(i, i) if isinstance(i, str) else i for i in inputs)
        nodes.append(node(name, LAYERS[kind](), inputs, renamed.get(out, out)))
        columns[name] = column
    graph = Graph("expression", {name: np.float64(values[name]) for name in expression.names}, nodes, output)
    _check_walk(graph, columns)
    return Built(graph, columns)


def _check_walk(graph: Graph, columns: Mapping[str, int]) -> None:
    """Run the graph forward and back once (`graph_walk`, as the book's graphs are): a division by
    zero, or a value or gradient that overflows to ∞, names its node and column."""
    def divides_by_zero(step) -> None:
        if step.node.kind == "reciprocal" and dict(step.read)["x"] == 0:
            raise ExpressionError("divide_by_zero_here", columns[step.node.name])

    overflow = first_overflow(graph, divides_by_zero)
    if overflow is not None:
        code = "overflow" if overflow.direction == "forward" else "gradient_overflow"
        raise ExpressionError(code, columns[overflow.node.name], label=LABELS[overflow.node.kind])


# -- evaluating without the graph --------------------------------------------------------------------

def evaluate(expression: Expression, values: Mapping[str, float]) -> float:
    """The expression's value computed straight from the tree (not through the graph's layers), for
    the numerical check. Post-order with an explicit stack."""
    results: dict[int, float] = {}
    stack: list[tuple[Tree, bool]] = [(expression.tree, False)]
    with np.errstate(all="ignore"):
        while stack:
            item, ready = stack.pop()
            if not ready:
                stack.append((item, True))
                stack.extend((child, False) for child in reversed(_children(item)))
                continue
            args = [results.pop(id(child)) for child in _children(item)]
            if isinstance(item, Num):
                value = item.value
            elif isinstance(item, Name):
                value = float(values[item.name])
            elif isinstance(item, Neg):
                value = -args[0]
            elif isinstance(item, Power):
                value = args[0] ** item.exponent
            elif isinstance(item, Call):
                value = float(_FUNCTIONS[item.function](np.float64(args[0])))
            else:
                value = _OPERATORS[item.op](np.float64(args[0]), np.float64(args[1]))
            results[id(item)] = float(value)
    return results[id(expression.tree)]


@dataclass(frozen=True)
class Check:
    """One input's gradient from the backward pass beside the numerical derivative of the whole expression."""

    name: str
    backprop: float
    numerical: float

    @property
    def error(self) -> float:
        """|a − n| / max(|a|, |n|), 0 when both are 0."""
        scale = max(abs(self.backprop), abs(self.numerical))
        return abs(self.backprop - self.numerical) / scale if scale > 1e-12 else 0.0

    @property
    def agrees(self) -> bool:
        return self.error < 1e-5 or abs(self.backprop - self.numerical) < 1e-7


def numerical_check(expression: Expression, graph: Graph) -> list[Check]:
    """∂f/∂name by central differences (the library's `numerical_gradient`, h = 1e-4) of the whole
    expression, beside the gradient the walked graph holds for each input."""
    names = expression.names
    point = np.array([float(graph.edges[name].value) for name in names], dtype=np.float64)

    def f(x):
        return evaluate(expression, dict(zip(names, x.tolist())))

    numerical = numerical_gradient(f, point, h=H)
    return [Check(name, float(graph.edges[name].grad) if graph.edges[name].grad is not None else 0.0,
                  float(numerical[i])) for i, name in enumerate(names)]


def near_kink(expression: Expression, graph: Graph) -> bool:
    """Whether a ReLU of the graph reads a value within h of 0, where the numerical derivative straddles
    the kink and cannot agree with backpropagation's choice of 0 there."""
    nodes = [n for n in graph.nodes if n.kind == "relu"]
    return any(abs(float(graph.edges[n.inputs[0]].value)) <= 2 * H for n in nodes
               if graph.edges[n.inputs[0]].value is not None)
