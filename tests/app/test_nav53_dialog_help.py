"""F1 in a dialog (go-to, settings, data sets) opens its keys and help, as it does on every other screen:
a dialog hides the app's keys, and F1 did nothing there. The data sets' box closes on a click beside it,
as the other dialogs do, and the go-to prompt outside a lesson asks for no step of "this lesson"."""
import pytest

from workbench.app.app import make_app
from workbench.app.data_status import DataStatusScreen
from workbench.app.goto import GoToScreen
from workbench.app.help_screen import HelpScreen, help_text
from workbench.app.settings_form import SettingsScreen
from workbench.i18n import set_language, t

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


@pytest.fixture
def quick_report(monkeypatch):
    """The data sets' report without reading the data sets (a checksum of each file)."""
    from workbench.datasets import console

    monkeypatch.setattr(console, "status", lambda out: out.write("MNIST\n  ready\n") and 0)


async def open_dialog(app, pilot, dialog):
    if dialog == "goto":
        await pilot.press("colon")
    elif dialog == "settings":
        await pilot.press("s")
    else:
        app.push_screen(DataStatusScreen())
    await pilot.pause()
    kind = {"goto": GoToScreen, "settings": SettingsScreen, "datasets": DataStatusScreen}[dialog]
    assert isinstance(app.screen, kind)
    return app.screen


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("dialog", ["goto", "settings", "datasets"])
async def test_f1_in_a_dialog_shows_its_keys_and_help_and_f1_goes_back_to_it(lang, dialog, quick_report):
    app = make_app(lesson_id="perceptron", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        under = await open_dialog(app, pilot, dialog)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.under is under
        text = help_text(under)
        assert under.HELP.strip() in text and t("help.key.open.tip") in text
        assert t("help.everywhere") not in text        # the app's keys are not active under a dialog
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen is under


async def test_the_dialogs_footer_names_f1():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_dialog(app, pilot, "goto")
        from screen_text import screen_lines

        assert screen_lines(app)[-1].split() == ["esc", "Close", "F1", "Help"]


async def test_a_click_beside_the_data_sets_box_closes_it(quick_report):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_dialog(app, pilot, "datasets")
        await pilot.click(offset=(0, SIZE[1] // 2))          # the dimmed screen at the box's left
        await pilot.pause()
        assert not isinstance(app.screen, DataStatusScreen)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_go_to_outside_a_lesson_asks_for_a_lesson_not_a_step_of_this_one(lang):
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_dialog(app, pilot, "goto")
        field = screen.query_one("#goto-input")
        assert field.placeholder == t("goto.placeholder.no_lesson")
        await pilot.press("enter")
        await pilot.pause()
        assert str(screen.query_one("#goto-error").render()) == t("goto.empty.no_lesson")
    assert "(2)" not in t("goto.empty.no_lesson") and "(2)" in t("goto.empty")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_go_to_help_keeps_a_lesson_and_its_step_on_one_row(lang):
    """"7.1 2" (lesson 7.1, step 2) broke after 7.1 in the Korean help at 80×24, read as two examples."""
    from screen_text import screen_lines

    app = make_app(lesson_id="perceptron", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_dialog(app, pilot, "goto")
        await pilot.press("f1")
        await pilot.pause()
        rows = [row.replace("\xa0", " ") for row in screen_lines(app) if "│" in row]
    assert any("7.1 2" in row for row in rows), rows
