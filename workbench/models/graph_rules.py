"""The graph pane's words and numbers: each node's local rule with its numbers substituted, the
gradients a learner is asked to predict, and how an answer is judged. No Textual here."""
from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from workbench.i18n import t
from workbench.i18n.numbers import exponent_form, grouped, power_of_ten
from workbench.models import expression as expr
from workbench.models.graph import (GraphSettings, GraphView, ambiguous_comma, comma_message, compute, edge_label,
                                    ungrouped)
from workbench.models.graph_walk import LABELS
from workbench.nn.functions import softmax
from workbench.nn.graph import NOT_DIFFERENTIATED, Graph, Node, Step, sigmoid_layer

OTHER = {"x": "y", "y": "x"}
"""A MulLayer's other input: dx is dout × self.y, dy is dout × self.x."""
RELATIVE = 0.01
ABSOLUTE = 0.005
"""An answer is right when every entry is within 1 % of the gradient, or within 0.005 of it."""


PLAIN_BELOW = 1e6
"""Whole numbers are written out up to here (65,000, not 6.5e4 beside 1,300); larger ones with an exponent."""


def fmt(value: Any) -> str:
    """A number to 4 significant digits ("2.2", "110", "−0.1966"), from 1,000 up to a million whole
    and grouped by thousands as every pane writes a count ("1,300", "65,000"), past it with an
    exponent ("1.2346e6"); or a short array "[0.5 0 −1]". A ReLU's mask reads as NumPy's `x <= 0`
    gives it: True or False, and an array of them as any array ("[False True False]")."""
    array = np.asarray(value)
    if array.dtype == bool and array.ndim == 0:
        return str(bool(array))
    if array.ndim == 0:
        x = float(array)
        if not math.isfinite(x):
            return "nan" if x != x else ("−" if x < 0 else "") + "∞"
        text = f"{x:.4g}"
        if abs(float(text)) >= 1e3:          # 4 significant digits reach the units: write it whole
            text = grouped(round(x)) if round(abs(x)) < PLAIN_BELOW else f"{x:.5g}"
        return "0" if text.lstrip("-") in ("0", "0.0") else exponent_form(text)
    if array.ndim == 1:
        return "[" + " ".join(fmt(v) for v in array) + "]"
    return "[" + "; ".join(" ".join(fmt(v) for v in row) for row in array.reshape(-1, array.shape[-1])) + "]"


def factor(value: Any) -> str:
    """A number as an operand after ×, +, / or a minus sign, or squared: in parentheses when negative,
    so that "1 / (−6)", "0.1353 × (−1)" and "(−0.1667)²" read as meant ("−0.1667²" is −0.02778)."""
    text = fmt(value)
    return f"({text})" if text.startswith("−") else text


def graph_title(graph: str) -> str:
    """A built-in graph's name as the status line shows it: "apple-orange" in English, 사과와 귤 in Korean."""
    return t(f"graph.name.{graph}")


def view_title(view: GraphView) -> str:
    """What the status line calls the graph: the built-in's name, or "f = (x + y) * z"."""
    s = view.settings
    return f"{view.graph.output} = {s.expression}" if s.expression else graph_title(s.graph)


def node_label(node: Node) -> str:
    """The node as the book's figures draw it: ×, +, exp, /, ×−1, +1, ReLU, Affine, Softmax-with-Loss."""
    constant = next((c for c in node.inputs if not isinstance(c, str)), None)
    label = LABELS[node.kind]
    return label if constant is None else label + fmt(constant)


def operand(node: Node, index: int) -> str:
    """The name of a node's input as the rule writes it: its edge, or its constant."""
    source = node.inputs[index]
    return edge_label(source) if isinstance(source, str) else fmt(source)


def header(step: Step) -> str:
    """"× mul_apple_layer · backward" — which node ran, and which way."""
    return t("graph.rule.header", label=node_label(step.node), node=step.node.name,
             direction=t(f"graph.{step.direction}"))


def rule_lines(step: Step) -> list[str]:
    """The node's local rule with the numbers it used, one line per value it wrote. For a layer of
    the learner's the numbers are what the rule gives from what the node read, and `yours_lines`
    says what their layer returned where that differs ("650 × 2 = 1300", never "650 × 2 = 6.5e4")."""
    return forward_lines(step) if step.direction == "forward" else backward_lines(step)


# -- the learner's layer against its rule -----------------------------------------------------------

