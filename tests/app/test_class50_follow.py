"""A follower moves as the presenter's position arrives, not at its next tick (class50's walk).

Walked as a class (a presenter in tmux, two browsers and a `workbench follow` terminal on one 2-core
machine at a load of 8), a step reached the students 0.2–0.3 s after the presenter's key and a step
with another pane 0.6–1.5 s: a position waited for the next follow tick (TICK / 2 on average), and a
pane's settings for a tick after the step that brought the pane. Here the ticks are an hour apart, so
only catching up at once gets the follower anywhere.
"""
import asyncio

import pytest

from workbench.app import classroom
from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.classroom.channel import Address, ChannelState
from workbench.classroom.position import Position, settings_text
from workbench.course.files import load_course
from workbench.models.catalog import pane
from follow_fixtures import NOWHERE, Published, arrived, as_if_live
from screen_text import until

PERCEPTRON = load_course().lesson("perceptron")


def perceptron_at(step: int, *assignments: str) -> Position:
    base = PERCEPTRON.steps[step].pane_settings
    return Position(PERCEPTRON.id, step, "perceptron", settings_text(pane("perceptron").parse(assignments, base)))


async def arrives_from_the_channel(app, position: Position) -> None:
    """As the subscriber's thread hands a position over (the app's loop runs meanwhile: a thread joined
    from it waited, 10 s, for the app to take the position it was handing over)."""
    await asyncio.to_thread(app._presenter_moved, position)


async def test_a_follower_goes_to_the_presenters_step_and_settings_without_waiting_for_a_tick(monkeypatch):
    monkeypatch.setattr(classroom, "TICK", 3600.0)
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        await arrives_from_the_channel(app, perceptron_at(1))            # another lesson: opened at once
        await arrived(pilot, app)
        assert isinstance(app.screen, LessonScreen) and (app.screen.lesson.id, app.screen.index) == (PERCEPTRON.id, 1)
        await arrives_from_the_channel(app, perceptron_at(2, "w1=1.5"))  # a step, then its pane's settings
        await arrived(pilot, app)
        assert app.screen.index == 2 and app.screen.pane.settings.w1 == 1.5



async def test_a_catch_up_on_a_pane_screen_whose_pane_is_not_mounted_yet_waits_for_it(monkeypatch):
    """Catching up as soon as a pane screen is pushed found no pane in it (NoMatches, once under load in
    the comparison's channel test): it waits, and the pane's mounting (PaneShown) catches up again."""
    from workbench.app.pane_screen import PaneScreen

    monkeypatch.setattr(classroom, "TICK", 3600.0)
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        entry = pane("perceptron")
        app.following.wanted = Position(None, 0, "perceptron", settings_text(entry.parse(["w1=1.5"])))
        app.push_screen(PaneScreen(app.panes["perceptron"], entry.parse([])))
        await app._catch_up()                       # the screen is on the stack, its pane not yet in it
        await arrived(pilot, app)
        assert app.screen.query_one("#pane-area > *").settings.w1 == 1.5


async def test_a_click_on_a_key_the_followers_bar_lists_does_what_the_key_does():
    """The bar of a following student lists the keys that keep them following: a click (a tap on a phone)
    on "↑ Scroll up" detached them as any click did; it scrolls and follows, as the key does. E explores."""
    from workbench.app.key_bar import KeyBar

    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = perceptron_at(1)
        await arrived(pilot, app)
        bar = app.screen.query_one(KeyBar)
        spans = {key: start for _, start, _, key in bar._spans}
        assert set(spans) >= {"up", "down", "E"}, spans
        for key in ("up", "down", "question_mark"):
            if key in spans:
                await pilot.click(KeyBar, offset=(spans[key], 0))
                await pilot.pause()
                if key == "question_mark":
                    await pilot.press("escape")
                assert app.following.attached, key
        await pilot.click(KeyBar, offset=(spans["E"], 0))
        await until(pilot, lambda: not app.following.attached)


@pytest.mark.parametrize("lang, said", [("en", "sharing resumes by itself"), ("ko", "공유는 저절로 이어집니다")])
async def test_a_presenter_whose_server_stopped_is_told_sharing_resumes_once_it_answers(lang, said):
    """The server stopped (Ctrl+C) under a sharing presenter: the line said no server answered, not that
    starting it again is all it takes (the presenter's publisher keeps trying, and shares again)."""
    app = make_app(lesson_id=PERCEPTRON.id, step=0, presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sharing, app.share_address = Published(), Address("http://127.0.0.1:8150")
        app.share_state = ChannelState(False, problem="unreachable")
        text = app.classroom_text(78).plain
        assert "8150" in text and said in text, text
        app.sharing = None
