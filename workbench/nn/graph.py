"""Computational graphs of sections 5.1 to 5.6, run one node at a time: forward, then backward.

A graph's nodes are the library's own layers (`MulLayer`, `AddLayer`, `Relu`, `Sigmoid`, `Affine`,
`SoftmaxWithLoss`) and the two elementary nodes of the sigmoid that have no layer of their own, `Exp`
and `Reciprocal` (its ×(−1) and +1 are a `MulLayer` and an `AddLayer` with a constant). Edges carry a
value and, after backward, a gradient: the sum of what every node that reads the edge sent back.

`step()` runs the next node (forward in topological order, then backward in reverse) and returns a
`Step` saying which node ran, what it read and what it wrote; `back()` undoes the last step. So a
pane and a test walk the same object, and every number comes from the layers, called in order.
The built-in graphs are the book's examples; each takes its inputs as keyword arguments.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .layers import AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss


class Exp:
    """y = exp(x); backward multiplies by exp(x), the output kept by forward."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.exp(x)
        return self.out

    def backward(self, dout):
        return dout * self.out


class Reciprocal:
    """y = 1 / x; backward multiplies by −1/x², which is −y² (the book's "/" node)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 1 / x
        return self.out

    def backward(self, dout):
        return -dout * self.out * self.out


@dataclass
class Edge:
    """A value in the graph: an input, or the output of one node."""

    name: str
    value: Any = None
    grad: Any = None
    """∂(output)/∂(this value), summed over the nodes that read it; None until backward reaches it."""


@dataclass(frozen=True)
class Node:
    """One layer in the graph: it reads `inputs` (edge names, or constants folded into the node)."""

    name: str
    """The book's variable name for the layer object, e.g. "mul_apple_layer"."""
    layer: Any
    inputs: tuple[str | float, ...]
    output: str
    ports: tuple[str, ...]
    """The layer's own names for its inputs, in order (("x", "y") for MulLayer.forward(x, y))."""
    kind: str = ""
    """"mul", "add", "exp", "reciprocal", "relu", "sigmoid", "affine" or "softmax-with-loss"; found from
    the layer's class when not given (a layer of another library, the learner's, says it)."""

    def __post_init__(self):
        if not self.kind:
            object.__setattr__(self, "kind", KINDS[type(self.layer)])

    def edge_ports(self) -> list[tuple[int, str, str]]:
        """(index, port name, edge name) of every input that is an edge, not a constant."""
        return [(i, port, source) for i, (port, source) in enumerate(zip(self.ports, self.inputs))
                if isinstance(source, str)]


KINDS = {MulLayer: "mul", AddLayer: "add", Exp: "exp", Reciprocal: "reciprocal", Relu: "relu",
         Sigmoid: "sigmoid", Affine: "affine", SoftmaxWithLoss: "softmax-with-loss"}
PORTS = {"mul": ("x", "y"), "add": ("x", "y"), "exp": ("x",), "reciprocal": ("x",), "relu": ("x",),
         "sigmoid": ("x",), "affine": ("x", "W", "b"), "softmax-with-loss": ("x", "t")}
NOT_DIFFERENTIATED = {("softmax-with-loss", "t")}
"""Inputs that receive no gradient: the labels are data, not something the loss is followed back to."""


@dataclass(frozen=True)
class Step:
    """What one call of `Graph.step` did."""

    index: int
    """0-based position of the step in the whole walk (forward steps first)."""
    direction: str
    """"forward" or "backward"."""
    node: Node
    read: tuple[tuple[str, Any], ...]
    """(port name, value) the node read: its inputs forward; "dout" and what forward kept, backward."""
    wrote: tuple[tuple[str, str, Any], ...]
    """(port name, edge name, value): forward, ("out", output edge, value); backward, one row per
    input edge with the gradient this node sent it (the edge's own gradient is the sum over readers)."""


@dataclass
class _Done:
    step: Step
    saved: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    """Edge name → (value, grad) before the step, to undo it."""


