"""The graph walked by the learner's layers in the sandbox and replayed: the reference solution gives
every value of every book graph; a layer that returns the wrong kind of thing is named."""
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from workbench.models.graph import compute
from workbench.models.graph_mine import walk_in_sandbox
from workbench.models.graph_settings import GRAPHS, GraphSettings

SOLUTION = Path(__file__).parents[1] / "exercises" / "solution"


@pytest.fixture
def folder(solution_copy):
    return solution_copy


def walked_to_the_end(settings):
    walk = walk_in_sandbox(settings)
    view = compute(settings)
    return walk, compute(replace(settings, step=view.graph.total_steps))


@pytest.mark.parametrize("graph", GRAPHS)
def test_the_reference_layers_give_every_value_and_gradient_of_the_library(graph):
    settings = GraphSettings(graph=graph, impl="mine", folder=str(SOLUTION))
    walk, mine = walked_to_the_end(settings)
    library = compute(replace(settings, impl="library", step=mine.graph.total_steps))
    assert walk.failure is None and mine.mine.wrong is None and mine.at_end
    for name, edge in library.graph.edges.items():
        assert np.allclose(mine.graph.edges[name].value, edge.value)
        if name != "t":                                   # the labels get no gradient
            assert np.allclose(mine.graph.edges[name].grad, edge.grad)


@pytest.mark.parametrize("backward, key", [("return None", "not_number"), ("return [dout]", "pair"),
                                           ("return dout * self.y", "pair_one"),
                                           ("return np.ones(3), dout", "shape")])
def test_a_backward_that_returns_the_wrong_kind_of_thing_is_named(folder, backward, key):
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("return dout * self.y, dout * self.x", backward))
    walk = walk_in_sandbox(GraphSettings(graph="apple", impl="mine", folder=str(folder)))
    assert len(walk.steps) == 2                           # both forward steps ran, then the first backward failed
    assert walk.failure["message"]["key"] == f"graph.mine.{key}" and walk.failure["part"] == "MulLayer"
    assert walk.failure["message"]["values"]["where"] == "MulLayer.backward"


def test_an_expression_uses_the_learners_relu_and_sigmoid_and_the_librarys_reciprocal(folder):
    settings = GraphSettings(expression="sigmoid(w*x + b) + relu(x)/w", inputs=(("w", 2.0), ("x", -1.0), ("b", 0.5)),
                             impl="mine", folder=str(folder))
    walk, mine = walked_to_the_end(settings)
    assert walk.failure is None and mine.mine.wrong is None
    assert mine.mine.parts == ("MulLayer", "AddLayer", "Relu", "Sigmoid")
    assert mine.mine.library_kinds == ("reciprocal",)


@pytest.mark.parametrize("forward, key, en, ko", [
    ("return [x * y, x * y]", "sequence",
     "returned a Python list for out: a layer returns a NumPy array, not a list or a tuple (np.array(...) makes "
     "one), as the exercises' grader expects.",
     "out에 파이썬 list를 돌려주었습니다. 계층은 리스트나 튜플이 아니라 NumPy 배열을 돌려주어야 하며, 연습 문제 채점도 "
     "그렇게 확인합니다. np.array(...)로 배열을 만드세요."),
    ("return np.full((2, 3), 'a')", "dtype",
     "returned an array (2, 3) of <U1 for out: its entries must be numbers (float or int).",
     "out에 형상이 (2, 3)인 <U1 배열을 돌려주었습니다. 원소가 수(float나 int)여야 합니다."),
    ("return 'x * y'", "not_number",
     "returned str for out: a NumPy array or a number was expected.",
     "out에 str 객체를 돌려주었습니다. NumPy 배열이나 숫자여야 합니다."),
])
def test_what_a_forward_returned_is_said_in_the_readers_words(folder, forward, key, en, ko):
    from workbench.exercises.report import message_text
    from workbench.i18n import set_language

    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("        return x * y\n", f"        {forward}\n", 1))
    walk = walk_in_sandbox(GraphSettings(graph="apple", impl="mine", folder=str(folder)))
    assert walk.failure["message"]["key"] == f"graph.mine.{key}"
    try:
        assert message_text(walk.failure).endswith(en), message_text(walk.failure)
        set_language("ko")
        assert message_text(walk.failure).endswith(ko), message_text(walk.failure)
    finally:
        set_language("en")


