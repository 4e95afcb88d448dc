"""The catalog of panes: name → settings class, model function and widget, read by everything.

Lessons (`pane = "perceptron"`), `workbench panes`, `workbench lessons check`, `workbench open`,
the command palette and the tests all find panes here. The widget is named by import path and
imported only when the pane is shown, so reading the catalog never loads Textual.

A pane's strings live in the catalog file named after it (`i18n/en/<name>.toml`): `<name>.title`
(a lower-case noun phrase), `<name>.help` (prose, Markdown) and `<name>.setting.<field>` for each
setting's one-line help.
"""
from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.i18n import has, t
from workbench.models import (activation, canvas, compare, conv, derivative, descent, exercises, forward, gradcheck,
                              gradient_field, graph, im2col, inference, loss, numerical_vs_backprop,
                              optimizer_paths, perceptron, search, shapes, softmax, train, weight_init)
from workbench.models.settings import (SettingError, build_settings, defaults, kinds,
                                       parse_assignments)


@dataclass(frozen=True)
class PaneEntry:
    """One pane: the name lessons use, its settings, its model and where its widget lives."""

    name: str
    settings: type
    compute: Callable[[Any], Any]
    """Settings → result; raises SettingError (or the library's ValueError) for a bad combination."""
    widget: str
    """"module:Class" of the widget that renders the result."""
    chapter: int
    """The book's chapter the pane belongs to, for listings."""

    @property
    def title(self) -> str:
        return t(f"{self.name}.title")

    @property
    def help(self) -> str:
        return t(f"{self.name}.help")

    def setting_help(self, key: str) -> str:
        return t(f"{self.name}.setting.{key}")

    def setting_label(self, key: str) -> str:
        """The setting's name as a field shows it: in Korean a Korean word, in English the key itself."""
        return t(f"{self.name}.label.{key}") if has(f"{self.name}.label.{key}") else key

    def build(self, raw: Mapping[str, Any] | None = None, base: Any = None) -> Any:
        """Settings from lesson data (defaults, or `base`, for what it leaves out); SettingError when invalid."""
        return build_settings(self.settings, raw or {}, base)

    def parse(self, assignments: Iterable[str], base: Any = None) -> Any:
        """Settings from `KEY=VALUE` texts; SettingError when invalid."""
        return parse_assignments(self.settings, assignments, base)

    def describe(self) -> list[tuple[str, str, str, str]]:
        """(name, allowed values, default as text, help) for each setting."""
        rows = []
        for name, kind in kinds(self.settings).items():
            default = defaults(self.settings)[name]
            rows.append((name, kind.describe(), kind.to_text(default), self.setting_help(name)))
        return rows

    def load_widget(self) -> type:
        """The widget class (imports the app: call only when the pane is shown)."""
        module, _, cls = self.widget.partition(":")
        return getattr(importlib.import_module(module), cls)


PANES: Mapping[str, PaneEntry] = {entry.name: entry for entry in (
    PaneEntry("perceptron", perceptron.PerceptronSettings, perceptron.compute,
              "workbench.app.panes.perceptron:PerceptronPane", chapter=2),
    PaneEntry("activation-plot", activation.ActivationSettings, activation.compute,
              "workbench.app.panes.activation_plot:ActivationPlot", chapter=3),
    PaneEntry("forward", forward.ForwardSettings, forward.compute, "workbench.app.panes.forward:ForwardPane",
              chapter=3),
    PaneEntry("softmax", softmax.SoftmaxSettings, softmax.compute, "workbench.app.panes.softmax:SoftmaxPane",
              chapter=3),
    PaneEntry("inference", inference.InferenceSettings, inference.compute,
              "workbench.app.panes.inference:InferencePane", chapter=3),
    PaneEntry("canvas", canvas.CanvasSettings, canvas.compute, "workbench.app.panes.canvas:CanvasPane", chapter=3),
    PaneEntry("loss", loss.LossSettings, loss.compute, "workbench.app.panes.loss:LossPane", chapter=4),
    PaneEntry("derivative", derivative.DerivativeSettings, derivative.compute,
              "workbench.app.panes.derivative:DerivativePane", chapter=4),
    PaneEntry("gradient", gradient_field.GradientSettings, gradient_field.compute,
              "workbench.app.panes.gradient_field:GradientPane", chapter=4),
    PaneEntry("numerical-vs-backprop", numerical_vs_backprop.SpeedSettings, numerical_vs_backprop.compute,
              "workbench.app.panes.numerical_vs_backprop:NumericalVsBackpropPane", chapter=4),
    PaneEntry("descent", descent.DescentSettings, descent.compute, "workbench.app.panes.descent:DescentPane",
              chapter=4),
    PaneEntry("graph", graph.GraphSettings, graph.compute, "workbench.app.panes.graph:GraphPane", chapter=5),
    PaneEntry("gradcheck", gradcheck.GradcheckSettings, gradcheck.compute,
              "workbench.app.panes.gradcheck:GradcheckPane", chapter=5),
    PaneEntry("optimizers", optimizer_paths.OptimizersSettings, optimizer_paths.compute,
              "workbench.app.panes.optimizers:OptimizersPane", chapter=6),
    PaneEntry("init", weight_init.InitSettings, weight_init.compute, "workbench.app.panes.weight_init:InitPane",
              chapter=6),
    PaneEntry("im2col", im2col.Im2colSettings, im2col.compute, "workbench.app.panes.im2col:Im2colPane", chapter=7),
    PaneEntry("conv", conv.ConvSettings, conv.compute, "workbench.app.panes.conv:ConvPane", chapter=7),
    PaneEntry("shapes", shapes.ShapesSettings, shapes.compute, "workbench.app.panes.shapes:ShapesPane", chapter=7),
    PaneEntry("train", train.TrainSettings, train.compute, "workbench.app.panes.train:TrainPane", chapter=7),
    PaneEntry("compare-optimizers", compare.OptimizersSettings, compare.compute,
              "workbench.app.panes.compare:OptimizersPane", chapter=6),
    PaneEntry("compare-weight-init", compare.WeightInitSettings, compare.compute,
              "workbench.app.panes.compare:WeightInitPane", chapter=6),
    PaneEntry("compare-batch-norm", compare.BatchNormSettings, compare.compute,
              "workbench.app.panes.compare:BatchNormPane", chapter=6),
    PaneEntry("compare-overfitting", compare.OverfittingSettings, compare.compute,
              "workbench.app.panes.compare:OverfittingPane", chapter=6),
    PaneEntry("compare", compare.FreeSettings, compare.compute, "workbench.app.panes.compare:FreePane", chapter=6),
    PaneEntry("search", search.SearchSettings, search.compute, "workbench.app.panes.search:SearchPane", chapter=6),
    PaneEntry("exercises", exercises.ExercisesSettings, exercises.compute,
              "workbench.app.panes.exercises:ExercisesPane", chapter=5),
)}


def pane(name: str) -> PaneEntry:
    """The pane called `name`; SettingError naming the panes there are (and the nearest) otherwise."""
    if name in PANES:
        return PANES[name]
    close = difflib.get_close_matches(name, list(PANES), n=1)
    hint = t("settings.did_you_mean", name=close[0]) if close else ""
    raise SettingError(None, t("catalog.unknown_pane", name=name, hint=hint, panes=", ".join(PANES)))
