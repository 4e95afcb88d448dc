"""The pane catalog: every pane has its strings in both languages, default settings its model accepts,
and a widget that is only imported when shown."""
import subprocess
import sys

import pytest

from workbench.app.localize import label_key
from workbench.i18n import has, set_language, strings
from workbench.models.catalog import ENTRIES, PANES, pane
from workbench.models.settings import SettingError, kinds


@pytest.mark.parametrize("name", list(PANES))
def test_every_pane_has_a_title_help_and_help_for_each_setting_in_both_languages(name):
    entry = PANES[name]
    keys = [f"{name}.title", f"{name}.help"] + [f"{name}.setting.{key}" for key in kinds(entry.settings)]
    for lang in ("en", "ko"):
        missing = [key for key in keys if key not in strings(lang)]
        assert not missing, f"{lang}: {missing}"
    assert entry.title[0].islower(), "titles follow 'Open …' in the palette"


@pytest.mark.parametrize("name", list(PANES))
def test_the_defaults_compute_and_the_widget_is_found_by_its_path(name):
    entry = PANES[name]
    assert entry.build({}) == entry.settings()
    entry.compute(entry.settings())
    widget = entry.load_widget()
    assert widget.PANE == name


def _name_cells() -> int:
    """The cells a setting's name has in the settings dialog: its column's width less its padding
    (workbench/app/settings.tcss, `SettingField .setting-name`)."""
    import re
    from pathlib import Path

    import workbench.app

    css = (Path(workbench.app.__file__).parent / "settings.tcss").read_text(encoding="utf-8")
    block = re.search(r"SettingField \.setting-name \{(.*?)\}", css, re.S).group(1)
    return int(re.search(r"\bwidth: (\d+);", block).group(1)) - int(re.search(r"padding-right: (\d+);", block).group(1))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_settings_name_fits_its_column_in_the_settings_dialog(lang):
    """A longer name is cut in its one-row column: the search's "가중치 감소 최소" and "가중치 감소 최대"
    both showed "가중치 감소", two rows that read the same."""
    from rich.cells import cell_len

    set_language(lang)
    room = _name_cells()
    long = [(name, key, entry.setting_label(key)) for name, entry in PANES.items() for key in kinds(entry.settings)
            if cell_len(entry.setting_label(key)) > room]
    assert long == []


def test_an_unknown_pane_names_the_nearest():
    with pytest.raises(SettingError, match=r"no pane called 'perceptorn' \(did you mean 'perceptron'\?\)"):
        pane("perceptorn")


def test_describe_gives_allowed_values_defaults_and_help():
    rows = {row[0]: row for row in PANES["activation-plot"].describe()}
    x_min = tuple(cell.replace("\u00a0", " ") for cell in rows["x_min"])     # a range holds no-break spaces
    assert x_min == ("x_min", "a number from −100 to 100", "−6", "left end of the x axis")
    set_language("ko")
    assert PANES["activation-plot"].describe()[1][3] == "x축의 왼쪽 끝"


