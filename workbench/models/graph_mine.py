"""The graph stepper with `impl = mine`: every node that has a part in the exercises runs the learner's
own layer (MulLayer, AddLayer, Relu, Sigmoid, Affine, SoftmaxWithLoss from their `layers.py`), in
the sandbox; the pane replays what those layers computed.

`walk` runs in the sandbox's child (`workbench.exercises.runner`): it builds the same graph as the
library's, puts the learner's layers into the nodes the exercises cover, walks it forward and
back, and sends each step (what the node wrote, what its layer kept) as an event. A layer that
returns what the exercises' grader would refuse (a list, a tuple, None, an array of bools or text:
anything but a NumPy array or a number of the node's shape), or a backward without one gradient per
input, ends the walk with a message naming it. The nodes with no part to write (the
sigmoid graph's exp and 1/x) stay the library's, and the pane says so.

In the app, `walk_in_sandbox` runs it (in a job, off the UI thread) and keeps the walk by the
folder's files, the graph and its inputs; `compute` replays a kept walk as a `GraphView` through
layers that give back the recorded values, so the drawing, the rules, `.`/`,` and predict mode work
as they do on the library, and compares each step with the library's to name the first value that
differs. No walk yet: the view is pending (the graph with its inputs, no values).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from workbench.exercises.parts import BY_NAME
from workbench.exercises.runner import MineFailed, pack, run, unpack
from workbench.models.mine_runs import Kept, folder_of, no_folder, run_key

PARTS = {"mul": "MulLayer", "add": "AddLayer", "relu": "Relu", "sigmoid": "Sigmoid", "affine": "Affine",
         "softmax-with-loss": "SoftmaxWithLoss"}
"""Node kind → the exercises' part that runs it with `impl = mine`; other kinds stay the library's."""
KEPT = {"mul": ("x", "y"), "add": (), "exp": ("out",), "reciprocal": ("out",), "relu": ("mask",),
        "sigmoid": ("out",), "affine": ("x", "W"), "softmax-with-loss": ("y", "t")}
"""What each kind's forward keeps for backward, by the book's attribute names (as `kept_by_forward`)."""
PROGRAM = "workbench.models.graph_mine:walk"
TIME_LIMIT = 10.0


def graph_message(key: str, **values) -> dict:
    """A message of the pane's (`graph.mine.<key>`); a value may be words still to say (the grader's
    phrases: what the learner returned), which report.said puts in the reader's language."""
    from workbench.exercises.grader import plain

    return {"key": f"graph.mine.{key}", "values": {k: plain(v) for k, v in values.items()}}


# -- in the sandbox's child ------------------------------------------------------------------------

def library_graph(args: dict):
    """The library's graph that `args` describe: a built-in by name or an expression, with its inputs."""
    from workbench.models import expression as expr
    from workbench.nn.graph import build

    inputs = {name: unpack(value) for name, value in args["inputs"].items()}
    if args.get("expression"):
        return expr.build(expr.parse(args["expression"]), {k: float(v) for k, v in inputs.items()}).graph
    return build(args["graph"], **inputs)


