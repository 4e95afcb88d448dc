"""The lesson screen gives its pane the keys after a refresh only when nothing else took them since it
asked, as the pane screen does (perf52): a click into a field of the pane (the loss pane's y) the moment
after `t`, or after a step was shown, kept its keys only until that refresh, and what the learner typed
next went to the pane's keys instead."""
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.app.panes.base import Pane
from screen_text import until
from test_perf52_pane_focus import after_what_is_queued

SIZE = (80, 24)


async def opened(pilot):
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, LessonScreen) and not app.screen.building)
    pane = app.screen.query_one(Pane)
    await until(pilot, lambda: pane.has_focus)
    await after_what_is_queued(pilot, app.screen)
    return app.screen, pane, pane.query(Input).first()


async def test_a_field_focused_after_t_asked_for_the_panes_keys_keeps_them():
    app = make_app(lesson_id="loss-functions", step=1, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen, pane, field = await opened(pilot)
        screen.text_folded = not screen.text_folded       # `t`: the keys asked for after the refresh
        screen.set_focus(field)                            # the learner's click, before that refresh
        await after_what_is_queued(pilot, screen)
        assert field.has_focus and not pane.has_focus, screen.focused


async def test_the_pane_still_gets_the_keys_when_nothing_else_took_them():
    app = make_app(lesson_id="loss-functions", step=1, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen, pane, field = await opened(pilot)
        screen.set_focus(field)
        await after_what_is_queued(pilot, screen)
        screen.text_folded = not screen.text_folded       # asked after the field took them: given back
        await after_what_is_queued(pilot, screen)
        assert pane.has_focus, screen.focused
