"""A list of choices shows a value that is a word in the reader's language (무작위 for random, 합성 숫자
for synthetic-digits) and a code name as the book writes it (Adam for adam); English shows the values
as --set takes them. The symmetry pane names its initial weights in Korean words too."""
import pytest
from textual.widgets import Select

from workbench.app.app import make_app
from workbench.app.settings_form import SettingField, SettingsScreen
from workbench.models.catalog import pane as entry
from screen_text import screen_text, until


def shown(app, key: str) -> str:
    """The text the list of setting `key` shows for its value."""
    field = next(f for f in app.screen.query(SettingField) if f.key == key)
    select = field.query_one(Select)
    return next(str(label) for label, value in select._options if value == select.value)


@pytest.mark.parametrize("lang, words", [
    (None, {"init": "random"}),
    ("ko", {"init": "무작위"}),
])
async def test_the_symmetry_dialog_lists_its_inits_in_the_readers_words(lang, words):
    app = make_app(pane=("symmetry", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query(SettingField), 10)
        await pilot.pause()
        assert shown(app, "init") == words["init"]
        field = next(f for f in app.screen.query(SettingField) if f.key == "init")
        labels = [str(label) for label, _ in field.query_one(Select)._options]
        assert labels == (["zero", "same", "random"] if lang is None else ["모두 0", "모두 같은 값", "무작위"])
        if lang == "ko":
            assert "무작위(random)" in field.hint(), field.hint()


@pytest.mark.parametrize("lang, expected", [
    (None, {"net": "two-layer", "dataset": "synthetic-digits", "optimizer": "adam"}),
    ("ko", {"net": "TwoLayerNet", "dataset": "합성 숫자", "optimizer": "Adam"}),
])
async def test_the_training_panes_lists_show_words_and_the_books_code_names(lang, expected):
    settings = entry("train").parse(["net=two-layer", "dataset=synthetic-digits", "optimizer=adam"])
    app = make_app(pane=("train", settings), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await until(pilot, lambda: app.screen.query(SettingField), 10)
        await pilot.pause()
        for key, text in expected.items():
            assert shown(app, key) == text, key


def test_a_choice_without_a_word_of_its_own_shows_as_itself():
    from workbench.i18n import set_language
    set_language("ko")
    try:
        assert entry("broadcast").choice_label("op", "+") == "+"
        assert entry("symmetry").choice_label("init", "random") == "무작위"
        assert entry("conv").choice_label("direction", "forward") == "순전파"
        assert entry("derivative").choice_label("difference", "forward") == "전방 차분"
    finally:
        set_language("en")


async def test_the_symmetry_pane_names_its_inits_in_korean():
    app = make_app(pane=("symmetry", entry("symmetry").parse(["init=same"])), lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        def read() -> str:
            return screen_text(app).replace("\u00a0", " ")     # the init's words are held together
        await until(pilot, lambda: "가중치 모두 같은 값 0.01" in read(), 10)
        assert "same" not in read()