class Yours:
    """The learner's layer in a node: calls go to it, and what it returns must be a number or an array
    of the shape the node needs (backward: one gradient per input); anything else is a MineFailed
    naming the part. Attributes read and set go to the learner's object, made when the node first
    runs (so the nodes before it run even while a later layer is still to write)."""

    def __init__(self, part: str, make, node, shapes: dict):
        object.__setattr__(self, "_part", part)
        object.__setattr__(self, "_make", make)
        object.__setattr__(self, "_made", None)
        object.__setattr__(self, "_node", node)
        object.__setattr__(self, "_shapes", shapes)

    @property
    def _layer(self):
        if self._made is None:
            object.__setattr__(self, "_made", self._make())
        return self._made

    def __getattr__(self, name):
        return getattr(self._layer, name)

    def __setattr__(self, name, value):
        setattr(self._layer, name, value)

    def _number(self, value, method: str, what: str, shape: tuple) -> Any:
        """`value` as float64 if it is what the exercises' grader takes (a NumPy array or a number, of
        numbers) in the node's shape; a MineFailed saying what it is otherwise."""
        from workbench.exercises.grader import array_or_number, of_numbers

        where = f"{self._part}.{method}"
        if not array_or_number(value):
            key = "sequence" if isinstance(value, (list, tuple)) else "not_number"
            raise MineFailed(graph_message(key, where=where, node=self._node.name, what=what, got=_what(value)),
                             self._part)
        if not of_numbers(value):
            raise MineFailed(graph_message("dtype", where=where, node=self._node.name, what=what,
                                           got=_what(value)), self._part)
        array = np.asarray(value, dtype=np.float64)
        if array.shape != tuple(shape):
            raise MineFailed(graph_message("shape", where=where, node=self._node.name, what=what,
                                           got=_what(value, array.shape), expected=_shape(shape)), self._part)
        return array if array.ndim else np.float64(array)

    def _method(self, name: str):
        """The learner's layer's method `name`; a MineFailed naming the part when it has none."""
        found = getattr(self._layer, name, None)
        if not callable(found):
            raise MineFailed({"key": "exercises.msg.no_method", "values": {"name": self._part, "method": name}},
                             self._part)
        return found

    def forward(self, *values):
        out = self._method("forward")(*(_array(v) for v in values))
        return self._number(out, "forward", "out", self._shapes["out"])

    def backward(self, dout):
        grads = self._method("backward")(_array(dout))
        kind, ports = self._node.kind, self._node.ports
        if kind in ("mul", "add"):
            if grads is None:                    # a `return` forgotten
                raise MineFailed(graph_message("not_number", where=f"{self._part}.backward", node=self._node.name,
                                               what="(dx, dy)", got=_what(None)), self._part)
            if not isinstance(grads, (tuple, list)):
                raise MineFailed(graph_message("pair_one", where=f"{self._part}.backward", node=self._node.name),
                                 self._part)
            if len(grads) != 2:
                raise MineFailed(graph_message("pair", where=f"{self._part}.backward", node=self._node.name,
                                               count=len(grads)), self._part)
            return tuple(self._number(g, "backward", f"d{port}", self._shapes[port]) for g, port in zip(grads, ports))
        dx = self._number(grads, "backward", "dx", self._shapes["x"])
        if kind == "affine":
            for name, port in (("dW", "W"), ("db", "b")):
                if not hasattr(self._layer, name):
                    raise MineFailed({"key": "exercises.msg.no_attribute",
                                      "values": {"name": self._part, "attr": name}}, self._part)
                object.__setattr__(self, name, self._number(getattr(self._layer, name), "backward", name,
                                                            self._shapes[port]))
        return dx


def _array(value):
    """A value as the learner's layer gets it: an array, 0-d for a single number (the book's layers
    index and copy arrays, which a NumPy scalar does not allow)."""
    return np.array(value, dtype=np.float64) if isinstance(value, (float, int, np.floating)) else value


def _what(value, shape: tuple | None = None) -> dict:
    """What the learner's layer returned, as the grader names it (a phrase said in the reader's language):
    an array by shape and dtype, None, or its type, with `shape` when it became an array of that shape."""
    from workbench.exercises.grader import phrase, what_got

    if shape is None or isinstance(value, np.ndarray):
        return what_got(value)
    return phrase("got.shaped", type=type(value).__name__, shape=_shape(shape))