def is_yours(step: Step) -> bool:
    """Whether the node ran the learner's layer (replayed from their walk with impl = mine)."""
    from workbench.models.graph_mine import PARTS, Replayed

    return isinstance(step.node.layer, Replayed) and step.node.kind in PARTS


@dataclass(frozen=True)
class ByRule:
    """What the book's layer does at a step of the learner's: run forward on the values their node
    read, so that it keeps what the book's keeps (self.x, the mask, self.out …) whatever theirs kept."""

    values: dict[str, Any]
    """Port (or "out", forward) → what the book's layer gives."""
    read: dict[str, Any]
    """What the rule line shows it read: the inputs forward; dout and what the book's layer kept, backward."""


def by_rule(step: Step) -> ByRule | None:
    """The book's layer at a step of the learner's layer; None at a library's step, or when what the
    node read cannot give a value (the learner's forward output is what it is; the rule stays silent)."""
    if not is_yours(step):
        return None
    try:
        with np.errstate(all="ignore"):
            return _by_rule(step)
    except (TypeError, ValueError, IndexError, AttributeError):
        return None


def _by_rule(step: Step) -> ByRule:
    from workbench.nn.graph import KINDS, kept_by_forward

    node = step.node
    make = next(cls for cls, kind in KINDS.items() if kind == node.kind)
    inputs = [np.asarray(value) for value in node.layer.inputs]      # what the node read forward
    layer = make(*inputs[1:]) if node.kind == "affine" else make()
    out = layer.forward(*inputs[:1]) if node.kind == "affine" else layer.forward(*inputs)
    if step.direction == "forward":
        return ByRule({"out": out}, dict(step.read))
    dout = dict(step.read)["dout"]
    grads = layer.backward(np.asarray(dout, dtype=np.float64))
    if node.kind == "affine":
        grads = (grads, layer.dW, layer.db)
    grads = grads if isinstance(grads, tuple) else (grads,)
    return ByRule(dict(zip(node.ports, grads)), {"dout": dout, **dict(kept_by_forward(replace(node, layer=layer)))})


def agrees(got: Any, expected: Any) -> bool:
    """Whether a value the learner's layer wrote is the rule's (the walk's first difference judges by it too)."""
    got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-5, atol=1e-8, equal_nan=True))


def shown(step: Step) -> tuple[dict[str, Any], dict[str, Any]]:
    """(port → the value the rule line ends with, what the rule line shows the node read): the book's
    layer's for a layer of the learner's (what theirs returned is said after, when it differs), what
    the layer read and wrote otherwise."""
    wrote, read = {port: value for port, _, value in step.wrote}, dict(step.read)
    rule = by_rule(step)
    if rule is None:
        return wrote, read
    return {port: rule.values.get(port, value) for port, value in wrote.items()}, rule.read


def yours_lines(step: Step, short: bool = False) -> list[str]:
    """For a layer of the learner's that returned other values than its rule: one line saying what it
    returned, and for a MulLayer whose gradients are the other input's rule, that x and y look swapped.
    `short`: the values and the swap alone, where the pane folds its messages to leave the drawing room."""
    rule = by_rule(step)
    if rule is None:
        return []
    differ = [(port, edge, got) for port, edge, got in step.wrote
              if port in rule.values and not agrees(got, rule.values[port])]
    if not differ:
        return []
    from workbench.models.graph_mine import PARTS

    forward = step.direction == "forward"
    values = ", ".join(f"{edge_label(edge) if forward else 'd' + port} = {fmt(got)}" for port, edge, got in differ)
    part = PARTS[step.node.kind]
    swapped = _swapped_rules(step, rule.values, differ)
    key = "graph.rule.yours_swapped" if swapped else "graph.rule.yours"
    return [t(key + ("_short" if short else ""), part=part, values=values, rules=swapped)]


def _swapped_rules(step: Step, rule: dict, differ: list) -> str:
    """"dout × self.x" when each differing gradient of a MulLayer is the other input's rule (and the
    two rules give different values, so the match says something); "" otherwise."""
    if step.direction != "backward" or step.node.kind != "mul" or agrees(rule["x"], rule["y"]):
        return ""
    if not all(agrees(got, rule[OTHER[port]]) for port, _, got in differ):
        return ""
    return ", ".join(f"dout × self.{port}" for port, _, _ in differ)


