"""The pane catalog: every pane has its strings in both languages, default settings its model accepts,
and a widget that is only imported when shown."""
import subprocess
import sys

import pytest

from workbench.app.localize import label_key
from workbench.i18n import has, set_language, strings
from workbench.models.catalog import PANES, pane
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


def test_an_unknown_pane_names_the_nearest():
    with pytest.raises(SettingError, match="did you mean perceptron"):
        pane("perceptorn")


def test_describe_gives_allowed_values_defaults_and_help():
    rows = {row[0]: row for row in PANES["activation-plot"].describe()}
    assert rows["x_min"] == ("x_min", "a number from -100 to 100", "-6", "left end of the x axis")
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