class Graph:
    """Nodes in the order they were added (which must be a topological order), inputs by name."""

    def __init__(self, name: str, inputs: Mapping[str, Any], nodes: list[Node], output: str):
        self.name = name
        self.inputs = tuple(inputs)
        self.edges: dict[str, Edge] = {key: Edge(key, value) for key, value in inputs.items()}
        for node in nodes:
            for source in node.inputs:
                if isinstance(source, str) and source not in self.edges:
                    raise ValueError(f"graph {name!r}: node {node.name!r} reads {source!r} before anything "
                                     f"writes it; add the nodes in topological order")
            if node.output in self.edges:
                raise ValueError(f"graph {name!r}: edge {node.output!r} is written twice")
            self.edges[node.output] = Edge(node.output)
        if output not in self.edges:
            raise ValueError(f"graph {name!r}: the output {output!r} is not an edge of the graph")
        self.nodes = tuple(nodes)
        self.output = output
        self._done: list[_Done] = []

    # -- where the walk is -----------------------------------------------------------------------

    @property
    def total_steps(self) -> int:
        """Every node once forward and once backward."""
        return 2 * len(self.nodes)

    @property
    def position(self) -> int:
        """How many steps have run: 0 at the start, `len(nodes)` after forward, `total_steps` at the end."""
        return len(self._done)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps run so far, in order."""
        return tuple(done.step for done in self._done)

    def upcoming(self) -> tuple[str, Node] | None:
        """(direction, node) of the next step, None at the end."""
        n, at = len(self.nodes), self.position
        if at >= 2 * n:
            return None
        return ("forward", self.nodes[at]) if at < n else ("backward", self.nodes[2 * n - 1 - at])

    def readers(self, edge: str) -> list[tuple[Node, int]]:
        """(node, input index) of every place `edge` is read."""
        return [(node, i) for node in self.nodes for i, source in enumerate(node.inputs) if source == edge]

    def port_grads(self) -> dict[tuple[str, int], Any]:
        """(node name, input index) → the gradient that node sent back through that input, so far."""
        found = {}
        for step in self.steps:
            if step.direction == "backward":
                for port, _, value in step.wrote:
                    found[(step.node.name, step.node.ports.index(port))] = value
        return found

    # -- walking -----------------------------------------------------------------------------------

    def step(self) -> Step | None:
        """Run the next node; None when the walk is over."""
        upcoming = self.upcoming()
        if upcoming is None:
            return None
        direction, node = upcoming
        done = _Done(None)  # type: ignore[arg-type]
        done.step = (self._forward if direction == "forward" else self._backward)(node, done.saved)
        self._done.append(done)
        return done.step

    def back(self) -> Step | None:
        """Undo the last step (its edges get back their values and gradients); None at the start."""
        if not self._done:
            return None
        done = self._done.pop()
        for name, (value, grad) in done.saved.items():
            self.edges[name].value, self.edges[name].grad = value, grad
        return done.step

    def run_to(self, position: int) -> None:
        """Step forward or back until `position` steps have run."""
        if not 0 <= position <= self.total_steps:
            raise ValueError(f"position must be from 0 to {self.total_steps} for graph {self.name!r}, "
                             f"got {position}")
        while self.position < position:
            self.step()
        while self.position > position:
            self.back()

    def forward_value(self) -> Any:
        """The output after the whole forward pass (steps there, or back, as needed)."""
        self.run_to(len(self.nodes))
        return self.edges[self.output].value

    def _value(self, source: str | float) -> Any:
        return self.edges[source].value if isinstance(source, str) else source

    def _forward(self, node: Node, saved: dict) -> Step:
        values = [self._value(source) for source in node.inputs]
        layer = node.layer
        if node.kind == "affine":
            x, layer.W, layer.b = values
            out = layer.forward(x)
        else:
            out = layer.forward(*values)
        edge = self.edges[node.output]
        saved[edge.name] = (edge.value, edge.grad)
        edge.value = out
        return Step(self.position, "forward", node, tuple(zip(node.ports, values)), (("out", edge.name, out),))

    def _backward(self, node: Node, saved: dict) -> Step:
        out_edge = self.edges[node.output]
        if out_edge.grad is None:   # the walk back starts with ∂out/∂out = 1
            saved[out_edge.name] = (out_edge.value, out_edge.grad)
            out_edge.grad = np.ones_like(out_edge.value) if np.ndim(out_edge.value) else np.float64(1.0)
        dout = out_edge.grad
        grads = self._layer_backward(node, dout)
        wrote = []
        for i, port, source in node.edge_ports():
            if (node.kind, port) in NOT_DIFFERENTIATED:
                continue
            edge = self.edges[source]
            if edge.name not in saved:
                saved[edge.name] = (edge.value, edge.grad)
            edge.grad = grads[i] if edge.grad is None else edge.grad + grads[i]
            wrote.append((port, source, grads[i]))
        read = (("dout", dout),) + tuple(kept_by_forward(node))
        return Step(self.position, "backward", node, read, tuple(wrote))

    @staticmethod
    def _layer_backward(node: Node, dout: Any) -> tuple:
        layer = node.layer
        grads = layer.backward(dout)
        if node.kind == "affine":
            return grads, layer.dW, layer.db
        if node.kind == "softmax-with-loss":
            return grads, None
        return grads if isinstance(grads, tuple) else (grads,)


def kept_by_forward(node: Node) -> list[tuple[str, Any]]:
    """What the layer kept from forward for its backward (MulLayer's x and y, Relu's mask, …)."""
    layer = node.layer
    return {
        "mul": lambda: [("x", layer.x), ("y", layer.y)],
        "add": lambda: [],
        "exp": lambda: [("out", layer.out)],
        "reciprocal": lambda: [("out", layer.out)],
        "relu": lambda: [("mask", layer.mask)],
        "sigmoid": lambda: [("out", layer.out)],
        "affine": lambda: [("x", layer.x), ("W", layer.W)],
        "softmax-with-loss": lambda: [("y", layer.y), ("t", layer.t)],
    }[node.kind]()


def node(name: str, layer: Any, inputs: tuple[str | float, ...], output: str) -> Node:
    """A node whose port names come from its layer's kind."""
    return Node(name, layer, tuple(inputs), output, PORTS[KINDS[type(layer)]])


