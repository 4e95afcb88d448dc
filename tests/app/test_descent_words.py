"""The descent pane speaks of its walk in steps (단계) everywhere: its header, keys and readout said
단계 while the settings called the same count 갱신 횟수 (updates), the optimizers pane's word."""
import pytest

from workbench.app.app import make_app
from workbench.app.settings_form import SettingField, SettingsScreen
from workbench.models.catalog import pane

from screen_text import until

WORDS = {None: ("steps", "step", "update"), "ko": ("단계 수", "단계", "갱신")}


@pytest.mark.parametrize("lang", WORDS)
async def test_the_settings_count_the_walk_in_steps_as_the_pane_does(lang):
    label, word, other = WORDS[lang]
    app = make_app(pane=("descent", pane("descent").parse(["step=3"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query("#pane-area > *"))      # the pane that takes s
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query(SettingField))
        fields = {field.key: field for field in app.screen.query(SettingField)}
        assert fields["steps"].label == label
        said = " ".join(f"{field.label} {field.help_text}" for field in fields.values())
        assert word in fields["steps"].help_text and word in fields["step"].help_text
        assert other not in said, said
