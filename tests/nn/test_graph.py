"""The computational graphs of chapter 5, without Textual: the book's numbers, every gradient against
numerical_gradient (float64), stepping one node at a time, and the decomposed sigmoid against Sigmoid."""
import numpy as np
import pytest

from workbench.nn.functions import softmax
from workbench.nn.gradient import numerical_gradient
from workbench.nn.graph import BUILT_IN, Graph, build, node, sigmoid_layer
from workbench.nn.layers import MulLayer


def walked(name, **inputs):
    graph = build(name, **inputs)
    graph.run_to(graph.total_steps)
    return graph


def value(graph, edge):
    return graph.edges[edge].value


def grad(graph, edge):
    return graph.edges[edge].grad


def test_the_apple_graph_gives_the_books_numbers():
    g = walked("apple")
    assert value(g, "apple_price") == pytest.approx(200) and value(g, "price") == pytest.approx(220)
    assert [grad(g, e) for e in ("apple", "apple_num", "tax")] == pytest.approx([2.2, 110, 200])


def test_the_apple_and_orange_graph_gives_the_books_numbers():
    g = walked("apple-orange")
    assert value(g, "all_price") == pytest.approx(650) and value(g, "price") == pytest.approx(715)
    assert [grad(g, e) for e in ("apple", "apple_num", "orange", "orange_num", "tax")] == \
        pytest.approx([2.2, 110, 3.3, 165, 650])


def test_a_value_read_twice_gets_the_sum_of_both_paths():
    g = walked("chain", x=1.0, y=2.0)
    assert value(g, "z") == pytest.approx(9)
    mul = g.nodes[1]
    assert g.port_grads() == {(mul.name, 0): pytest.approx(3), (mul.name, 1): pytest.approx(3),
                              ("add_layer", 0): pytest.approx(6), ("add_layer", 1): pytest.approx(6)}
    assert grad(g, "t") == pytest.approx(6) == 2 * (1.0 + 2.0)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 1.0, 4.0])
def test_the_decomposed_sigmoid_equals_the_sigmoid_layer(x):
    g = walked("sigmoid", x=x)
    y, dx = sigmoid_layer(x)
    assert value(g, "y") == pytest.approx(float(y), rel=1e-12)
    assert grad(g, "x") == pytest.approx(float(dx), rel=1e-12)
    assert grad(g, "x") == pytest.approx(float(y * (1 - y)), rel=1e-12)


def test_the_gradient_reaching_the_scores_is_y_minus_t_over_n():
    g = walked("softmax-with-loss")
    y, t = softmax(value(g, "a")), value(g, "t")
    np.testing.assert_allclose(grad(g, "a"), (y - t) / 2, rtol=1e-12)
    assert grad(g, "t") is None      # labels are data: no gradient goes to them


def test_the_relu_mask_stops_the_gradient_where_x_was_not_positive():
    g = walked("relu", x=(1.5, -0.5, 0.0), w=(0.5, 3.0, -1.0))
    np.testing.assert_array_equal(g.nodes[0].layer.mask, [False, True, True])
    np.testing.assert_array_equal(grad(g, "h"), [0.5, 3.0, -1.0])
    np.testing.assert_array_equal(grad(g, "x"), [0.5, 0.0, 0.0])


RANDOM_INPUTS = {
    "apple": lambda rng: {k: rng.uniform(0.5, 3) for k in ("apple", "apple_num", "tax")},
    "apple-orange": lambda rng: {k: rng.uniform(0.5, 3) for k in ("apple", "apple_num", "orange",
                                                                   "orange_num", "tax")},
    "chain": lambda rng: {"x": rng.normal(), "y": rng.normal()},
    "sigmoid": lambda rng: {"x": rng.normal() * 2},
    "softmax-with-loss": lambda rng: {"x": rng.normal(size=(2, 2)), "W": rng.normal(size=(2, 3)),
                                      "b": rng.normal(size=3), "t": (int(rng.integers(3)), int(rng.integers(3)))},
    "relu": lambda rng: {"x": rng.normal(size=3) + np.array([1.0, -1.0, 0.5]), "w": rng.normal(size=3)},
}


