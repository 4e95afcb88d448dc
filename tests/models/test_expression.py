"""The expression parser and the graphs it builds: good expressions become the library's layers, every
built-in graph written as an expression gives the same values and gradients, and hostile input (long,
deeply nested, unbalanced, unknown) ends in one ExpressionError with a column, never a RecursionError."""
import math

import numpy as np
import pytest

from workbench.models import expression as expr
from workbench.models.catalog import pane
from workbench.models.expression import ExpressionError, build, evaluate, numerical_check, parse
from workbench.models.graph import GraphSettings, compute, with_expression
from workbench.models.graph_rules import closing_lines, fork_lines
from workbench.models.settings import SettingError
from workbench.nn.graph import BUILT_IN, Exp, Reciprocal
from workbench.nn.layers import AddLayer, MulLayer, Relu, Sigmoid

ENTRY = pane("graph")


def walked(text, **values):
    graph = build(parse(text), values).graph
    graph.run_to(graph.total_steps)
    return graph


def kinds(graph):
    return [(node.kind, node.inputs) for node in graph.nodes]


# -- good expressions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, values, value", [
    ("(x + y) * z", dict(x=2, y=-1, z=3), 3.0),
    ("sigmoid(w*x + b)", dict(w=2, x=-1, b=0.5), 1 / (1 + math.exp(1.5))),
    ("relu(a*b + c) * d", dict(a=1, b=2, c=-3, d=4), 0.0),
    ("relu(a*b + c) * d", dict(a=1, b=2, c=3, d=4), 20.0),
    ("exp(-x) + 1", dict(x=0.5), math.exp(-0.5) + 1),
    ("1 / (1 + exp(-(w*x + b)))", dict(w=2, x=-1, b=0.5), 1 / (1 + math.exp(1.5))),
    ("x − y ÷ 4 × 2", dict(x=1, y=2), 0.0),
    ("2^3 * x + -(-x)", dict(x=1.5), 13.5),
    ("x**3", dict(x=-2), -8.0),
    (".5e1 * x", dict(x=2), 10.0),
])
def test_values_of_good_expressions(text, values, value):
    graph = walked(text, **values)
    assert graph.edges[graph.output].value == pytest.approx(value)
    assert evaluate(parse(text), values) == pytest.approx(value)


def test_nodes_are_the_librarys_layers_with_constants_folded_in():
    graph = walked("1 / (1 + exp(-x))", x=1.0)
    assert [type(node.layer) for node in graph.nodes] == [MulLayer, Exp, AddLayer, Reciprocal]
    assert kinds(graph) == [("mul", ("x", -1.0)), ("exp", ("t1",)), ("add", ("t2", 1.0)), ("reciprocal", ("t3",))]
    assert [type(node.layer) for node in walked("relu(x) + sigmoid(x)", x=1).nodes] == [Relu, Sigmoid, AddLayer]


def test_subtraction_and_division_are_decomposed_as_the_book_does():
    assert kinds(walked("a - b", a=1, b=2)) == [("mul", ("b", -1.0)), ("add", ("a", "t1"))]
    assert kinds(walked("a / b", a=1, b=2)) == [("reciprocal", ("b",)), ("mul", ("a", "t1"))]
    assert kinds(walked("1 - x", x=1)) == [("mul", ("x", -1.0)), ("add", ("t1", 1.0))]
    assert kinds(walked("2 / x", x=1)) == [("reciprocal", ("x",)), ("mul", ("t1", 2.0))]
    assert kinds(walked("x / 4 - 1", x=1)) == [("mul", ("x", 0.25)), ("add", ("t1", -1.0))]
    assert kinds(walked("2 * 3 * x", x=1)) == [("mul", ("x", 6.0))]


def test_a_repeated_subexpression_is_one_node_read_twice():
    assert kinds(walked("(x + y) * (x + y)", x=1, y=2)) == kinds(walked("(x + y)^2", x=1, y=2)) == \
        [("add", ("x", "y")), ("mul", ("t1", "t1"))]


