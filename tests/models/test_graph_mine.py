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
    ("return [x * y, x * y]", "shape",
     "returned a list of shape (2,) for out; the node needs shape ().",
     "out에 형상이 (2,)인 list 객체를 돌려주었습니다. 이 노드에는 형상이 ()인 값이 필요합니다."),
    ("return np.full((2, 3), 'a')", "not_number",
     "returned an array (2, 3) of <U1 for out: a number or an array of numbers was expected.",
     "out에 형상이 (2, 3)인 <U1 배열을 돌려주었습니다. 숫자나 숫자 배열이어야 합니다."),
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
