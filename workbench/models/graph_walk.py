"""Where a computational graph's numbers stop being finite: a value or a gradient past float64's
largest number (about 1.8e308) becomes ∞. The book's graphs and the learner's expressions are
checked the same way, by running the graph forward and back once before it is shown, so an input of
1e200 × 1e200 and an exp(1000) get the same message, naming the node."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workbench.nn.graph import Graph, Node, Step

LABELS = {"mul": "×", "add": "+", "exp": "exp", "reciprocal": "/", "relu": "ReLU", "sigmoid": "σ",
          "affine": "Affine", "softmax-with-loss": "Softmax-with-Loss"}
"""Each node kind as the book's figures draw it."""


@dataclass(frozen=True)
class Overflow:
    """The first step that wrote a number that is not finite."""

    node: Node
    direction: str
    """"forward" (the node's output) or "backward" (the gradient it sent to `edge`)."""
    edge: str


def first_overflow(graph: Graph, each_forward: Callable[[Step], None] | None = None) -> Overflow | None:
    """Run `graph` forward and back once, calling `each_forward` on each forward step (which may
    raise), and return the first step that wrote a value that is not finite, or None. The graph is
    left at its start either way."""
    try:
        with np.errstate(all="ignore"):
            while (step := graph.step()) is not None:
                if each_forward is not None and step.direction == "forward":
                    each_forward(step)
                for _, edge, value in step.wrote:
                    if value is not None and not np.all(np.isfinite(value)):
                        return Overflow(step.node, step.direction, edge)
        return None
    finally:
        graph.run_to(0)
