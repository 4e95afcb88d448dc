"""An on/off setting's list shows 켬 and 끔 in Korean (it showed true and false, the --set words), its
line says both with the word --set takes ("켬(true) 또는 끔(false)"); English keeps true and false. A
refusal that names the value deciding a field's use names it as that value's list shows it
("신경망 = SimpleConvNet", "격자 = 켬"), not as --set writes it ("신경망 = simple")."""
import pytest
from textual.widgets import Select

from workbench.app.app import make_app
from workbench.app.settings_form import SettingField, SettingsScreen
from workbench.i18n import set_language
from workbench.models.catalog import pane as entry
from workbench.models.settings import SettingError, labelled, with_text
from screen_text import screen_text, until


def listed(field: SettingField) -> tuple[str, list[str]]:
    """What the field's list shows for its value, and every label it offers."""
    select = field.query_one(Select)
    labels = {value: str(label) for label, value in select._options}
    return labels[select.value], [labels[value] for value in ("true", "false")]


@pytest.mark.parametrize("lang, shown, offered, line", [
    (None, "false", ["true", "false"], "true or false"),
    ("ko", "끔", ["켬", "끔"], "켬(true) 또는 끔(false)"),
])
async def test_the_forward_dialog_lists_batch_mode_as_on_or_off_in_the_readers_words(lang, shown, offered, line):
    app = make_app(pane=("forward", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query(SettingField), 10)
        await pilot.pause()
        field = next(f for f in app.screen.query(SettingField) if f.key == "batch")
        assert listed(field) == (shown, offered)
        assert line in field.hint(), field.hint()
        rows = " ".join(screen_text(app).split())
        if lang == "ko":
            assert "true" not in rows.replace("켬(true)", "") and "false" not in rows.replace("끔(false)", ""), rows


@pytest.mark.parametrize("lang, said", [
    ("en", "grid = true"),
    ("ko", "격자 = 켬 설정에서는 가중치 규모를 쓰지 않습니다"),
])
def test_a_refusal_names_an_on_off_value_as_its_list_shows_it(lang, said):
    pane = entry("compare-batch-norm")
    set_language(lang)
    try:
        with labelled(pane.setting_label, pane.choice_label), pytest.raises(SettingError) as refused:
            with_text(pane.build({}), "weight_scale", "0.1")
    finally:
        set_language("en")
    assert said in str(refused.value), refused.value


def test_the_command_line_names_the_value_as_it_was_typed():
    """Outside a pane's fields (`--set`), the value is named as --set writes it, in either language."""
    set_language("ko")
    try:
        with pytest.raises(SettingError) as refused:
            entry("train").parse(["net=simple", "dropout=0.5"])
    finally:
        set_language("en")
    assert "net = simple" in str(refused.value), refused.value
