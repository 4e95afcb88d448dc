"""A field takes typing as a learner expects: the click that gives it the keys selects its value, so what
is typed replaces it ("0.001", clicked, then "0.01" typed, is 0.01, not 0.0010.01); a second click inside
places the cursor where it lands; Ctrl+A and Ctrl+E go to the start and the end, as in a shell."""
import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.settings_form import SettingsScreen
from screen_text import until


async def typed(pilot, keys: str) -> None:
    await pilot.press(*("full_stop" if key == "." else key for key in keys))


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_click_in_a_panes_field_selects_its_value_and_a_second_click_places_the_cursor(lang):
    app = make_app(pane=("train", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#field-lr", Input)
        assert box.value == "0.001" and not box.has_focus
        assert await pilot.click(box, offset=(2, 0))
        await until(pilot, lambda: box.has_focus)
        await typed(pilot, "0.01")
        assert box.value == "0.01"
        assert await pilot.click(box, offset=(1, 0))       # it has the keys: the cursor after the 0
        await typed(pilot, "5")
        assert box.value == "05.01"
        await pilot.press("ctrl+a")
        await typed(pilot, "9")
        await pilot.press("ctrl+e")
        await typed(pilot, "8")
        assert box.value == "905.018"


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_click_in_a_field_of_the_settings_dialog_selects_its_value(lang):
    app = make_app(pane=("symmetry", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query("#field-lr"), 10)
        box = app.screen.query_one("#field-lr", Input)
        await until(pilot, lambda: box.region.height > 0)
        before = box.value
        assert await pilot.click(box, offset=(len(before) + 2, 0))     # past its end, where it was put
        await until(pilot, lambda: box.has_focus)
        await typed(pilot, "0.5")
        assert before != "0.5" and box.value == "0.5"


async def test_tab_into_a_field_selects_its_value_too():
    app = make_app(pane=("train", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        epochs = app.screen.query_one("#field-epochs", Input)
        app.screen.query_one("#field-lr", Input).focus()
        await pilot.pause()
        await pilot.press("tab")
        await until(pilot, lambda: epochs.has_focus)
        await typed(pilot, "3")
        assert epochs.value == "3"


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_dialogs_first_field_is_selected_at_every_opening(lang):
    """The loss pane's dialog opens in its y field: opened again, the field had the keys still from the
    last opening, no focus selected its value, and what was typed went in where the cursor was left."""
    app = make_app(pane=("loss", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press("s")
            await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query("#field-y"))
            box = app.screen.query_one("#field-y", Input)
            await until(pilot, lambda: box.has_focus)
            await pilot.pause()
            await typed(pilot, "1")
            assert box.value == "1"
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, SettingsScreen))
