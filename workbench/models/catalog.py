"""The catalog of panes: name → settings, model and widget, each named by its import path.

To add a pane (say `foo`, chapter 4):
1. `workbench/models/foo_settings.py`: the frozen settings dataclass and the constants its fields
   need, importing neither NumPy nor `workbench.nn` nor the model (a check that needs them imports
   them inside `__post_init__`; a choice's values are spelt out as a plain tuple);
2. `workbench/models/foo.py`: `compute(settings) -> result`, importing `FooSettings` from there;
3. `workbench/app/panes/foo.py`: the widget, `class FooPane(Pane)` with `PANE = "foo"`;
4. one entry below, strings only, nothing imported at the top of this file:
   `PaneEntry("foo", "workbench.models.foo_settings:FooSettings", "workbench.models.foo:compute",
   "workbench.app.panes.foo:FooPane", chapter=4)`;
5. `pytest tests/models/test_catalog.py tests/test_startup.py`: an entry given classes or functions
   fails at import (TypeError), a settings module that loads NumPy or a model fails in a fresh
   interpreter, and each choice's values must be ones the model knows.

Lessons (`pane = "perceptron"`), `workbench panes`, `workbench lessons check`, `workbench open`, the
command palette and the tests all find panes here. Reading the catalog imports nothing but these
names: a pane's title, chapter and settings (kinds, defaults, help) come from its settings class and
its strings, so listing panes stays instant; its model (and NumPy) loads when the pane is first built
with settings that need it, computed or shown, and its widget (and Textual) only when it is shown.

A pane's strings live in the catalog file named after it (`i18n/en/<name>.toml`): `<name>.title`
(a lower-case noun phrase), `<name>.help` (prose, Markdown) and `<name>.setting.<field>` for each
setting's one-line help.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

from workbench.i18n import has, t
from workbench.models.settings import SettingError, build_settings, defaults, kinds, parse_assignments


def _load(path: str) -> Any:
    """The object a "package.module:name" path names, importing its module."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


class PaneEntry:
    """One pane: the name lessons use, where its settings, model and widget live, and its chapter."""

    def __init__(self, name: str, settings: str, compute: str, widget: str, *, chapter: int):
        for what, path in (("settings", settings), ("compute", compute), ("widget", widget)):
            if not isinstance(path, str) or path.count(":") != 1:
                raise TypeError(f"pane {name!r}: name its {what} by import path, 'package.module:name', "
                                f"not {path!r} (see the top of workbench/models/catalog.py)")
        self.name = name
        self.settings_path = settings
        """"module:Class" of the settings (a module without NumPy)."""
        self.compute_path = compute
        """"module:function" of the model: settings → result."""
        self.widget = widget
        """"module:Class" of the widget that renders the result."""
        self.chapter = chapter
        """The book's chapter the pane belongs to, for listings."""

    def __repr__(self) -> str:
        return f"PaneEntry({self.name!r}, {self.settings_path!r}, {self.compute_path!r}, {self.widget!r}, " \
               f"chapter={self.chapter})"

    @cached_property
    def settings(self) -> type:
        """The settings class (its module imports no NumPy)."""
        return _load(self.settings_path)

    @cached_property
    def compute(self) -> Callable[[Any], Any]:
        """Settings → result; raises SettingError (or the library's ValueError) for a bad combination.

        The first use imports the model, and with it NumPy and the library."""
        return _load(self.compute_path)

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

    def choice_label(self, key: str, value: str) -> str:
        """How a list of choices shows `value` of setting `key`: in Korean a Korean word where the value
        is a word (무작위 for random), a code name as the book writes it (Adam for adam); in English the
        value itself, as --set and lessons write it. The pane's own name for it first, then the shared one,
        found by the value as it is spelt: the shared names are the lower-case words of --set (sgd, relu),
        and a value spelt otherwise is already a name as the book or its code writes it (SGD, Relu), which
        the English shared word ("sgd") would lower-case."""
        for name in (f"{self.name}.choice.{key}.{value}", f"settings.choice.{value}"):
            if has(name):
                return t(name)
        return value

    def build(self, raw: Mapping[str, Any] | None = None, base: Any = None) -> Any:
        """Settings from lesson data (defaults, or `base`, for what it leaves out); SettingError when invalid."""
        return build_settings(self.settings, raw or {}, base)

    def parse(self, assignments: Iterable[str], base: Any = None) -> Any:
        """Settings from `KEY=VALUE` texts; SettingError when invalid."""
        return parse_assignments(self.settings, assignments, base)

    def describe(self) -> list[tuple[str, str, str, str]]:
        """(name, allowed values, default as prose writes it, help) for each setting; builds nothing, imports no model."""
        rows = []
        for name, kind in kinds(self.settings).items():
            default = defaults(self.settings)[name]
            rows.append((name, kind.describe(), kind.shown(default), self.setting_help(name)))
        return rows

    def load_widget(self) -> type:
        """The widget class (imports the app: call only when the pane is shown)."""
        return _load(self.widget)


