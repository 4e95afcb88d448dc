"""The pane screen gives its pane the keys back after a refresh only when its place can have changed and
nothing else took them meanwhile (perf52): Textual's second Resize of the first size, late on a busy
machine, took the keys back from a field focused the moment after the screen opened (a learner's click;
ci51a's test fought it for 120 s in the full suite)."""
from textual import events
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.base import Pane
from screen_text import until

SIZE = (80, 24)


async def after_what_is_queued(pilot, screen) -> None:
    """Run until what `screen` was sent so far is handled and the refresh after it is over (so a
    `focus_pane` it asked for has run)."""
    done = []
    screen.call_later(lambda: screen.call_after_refresh(done.append, True))
    await until(pilot, lambda: done)


async def opened_with_a_field(pilot):
    app = pilot.app
    pane = app.screen.query_one(Pane)
    await until(pilot, lambda: pane.has_focus)
    await after_what_is_queued(pilot, app.screen)
    field = Input()                   # a widget of the screen's own other than the pane
    await app.screen.mount(field)
    return pane, field


async def test_a_resize_to_the_size_the_screen_has_leaves_the_keys_in_a_field():
    app = make_app(pane=("loss", None))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        pane, field = await opened_with_a_field(pilot)
        screen.set_focus(field)
        screen.post_message(events.Resize(screen.size, screen.size))      # as App._check_resize sends it
        await after_what_is_queued(pilot, screen)
        assert field.has_focus and not pane.has_focus, screen.focused


async def test_a_field_focused_after_the_keys_were_asked_for_keeps_them():
    """`t` asks for the pane's keys after the refresh that shows the help; a click into a field before
    that refresh keeps the field."""
    app = make_app(pane=("loss", None))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        pane, field = await opened_with_a_field(pilot)
        screen.text_folded = not screen.text_folded
        screen.set_focus(field)
        await after_what_is_queued(pilot, screen)
        assert field.has_focus and not pane.has_focus, screen.focused


async def test_the_pane_still_gets_the_keys_back_when_text_and_pane_take_turns():
    """At 70×24 `t` shows the help in the pane's place and `t` again the pane, with the keys."""
    app = make_app(pane=("loss", None))
    async with app.run_test(size=(70, 24)) as pilot:
        screen = app.screen
        pane = screen.query_one(Pane)
        await until(pilot, lambda: pane.has_focus)
        await pilot.press("t")
        await until(pilot, lambda: not screen.text_folded and pane not in screen.focus_chain)
        await pilot.press("t")
        await until(pilot, lambda: screen.text_folded and pane.has_focus)