@pytest.mark.parametrize("text, values, grads", [
    ("x * x", dict(x=3), dict(x=6)),
    ("(x + y) * x", dict(x=2, y=3), dict(x=7, y=2)),
    ("exp(x) + exp(x) * y", dict(x=0, y=2), dict(x=3, y=1)),
])
def test_a_value_read_twice_gets_the_sum_of_its_branches(text, values, grads):
    graph = walked(text, **values)
    for name, grad in grads.items():
        assert graph.edges[name].grad == pytest.approx(grad)
    view = compute(GraphSettings(expression=text, inputs=tuple((k, float(v)) for k, v in values.items()),
                                 step=graph.total_steps))
    (line,) = fork_lines(view)
    assert line.endswith(f"= ←{list(grads.values())[0] if 'exp' not in text else 3:g}")


def test_a_fork_line_adds_up_as_the_branches_arrive():
    s = GraphSettings(expression="(x + y) * x", inputs=(("x", 2.0), ("y", 3.0)))
    assert fork_lines(compute(s)) == []
    s = GraphSettings(expression="(x + y) * x", inputs=(("x", 2.0), ("y", 3.0)), step=3)
    assert fork_lines(compute(s)) == ["x is read in 2 places: ? + ←5 (adding up as they arrive)"]
    s = GraphSettings(expression="(x + y) * x", inputs=(("x", 2.0), ("y", 3.0)), step=4)
    assert fork_lines(compute(s)) == ["x is read in 2 places: ←2 + ←5 = ←7"]


@pytest.mark.parametrize("text", ["(x + y) * z", "sigmoid(w*x + b)", "relu(a*b + c) * d", "exp(-x) + 1",
                                  "1 / (1 + exp(-(w*x + b)))", "x / (y - z) + x * y", "(a - b)^3 / c"])
def test_every_gradient_agrees_with_the_numerical_derivative(text):
    parsed = parse(text)
    rng = np.random.default_rng(1)
    values = {name: float(v) for name, v in zip(parsed.names, rng.uniform(0.5, 2.0, len(parsed.names)))}
    graph = walked(text, **values)
    checks = numerical_check(parsed, graph)
    assert [c.name for c in checks] == list(parsed.names)
    assert all(c.agrees for c in checks), checks


def test_a_wrong_gradient_would_be_caught():
    parsed = parse("x * y")
    graph = walked("x * y", x=2, y=3)
    graph.edges["x"].grad = graph.edges["x"].grad + 0.01
    assert not numerical_check(parsed, graph)[0].agrees


def test_the_check_line_names_a_relu_kink():
    view = compute(GraphSettings(expression="relu(x) * y", inputs=(("x", 0.0), ("y", 2.0)), step=4))
    (line,) = closing_lines(view)
    assert "✗ for x backprop gives 0" in line and "kink" in line
    view = compute(GraphSettings(expression="relu(x) * y", inputs=(("x", 1.0), ("y", 2.0)), step=4))
    assert "agrees ✓" in closing_lines(view)[0] and "∂f/∂x = 2" in closing_lines(view)[0]


# -- the book's graphs as expressions ------------------------------------------------------------------

SCALAR_GRAPHS = {
    "apple": "apple * apple_num * tax",
    "apple-orange": "(apple * apple_num + orange * orange_num) * tax",
    "chain": "(x + y) * (x + y)",
    "sigmoid": "1 / (1 + exp(-x))",
}


@pytest.mark.parametrize("name", list(SCALAR_GRAPHS))
@pytest.mark.parametrize("scale", [1.0, -0.7])
def test_each_scalar_built_in_graph_as_an_expression(name, scale):
    built_in = BUILT_IN[name]()
    values = {key: float(edge.value) * scale for key, edge in built_in.edges.items() if key in built_in.inputs}
    built_in = BUILT_IN[name](**values)
    built_in.run_to(built_in.total_steps)
    mine = walked(SCALAR_GRAPHS[name], **values)
    assert len(mine.nodes) == len(built_in.nodes)
    assert [n.kind for n in mine.nodes] == [n.kind for n in built_in.nodes]
    assert mine.edges[mine.output].value == pytest.approx(built_in.edges[built_in.output].value)
    for key in values:
        assert mine.edges[key].grad == pytest.approx(built_in.edges[key].grad)


