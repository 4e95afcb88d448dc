"""Chapters 5 and 7: the gradient check of one of the book's networks, graded parameter by parameter.

The settings choose the network, an injectable bug (and which layer of its kind it goes into), the
step h, what happens at kinks, the batch, the sample size and the seed. `compute` only builds the
network and its inputs and validates the choice (cheap: the pane calls it on every change);
`run_check` runs the check itself and `error_map` looks at every part of one parameter, both as
jobs (a few seconds for DeepConvNet), reporting each entry as it goes.

The inputs are chosen so that a correct network passes clearly: weights at the scale training
uses (He), pixel-like inputs in [0, 1), random labels, a batch of 4 (batch norm needs several
samples, and the batch-size bug needs more than one), float64, the loss without the book's 1e-7
(see workbench.nn.gradient) and kinks retried with a smaller h.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from workbench.i18n import t
from workbench.models.gradcheck_settings import MINE_NETWORKS, GradcheckSettings
from workbench.models.mine import impl_named, nets_named
from workbench.models.settings import SettingError, named, named_choice
from workbench.nn.bugs import BUGS, inject, targets
from workbench.nn.gradient import GradientCheck, GradientReport, as_float64, gradient_check
from workbench.nn.networks import (DeepConvNet, MultiLayerNet, MultiLayerNetExtend, SimpleConvNet,
                                   TwoLayerNet)

CLASSES = 10
MAP_ROWS, MAP_COLUMNS = 24, 32
"""At most this many cells in a parameter's error map: one entry checked per cell."""


@dataclass(frozen=True)
class Recipe:
    """One network of the check: how to build it, one input's shape, the call in the book's words,
    and a short name for narrow panes."""

    build: Callable[[np.random.Generator], object]
    sample: tuple[int, ...]
    call: str
    short: str


SIMPLE_CONV = {"filter_num": 10, "filter_size": 3, "pad": 1, "stride": 1}
NETWORKS = {
    "two-layer": Recipe(lambda rng: TwoLayerNet(20, 12, CLASSES, weight_init_std="relu", rng=rng), (20,),
                        "TwoLayerNet(20, 12, 10)", "TwoLayerNet"),
    "multi-layer": Recipe(lambda rng: MultiLayerNet(20, [12, 12], CLASSES, rng=rng), (20,),
                          "MultiLayerNet(20, [12, 12], 10)", "MultiLayerNet"),
    "multi-layer-extend": Recipe(lambda rng: MultiLayerNetExtend(20, [12, 12], CLASSES, use_batchnorm=True,
                                                                 rng=rng), (20,),
                                 "MultiLayerNetExtend(20, [12, 12], 10, use_batchnorm=True)",
                                 "MultiLayerNetExtend"),
    "simple": Recipe(lambda rng: SimpleConvNet((1, 10, 10), SIMPLE_CONV, hidden_size=10, output_size=CLASSES,
                                               weight_init_std="relu", rng=rng), (1, 10, 10),
                     "SimpleConvNet((1, 10, 10), pad=1, hidden_size=10)", "SimpleConvNet"),
    "deep": Recipe(lambda rng: DeepConvNet((1, 12, 12), rng=rng), (1, 12, 12), "DeepConvNet((1, 12, 12))",
                   "DeepConvNet"),
}


SHOWN_ONLY = ("hide_bug", "view")
"""Settings that change what the pane shows, not what the check computes."""


def check_key(settings: GradcheckSettings) -> tuple:
    """The settings a check's numbers depend on: equal keys, equal results (so a run is reused)."""
    return tuple(getattr(settings, f.name) for f in fields(settings) if f.name not in SHOWN_ONLY)


@dataclass(frozen=True)
class ParamRow:
    """One parameter before the check: its name, shape, size and how many entries will be checked."""

    name: str
    shape: tuple[int, ...]
    size: int
    to_check: int


