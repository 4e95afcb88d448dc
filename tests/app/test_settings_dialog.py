"""The settings dialog: opening it changes nothing, and it follows the terminal when that is resized."""
from workbench.app.app import make_app
from workbench.app.settings_form import SettingsScreen


def pane_of(app):
    return next(w for w in app.screen.walk_children() if hasattr(w, "prepare_settings_screen"))


async def test_opening_the_dialog_edits_nothing(monkeypatch):
    """Its lists of choices announce their values as they mount; those are not edits of the pane."""
    app = make_app(pane=("train", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = pane_of(app)
        edits = []
        monkeypatch.setattr(pane, "edit", lambda key, text: edits.append((key, text)) or True)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and edits == []


async def test_the_dialog_is_laid_out_again_when_the_terminal_is_resized():
    app = make_app(pane=("train", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        box = app.screen.query_one("#settings-box")
        before = box.outer_size
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert box.outer_size.height > before.height and box.outer_size.width > before.width
        background = app.screen_stack[-2]
        assert background.outer_size == (100, 40)     # the pane beneath too