def test_reading_the_catalog_does_not_import_the_app():
    code = ("import sys, workbench.models.catalog as c; [e.compute(e.settings()) for e in c.PANES.values()]; "
            "print(sorted(m for m in ('textual', 'rich', 'plotext', 'textual_plotext', 'workbench.app') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_strings_of_a_pane_exist_for_its_bindings():
    for entry in PANES.values():
        for binding in entry.load_widget().BINDINGS:
            assert has(label_key(binding.id)), binding


# -- the catalog knows a pane without its model (issue 25) ----------------------------------------

LISTING = """
import sys
from workbench.models.catalog import PANES
for entry in PANES.values():
    entry.title, entry.help, entry.chapter, entry.describe(), entry.build
print(" ".join(sorted(sys.modules)))
"""


def test_titles_chapters_and_settings_come_without_a_model_or_numpy():
    done = subprocess.run([sys.executable, "-c", LISTING], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    models = [m for m in loaded if m.startswith("workbench.models.")
              and m not in ("workbench.models.catalog", "workbench.models.settings") and not m.endswith("_settings")]
    assert not models, f"describing the panes imported their models: {models}"
    heavy = [m for m in loaded if m.split(".")[0] in ("numpy", "textual", "rich") or m.startswith("workbench.nn")]
    assert not heavy, f"describing the panes imported {heavy[:5]}: a settings module (see catalog.py) imports them"
    for entry in PANES.values():      # every pane, wherever its modules live
        assert entry.settings_path.split(":")[0] in loaded
        model, widget = entry.compute_path.split(":")[0], entry.widget.split(":")[0]
        assert model not in loaded, f"describing {entry.name} imported its model {model}"
        assert widget not in loaded, f"describing {entry.name} imported its widget {widget}"


def test_an_entry_names_its_settings_model_and_widget_by_import_path():
    from workbench.models import perceptron
    from workbench.models.catalog import PaneEntry

    with pytest.raises(TypeError, match="import path"):
        PaneEntry("perceptron", perceptron.PerceptronSettings, "workbench.models.perceptron:compute",
                  "workbench.app.panes.perceptron:PerceptronPane", chapter=2)
    entry = PaneEntry("perceptron", "workbench.models.perceptron_settings:PerceptronSettings",
                      "workbench.models.perceptron:compute", "workbench.app.panes.perceptron:PerceptronPane", chapter=2)
    assert entry.settings is perceptron.PerceptronSettings and entry.compute is perceptron.compute


@pytest.mark.parametrize("name", list(PANES))
def test_every_value_a_choice_offers_is_one_the_model_knows(name):
    """A settings module names its choices without the model; each one builds and computes, or is
    refused in words (a SettingError for the combination), never a KeyError from the model."""
    from workbench.models.settings import Choice, Subset

    entry = PANES[name]
    for key, kind in kinds(entry.settings).items():
        if not isinstance(kind, (Choice, Subset)):
            continue
        for value in kind.choices:
            try:
                entry.compute(entry.build({key: [value] if isinstance(kind, Subset) else value}))
            except SettingError:
                pass


def test_the_names_a_settings_module_repeats_are_its_models():
    """Where a settings module spells out names its model keys by (to stay free of NumPy), they agree."""
    import numpy as np

    from workbench.models import (activation, activation_settings, compare_settings, conv, conv_settings, derivative,
                                  derivative_settings, gradcheck, gradcheck_settings, gradient_field,
                                  gradient_field_settings, numerical_vs_backprop, numerical_vs_backprop_settings,
                                  surface_path, surface_path_settings, train_settings)
    from workbench.nn import bugs, gradient, graph, trainer

    pairs = [
        (activation_settings.FUNCTION_NAMES, tuple(activation.FUNCTIONS)),
        (conv_settings.FILTER_NAMES, tuple(conv.FILTERS)),
        (derivative_settings.FUNCTION_NAMES, tuple(derivative.FUNCTIONS)),
        (derivative_settings.DIFFERENCE_NAMES, tuple(derivative.DIFFERENCES)),
        (derivative_settings.DTYPE_NAMES, tuple(derivative.DTYPES)),
        (gradient_field_settings.FUNCTION_NAMES, tuple(gradient_field.FUNCTIONS)),
        (numerical_vs_backprop_settings.DTYPE_NAMES, tuple(numerical_vs_backprop.DTYPES)),
        (gradcheck_settings.NETWORK_NAMES, tuple(gradcheck.NETWORKS)),
        (gradcheck_settings.BUG_CHOICES, ("none", *bugs.BUGS)),
        (gradcheck_settings.KINK_RULES, tuple(gradient.KINK_RULES)),
        (PANES["graph"].settings.__dataclass_fields__["graph"].metadata["kind"].choices, tuple(graph.BUILT_IN)),
        (train_settings.OPTIMIZER_NAMES, tuple(trainer.OPTIMIZERS)),
        (compare_settings.OPTIMIZER_NAMES, trainer.OPTIMIZERS),
        (compare_settings.GRID_SCALES, tuple(float(v) for v in np.logspace(0, -4, num=16))),
        (surface_path_settings.SURFACE_NAMES, tuple(surface_path.SURFACES)),
    ]
    for declared, model in pairs:
        assert declared == model


def test_each_pane_is_listed_once():
    """PANES is a dict: an entry written twice (a merge's leftover) would vanish into it unseen."""
    names = [entry.name for entry in ENTRIES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_setting_kind_repeats_the_name_before_it(lang):
    """`workbench panes` and the settings form read "seed: a seed: a whole number…" (Korean "시드: 시드:"):
    what a kind allows starts with what it allows, not with the setting's name again."""
    set_language(lang)
    repeated = []
    for pane_name, entry in PANES.items():
        for setting, allowed, _, _ in entry.describe():
            names = {setting.lower(), entry.setting_label(setting).lower()}
            words = [word.strip(".,:;()") for word in allowed.lower().split()]
            first = next((word for word in words if word not in ("a", "an", "the")), "")
            if first in names:
                repeated.append(f"{setting}: {allowed}")
    assert repeated == []
