"""The graph stepper's settings: which graph, the inputs changed from the book's, the mode, the steps run.

What the inputs may be, and how many steps a graph has, only the graph itself knows: reading the
inputs and checking the settings are the model's (`workbench.models.graph`, with NumPy and the
library), loaded when graph settings are first built. Their description and the empty default are
known here without it, so listing the panes stays instant.
"""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.models.exercises_settings import FolderKind
from workbench.models.settings import Kind, SettingError, choice, field, integer, named

GRAPHS = ("apple", "apple-orange", "chain", "sigmoid", "softmax-with-loss", "relu")
"""The book's graphs (`workbench.nn.graph.BUILT_IN`)."""
MODES = ("watch", "predict")
IMPLS = ("library", "mine")
"""Whose layers the nodes run: the library's, or the learner's own from `folder` (run in the sandbox)."""


def _model():
    from workbench.models import graph

    return graph


@dataclass(frozen=True)
class Inputs(Kind):
    """Named numbers or lists of numbers, `apple=150, tax=1.08` or `x=[1 0.5; -0.5 1]`, read and shown by
    the model's `InputValues`."""

    def from_data(self, key, value):
        return _model().InputValues().from_data(key, value)

    def from_text(self, key, text):
        return _model().InputValues().from_text(key, text)

    def to_text(self, value):
        return _model().InputValues().to_text(value) if value else ""

    def describe(self):
        return t("graph.kind.inputs")


@dataclass(frozen=True)
class ExpressionText(Kind):
    """An expression as typed ("(x + y) * z"); read and checked by the settings as a whole."""

    def from_data(self, key, value):
        if not isinstance(value, str):
            raise SettingError(key, t("graph.error.expression", key=named(key), value=repr(value)))
        return value.strip()

    def from_text(self, key, text):
        return text.strip()

    def describe(self):
        return t("graph.kind.expression")


@dataclass(frozen=True)
class GraphSettings:
    """Which graph (or the learner's expression, `workbench.models.expression`), the inputs changed from
    the book's (or the expression's values), watch or predict, how many steps have run, and whose
    layers run the nodes (`impl = mine`: the learner's MulLayer, AddLayer, … from `folder`)."""

    graph: str = choice("apple", GRAPHS)
    inputs: tuple = field((), Inputs())
    mode: str = choice("watch", MODES)
    step: int = integer(0, min=0)
    expression: str = field("", ExpressionText())
    impl: str = choice("library", IMPLS)
    folder: str = field("exercises", FolderKind())

    def __post_init__(self):
        _model().check(self)

    @property
    def parsed(self):
        """The expression's tree, or None for a built-in graph."""
        return _model().parsed(self)

    @property
    def shown(self) -> tuple:
        """What identifies the graph on screen: the built-in's name, or the expression."""
        return ("expression", self.expression) if self.expression else ("graph", self.graph)

    def input_values(self) -> dict:
        """Every input of the graph (name → array): the book's value unless the settings change it (for
        an expression, the values given, in the order the names first appear)."""
        return _model().input_values(self)
