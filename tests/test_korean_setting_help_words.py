"""A Korean setting's help names the values of its list as the list shows them: the descent dialog said
"함수: bowl(그릇) x₀² + x₁², valley(골짜기) …" above a list of 그릇, 골짜기 and a line that ends
"골짜기(valley), 그릇(bowl), … 중 하나", each --set word twice in one field. The line under the list
gives the --set words; the help need not.

Every pane is read so, with no exception: a help that names another setting's value does it as the lists
do too ("구현이 내 코드일 때", not "impl = mine일 때"). A --set word is found with a Korean particle after
it ("mine일"), and not inside a label that holds it ("표준편차 std")."""
import re

import pytest

from workbench.i18n import set_language
from workbench.models.catalog import PANES
from workbench.models.settings import Choice, kinds

# A --set word stands alone in Korean prose: no Latin letter, digit, _ or - either side; a particle may follow.
_EDGE_BEFORE = r"(?<![A-Za-z0-9_-])"
_EDGE_AFTER = r"(?![A-Za-z0-9_-])"


def _choices(entry) -> dict:
    return {key: kind for key, kind in kinds(entry.settings).items() if isinstance(kind, Choice)}


def _without_labels(entry, text: str) -> str:
    """`text` with every label of the pane's lists taken out, longest first ("표준편차 std" holds "std")."""
    labels = {entry.choice_label(key, value) for key, kind in _choices(entry).items() for value in kind.choices}
    for label in sorted(labels, key=len, reverse=True):
        text = text.replace(label, " ")
    return text


def set_words_in_help(name: str) -> list[tuple[str, str, str]]:
    """(setting, --set word, help) where the Korean help writes a value its list shows as another word."""
    entry = PANES[name]
    found = []
    set_language("ko")
    try:
        for key, kind in _choices(entry).items():
            help_text = entry.setting_help(key)
            bare = _without_labels(entry, help_text)
            for value in kind.choices:
                shown = entry.choice_label(key, value)
                if shown.lower() != value.lower() and re.search(rf"{_EDGE_BEFORE}{re.escape(value)}{_EDGE_AFTER}", bare):
                    found.append((key, value, help_text))
    finally:
        set_language("en")
    return found


def set_assignments_in_help(name: str) -> list[tuple[str, str, str]]:
    """(setting, --set assignment, help) where a Korean help names a list's value as `key = value` or
    `key이 value` writes it, where the list shows another word."""
    entry = PANES[name]
    found = []
    set_language("ko")
    try:
        helps = {key: entry.setting_help(key) for key in kinds(entry.settings)}
        for key, kind in _choices(entry).items():
            for value in kind.choices:
                if entry.choice_label(key, value).lower() == value.lower():
                    continue
                written = rf"{_EDGE_BEFORE}{re.escape(key)}\s*(?:=|[이가은는])\s*{re.escape(value)}{_EDGE_AFTER}"
                found += [(other, f"{key} = {value}", text) for other, text in helps.items() if re.search(written, text)]
    finally:
        set_language("en")
    return found


@pytest.mark.parametrize("name", sorted(PANES))
def test_a_lists_help_names_its_values_as_the_list_shows_them(name):
    assert set_words_in_help(name) == []


@pytest.mark.parametrize("name", sorted(PANES))
def test_a_help_names_another_settings_value_as_its_list_shows_it(name):
    assert set_assignments_in_help(name) == []


def test_the_check_finds_a_set_word_the_list_shows_otherwise(monkeypatch):
    """A help that wrote "SimpleConvNet(simple)", or "mine일" with its particle, is read as writing --set words."""
    entry = PANES["shapes"]
    real = type(entry).setting_help
    helps = {"network": "SimpleConvNet(simple), DeepConvNet 또는 직접 쓴 계층", "layers": "custom일 때 쓰는 계층"}
    monkeypatch.setattr(type(entry), "setting_help",
                        lambda self, key: helps.get(key, "") if self is entry else real(self, key))
    assert [value for _key, value, _help in set_words_in_help("shapes")] == ["simple"]


def test_the_check_reads_a_label_that_holds_its_set_word_as_the_label():
    """init's list shows std as "표준편차 std": its help writes the label, which is not the --set word."""
    set_language("ko")
    try:
        assert "표준편차 std" in PANES["init"].setting_help("init")
    finally:
        set_language("en")
    assert set_words_in_help("init") == []


def test_the_check_finds_a_set_assignment(monkeypatch):
    entry = PANES["train"]
    real = type(entry).setting_help
    monkeypatch.setattr(type(entry), "setting_help",
                        lambda self, key: "impl = mine일 때 여러분의 폴더" if self is entry and key == "folder" else real(self, key))
    assert [(key, written) for key, written, _help in set_assignments_in_help("train")] == [("folder", "impl = mine")]