# -- the book's graphs ------------------------------------------------------------------------------

def _scalar(name: str, value: Any) -> np.float64:
    value = np.float64(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _array(name: str, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if array.size != int(np.prod(shape)):
        raise ValueError(f"{name} needs {int(np.prod(shape))} numbers (shape {shape}), got {array.size}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, got {array.ravel().tolist()}")
    return array.reshape(shape)


def apple(apple=100.0, apple_num=2.0, tax=1.1) -> Graph:
    """Figure 5-16: 2 apples at 100 each, with tax → 220 (dapple 2.2, dapple_num 110, dtax 200)."""
    return Graph("apple", {"apple": _scalar("apple", apple), "apple_num": _scalar("apple_num", apple_num),
                           "tax": _scalar("tax", tax)}, [
        node("mul_apple_layer", MulLayer(), ("apple", "apple_num"), "apple_price"),
        node("mul_tax_layer", MulLayer(), ("apple_price", "tax"), "price"),
    ], "price")


def apple_orange(apple=100.0, apple_num=2.0, orange=150.0, orange_num=3.0, tax=1.1) -> Graph:
    """Figure 5-17: apples and oranges with tax → 715 (2.2, 110, 3.3, 165, 650)."""
    inputs = {"apple": apple, "apple_num": apple_num, "orange": orange, "orange_num": orange_num, "tax": tax}
    return Graph("apple-orange", {key: _scalar(key, value) for key, value in inputs.items()}, [
        node("mul_apple_layer", MulLayer(), ("apple", "apple_num"), "apple_price"),
        node("mul_orange_layer", MulLayer(), ("orange", "orange_num"), "orange_price"),
        node("add_apple_orange_layer", AddLayer(), ("apple_price", "orange_price"), "all_price"),
        node("mul_tax_layer", MulLayer(), ("all_price", "tax"), "price"),
    ], "price")


def chain(x=1.0, y=2.0) -> Graph:
    """z = (x + y)² as t = x + y, z = t · t: t is read twice, so its gradient is the sum of two paths."""
    return Graph("chain", {"x": _scalar("x", x), "y": _scalar("y", y)}, [
        node("add_layer", AddLayer(), ("x", "y"), "t"),
        node("mul_layer", MulLayer(), ("t", "t"), "z"),
    ], "z")


def sigmoid(x=1.0) -> Graph:
    """Figure 5-20: y = 1 / (1 + exp(−x)) from ×(−1), exp, +1 and 1/x; dx comes out as y(1 − y)."""
    return Graph("sigmoid", {"x": _scalar("x", x)}, [
        node("mul_layer", MulLayer(), ("x", -1.0), "a"),
        node("exp_node", Exp(), ("a",), "b"),
        node("add_layer", AddLayer(), ("b", 1.0), "c"),
        node("reciprocal_node", Reciprocal(), ("c",), "y"),
    ], "y")


SOFTMAX_CLASSES = 3
SOFTMAX_BATCH = 2
SOFTMAX_FEATURES = 2


def one_hot(labels: Any, classes: int) -> np.ndarray:
    """Rows of zeros with a 1 at each label; ValueError unless every label is a class index."""
    labels = np.asarray(labels, dtype=np.float64).ravel()
    if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < classes)):
        raise ValueError(f"t must hold class labels from 0 to {classes - 1}, got {labels.tolist()}")
    return np.eye(classes)[labels.astype(int)]