ENTRIES: tuple[PaneEntry, ...] = (
    PaneEntry("broadcast", "workbench.models.broadcast_settings:BroadcastSettings",
              "workbench.models.broadcast:compute", "workbench.app.panes.broadcast:BroadcastPane", chapter=1),
    PaneEntry("sin-cos", "workbench.models.sin_cos_settings:SinCosSettings",
              "workbench.models.sin_cos:compute", "workbench.app.panes.sin_cos:SinCosPlot", chapter=1),
    PaneEntry("perceptron", "workbench.models.perceptron_settings:PerceptronSettings",
              "workbench.models.perceptron:compute", "workbench.app.panes.perceptron:PerceptronPane", chapter=2),
    PaneEntry("activation-plot", "workbench.models.activation_settings:ActivationSettings",
              "workbench.models.activation:compute", "workbench.app.panes.activation_plot:ActivationPlot", chapter=3),
    PaneEntry("forward", "workbench.models.forward_settings:ForwardSettings",
              "workbench.models.forward:compute", "workbench.app.panes.forward:ForwardPane", chapter=3),
    PaneEntry("softmax", "workbench.models.softmax_settings:SoftmaxSettings",
              "workbench.models.softmax:compute", "workbench.app.panes.softmax:SoftmaxPane", chapter=3),
    PaneEntry("inference", "workbench.models.inference_settings:InferenceSettings",
              "workbench.models.inference:compute", "workbench.app.panes.inference:InferencePane", chapter=3),
    PaneEntry("canvas", "workbench.models.canvas_settings:CanvasSettings",
              "workbench.models.canvas:compute", "workbench.app.panes.canvas:CanvasPane", chapter=3),
    PaneEntry("loss", "workbench.models.loss_settings:LossSettings",
              "workbench.models.loss:compute", "workbench.app.panes.loss:LossPane", chapter=4),
    PaneEntry("derivative", "workbench.models.derivative_settings:DerivativeSettings",
              "workbench.models.derivative:compute", "workbench.app.panes.derivative:DerivativePane", chapter=4),
    PaneEntry("gradient", "workbench.models.gradient_field_settings:GradientSettings",
              "workbench.models.gradient_field:compute", "workbench.app.panes.gradient_field:GradientPane", chapter=4),
    PaneEntry("numerical-vs-backprop", "workbench.models.numerical_vs_backprop_settings:SpeedSettings",
              "workbench.models.numerical_vs_backprop:compute",
              "workbench.app.panes.numerical_vs_backprop:NumericalVsBackpropPane", chapter=4),
    PaneEntry("descent", "workbench.models.descent_settings:DescentSettings",
              "workbench.models.descent:compute", "workbench.app.panes.descent:DescentPane", chapter=4),
    PaneEntry("playground", "workbench.models.playground_settings:PlaygroundSettings",
              "workbench.models.playground:compute", "workbench.app.panes.playground:PlaygroundPane", chapter=4),
    PaneEntry("graph", "workbench.models.graph_settings:GraphSettings",
              "workbench.models.graph:compute", "workbench.app.panes.graph:GraphPane", chapter=5),
    PaneEntry("gradcheck", "workbench.models.gradcheck_settings:GradcheckSettings",
              "workbench.models.gradcheck:compute", "workbench.app.panes.gradcheck:GradcheckPane", chapter=5),
    PaneEntry("optimizers", "workbench.models.optimizer_paths_settings:OptimizersSettings",
              "workbench.models.optimizer_paths:compute", "workbench.app.panes.optimizers:OptimizersPane", chapter=6),
    PaneEntry("symmetry", "workbench.models.symmetry_settings:SymmetrySettings",
              "workbench.models.symmetry:compute", "workbench.app.panes.symmetry:SymmetryPane", chapter=6),
    PaneEntry("init", "workbench.models.weight_init_settings:InitSettings",
              "workbench.models.weight_init:compute", "workbench.app.panes.weight_init:InitPane", chapter=6),
    PaneEntry("batch-norm-steps", "workbench.models.batch_norm_steps_settings:BatchNormStepsSettings",
              "workbench.models.batch_norm_steps:compute",
              "workbench.app.panes.batch_norm_steps:BatchNormStepsPane", chapter=6),
    PaneEntry("im2col", "workbench.models.im2col_settings:Im2colSettings",
              "workbench.models.im2col:compute", "workbench.app.panes.im2col:Im2colPane", chapter=7),
    PaneEntry("conv", "workbench.models.conv_settings:ConvSettings",
              "workbench.models.conv:compute", "workbench.app.panes.conv:ConvPane", chapter=7),
    PaneEntry("shapes", "workbench.models.shapes_settings:ShapesSettings",
              "workbench.models.shapes:compute", "workbench.app.panes.shapes:ShapesPane", chapter=7),
    PaneEntry("train", "workbench.models.train_settings:TrainSettings",
              "workbench.models.train:compute", "workbench.app.panes.train:TrainPane", chapter=7),
    PaneEntry("receptive-field", "workbench.models.receptive_field_settings:ReceptiveFieldSettings",
              "workbench.models.receptive_field:compute",
              "workbench.app.panes.receptive_field:ReceptiveFieldPane", chapter=8),
    PaneEntry("augmentation", "workbench.models.augmentation_settings:AugmentationSettings",
              "workbench.models.augmentation:compute", "workbench.app.panes.augmentation:AugmentationPane", chapter=8),
    PaneEntry("layer-times", "workbench.models.layer_times_settings:LayerTimesSettings",
              "workbench.models.layer_times:compute", "workbench.app.panes.layer_times:LayerTimesPane", chapter=8),
    PaneEntry("float16", "workbench.models.float16_settings:Float16Settings",
              "workbench.models.float16:compute", "workbench.app.panes.float16:Float16Pane", chapter=8),
    PaneEntry("compare-optimizers", "workbench.models.compare_settings:OptimizersSettings",
              "workbench.models.compare:compute", "workbench.app.panes.compare:OptimizersPane", chapter=6),
    PaneEntry("compare-weight-init", "workbench.models.compare_settings:WeightInitSettings",
              "workbench.models.compare:compute", "workbench.app.panes.compare:WeightInitPane", chapter=6),
    PaneEntry("compare-batch-norm", "workbench.models.compare_settings:BatchNormSettings",
              "workbench.models.compare:compute", "workbench.app.panes.compare:BatchNormPane", chapter=6),
    PaneEntry("compare-overfitting", "workbench.models.compare_settings:OverfittingSettings",
              "workbench.models.compare:compute", "workbench.app.panes.compare:OverfittingPane", chapter=6),
    PaneEntry("compare", "workbench.models.compare_settings:FreeSettings",
              "workbench.models.compare:compute", "workbench.app.panes.compare:FreePane", chapter=6),
    PaneEntry("search", "workbench.models.search_settings:SearchSettings",
              "workbench.models.search:compute", "workbench.app.panes.search:SearchPane", chapter=6),
    PaneEntry("exercises", "workbench.models.exercises_settings:ExercisesSettings",
              "workbench.models.exercises:compute", "workbench.app.panes.exercises:ExercisesPane", chapter=5),
)
"""Every pane, in the order listings show them (a name once: tests/models/test_catalog.py)."""

PANES: Mapping[str, PaneEntry] = {entry.name: entry for entry in ENTRIES}


def pane(name: str) -> PaneEntry:
    """The pane called `name`; SettingError naming the panes there are (and the nearest) otherwise."""
    if name in PANES:
        return PANES[name]
    from workbench.suggest import suggest

    close = suggest(name, list(PANES))
    hint = t("catalog.did_you_mean", name=close) if close else ""
    raise SettingError(None, t("catalog.unknown_pane", name=name, hint=hint, panes=", ".join(PANES)))