def ports_line(node: Node, arrow: str = "←") -> str:
    """Which graph value each of the layer's own inputs got: "x ← apple · y ← apple_num", since the
    backward rules speak the layer's code (dx, self.y) and its x, y need not be the graph's x, y.
    Empty when every input already has its own name (a ReLU reading x), where it would say "x ← x".
    `arrow` "<-" where only ASCII is drawn (one "<" would read "x < apple")."""
    names = [operand(node, i) for i in range(len(node.inputs))]
    if names == list(node.ports):
        return ""
    return " · ".join(f"{port} {arrow} {name}" for port, name in zip(node.ports, names))


def forward_lines(step: Step) -> list[str]:
    node, read = step.node, dict(step.read)
    _, out, _ = step.wrote[0]
    value = shown(step)[0]["out"]
    out = edge_label(out)
    names = [operand(node, i) for i in range(len(node.inputs))]
    values = [fmt(v) for v in read.values()]
    kind = node.kind
    if kind in ("mul", "add"):
        sign = "×" if kind == "mul" else "+"
        constant = node.inputs[1]
        name = names[1] if isinstance(constant, str) else factor(constant)       # "t3 × (−1)"
        second = factor(list(read.values())[1])
        return [f"{out} = {names[0]} {sign} {name} = {values[0]} {sign} {second} = {fmt(value)}"]
    if kind == "exp":
        return [f"{out} = exp({names[0]}) = exp({values[0]}) = {fmt(value)}"]
    if kind == "reciprocal":
        return [f"{out} = 1 / {names[0]} = 1 / {factor(read['x'])} = {fmt(value)}"]
    if kind == "relu":
        mask = np.asarray(read["x"]) <= 0
        return [f"{out} = max(0, {names[0]}) = {fmt(value)}", t("graph.rule.mask", x=names[0], mask=fmt(mask))]
    if kind == "sigmoid":
        return [f"{out} = 1 / (1 + exp(−{names[0]})) = {fmt(value)}"]
    if kind == "affine":
        return [f"{out} = {names[0]} · {names[1]} + {names[2]}", t("graph.rule.see_table")]
    y = node.layer.y if by_rule(step) is None else softmax(np.asarray(read["x"], dtype=np.float64))
    return [f"y = softmax({names[0]}) = {fmt(y)}",
            t("graph.rule.loss", out=out, t=names[1], n=len(y), value=fmt(value))]


def backward_lines(step: Step) -> list[str]:
    node = step.node
    wrote, read = shown(step)
    dout = fmt(read["dout"])
    kind = node.kind
    if kind == "mul":
        return [f"d{port} = dout × self.{OTHER[port]} = {dout} × {factor(read[OTHER[port]])} = {fmt(wrote[port])}"
                for port, _, _ in step.wrote]
    if kind == "add":
        return [f"d{port} = dout × 1 = {fmt(wrote[port])}" for port, _, _ in step.wrote] + \
            [t("graph.rule.add_passes")]
    if kind == "exp":
        return [f"dx = dout × self.out = {dout} × {factor(read['out'])} = {fmt(wrote['x'])}"]
    if kind == "reciprocal":
        return [f"dx = −dout × self.out² = −{factor(read['dout'])} × {factor(read['out'])}² = {fmt(wrote['x'])}"]
    if kind == "relu":
        return relu_back_lines(node, read["mask"], wrote["x"])
    if kind == "sigmoid":
        out = fmt(read["out"])
        return ["dx = dout × (1 − self.out) × self.out",
                f"   = {dout} × (1 − {out}) × {out} = {fmt(wrote['x'])}"]
    if kind == "affine":
        return ["dx = dout · Wᵀ", "dW = xᵀ · dout", t("graph.rule.db"), t("graph.rule.see_table")]
    y = read["y"]
    return [t("graph.rule.softmax_back", n=len(y)), f"dx = {fmt(wrote['x'])}"]


def relu_back_lines(node: Node, mask: Any, dx: Any) -> list[str]:
    """A ReLU's backward rule: for one number, whether its mask stopped the gradient, said outright
    ("mask = [T]" told a learner nothing); for an array, dout with 0 where the mask is True."""
    mask = np.asarray(mask)
    if mask.ndim == 0 and mask.dtype == bool:
        said = t("graph.rule.relu_back_stop" if mask else "graph.rule.relu_back_pass", x=operand(node, 0))
        return [said, f"dx = {fmt(dx)}" if mask else f"dx = dout = {fmt(dx)}"]
    return [t("graph.rule.relu_back", mask=fmt(mask)), f"dx = {fmt(dx)}"]


