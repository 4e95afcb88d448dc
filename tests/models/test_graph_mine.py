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
     "그렇게 확인합니다(np.array(...)로 배열을 만드세요)."),
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
