"""A message about `impl = mine` names the setting and its values as the settings dialog shows them,
in the app (구현 = 내 코드, the graph's 계층 = 내 코드), and as --set writes them in the console (tidy51):
the Korean dialog said "구현 = mine에서는 … 구현 = library를 쓰세요" beside a list showing 내 코드 and
라이브러리, and the training pane's l (load) said "impl = mine" in Korean too."""
import re

import pytest

from workbench.exercises.sandbox import SERVED
from workbench.i18n import set_language
from workbench.models.catalog import PANES
from workbench.models.settings import SettingError, labelled

CASES = {        # pane: settings it refuses with impl = mine
    "train": ["impl=mine", "net=deep"],
    "gradcheck": ["impl=mine", "bug=relu-mask-inverted"],
    "graph": ["impl=mine"],                    # served: never the learner's code
}
SET_WORDS = re.compile(r"(?<![A-Za-z])(mine|library|none)(?![A-Za-z])")


def refused(name: str, lang: str, in_the_app: bool, monkeypatch, assignments: list[str] | None = None) -> str:
    """The message of pane `name` refusing `assignments` (its CASES), in the app's words or --set's."""
    entry = PANES[name]
    monkeypatch.setenv(SERVED, "1") if name == "graph" else monkeypatch.delenv(SERVED, raising=False)
    assignments = CASES[name] if assignments is None else assignments
    set_language(lang)
    try:
        settings = entry.parse(assignments)
        with pytest.raises(SettingError) as raised:
            if in_the_app:
                with labelled(entry.setting_label, entry.choice_label):
                    entry.compute(settings)
            else:
                entry.compute(settings)
        return str(raised.value)
    finally:
        set_language("en")


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_the_korean_app_impl_and_its_values_are_named_as_the_dialog_shows_them(name, monkeypatch):
    said = refused(name, "ko", True, monkeypatch)
    assert SET_WORDS.findall(said) == [], said
    assert "내 코드" in said
    assert ("계층 = 내 코드" if name == "graph" else "구현 = 내 코드") in said


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_english_the_app_names_them_as_its_fields_do(name, monkeypatch):
    said = refused(name, "en", True, monkeypatch)
    assert ("layers = mine" if name == "graph" else "impl = mine") in said


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_console_names_them_as_typed(name, monkeypatch):
    for lang in ("en", "ko"):
        said = refused(name, lang, False, monkeypatch)
        assert "impl = mine" in said, said


async def test_the_korean_training_panes_load_key_names_impl_as_its_field_shows_it(tmp_path):
    """l with impl = mine: "구현 = 라이브러리에서만 됩니다", not "impl = library" under a field 구현."""
    from workbench.app.app import make_app
    from workbench.app.panes.train import TrainPane

    settings = PANES["train"].parse(["dataset=synthetic-digits", "train_size=200", "test_size=100", "impl=mine",
                                     f"folder={tmp_path}"])
    app = make_app(pane=("train", settings), lang="ko")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            shown = app.screen.query_one(TrainPane)
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            assert "구현 = 라이브러리에서만" in shown.message and not SET_WORDS.findall(shown.message)
    finally:
        set_language("en")