def test_the_relu_graph_entry_by_entry():
    built_in = BUILT_IN["relu"]()
    built_in.run_to(built_in.total_steps)
    x, w = built_in.edges["x"].value, built_in.edges["w"].value
    for i in range(len(x)):
        mine = walked("relu(x) * w", x=float(x[i]), w=float(w[i]))
        assert mine.edges["f"].value == pytest.approx(built_in.edges["z"].value[i])
        assert mine.edges["x"].grad == pytest.approx(built_in.edges["x"].grad[i])
        assert mine.edges["w"].grad == pytest.approx(built_in.edges["w"].grad[i])


def test_the_softmax_with_loss_graph_through_its_scores():
    """Softmax-with-Loss has no node in the expression language (it needs a log), but the gradient it
    sends back to each score, (y − t)/N, is the derivative of the softmax written out with exp and /:
    for sample 0 (label 0) ∂(y₀)/∂aₖ · (−1/y₀)/N, so dL/da₀ = (y₀ − 1)/N, and for the others yₖ/N."""
    built_in = BUILT_IN["softmax-with-loss"]()
    built_in.run_to(built_in.total_steps)
    a, da = built_in.edges["a"].value, built_in.edges["a"].grad
    n = len(a)
    for sample, label in enumerate((0, 2)):
        values = {f"a{k}": float(a[sample, k]) for k in range(3)}
        others = " + ".join(f"exp(a{k})" for k in range(3))
        mine = walked(f"exp(a{label}) / ({others})", **values)
        y = mine.edges["f"].value
        for k in range(3):
            assert -mine.edges[f"a{k}"].grad / y / n == pytest.approx(da[sample, k])


# -- settings and the pane's line ---------------------------------------------------------------------

def test_settings_from_a_lesson_and_from_the_command_line_alike():
    from_toml = ENTRY.build({"expression": "sigmoid(w*x + b)", "inputs": {"w": 2, "x": -1, "b": 0.5}, "step": 3})
    from_text = ENTRY.parse(["expression=sigmoid(w*x + b)", "inputs=x=-1, w=2, b=0.5", "step=3"])
    assert from_toml == from_text and from_toml.inputs == (("w", 2.0), ("x", -1.0), ("b", 0.5))
    assert compute(from_toml).graph.edges["f"].value == pytest.approx(1 / (1 + math.exp(1.5)))


def test_the_line_takes_values_after_the_expression_and_keeps_the_others():
    s = with_expression(GraphSettings(), "(x + y) * z, x=2, y=-1, z=3")
    assert (s.expression, s.inputs) == ("(x + y) * z", (("x", 2.0), ("y", -1.0), ("z", 3.0)))
    s = with_expression(s, "(x + y) * w, w=5")
    assert s.inputs == (("x", 2.0), ("y", -1.0), ("w", 5.0)) and s.step == 0
    with pytest.raises(ExpressionError, match="column 11: w has no value"):
        with_expression(GraphSettings(), "(x + y) * w, x=1, y=2")
    with pytest.raises(ExpressionError, match="column 9: w, x, b have no values; .* e.g. …, w=1, x=1, b=1"):
        with_expression(GraphSettings(), "sigmoid(w*x + b)")


@pytest.mark.parametrize("raw, key, words", [
    ({"expression": "x * y", "inputs": {"x": 1}}, "expression", "column 5: y has no value"),
    ({"expression": "x * y", "inputs": {"x": 1, "y": 2, "z": 3}}, "inputs", "the expression has no input z"),
    ({"expression": "x * y", "inputs": {"x": 1, "y": [1, 2]}}, "inputs", "one number per name, got 2"),
    ({"expression": "1 / (x - 1)", "inputs": {"x": 1}}, "expression", "column 3: division by zero at these values"),
    ({"expression": "exp(x)", "inputs": {"x": 1000}}, "expression", "column 1: exp overflows to ∞ at these values"),
    ({"expression": "x * y", "inputs": {"x": 1, "y": 2}, "step": 3}, "step", "the x * y graph has 2 steps"),
    ({"expression": 3}, "expression", "must be an expression in quotes"),
])
def test_bad_settings_name_the_problem(raw, key, words):
    with pytest.raises(SettingError) as caught:
        ENTRY.build(raw)
    assert caught.value.key == key and words in str(caught.value)


