"""Enter in a field of the settings dialog applies its value and closes the dialog when every value is
good; a refused value keeps it open with its error in place. The footer says so while a field is typed in."""
import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.key_bar import KeyBar
from workbench.app.settings_form import SettingField, SettingsScreen
from screen_text import until


def pane_of(app):
    return next(w for w in app.screen.walk_children() if hasattr(w, "prepare_settings_screen"))


async def typed_in_dialog(pilot, app, key: str, text: str):
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query(f"#field-{key}"), 10)
    box = app.screen.query_one(f"#field-{key}", Input)
    box.focus()
    await pilot.pause()
    box.value = text
    return box


@pytest.mark.parametrize("lang, label", [(None, "Apply & close"), ("ko", "적용하고 닫기")])
async def test_enter_applies_a_good_value_and_closes_the_dialog(lang, label):
    app = make_app(pane=("symmetry", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = pane_of(app)
        await typed_in_dialog(pilot, app, "lr", "0.05")
        await pilot.pause()
        assert label in app.screen.query_one(KeyBar).render().plain
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), 10)
        assert pane.settings.lr == 0.05 and pane.error is None


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_enter_on_a_refused_value_keeps_the_dialog_open_with_its_error(lang):
    app = make_app(pane=("symmetry", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = pane_of(app)
        box = await typed_in_dialog(pilot, app, "hidden", "60")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        field = next(f for f in app.screen.query(SettingField) if f.key == "hidden")
        assert isinstance(app.screen, SettingsScreen) and field.error and "60" in field.error
        assert box.value == "60" and pane.settings.hidden == 6
        box.value = "4"                           # corrected: Enter now closes
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), 10)
        assert pane.settings.hidden == 4


async def test_enter_in_a_panes_own_field_still_only_applies():
    """The footer of a pane's inline field says Apply, as before: there is no dialog to close."""
    app = make_app(pane=("train", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#field-lr", Input)
        box.focus()
        await pilot.pause()
        bar = app.screen.query_one(KeyBar).render().plain
        assert "Apply" in bar and "close" not in bar