def softmax_with_loss(x=((1.0, 0.5), (-0.5, 1.0)), W=((0.5, -0.5, 0.2), (0.1, 0.4, -0.3)),
                      b=(0.0, 0.1, -0.1), t=(0, 2)) -> Graph:
    """Affine then Softmax-with-Loss on a batch of 2 samples, 2 features, 3 classes (section 5.6).

    `t` holds the correct class of each sample; the graph carries it one-hot, as the book's
    figure 5-29 does, so the gradient that reaches the scores reads as (y − t) / N.
    """
    n, d, c = SOFTMAX_BATCH, SOFTMAX_FEATURES, SOFTMAX_CLASSES
    inputs = {"x": _array("x", x, (n, d)), "W": _array("W", W, (d, c)), "b": _array("b", b, (c,)),
              "t": one_hot(_array("t", t, (n,)), c)}
    return Graph("softmax-with-loss", inputs, [
        node("affine", Affine(inputs["W"], inputs["b"]), ("x", "W", "b"), "a"),
        node("last_layer", SoftmaxWithLoss(), ("a", "t"), "L"),
    ], "L")


def relu(x=(1.5, -0.5, 2.0), w=(0.5, 3.0, -1.0)) -> Graph:
    """h = ReLU(x), z = h · w element by element: where x ≤ 0 the mask stops the gradient."""
    return Graph("relu", {"x": _array("x", x, (3,)), "w": _array("w", w, (3,))}, [
        node("relu_layer", Relu(), ("x",), "h"),
        node("mul_layer", MulLayer(), ("h", "w"), "z"),
    ], "z")


BUILT_IN: Mapping[str, Callable[..., Graph]] = {
    "apple": apple, "apple-orange": apple_orange, "chain": chain, "sigmoid": sigmoid,
    "softmax-with-loss": softmax_with_loss, "relu": relu,
}
"""Graph name → builder, in the order of the chapter."""


def build(name: str, **inputs: Any) -> Graph:
    """The built-in graph `name` with `inputs` (the rest at the book's values)."""
    if name not in BUILT_IN:
        raise ValueError(f"there is no built-in graph {name!r}; choose one of {', '.join(BUILT_IN)}")
    return BUILT_IN[name](**inputs)


def sigmoid_layer(x: Any) -> tuple[Any, Any]:
    """(y, dx) of the `Sigmoid` layer at x with dout = 1, to compare with the decomposed graph."""
    layer = Sigmoid()
    y = layer.forward(np.float64(x))
    return y, layer.backward(np.float64(1.0))
