"""The pane base, through the perceptron and activation panes: compute only on new settings, errors
in place with the last good state kept, fields and the settings dialog, jobs that stop with the pane."""
import copy
import dataclasses
import subprocess
import sys
import threading
import time

import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.activation_plot import ActivationPlot
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.perceptron import PerceptronPane
from workbench.app.plotting import Plot
from workbench.app.settings_form import SettingField, SettingsScreen
from workbench.models.settings import SettingError
from screen_text import screen_lines, until, until_drawn

SIZE = (80, 24)


def counting(pane):
    """Wrap the pane's model so the test can count its calls."""
    calls = []
    compute = pane.entry.compute
    pane.entry = copy.copy(pane.entry)
    pane.entry.compute = lambda s: calls.append(s) or compute(s)
    return calls


async def typed_in_the_dialog(pilot, app, key: str, value: str) -> Input:
    """Open the settings dialog and put `value` in the field of setting `key`, focused; the field."""
    await pilot.press("s")
    await pilot.pause()
    field = app.screen.query_one(f"#field-{key}", Input)
    field.focus()
    field.value = value
    return field


async def test_the_model_runs_only_when_the_settings_change():
    app = make_app(pane=("activation-plot", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ActivationPlot)
        calls = counting(pane)
        pane.settings = pane.settings            # the same settings: nothing to do
        await pilot.resize_terminal(100, 30)     # a resize renders again, computes nothing
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        assert calls == []
        await pilot.press("2")
        assert len(calls) == 1 and pane.settings.functions == ("step", "relu")


async def test_a_refused_value_is_shown_in_place_and_the_last_good_state_stays():
    app = make_app(pane=("activation-plot", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ActivationPlot)
        good, result = pane.settings, pane.result
        assert pane.apply(x_min=9.0) is False      # x_min beyond x_max
        await pilot.pause()
        assert pane.settings == good and pane.result is result
        line = pane.query_one(ErrorLine)
        assert line.display and "x_min (9) must be less than x_max (6)" in str(line.render())
        assert pane.apply(x_min=-2.0)
        await pilot.pause()
        assert not line.display and pane.settings.x_min == -2.0


async def test_the_settings_dialog_marks_a_bad_field_and_applies_a_good_one():
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#field-w1", Input)
        field.focus()
        field.value = "heavy"
        await pilot.press("enter")
        await pilot.pause()
        row = app.screen.query(SettingField).filter("#settings-form SettingField").first()
        assert row.key == "w1" and row.has_class("-invalid")
        hint = str(row.query_one(".setting-hint").render()).replace("\u00a0", " ")    # a range's no-break spaces
        assert 'w1 must be a number from −10 to 10, got "heavy"' in hint
        assert pane.settings.w1 == 0.5
        field.value = "-1"
        await pilot.press("enter")                  # good now: applied, and the dialog closes
        await pilot.pause()
        assert pane.settings.w1 == -1.0 and not row.has_class("-invalid")
        assert app.screen.query_one(PerceptronPane) is pane


async def test_the_settings_dialog_is_kept_and_shows_the_settings_of_the_moment():
    """Made once (building its widgets again at every opening took hundreds of milliseconds), it
    shows settings changed elsewhere since it was last open, and focus starts on the first field."""
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        await pilot.press("s")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, SettingsScreen)
        assert app.focused is first.query("#settings-form Input, #settings-form Select").first()
        await pilot.press("escape")
        await pilot.pause()
        assert pane.apply(w1=0.25)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is first
        assert app.screen.query_one("#field-w1", Input).value == "0.25"
        assert app.focused is first.query("#settings-form Input, #settings-form Select").first()
        await pilot.press("escape")
        await pilot.pause()
        app.pop_screen()             # the pane goes away: so does its dialog
        await pilot.pause()
        assert not any(screen is first for screen in app._installed_screens.values())


async def test_a_plot_is_rebuilt_at_most_four_times_a_second():
    app = make_app(pane=("activation-plot", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ActivationPlot)
        plot = pane.query_one(Plot)
        await until_drawn(pilot, plot)
        before = plot.builds
        start = time.monotonic()
        for _ in range(40):
            await pilot.press("right_square_bracket")
        await pilot.pause(0.3)
        elapsed = time.monotonic() - start
        assert plot.builds - before <= elapsed * 4 + 2


async def test_a_job_reports_to_its_pane_and_stops_when_the_pane_goes():
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        seen, ended = [], []
        pane.job_progress = lambda name, event: seen.extend(event.items)
        pane.job_done = lambda name, event: ended.append(event.reason)
        started = threading.Event()

        def work(ctx):
            for i in range(10 ** 9):
                ctx.checkpoint()
                ctx.emit(i)
                started.set()
                time.sleep(0.001)

        job = pane.start_job("demo", work)
        started.wait(5)
        await until(pilot, lambda: len(seen) >= 2)
        assert seen == list(range(len(seen)))
        await pilot.press("escape")             # the pane goes away with its screen
        await pilot.pause()
        assert job.wait(5) and job.reason == "cancelled"


QUIT_WITH_A_PAUSED_JOB = """
import time
from workbench.app.app import make_app
from workbench.app.panes.perceptron import PerceptronPane

app = make_app(pane=("perceptron", None))

async def script(pilot):
    pane = app.screen.query_one(PerceptronPane)
    def work(ctx):
        while True:
            ctx.checkpoint()
            sum(range(10000))
    job = pane.start_job("forever", work)
    await pilot.pause(0.2)
    job.pause()
    await pilot.press("ctrl+q")

import asyncio
async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await script(pilot)
asyncio.run(main())
print("exited", app.return_code)
"""


def test_quitting_with_a_paused_job_exits_at_once_with_status_0():
    done = subprocess.run([sys.executable, "-c", QUIT_WITH_A_PAUSED_JOB], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("exited 0")


async def test_an_error_in_a_pane_action_is_shown_in_place_and_the_app_goes_on():
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        type(pane).action_choose.__wrapped__  # the guard is there
        pane.chosen = "nonexistent"            # the next nudge reads a setting that does not exist
        await pilot.press("plus")
        await pilot.pause()
        assert app.is_running and pane.error is not None
        assert "something went wrong here" in str(pane.query_one(ErrorLine).render())
        await pilot.press("1", "plus")
        await pilot.pause()
        assert pane.settings.w1 == 0.6


async def test_a_job_runs_on_while_the_lesson_steps_with_the_same_pane_and_stops_when_the_pane_goes():
    app = make_app(lesson_id="activation-functions", step=0)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ActivationPlot)
        started = threading.Event()

        def work(ctx):
            while True:
                ctx.checkpoint()
                started.set()
                time.sleep(0.001)

        job = pane.start_job("demo", work)
        started.wait(5)
        await pilot.press("right", "right")        # the same pane, new settings
        await pilot.pause()
        assert app.screen.query_one(ActivationPlot) is pane and not job.done
        await pilot.press("escape")                # the lesson closes
        await pilot.pause()
        assert job.wait(5) and job.reason == "cancelled"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_text_typed_to_correct_a_refused_value_is_visible(size):
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=size) as pilot:
        await pilot.press("s")
        await pilot.pause()
        field = app.screen.query_one("#field-w1", Input)
        field.focus()
        field.value = "heavy"
        await pilot.press("enter")
        await pilot.pause()
        field.value = "0.75"
        await pilot.pause()
        assert field.content_region.height == 1
        row = next(line for line in screen_lines(app) if " w1 " in line)
        assert "0.75" in row


async def test_the_settings_dialog_says_each_settings_help_once():
    app = make_app(pane=("graph", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        text = " ".join(" ".join(line.strip(" │") for line in screen_lines(app)).split())
        assert text.count("name=value pairs") == 1 and text.count("apple=150") == 1


async def test_a_pane_being_removed_neither_redraws_nor_fails_on_its_error_line():
    """A step that moves on removes its pane while the pane's redraw after a resize may still be
    waiting (test_shell's walk through every step met it: '#train-tabs' and ErrorLine gone)."""
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        await pane.remove_children()
        pane.refresh_view()
        pane.report_failure(RuntimeError("drawn on nothing"))
        await pilot.pause()
        assert app.is_running


async def test_a_value_refused_in_the_dialog_stays_to_be_corrected_and_goes_with_its_error_on_escape():
    """Leaving the field (Tab) keeps the refused text beside its error; closing the dialog drops both,
    so neither the pane nor the dialog opened again shows an error for the value in use."""
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        field = await typed_in_the_dialog(pilot, app, "w1", "abc")
        await pilot.press("tab")
        await pilot.pause()
        assert field.value == "abc" and pane.error is not None and pane.settings.w1 == 0.5
        await pilot.press("escape")
        await pilot.pause()
        assert pane.error is None and not pane.query_one(ErrorLine).display
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#field-w1", Input).value == "0.5"
        assert not any(row.has_class("-invalid") for row in app.screen.query(SettingField))


async def test_an_error_of_the_settings_in_use_stays_when_the_dialog_closes():
    app = make_app(pane=("activation-plot", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ActivationPlot)
        compute = pane.entry.compute
        pane.entry = copy.copy(pane.entry)

        def refusing(settings):
            if settings.x_min == -3.0:
                raise SettingError(None, "the model refuses these")
            return compute(settings)
        pane.entry.compute = refusing
        pane.settings = dataclasses.replace(pane.settings, x_min=-3.0)   # as a lesson step sets them
        await pilot.pause()
        assert pane.error is not None
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert pane.error is not None and pane.query_one(ErrorLine).display


async def test_the_settings_dialog_scrolls_to_the_field_in_focus():
    app = make_app(pane=("playground", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        box = app.screen.query_one("#settings-box")
        for _ in range(len(app.screen.query(SettingField)) - 1):
            await pilot.press("tab")
            await pilot.pause()
            assert box.content_region.contains_region(app.focused.region), app.focused.id
        assert box.scroll_y > 0


@pytest.mark.parametrize("typed, kept", [("abc", 0.5), ("-2", -2.0)])
async def test_escape_in_a_field_applies_a_good_value_and_drops_a_refused_one(typed, kept):
    app = make_app(pane=("perceptron", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        await typed_in_the_dialog(pilot, app, "w1", typed)
        if typed == "abc":
            await pilot.press("enter")                     # refused, and the field keeps its focus
            await pilot.pause()
            assert pane.error is not None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert pane.settings.w1 == kept and pane.error is None


async def test_a_value_refused_in_another_settings_words_is_marked_where_it_was_typed():
    app = make_app(pane=("loss", None))
    async with app.run_test(size=SIZE) as pilot:
        field = await typed_in_the_dialog(pilot, app, "y", "0.2 0.8")     # two classes, while t = 2
        await pilot.press("enter")
        await pilot.pause()
        marked = {row.key for row in app.screen.query(SettingField) if row.has_class("-invalid")}
        assert marked == {"y", "t"} and field.value == "0.2 0.8"