def _shape(shape) -> str:
    return "(" + ", ".join(str(int(s)) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _kept(layer, kind: str) -> dict:
    """What the learner's layer kept after forward, by the book's names (None where it kept nothing so named)."""
    kept = {}
    for name in KEPT[kind]:
        value = getattr(layer, name, None)
        try:
            kept[name] = pack(np.asarray(value)) if value is not None else None
        except (TypeError, ValueError):
            kept[name] = None
    return kept


def _make(mine, part: str, *args):
    return getattr(mine, part)(*args)


def walk(mine, args: dict, emit) -> dict:
    """The sandbox program: walk the graph with the learner's layers, one event per step."""
    from workbench.nn.graph import Graph

    library = library_graph(args)
    library.run_to(len(library.nodes))
    shapes = {edge.name: np.shape(edge.value) for edge in library.edges.values()}
    nodes = []
    for node in library.nodes:
        part = PARTS.get(node.kind)
        if part is None:
            nodes.append(node)
            continue
        made_with = [library.edges[source].value.copy() for source in node.inputs[1:]] if node.kind == "affine" else []
        make = functools.partial(_make, mine, part, *made_with)          # Affine(W, b); the others take nothing
        ports = {port: (shapes[source] if isinstance(source, str) else ()) for port, source in
                 zip(node.ports, node.inputs)}
        nodes.append(replace(node, layer=Yours(part, make, node, dict(ports, out=shapes[node.output]))))
    graph = Graph(library.name, {name: library.edges[name].value for name in library.inputs}, nodes, library.output)
    with np.errstate(all="ignore"):
        while (step := graph.step()) is not None:
            layer = step.node.layer
            emit({"index": step.index, "direction": step.direction, "node": step.node.name,
                  "wrote": [[port, edge, pack(np.asarray(value))] for port, edge, value in step.wrote],
                  "kept": _kept(layer._layer if isinstance(layer, Yours) else layer, step.node.kind)
                  if step.direction == "forward" else {}})
    return {"steps": graph.total_steps}


# -- in the app: running the walk and keeping it ----------------------------------------------------

@dataclass(frozen=True)
class Walk:
    """What the learner's layers did: every step they got through, and why they stopped if they did."""

    steps: tuple[dict, ...]
    failure: dict | None = None
    """{"message", "part", "traceback"} of the MineFailed that ended the walk early."""
    printed: dict | None = None
    """What their layers printed in the walk ({"lines", "count"}, as the grader keeps it), None for nothing."""


_walks = Kept()


def walk_key(settings) -> tuple:
    """What a walk depends on: the folder's files (modification time, size), the graph and its inputs."""
    return run_key(settings, settings.shown, settings.inputs)


def walk_args(settings) -> dict:
    return {"graph": settings.graph, "expression": settings.expression,
            "inputs": {name: pack(np.asarray(value, dtype=np.float64))
                       for name, value in settings.input_values().items()}}


def kept_walk(settings) -> Walk | None:
    return _walks.get(walk_key(settings))


def walk_in_sandbox(settings, cancelled=None) -> Walk:
    """Run `walk` on the learner's layers (Refused in a served session; Cancelled when `cancelled()`),
    keep the result for these settings' files, graph and inputs, and return it."""
    key = walk_key(settings)
    steps: list[dict] = []
    printed: list[dict] = []
    try:
        run(folder_of(settings), PROGRAM, walk_args(settings), time_limit=TIME_LIMIT, on_event=steps.append,
            cancelled=cancelled, on_printed=printed.append)
        result = Walk(tuple(steps), printed=printed[0] if printed else None)
    except MineFailed as failed:
        result = Walk(tuple(steps), failed.data(), failed.printed)
    _walks.put(key, result)
    return result


# -- replaying a walk ---------------------------------------------------------------------------------

class Replayed:
    """A node's layer that gives back what the learner's layer computed in the walk."""

    def __init__(self, node, forward: dict | None, backward: dict | None, inputs: list):
        self.node = node
        self.inputs = inputs
        """What the node read forward in the walk (the book's layer runs on them to say what the rule gives)."""
        self._out = unpack(forward["wrote"][0][2]) if forward else None
        self._grads = {port: unpack(value) for port, _, value in backward["wrote"]} if backward else {}
        kept = forward["kept"] if forward else {}
        for name in KEPT[node.kind]:
            value = kept.get(name)
            setattr(self, name, unpack(value) if value is not None else _as_book_keeps(node.kind, name, inputs,
                                                                                       self._out))

    def forward(self, *values):
        return _scalar(self._out)

    def backward(self, dout):
        grads = [_scalar(self._grads.get(port, np.float64(0.0))) for port in self.node.ports]
        if self.node.kind == "affine":
            self.dW, self.db = grads[1], grads[2]
        return tuple(grads) if self.node.kind in ("mul", "add") else grads[0]


def _scalar(value):
    return np.float64(value) if value is not None and np.ndim(value) == 0 else value


def _as_book_keeps(kind: str, name: str, inputs: list, out):
    """What the book's layer keeps, for showing the rule, when the learner's kept it under another name."""
    if kind == "mul":
        return inputs[0] if name == "x" else inputs[1]
    if kind == "relu":
        return None if inputs[0] is None else np.asarray(inputs[0]) <= 0
    if kind == "affine":
        return inputs[0] if name == "x" else inputs[1]
    if kind == "softmax-with-loss":
        if name == "t":
            return inputs[1]
        from workbench.nn.functions import softmax
        return None if inputs[0] is None else softmax(np.asarray(inputs[0]))
    return out


def _forward_inputs(graph, walk: Walk, node) -> list:
    """The values node read forward in the walk: the graph's inputs, constants, or earlier nodes' outputs."""
    outs = {step["node"]: unpack(step["wrote"][0][2]) for step in walk.steps if step["direction"] == "forward"}
    producer = {n.output: n.name for n in graph.nodes}
    values = []
    for source in node.inputs:
        if not isinstance(source, str):
            values.append(source)
        elif source in producer:
            values.append(outs.get(producer[source]))
        else:
            values.append(graph.edges[source].value)
    return values


def replayed_graph(library, walk: Walk):
    """`library`'s graph (not walked) with each node's layer replaced by what the walk recorded."""
    from workbench.nn.graph import Graph

    by = {(step["direction"], step["node"]): step for step in walk.steps}
    nodes = [replace(node, layer=Replayed(node, by.get(("forward", node.name)), by.get(("backward", node.name)),
                                          _forward_inputs(library, walk, node))) for node in library.nodes]
    return Graph(library.name, {name: library.edges[name].value for name in library.inputs}, nodes, library.output)


def first_difference(library, walk: Walk) -> dict | None:
    """The first value the learner's layers wrote that differs from what the library's write at that
    step: {index, direction, node, port, edge, got, expected}; None when all agree."""
    from workbench.models.graph_rules import agrees

    library.run_to(0)
    for record in walk.steps:
        step = library.step()
        expected = {port: value for port, _, value in step.wrote}
        for port, edge, packed in record["wrote"]:
            got = unpack(packed)
            want = np.asarray(expected[port], dtype=np.float64)
            if not agrees(got, want):
                return {"index": step.index, "direction": step.direction, "node": step.node, "port": port,
                        "edge": edge, "got": got, "expected": want}
    library.run_to(0)
    return None


def parts_used(library) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the learner's parts the graph runs, in the book's order; the kinds that stay the library's)."""
    kinds = [node.kind for node in library.nodes]
    parts = tuple(name for name in BY_NAME if name in {PARTS[k] for k in kinds if k in PARTS})
    others = tuple(dict.fromkeys(k for k in kinds if k not in PARTS))
    return parts, others


# -- the view -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MineState:
    """What the pane says about the learner's layers: which run, whether the walk is still to come,
    how far it got and why it stopped, and the first value that differs from the library's."""

    folder: Path
    parts: tuple[str, ...]
    library_kinds: tuple[str, ...]
    key: tuple
    pending: bool = True
    limit: int = 0
    """How many steps the learner's layers got through (the walk's end when nothing stopped them)."""
    failure: dict | None = None
    wrong: dict | None = None
    printed: dict | None = None
    """What their layers printed in the walk, as `Walk.printed`."""

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(BY_NAME[part].file for part in self.parts))


def mine_view(settings):
    """The graph stepper's view with the learner's layers: replayed from the kept walk, or pending."""
    from workbench.exercises.sandbox import served
    from workbench.i18n import t
    from workbench.models.graph import GraphView, build_graph
    from workbench.models.settings import SettingError, named

    if served():
        raise SettingError("impl", t("graph.mine.served", impl=named("impl")))
    library, columns = build_graph(settings)
    parts, others = parts_used(library)
    key = walk_key(settings)
    state = MineState(folder_of(settings), parts, others, key)
    missing = no_folder(settings)
    if missing is not None:
        return GraphView(settings, library, columns, replace(state, pending=False, failure=missing))
    walk = kept_walk(settings)
    if walk is None:
        return GraphView(settings, library, columns, state)
    graph = replayed_graph(library, walk)
    limit = len(walk.steps)
    graph.run_to(min(settings.step, limit))
    state = replace(state, pending=False, limit=limit, failure=walk.failure, wrong=first_difference(library, walk),
                    printed=walk.printed)
    return GraphView(settings, graph, columns, state)