def test_a_relu_that_returns_a_list_of_the_right_shape_is_refused_as_the_grader_refuses_it(folder):
    """The relu graph's node is (3,): a list of three numbers has its shape, and the grader still wants an array."""
    from workbench.exercises.sandbox import check

    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("        out[self.mask] = 0\n        return out\n",
                                                 "        out[self.mask] = 0\n        return out.tolist()\n", 1))
    walk = walk_in_sandbox(GraphSettings(graph="relu", impl="mine", folder=str(folder)))
    assert walk.failure is not None and walk.failure["part"] == "Relu", walk
    assert walk.failure["message"]["key"] == "graph.mine.sequence"
    assert walk.failure["message"]["values"]["got"] == {"key": "exercises.got.sequence", "values": {"type": "list"}}
    [graded] = check(folder, ["Relu"])
    assert graded["rows"]["forward"] == "fail" and graded["message"]["key"] == "exercises.msg.not_array", graded
    assert graded["message"]["values"]["got"] == walk.failure["message"]["values"]["got"]


RETURNED = [np.ones(3), np.ones(3, dtype=np.int64), [1.0, 2.0, 3.0], (1.0, 2.0, 3.0), None, True,
            np.array([True, False, True]), np.array(["1", "2", "3"]), np.array([1, 2, 3], dtype=object), "1 2 3"]


@pytest.mark.parametrize("value", RETURNED, ids=repr)
def test_the_graph_pane_takes_what_the_grader_takes(value):
    """Each value a learner's forward might return: refused by the graph pane exactly when the grader refuses it."""
    from types import SimpleNamespace

    from workbench.exercises.grader import Failed, compare
    from workbench.exercises.runner import MineFailed
    from workbench.models.graph_mine import Yours

    node = SimpleNamespace(name="relu_layer", kind="relu", ports=("x",))
    layer = Yours("Relu", lambda: None, node, {"x": (3,), "out": (3,)})
    try:
        compare("forward", "x (3,)", np.ones(3), value)
        graded = True
    except Failed:
        graded = False
    try:
        layer._number(value, "forward", "out", (3,))
        walked = True
    except MineFailed:
        walked = False
    assert walked == graded


def test_a_layer_without_backward_is_named_as_the_grader_names_it(folder):
    layers = folder / "layers.py"
    source = layers.read_text()
    assert "    def backward(self, dout):\n        return dout * 1, dout * 1\n" in source
    layers.write_text(source.replace("    def backward(self, dout):\n        return dout * 1, dout * 1\n", ""))
    walk = walk_in_sandbox(GraphSettings(graph="apple-orange", impl="mine", folder=str(folder)))
    assert walk.failure["part"] == "AddLayer"
    assert walk.failure["message"] == {"key": "exercises.msg.no_method",
                                       "values": {"name": "AddLayer", "method": "backward"}}


# -- the rule line beside what the learner's layer returned ---------------------------------------------

def lines_at(settings, step: int) -> tuple[list[str], list[str]]:
    """(the rule lines, the lines saying what the learner's layer returned) of `step` of a walked graph."""
    from workbench.models.graph_rules import rule_lines, yours_lines

    walk_in_sandbox(settings)
    last = compute(replace(settings, step=step)).graph.steps[-1]
    return rule_lines(last), yours_lines(last)


def broken(folder: Path, old: str, new: str) -> Path:
    layers = folder / "layers.py"
    source = layers.read_text()
    assert old in source, old
    layers.write_text(source.replace(old, new))
    return folder


def test_a_swapped_mul_backward_shows_the_rule_and_beside_it_what_the_layer_returned(folder):
    """The rule's own arithmetic (650 × 2 = 1,300), never the learner's value after it (650 × 2 = 6.5e4)."""
    from workbench.i18n import set_language

    broken(folder, "return dout * self.y, dout * self.x", "return dout * self.x, dout * self.y")
    settings = GraphSettings(graph="apple-orange", impl="mine", folder=str(folder))
    rules, yours = lines_at(settings, 8)
    assert rules == ["dx = dout × self.y = 650 × 2 = 1,300", "dy = dout × self.x = 650 × 100 = 65,000"]
    assert yours == ["⚠ Your MulLayer returned dx = 65,000, dy = 1,300, which differs from the rule: "
                     "x and y look swapped (dout × self.x, dout × self.y)."]
    try:
        set_language("ko")
        assert lines_at(settings, 8)[1] == ["⚠ 여러분의 MulLayer가 돌려준 값은 dx = 65,000, dy = 1,300입니다. 규칙과 "
                                            "다르며, x와 y가 뒤바뀐 것 같습니다(dout × self.x, dout × self.y)."]
    finally:
        set_language("en")


