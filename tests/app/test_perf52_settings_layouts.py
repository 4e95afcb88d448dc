"""A settings dialog made ahead is laid out off screen as often as Textual would lay it out as it is first
shown, so that its first opening only draws it (perf52): two layouts made at once left the second one
Textual asks for (every widget's first scrolling size) to the opening, a layout of the whole dialog."""
import pytest

from workbench.app.app import make_app
from screen_text import until
from test_step_layouts import count_layouts_and_frames, settled


@pytest.fixture
def made_soon(monkeypatch):
    """A pane's dialog is made 0.05 s after the pane is shown instead of a second."""
    monkeypatch.setattr("workbench.app.shell.SETTINGS_AHEAD_AFTER", 0.05)


def requests_arrived(screen) -> bool:
    """Whether no widget of `screen` holds a layout request it has not sent to the screen yet, and the
    screen has handled what it was sent."""
    return not screen._message_queue.qsize() and not any(w._layout_required for w in screen.walk_children())


@pytest.mark.parametrize("pane", ["train", "graph"])
async def test_the_first_opening_of_a_dialog_made_ahead_lays_nothing_out(made_soon, pane):
    app = make_app(pane=(pane, None))
    async with app.run_test(size=(80, 24)) as pilot:
        owner = next(w for w in app.screen.walk_children() if hasattr(w, "prepare_settings_screen"))
        await until(pilot, lambda: owner._settings_screen is not None)
        made = owner._settings_screen[1]
        await until(pilot, lambda: made.is_mounted)
        ahead = count_layouts_and_frames(app, made)
        await until(pilot, lambda: made.query("#settings-box") and made.query_one("#settings-box").size)
        await until(pilot, lambda: requests_arrived(made))
        await settled(pilot, ahead)
        assert ahead["frames"] == 0, ahead                   # laid out off screen, never drawn
        counts = count_layouts_and_frames(app, made)
        await pilot.press("s")
        await until(pilot, lambda: app.screen is made and made.focused is not None and requests_arrived(made))
        await settled(pilot, counts)
        assert counts["layouts"] == 0 and counts["frames"] >= 1, counts


async def test_an_opening_marks_the_fields_once(made_soon, monkeypatch):
    """Each opening set the pane's settings and error into the fields (`show_pane`), and then, as the
    dialog resumed, worked out every field's line again for the same error."""
    from workbench.app.settings_form import SettingsForm

    marks = []
    mark = SettingsForm.mark
    monkeypatch.setattr(SettingsForm, "mark", lambda form, *a, **k: marks.append(form) or mark(form, *a, **k))
    app = make_app(pane=("train", None))
    async with app.run_test(size=(80, 24)) as pilot:
        owner = next(w for w in app.screen.walk_children() if hasattr(w, "prepare_settings_screen"))
        await until(pilot, lambda: owner._settings_screen is not None)
        made = owner._settings_screen[1]
        await until(pilot, lambda: made.query("#settings-box") and requests_arrived(made))
        for _ in range(2):
            marks.clear()
            counts = count_layouts_and_frames(app, made)
            await pilot.press("s")
            await until(pilot, lambda: app.screen is made and made.focused is not None and counts["frames"])
            await settled(pilot, counts)                  # resumed and drawn
            assert len(marks) == 1, marks
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is not made)