@dataclass(frozen=True)
class GradcheckPlan:
    """A network ready to check: built as the library builds it (float32), its inputs and the bug's place."""

    settings: GradcheckSettings
    network: object
    x: np.ndarray
    t: np.ndarray
    rows: tuple[ParamRow, ...]
    layer: str | None
    """The layer the bug goes into (None: no bug, or the numerical side)."""

    @property
    def recipe(self) -> Recipe:
        return NETWORKS[self.settings.net]

    @property
    def bug(self):
        return BUGS.get(self.settings.bug)

    @property
    def dtype(self) -> str:
        return str(next(iter(self.network.params.values())).dtype)


def compute(settings: GradcheckSettings) -> GradcheckPlan:
    """Build the network and its inputs, and check that the bug has a place in it (SettingError if not)."""
    recipe = NETWORKS[settings.net]
    rng = np.random.default_rng(settings.seed)
    network = recipe.build(rng)
    x = rng.random((settings.batch, *recipe.sample))
    labels = rng.integers(0, CLASSES, settings.batch)
    layer = _bug_layer(network, settings)
    if settings.impl == "mine":
        _check_mine(settings)
    rows = tuple(ParamRow(name, p.shape, p.size, min(p.size, settings.samples)) for name, p in network.params.items())
    return GradcheckPlan(settings, network, x, labels, rows, layer)


def _check_mine(settings: GradcheckSettings) -> None:
    """SettingError unless the network can be built from the learner's parts, here (a missing folder is
    said when the check runs, as a part that is missing is)."""
    from workbench.exercises.sandbox import served

    if served():
        raise SettingError("impl", t("mine.served", **impl_named()))
    if settings.net not in MINE_NETWORKS:
        raise SettingError("net", t("mine.gradcheck.net", net=NETWORKS[settings.net].short,
                                    nets=nets_named(MINE_NETWORKS), **impl_named()))
    if settings.bug != "none":
        raise SettingError("bug", t("mine.gradcheck.bug", bug=named("bug"), none=named_choice("bug", "none"),
                                                **impl_named()))


def _bug_layer(network, settings: GradcheckSettings) -> str | None:
    if settings.bug == "none":
        return None
    bug = BUGS[settings.bug]
    if bug.layer_kinds is None:
        return None
    found = targets(network, settings.bug)
    if not found:
        raise SettingError("bug", t("gradcheck.error.no_layer", net=named_choice("net", settings.net), kind=bug.kind_name,
                                    bug=named_choice("bug", settings.bug)))
    if settings.where > len(found):
        key = "gradcheck.error.where_one" if len(found) == 1 else "gradcheck.error.where"
        raise SettingError("where", t(key, net=named_choice("net", settings.net), count=len(found), key=named("where"),
                                      kind=bug.kind_name, layers=", ".join(name for name, _ in found),
                                      where=settings.where))
    return found[settings.where - 1][0]


def _checked(plan: GradcheckPlan, **options) -> GradientReport:
    """gradient_check of a float64 copy of the plan's network, with the plan's bug injected."""
    s = plan.settings
    network = as_float64(plan.network)
    bug = s.bug if s.bug != "none" else None
    if bug is None:
        return gradient_check(network, plan.x, plan.t, h=s.h, kinks=s.kinks, keep_delta=s.book_delta, **options)
    with inject(network, bug, s.where) as injected:
        return gradient_check(network, plan.x, plan.t, h=s.h, kinks=s.kinks, keep_delta=s.book_delta,
                              difference=injected.difference, **options)


def run_check(plan: GradcheckPlan, on_entry=None, on_param=None) -> GradientReport:
    """The check of every parameter (a sample of the large ones); callbacks as gradient_check's."""
    report = _checked(plan, num_samples=plan.settings.samples, rng=plan.settings.seed,
                      on_entry=on_entry, on_param=on_param)
    report.converted_from = plan.dtype if plan.dtype != "float64" else None
    return report


