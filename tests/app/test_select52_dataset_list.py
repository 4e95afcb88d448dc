"""The playground dialog's list of data sets, driven as a learner drives it: ↓ on the closed list opens
it with the current value highlighted, ↓ again moves one down, Enter chooses. Reported as "↓ then Enter
left the value at circles": the playground starts on xor, the list's first choice, so one ↓ there is
circles — the list did what it was asked; the pane takes the choice at once and keeps it as the dialog
closes, and the dialog opened again shows it."""
import pytest

from workbench.app.app import make_app
from workbench.app.settings_form import SettingsScreen
from workbench.models.catalog import pane as entry
from screen_text import screen_lines, until


def pane_of(app):
    return next(w for w in app.screen.walk_children() if hasattr(w, "prepare_settings_screen"))


async def opened(pilot, app):
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query("#field-dataset"), 10)
    await pilot.pause()
    return app.screen.query_one("#field-dataset")


@pytest.mark.parametrize("lang, shown", [(None, "moons"), ("ko", "두 초승달")])
@pytest.mark.parametrize("start, chosen", [("xor", "circles"), ("circles", "moons")])
async def test_down_down_enter_chooses_the_next_data_set_and_the_pane_keeps_it(lang, shown, start, chosen):
    app = make_app(pane=("playground", entry("playground").parse([f"dataset={start}"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = pane_of(app)
        listed = await opened(pilot, app)
        assert app.focused is listed and listed.value == start
        await pilot.press("down")                       # opens the list, the current value highlighted
        await until(pilot, lambda: listed.expanded)
        await pilot.press("down", "enter")
        await until(pilot, lambda: not listed.expanded)
        assert listed.value == chosen and pane.settings.dataset == chosen
        assert isinstance(app.screen, SettingsScreen), "a choice from the list leaves the dialog open"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), 10)
        await pilot.pause()
        assert pane.settings.dataset == chosen
        if chosen == "moons":
            assert shown in screen_lines(app)[1], "the pane's line names the data set chosen"
        listed = await opened(pilot, app)
        assert listed.value == chosen