def test_one_gradient_from_the_other_inputs_rule_names_only_that_one(folder):
    broken(folder, "return dout * self.y, dout * self.x", "return dout * self.y, dout * self.y")
    rules, yours = lines_at(GraphSettings(graph="apple", impl="mine", folder=str(folder)), 3)
    assert rules == ["dx = dout × self.y = 1 × 1.1 = 1.1", "dy = dout × self.x = 1 × 200 = 200"]
    assert yours == ["⚠ Your MulLayer returned dy = 1.1, which differs from the rule: "
                     "x and y look swapped (dout × self.y)."]


def test_a_wrong_add_backward_and_a_wrong_mul_forward_are_said_without_a_swap(folder):
    broken(folder, "return dout * 1, dout * 1", "return dout * 2, dout * 1")
    broken(folder, "        return x * y\n", "        return x + y\n")
    settings = GraphSettings(graph="apple-orange", impl="mine", folder=str(folder))
    rules, yours = lines_at(settings, 1)
    assert rules == ["apple_price = apple × apple_num = 100 × 2 = 200"]
    assert yours == ["⚠ Your MulLayer returned apple_price = 102, which differs from the rule."]
    rules, yours = lines_at(settings, 6)
    assert rules[:2] == ["dx = dout × 1 = 1.1", "dy = dout × 1 = 1.1"]
    assert yours == ["⚠ Your AddLayer returned dx = 2.2, which differs from the rule."]


@pytest.mark.parametrize("graph, old, new, step, part", [
    ("relu", "dout[self.mask] = 0", "dout[~self.mask] = 0", 4, "Relu"),
    ("softmax-with-loss", "return (self.y - self.t) / n", "return self.y - self.t", 3, "SoftmaxWithLoss"),
    ("softmax-with-loss", "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(self.x.T, dout) * 2", 4, "Affine"),
])
def test_every_layer_of_the_learners_is_held_to_its_rule(folder, graph, old, new, step, part):
    """Relu, SoftmaxWithLoss and Affine wrong in backward are named (their arrays are in the table)."""
    broken(folder, old, new)
    _, yours = lines_at(GraphSettings(graph=graph, impl="mine", folder=str(folder)), step)
    assert len(yours) == 1 and yours[0].startswith(f"⚠ Your {part} returned d"), yours


def test_a_wrong_sigmoid_in_an_expression_is_held_to_its_rule(folder):
    broken(folder, "return dout * (1.0 - self.out) * self.out", "return dout * self.out")
    settings = GraphSettings(expression="sigmoid(w*x + b)", inputs=(("w", 2.0), ("x", -1.0), ("b", 0.5)),
                             impl="mine", folder=str(folder))
    rules, yours = lines_at(settings, 4)
    assert rules[-1] == "   = 1 × (1 − 0.1824) × 0.1824 = 0.1491"
    assert yours == ["⚠ Your Sigmoid returned dx = 0.1824, which differs from the rule."]


@pytest.mark.parametrize("graph", GRAPHS)
def test_right_layers_show_the_plain_rule_lines_of_the_library(graph):
    """At every step of every book graph the reference solution's rule lines are the library's, and
    nothing is said against them."""
    from workbench.models.graph_rules import rule_lines, yours_lines

    settings = GraphSettings(graph=graph, impl="mine", folder=str(SOLUTION))
    walk_in_sandbox(settings)
    total = compute(settings).graph.total_steps
    for step in range(1, total + 1):
        mine = compute(replace(settings, step=step)).graph.steps[-1]
        library = compute(replace(settings, impl="library", step=step)).graph.steps[-1]
        assert rule_lines(mine) == rule_lines(library) and yours_lines(mine) == [], (graph, step)


def test_a_right_relu_that_keeps_the_other_mask_is_not_called_wrong(folder):
    """The rule runs the book's layer on what the node read, not on what the learner's layer kept."""
    broken(folder, "        self.mask = (x <= 0)\n        out = x.copy()\n        out[self.mask] = 0\n        return out\n",
           "        self.mask = (x > 0)\n        return x * self.mask\n")
    broken(folder, "        dout = dout.copy()\n        dout[self.mask] = 0\n        return dout\n",
           "        return dout * self.mask\n")
    settings = GraphSettings(graph="relu", impl="mine", folder=str(folder))
    rules, yours = lines_at(settings, 4)
    assert yours == [] and rules[0].startswith("mask = [False True False]:")


def test_a_prediction_by_the_chain_rule_is_right_though_the_learners_layer_returns_another_value(folder):
    from workbench.models.graph_rules import answers

    broken(folder, "return dout * self.y, dout * self.x", "return dout * self.x, dout * self.y")
    settings = GraphSettings(graph="apple-orange", impl="mine", folder=str(folder), mode="predict")
    walk_in_sandbox(settings)
    assert answers(replace(settings, step=7)) == {"x": pytest.approx(1300), "y": pytest.approx(65000)}