@dataclass(frozen=True)
class ErrorMap:
    """|a − n| over one parameter laid out in 2-D, one checked entry per cell.

    The layout: a vector is one row; a matrix (in, out) is itself; filters (FN, C, FH, FW) are a
    row per filter. A large parameter is split into at most MAP_ROWS × MAP_COLUMNS blocks and one
    entry at random is checked in each, so a wrong row or channel still shows as a stripe.
    """

    name: str
    shape: tuple[int, ...]
    layout: tuple[int, int]
    """(rows, columns) of the 2-D layout."""
    row_edges: np.ndarray
    column_edges: np.ndarray
    """The layout's rows (columns) covered by cell i run from edges[i] to edges[i + 1]."""
    values: np.ndarray
    """|a − n| per cell; NaN where the entry was left out at a kink."""
    scale: float
    """The largest |a| among the checked entries: the map's colours are relative to it."""
    check: GradientCheck

    @property
    def cells(self) -> tuple[int, int]:
        return self.values.shape

    @property
    def worst(self) -> tuple[tuple[int, ...], float] | None:
        """(index, |a − n|) of the entry that differs most."""
        if not np.isfinite(self.values).any():
            return None
        cell = np.unravel_index(int(np.nanargmax(self.values)), self.values.shape)
        flat = int(np.ravel_multi_index(cell, self.values.shape))
        return tuple(int(i) for i in self.check.indices[flat]), float(self.values[cell])


def layout_of(shape: tuple[int, ...]) -> tuple[int, int]:
    """(rows, columns) of a parameter drawn flat: (1, n), (in, out), or (FN, C·FH·FW)."""
    if len(shape) == 1:
        return 1, shape[0]
    return shape[0], int(np.prod(shape[1:]))


def map_indices(shape: tuple[int, ...], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list]:
    """(row edges, column edges, one index into the parameter per cell, row by row)."""
    rows, columns = layout_of(shape)
    row_edges = np.linspace(0, rows, min(rows, MAP_ROWS) + 1).round().astype(int)
    column_edges = np.linspace(0, columns, min(columns, MAP_COLUMNS) + 1).round().astype(int)
    indices = []
    for top, bottom in zip(row_edges[:-1], row_edges[1:]):
        for left, right in zip(column_edges[:-1], column_edges[1:]):
            r, c = int(rng.integers(top, bottom)), int(rng.integers(left, right))
            indices.append(tuple(int(i) for i in np.unravel_index(r * columns + c, shape)))
    return row_edges, column_edges, indices


def map_entries(plan: GradcheckPlan, name: str) -> list:
    """The entries of parameter ``name`` its map checks, one per cell (the same for any implementation)."""
    shape = next(row.shape for row in plan.rows if row.name == name)
    return map_indices(shape, np.random.default_rng(plan.settings.seed))[2]


def map_of(plan: GradcheckPlan, name: str, check: GradientCheck) -> ErrorMap:
    """The ErrorMap of ``name`` from the check of its `map_entries`."""
    shape = next(row.shape for row in plan.rows if row.name == name)
    row_edges, column_edges, _ = map_indices(shape, np.random.default_rng(plan.settings.seed))
    values = np.abs(check.analytic - check.numeric)
    values[check.flagged] = np.nan
    grid = values.reshape(len(row_edges) - 1, len(column_edges) - 1)
    scale = float(np.abs(check.analytic).max()) if check.analytic.size else 0.0
    return ErrorMap(name, shape, layout_of(shape), row_edges, column_edges, grid, scale, check)


def error_map(plan: GradcheckPlan, name: str, on_entry=None) -> ErrorMap:
    """Check one entry in every block of parameter ``name`` and lay |a − n| out as a map."""
    check = _checked(plan, select={name: map_entries(plan, name)}, on_entry=on_entry)[name]
    return map_of(plan, name, check)


@dataclass(frozen=True)
class GradcheckRun:
    """What the pane's job returns: the report and the map of one parameter (the worst by default)."""

    report: GradientReport
    map: ErrorMap | None
    printed: dict | None = None
    """What the learner's code printed in the check (impl = mine: {"lines", "count"}), None for nothing."""


def shape_text(shape: tuple[int, ...]) -> str:
    """20×12, or 10 for a vector."""
    return "×".join(map(str, shape))


def index_text(name: str, index: tuple[int, ...]) -> str:
    """W1[3, 7]"""
    return f"{name}[{', '.join(map(str, index))}]"