def closing_lines(view: GraphView) -> list[str]:
    """After the last step: the gradient the graph found, against the closed form the book derives
    (for an expression, against numerical derivatives of the whole expression)."""
    graph, name = view.graph, view.settings.graph
    if view.settings.expression:
        return [numerical_line(view)]
    if name == "chain":
        x, y = (float(graph.edges[k].value) for k in ("x", "y"))
        return [t("graph.check.chain", x=fmt(x), y=factor(y), value=fmt(2 * (x + y)),
                  found=fmt(graph.edges["x"].grad))]
    if name == "sigmoid":
        y, dx = sigmoid_layer(graph.edges["x"].value)
        return [t("graph.check.sigmoid", y=fmt(y), dx=fmt(dx), found=fmt(graph.edges["x"].grad))]
    return []


H_TEXT = power_of_ten(expr.H)
"""The numerical derivatives' h as the panes write it: 1e−4."""


def numerical_line(view: GraphView) -> str:
    """One line: the numerical derivative of the whole expression for each input, and whether every
    gradient of the backward pass agrees with it."""
    graph, parsed = view.graph, view.settings.parsed
    checks = expr.numerical_check(parsed, graph)
    out = edge_label(graph.output)
    found = ", ".join(f"∂{out}/∂{edge_label(c.name)} = {_digits(c.numerical)}" for c in checks)
    wrong = [c for c in checks if not c.agrees]
    if not wrong:
        return t("graph.check.numerical", h=H_TEXT, found=found)
    first = wrong[0]
    kink = t("graph.check.kink") if expr.near_kink(parsed, graph) else ""
    return t("graph.check.numerical_differs", h=H_TEXT, found=found, name=edge_label(first.name),
             backprop=fmt(first.backprop), numerical=_digits(first.numerical), kink=kink)


def _digits(value: float) -> str:
    """A numerical derivative to 6 significant digits, so its small error shows (2.000000 → "2"),
    its whole part grouped by thousands as `fmt` writes the backprop value beside it (1,300.01)."""
    text = f"{value:.6g}"
    if text in ("-0", "0"):
        return "0"
    return exponent_form(text if "e" in text else grouped_decimal(text))


def grouped_decimal(text: str) -> str:
    """A plain decimal ("-1300.5") with its whole part grouped by thousands and a true minus ("−1,300.5")."""
    whole, point, fraction = text.lstrip("+-").partition(".")
    return ("−" if text.startswith("-") else "") + f"{int(whole):,}" + point + fraction


def fork_lines(view: GraphView) -> list[str]:
    """For an expression: each value read in more than one place, with the gradients its readers sent
    back so far and their sum (the edge's gradient) once all have arrived."""
    graph = view.graph
    if not view.settings.expression:
        return []
    sent = graph.port_grads()
    lines = []
    for edge in graph.edges:
        readers = graph.readers(edge)
        if len(readers) < 2:
            continue
        parts = [sent.get((reader.name, i)) for reader, i in readers]
        if all(part is None for part in parts):
            continue
        terms = " + ".join("?" if part is None else "←" + fmt(part) for part in parts)
        total = graph.edges[edge].grad
        if all(part is not None for part in parts):
            lines.append(t("graph.fork.sum", edge=edge_label(edge), count=len(parts), terms=terms, total=fmt(total)))
        else:
            lines.append(t("graph.fork.partial", edge=edge_label(edge), count=len(parts), terms=terms))
    return lines


# -- predicting gradients -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Ask:
    """One gradient the learner predicts before a backward step: input `port` of the node, edge `edge`."""

    port: str
    edge: str
    shape: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"d{self.port} → {edge_label(self.edge)}"


def asks(graph: Graph) -> list[Ask]:
    """The gradients the next step will send back (none when it is not a backward step)."""
    upcoming = graph.upcoming()
    if upcoming is None or upcoming[0] != "backward":
        return []
    node = upcoming[1]
    return [Ask(port, edge, np.shape(graph.edges[edge].value)) for _, port, edge in node.edge_ports()
            if (node.kind, port) not in NOT_DIFFERENTIATED]


def arriving(graph: Graph, node: Node) -> Any:
    """The dout `node`'s backward step reads: its output's gradient, or where the walk back starts,
    ∂out/∂out = 1 in the output's shape (a question about the ReLU graph said "dout = 1" and asked
    for three numbers, while the rule then read [1 1 1])."""
    edge = graph.edges[node.output]
    if edge.grad is not None:
        return edge.grad
    return np.ones_like(edge.value) if np.ndim(edge.value) else np.float64(1.0)