# -- hostile input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, column, words", [
    ("", 1, "type an expression"),
    ("   ", 1, "type an expression"),
    ("((x + y) * z", 1, "this ( is never closed"),
    ("(x + y)) * z", 8, "this ) closes no ("),
    (")x(", 1, "this ) closes no ("),
    ("sigmod(x)", 1, "no function sigmod (did you mean sigmoid?)"),
    ("tanh(x)", 1, "no function tanh; the functions are sigmoid, relu, exp"),
    ("x + sigmoid", 5, "sigmoid is a function"),
    ("relu()", 6, "relu() needs something inside"),
    ("x * ()", 5, "empty parentheses"),
    ("x +", 4, "ends where a number"),
    ("2x", 2, "missing before x"),
    ("x y", 3, "missing before y"),
    ("x * * y", 5, "expected a number, a name or ( here, found *"),
    ("x $ y", 3, "$ is not part of an expression"),
    ("x^0.5", 2, "whole power from 1 to 4"),
    ("x^9", 2, "whole power"),
    ("x^2^2", 4, "single power"),
    ("1 / 0 + x", 3, "division by zero"),
    ("x / (2 - 2)", 3, "division by zero"),
    ("exp(800) * x", 1, "exp overflows to ∞ at these values (past float64's largest number, about 1.8e308)"),
    ("x + 1e200 * 1e200", 11, "× overflows to ∞ at these values (past float64's largest number"),
    ("x * 1e309", 5, "1e309 is past float64's largest number (about 1.8e308), so it would be ∞"),
    ("x", 1, "nothing to compute"),
    ("2 * 3", 1, "nothing to compute"),
    ("x, y", 2, "a comma ends the expression only before values"),
])
def test_bad_expressions_get_one_error_with_their_column(text, column, words):
    """Overflow included: a typed 1e309, a folded 1e200 * 1e200 and exp(800) are each named where they are."""
    with pytest.raises(ExpressionError) as caught:
        build(parse(text), {"x": 1.0, "y": 2.0, "z": 3.0})
    assert caught.value.column == column and words in str(caught.value)
    assert str(caught.value).startswith(f"column {column}: ")


def test_a_gradient_that_overflows_names_its_node():
    with pytest.raises(ExpressionError) as caught:
        build(parse("x * y * z"), {"x": 1e200, "y": 1e-200, "z": 1e200})
    assert str(caught.value).startswith("column 3: the gradient through × overflows to ∞ at these values")


@pytest.mark.parametrize("text, words", [
    ("(" * 5000 + "x" + ")" * 5000, "column 201: the expression is 10001 characters long; at most 200 fit"),
    ("x" + " + x" * 5000, "characters long; at most 200 fit"),
    ("(" * 99 + "x" + ")" * 99, "column 11: parentheses nested more than 10 deep"),
    ("-" * 199 + "x", "more than 24 nodes"),
    ("exp(" * 30 + "x" + ")" * 30, "column 44: parentheses nested more than 10 deep"),
    ("+".join(["x"] * 60), "more than 24 nodes"),
    ("(" * 200, "nested more than 10 deep"),
    (")" * 200, "column 1: this ) closes no ("),
    ("x" * 201, "at most 200"),
], ids=["nested-10000", "sum-5000", "nested-99", "minus-199", "exp-30", "sum-60", "open-200", "close-200",
        "name-201"])
def test_long_and_deep_input_is_refused_clearly_without_recursion(text, words):
    with pytest.raises(ExpressionError) as caught:
        build(parse(text), {"x": 1.0})
    assert words in str(caught.value)


def test_depth_and_nodes_just_inside_the_limits_work():
    deep = "(" * expr.MAX_DEPTH + "x" + ")" * expr.MAX_DEPTH
    assert walked(deep + " * 2", x=3).edges["f"].value == 6
    longest = " + ".join(["x"] * (expr.MAX_NODES + 1))
    assert len(walked(longest, x=1).nodes) == expr.MAX_NODES


def test_random_garbage_never_escapes_as_anything_but_an_expression_error():
    rng = np.random.default_rng(0)
    alphabet = list("xy()+-*/^., 0123456789e") + ["exp(", "relu(", "sigmoid(", "**", "×", "−"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet, size=rng.integers(0, 30)))
        try:
            build(parse(text), {"x": 0.5, "y": -2.0, "e": 1.0})
        except ExpressionError as exc:
            assert str(exc).startswith("column ")
