"""A whole number of 1,000 or more shows grouped in its field, as every pane writes a count (test_size
1,000 beside "test images 1,000"); typed with or without the commas, it is read alike, and a comma that
groups nothing (1,5) is still refused."""
import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.settings_form import SettingsScreen
from workbench.models.catalog import pane
from workbench.models.settings import SettingError
from screen_text import until


def focused(box: Input) -> bool:
    box.focus()
    return box.has_focus


@pytest.mark.parametrize("typed, value", [("1000", 1000), ("1,000", 1000), ("60,000", 60000), (" 2,500 ", 2500),
                                          ("999", 999), ("−1,000", -1000)])
def test_a_whole_number_is_read_with_or_without_its_thousands_grouped(typed, value):
    from workbench.models.settings import Int
    assert Int(None, None).from_text("n", typed) == value


@pytest.mark.parametrize("typed", ["1,5", "10,00", "1,0000", ",100", "1,,000"])
def test_a_comma_that_groups_no_thousands_is_refused(typed):
    with pytest.raises(SettingError):
        pane("train").parse([f"test_size={typed}"])


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_panes_field_and_the_dialog_show_the_count_grouped_and_take_it_either_way(lang):
    app = make_app(pane=("train", pane("train").parse(["test_size=1000", "train_size=200"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query("#field-test_size"), 10)
        train = next(w for w in app.screen.walk_children() if hasattr(w, "prepare_settings_screen"))
        own = app.screen.query_one("#field-test_size", Input)
        assert own.value == "1,000" and app.screen.query_one("#field-train_size", Input).value == "200"
        await until(pilot, lambda: focused(own), 10)       # the pane takes focus as it first shows
        own.value = "1500"
        await pilot.press("enter")
        await until(pilot, lambda: train.settings.test_size == 1500, 10)
        train.focus()
        await until(pilot, lambda: own.value == "1,500", 10)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query("#field-test_size"), 10)
        box = app.screen.query_one("#field-test_size", Input)
        assert box.value == "1,500"
        box.focus()
        await pilot.pause()
        box.value = "2,000"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen), 10)
        assert train.settings.test_size == 2000 and train.error is None
        await until(pilot, lambda: own.value == "2,000", 10)
