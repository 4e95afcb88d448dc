"""A range stays whole on screen: the settings dialog at 80×24 ended a row with "allowed: from −10 to"
and put "10" alone on the next (conv's bias), and a hint with "a whole number from" over "0 to 9,999";
the catalog's ranges (settings.range / span / allowed, in both languages) now hold no-break spaces."""
import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.settings_form import SettingsScreen
from workbench.models.catalog import pane
from workbench.models.settings import SettingError
from screen_text import field_error, screen_lines

SIZE = (80, 24)
WHOLE = {"en": ("from −10 to 10", "from 0 to 9,999"), "ko": ("(−10부터 10까지)", "(0부터 9,999까지)")}


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def plain(shown: str) -> str:
    return shown.replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_dialog_keeps_a_range_on_one_row(lang):
    app = make_app(pane=("conv", None), lang=lang)
    error, hint = WHOLE[lang]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SettingsScreen)
        dialog.query_one("#field-index", Input).focus()
        await pilot.pause()
        rows = [plain(row) for row in screen_lines(app)]
        assert any(hint in row for row in rows), "\n".join(rows)
        field = dialog.query_one("#field-bias", Input)
        field.focus()
        await pilot.pause()
        field.value = "200"
        await pilot.press("tab")
        await pilot.pause()
        assert error in plain(field_error(dialog, "bias"))
        rows = [plain(row) for row in screen_lines(app)]
        assert any(error in row for row in rows), "\n".join(rows)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_range_a_setting_states_has_no_break_inside_it(lang):
    """The words of a range (its numbers, "from … to", "부터 … 까지") are joined by no-break spaces, so
    any text that wraps at spaces, the dialog's or a console's, keeps them on one row."""
    from workbench.i18n import set_language

    set_language(lang)
    entry = pane("conv")
    with pytest.raises(SettingError) as raised:
        entry.parse(["bias=200"])
    said = str(raised.value)
    assert WHOLE[lang][0].replace(" ", "\u00a0") in said, repr(said)
