"""`s` pressed while the dialog made ahead is still composing its fields (a second after the pane was
shown, on a busy machine): the opening marked the fields that were there, none yet, and said they were
marked, so the dialog's own marking as it came up was skipped; the fields were then made with the
pane's good settings, unmarked. The forward pane's own W1 held a refused row of 4: the dialog showed the
good W1 without the error (test_settings_dialog's test of it failed once so, under load)."""
import asyncio

from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.forward import ForwardPane
from workbench.app.settings_form import SettingField, SettingsForm, SettingsScreen
from workbench.models.catalog import pane as entry
from screen_text import until

REFUSED = "0.1 0.3 0.5 0.7; 0.2 0.4 0.6 0.8"


async def test_a_dialog_opened_as_its_fields_are_made_shows_the_refused_value_with_its_error(monkeypatch):
    monkeypatch.setattr("workbench.app.shell.SETTINGS_AHEAD_AFTER", 600)     # made below, at the moment chosen
    app = make_app(pane=("forward", entry("forward").parse(["step=1"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ForwardPane)
        box = p.query_one("#field-w1", Input)
        box.focus()
        box.value = REFUSED
        await pilot.press("enter")
        await until(pilot, lambda: p.error is not None, 10)
        p.focus()
        await until(pilot, lambda: not box.has_focus, 10)
        made = p.prepare_settings_screen()              # made ahead, as a second after the pane was shown
        for _ in range(10_000):                         # its form there, its fields still being made
            forms = made.query(SettingsForm)
            if forms and not forms.first().is_mounted:
                break
            await asyncio.sleep(0)
        assert forms and not forms.first().is_mounted, "caught the form while its fields were made"
        p.action_edit_settings()                        # `s` at that moment
        await until(pilot, lambda: app.screen is made and made.query("#field-w1"), 10)
        await pilot.pause()
        field = next(f for f in made.query(SettingField) if f.key == "w1")
        assert field.query_one("#field-w1", Input).value == REFUSED
        assert "must have 3 numbers, got 4" in (field.error or "")
        assert "must have 3 numbers, got 4" in str(field.query_one(".setting-hint").render())