@pytest.mark.parametrize("name", list(BUILT_IN))
def test_every_gradient_matches_numerical_gradient_on_random_inputs(name):
    rng = np.random.default_rng(7)
    for _ in range(3):
        inputs = RANDOM_INPUTS[name](rng)
        g = walked(name, **inputs)
        for key in g.inputs:
            if key == "t":
                continue
            x = np.array(inputs[key], dtype=np.float64)

            def output_sum(x_now, key=key):
                return float(np.sum(build(name, **{**inputs, key: x_now}).forward_value()))

            expected = numerical_gradient(output_sum, x)
            np.testing.assert_allclose(np.asarray(grad(g, key)).reshape(x.shape), expected, rtol=1e-5,
                                       atol=1e-7, err_msg=f"{name}: d{key}")


@pytest.mark.parametrize("name", list(BUILT_IN))
def test_one_node_per_step_forward_in_order_then_backward_in_reverse(name):
    g = build(name)
    steps = [g.step() for _ in range(g.total_steps)]
    assert g.step() is None and g.position == g.total_steps
    n = len(g.nodes)
    assert [s.direction for s in steps] == ["forward"] * n + ["backward"] * n
    assert [s.node for s in steps] == list(g.nodes) + list(reversed(g.nodes))
    assert [s.index for s in steps] == list(range(2 * n))


@pytest.mark.parametrize("name", list(BUILT_IN))
def test_stepping_forward_then_back_returns_to_the_start(name):
    g = build(name)
    start = {k: (np.copy(e.value) if e.value is not None else None, e.grad) for k, e in g.edges.items()}
    g.run_to(g.total_steps)
    while g.back() is not None:
        pass
    assert g.position == 0
    for key, (v, gr) in start.items():
        edge = g.edges[key]
        assert gr is None and edge.grad is None, key
        if v is None:
            assert edge.value is None, key
        else:
            np.testing.assert_array_equal(edge.value, v)


def test_back_then_step_again_gives_the_same_gradients():
    g = build("chain")
    g.run_to(g.total_steps)
    before = grad(g, "x")
    g.run_to(3)
    assert grad(g, "x") is None and grad(g, "t") == pytest.approx(6)
    g.run_to(g.total_steps)
    assert grad(g, "x") == pytest.approx(before)


def test_a_step_says_which_node_ran_what_it_read_and_wrote():
    g = build("apple")
    first = g.step()
    assert first.node.name == "mul_apple_layer" and first.direction == "forward"
    assert dict(first.read) == {"x": 100.0, "y": 2.0}
    assert first.wrote == (("out", "apple_price", 200.0),)
    g.run_to(2)
    back = g.step()
    assert back.node.name == "mul_tax_layer" and dict(back.read)["dout"] == 1.0
    assert [(port, edge) for port, edge, _ in back.wrote] == [("x", "apple_price"), ("y", "tax")]


def test_bad_inputs_and_bad_graphs_are_value_errors_that_name_them():
    with pytest.raises(ValueError, match="apple must be a finite number"):
        build("apple", apple=float("inf"))
    with pytest.raises(ValueError, match="W needs 6 numbers"):
        build("softmax-with-loss", W=(1.0, 2.0))
    with pytest.raises(ValueError, match="t must hold class labels from 0 to 2"):
        build("softmax-with-loss", t=(0, 3))
    with pytest.raises(ValueError, match="no built-in graph 'pear'"):
        build("pear")
    with pytest.raises(ValueError, match="topological order"):
        Graph("bad", {"x": 1.0}, [node("m", MulLayer(), ("x", "u"), "v")], "v")
    with pytest.raises(ValueError, match="position must be from 0 to 4"):
        build("apple").run_to(5)
