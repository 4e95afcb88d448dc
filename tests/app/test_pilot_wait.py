"""The tests' wait for an idle app (tests/conftest.py, `_wait_for_idle_but_jobs`): it ends soon once the
app has nothing left to do, and never while something the app was sent or set itself is still to run."""
import asyncio
import sys

from textual._wait import SLEEP_GRANULARITY
from textual.app import App
from textual.widgets import Static


class Quiet(App):
    def compose(self):
        yield Static("quiet", id="quiet")


def windows_slept(monkeypatch) -> list[float]:
    """The sleeps the idle wait asks for from now on (the app's own sleeps left out)."""
    slept, sleep = [], asyncio.sleep

    def recorded(delay, *args, **kwargs):
        if sys._getframe(1).f_code.co_name == "_wait_for_idle_but_jobs":
            slept.append(delay)
        return sleep(delay, *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", recorded)
    return slept


async def test_a_pause_of_an_app_with_nothing_to_do_ends_before_textuals_idle_window(monkeypatch):
    """Textual's wait slept a whole 20 ms window after every pause and twice after every key press."""
    app = Quiet()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        await pilot.pause()
        slept = windows_slept(monkeypatch)
        await pilot.pause()
        await pilot.press("x")
    assert slept and sum(slept) < 3 * SLEEP_GRANULARITY, slept      # three waits, each under one window


async def test_a_pause_waits_for_a_timer_due_within_textuals_idle_window():
    """A plain short window ended the wait before a timer the app had set for a few ms later (the
    compare tests that failed with a 5 ms window at stop 44)."""
    app = Quiet()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        for delay in (0.008, 0.015):
            fired = []
            app.set_timer(delay, lambda: fired.append(True))
            await pilot.pause()
            assert fired, delay


async def test_a_pause_waits_for_the_messages_a_timer_sends_on():
    """A timer's callback posts a message whose handler updates the screen: the wait lets both run."""
    app = Quiet()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        static = app.query_one("#quiet", Static)
        app.set_timer(0.01, lambda: static.call_later(static.update, "done"))
        await pilot.pause()
        assert str(static.render()) == "done"
