"""A list's line of values writes a value's --set word after its label where the label does not already
hold it: init's read "표준편차 std(std)" (names51); 무작위(random) keeps its word, en shows the values alone."""
import pytest

from workbench.app.settings_form import SettingField
from workbench.i18n import set_language
from workbench.models.catalog import pane as entry
from workbench.models.settings import kinds


@pytest.mark.parametrize("lang, expected", [("ko", "표준편차 std, Xavier, He 중 하나"), ("en", "one of std, xavier, he")])
def test_inits_list_line_names_std_once(lang, expected):
    init = entry("init")
    set_language(lang)
    try:
        kind = kinds(init.settings)["init"]
        field = SettingField("init", "std", kind, "", choice_labels={c: init.choice_label("init", c) for c in kind.choices})
        allowed = field.allowed()
    finally:
        set_language("en")
    assert expected in allowed and "std(std)" not in allowed, allowed
