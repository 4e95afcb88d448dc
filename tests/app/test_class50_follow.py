"""What class50's walk of a class fixed in a follower: a catch-up on a pane screen whose pane is not
mounted yet waits for it, a click on the follower's bar does what its key does, and a presenter whose
server stopped is told sharing resumes. (Catching up as each position arrives, not at the next tick,
was tried and taken out: under load a follower's new training pane was left unlaid-out, its loss plot
0×0; tests/test_classroom_channel.py's follower training test caught it.)"""
import threading

import pytest

from workbench.app import classroom
from workbench.app.app import make_app
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


def arrives_from_the_channel(app, position: Position) -> None:
    """As the subscriber's thread hands a position over."""
    thread = threading.Thread(target=app._presenter_moved, args=(position,))
    thread.start()
    thread.join(10)


async def test_a_catch_up_on_a_pane_screen_whose_pane_is_not_mounted_yet_waits_for_it(monkeypatch):
    """Catching up as soon as a pane screen is pushed found no pane in it (NoMatches, once under load in
    the comparison's channel test): it waits, and a later tick catches up."""
    from workbench.app.pane_screen import PaneScreen

    monkeypatch.setattr(classroom, "TICK", 0.05)
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
