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


# A setting named by its --set key: the pane's fields show it by its label ("단계 수", not "steps").
_CODE_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\([^()가-힣]*\)")
"""The book's code as it is written, `TwoLayerNet(784, hidden_size, 10)`: a call with no Hangul inside."""
_TYPED = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*=[^\s;,)]+")
"""What a field takes as typed, `lr=0.01` (compare's runs): no space around its `=`."""


def _names_itself(label: str, key: str) -> bool:
    """A label that holds its key as a word names the setting by it: "간격 h", "입력 X", "SGD"."""
    return re.search(rf"{_EDGE_BEFORE}{re.escape(key)}{_EDGE_AFTER}", label, re.IGNORECASE) is not None


def setting_keys_in_help(name: str, lang: str = "ko") -> list[tuple[str, str, str]]:
    """(setting, another setting's key, help) where a help names a setting by its --set key where the
    field shows a label: "steps보다 크면" above a field 단계 수, "(batch 0은 …)" above 배치 번호."""
    entry = PANES[name]
    found = []
    set_language(lang)
    try:
        keys = kinds(entry.settings)
        labels = {key: entry.setting_label(key) for key in keys}
        named = [key for key in keys if not _names_itself(labels[key], key)]
        for own, kind in keys.items():
            text = _TYPED.sub(" ", _CODE_CALL.sub(" ", _without_labels(entry, entry.setting_help(own))))
            for value in getattr(kind, "choices", ()) if not isinstance(kind, Choice) else ():
                text = re.sub(rf"{_EDGE_BEFORE}{re.escape(value)}{_EDGE_AFTER}", " ", text)  # its own field's words
            found += [(own, key, entry.setting_help(own)) for key in named
                      if re.search(rf"(?<![A-Za-z0-9_.-]){re.escape(key)}(?![A-Za-z0-9_₀-₉-])", text)]
    finally:
        set_language("en")
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", sorted(PANES))
def test_a_help_names_another_setting_as_its_field_shows_it(name, lang):
    assert setting_keys_in_help(name, lang) == []


def test_the_check_finds_a_setting_key_with_a_particle_or_in_a_sentence(monkeypatch):
    """"steps보다 크면" and "(batch 0은 …)" name the fields 단계 수 and 배치 번호 by their --set keys."""
    helps = {("descent", "step"): "그중 몇 단계까지 보여 줄지(steps보다 크면 전부)",
             ("inference", "batch"): "0부터 셉니다(batch 0은 화면에 1/…로 나옵니다)"}
    for name, key in helps:
        entry = PANES[name]
        real = type(entry).setting_help
        monkeypatch.setattr(type(entry), "setting_help",
                            lambda self, k, real=real: helps.get((self.name, k)) or real(self, k))
    assert [(own, key) for own, key, _help in setting_keys_in_help("descent")] == [("step", "steps")]
    assert [(own, key) for own, key, _help in setting_keys_in_help("inference")] == [("batch", "batch")]


def test_the_check_reads_code_and_typed_assignments_as_written():
    """The book's `TwoLayerNet(784, hidden_size, 10)` and compare's typed `lr=0.1; lr=0.01` stay as written."""
    set_language("ko")
    try:
        assert "hidden_size" in PANES["numerical-vs-backprop"].setting_help("hidden_size")
        assert "lr=0.1" in PANES["compare"].setting_help("runs")
    finally:
        set_language("en")
    assert setting_keys_in_help("numerical-vs-backprop") == setting_keys_in_help("compare") == []


def setting_assignments_in_pane_help(name: str, lang: str) -> list[str]:
    """The `key = value` assignments (--set's) a pane's help paragraph writes for one of its lists, where
    the settings dialog shows that field or that value by another word: "With `impl = mine`" above a
    field 계층 (layers) whose list shows 내 코드 (tidy51). What a field takes as typed (compare's runs,
    `optimizer=sgd; optimizer=adam`) stays as written."""
    entry = PANES[name]
    found = []
    set_language(lang)
    try:
        text = _TYPED.sub(" ", entry.help)
        for key, kind in _choices(entry).items():
            for value in kind.choices:
                if _names_itself(entry.setting_label(key), key) and entry.choice_label(key, value).lower() == value.lower():
                    continue            # the dialog shows both as --set writes them: the assignment reads so too
                written = rf"{_EDGE_BEFORE}{re.escape(key)}\s*=\s*{re.escape(value)}{_EDGE_AFTER}"
                found += [match.group(0) for match in re.finditer(written, text)]
    finally:
        set_language("en")
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", sorted(PANES))
def test_a_panes_help_names_a_setting_as_its_field_shows_it(name, lang):
    assert setting_assignments_in_pane_help(name, lang) == []