def answers(settings: GraphSettings) -> dict[str, Any]:
    """Port → the gradient the next step sends back, found by running that step on a fresh graph; for a
    layer of the learner's, the one its rule sends (a prediction by the chain rule is right; what
    their layer returned is said beside the rule once the step has run)."""
    after = compute(replace(settings, step=settings.step + 1))
    return shown(after.graph.steps[-1])[0]


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.Pow: operator.pow}


def _evaluate(tree: ast.AST) -> float:
    if isinstance(tree, ast.Constant) and isinstance(tree.value, (int, float)) and not isinstance(tree.value, bool):
        return float(tree.value)
    if isinstance(tree, ast.UnaryOp) and isinstance(tree.op, (ast.USub, ast.UAdd)):
        value = _evaluate(tree.operand)
        return -value if isinstance(tree.op, ast.USub) else value
    if isinstance(tree, ast.BinOp) and type(tree.op) in _OPERATORS:
        return _OPERATORS[type(tree.op)](_evaluate(tree.left), _evaluate(tree.right))
    raise ValueError("not arithmetic")


def read_answer(text: str, ask: Ask) -> np.ndarray:
    """The learner's answer: a number as the pane writes it ("1,300") or plainly ("1300"), or simple
    arithmetic ("1.1*2", "−0.5×0.37"), or for an array its entries in order ("0.5 0 -1", "0.5, 0, -1").
    ValueError with a message to show when it cannot be read: "1,5" is refused (a comma between
    digits only groups thousands), never read as 15, and "1 300" for one number asks for it
    without its space."""
    cleaned = text.strip().replace("−", "-").replace("×", "*").replace("÷", "/").replace("^", "**")
    size = int(np.prod(ask.shape)) if ask.shape else 1
    if not cleaned:                         # Enter on the empty line: "cannot read  as a number" said nothing
        raise ValueError(t("graph.predict.empty"))
    listed = _listed(cleaned) if size > 1 else None
    if listed is not None and len(listed) == size:      # "[1,2,3]", "0.5,0,-1": a list, as Python writes it
        return np.asarray(listed, dtype=np.float64).reshape(ask.shape)
    comma = ambiguous_comma(cleaned)
    if comma:
        raise ValueError(comma_message(comma, many=size > 1))
    if size == 1:
        _refuse_spaced(cleaned, text)
    cleaned = ungrouped(cleaned)
    try:
        if size == 1:
            value = _evaluate(ast.parse(cleaned.strip("[]"), mode="eval").body)
            entries = [value]
        else:
            entries = [_evaluate(ast.parse(p, mode="eval").body)
                       for p in cleaned.replace(",", " ").replace(";", " ").strip("[]").split()]
    except OverflowError:                   # 10**400: a number, too large for a float64
        raise ValueError(t("graph.expr.too_large", value=text.strip())) from None
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
        raise ValueError(t("graph.predict.unreadable", text=text.strip())) from None
    if len(entries) != size:
        raise ValueError(t("graph.predict.count", size=size, count=len(entries)))
    if not all(math.isfinite(v) for v in entries):        # 1e999 is a number: "cannot read" misled
        raise ValueError(t("graph.expr.too_large", value=text.strip()))
    return np.asarray(entries, dtype=np.float64).reshape(ask.shape)


def _listed(cleaned: str) -> list[float] | None:
    """An array's entries with every comma a separator, as a Python list writes them ("[1,2,3]"), or
    None when an entry is not a finite number."""
    try:
        entries = [_evaluate(ast.parse(p, mode="eval").body)
                   for p in cleaned.replace(",", " ").replace(";", " ").strip("[]").split()]
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None
    return entries if all(math.isfinite(v) for v in entries) else None


SPACED = re.compile(r"[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?")
"""A number grouped by spaces, as SI writes it (1 300): one number meant, two numbers written."""


def _refuse_spaced(cleaned: str, text: str) -> None:
    """ValueError for an answer of one number written with a space inside it ("1 300"), saying how
    to write it (1300 or 1,300) rather than that it cannot be read."""
    if SPACED.fullmatch(cleaned):
        plain = cleaned.replace(" ", "").lstrip("+")
        raise ValueError(t("graph.predict.spaced", text=text.strip(), plain=plain.replace("-", "−"),
                           grouped=grouped_decimal(plain)))


def is_right(given: np.ndarray, answer: Any) -> bool:
    """Whether every entry is within 1 % (or 0.005) of the true gradient."""
    answer = np.asarray(answer, dtype=np.float64)
    return bool(np.all(np.abs(given - answer) <= np.maximum(ABSOLUTE, RELATIVE * np.abs(answer))))
