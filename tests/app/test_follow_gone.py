"""A presenter who quits, or whose app restarts, leaves their last run on every follower, marked as their
last, until they come back with something new or go elsewhere, or the student takes over.

Before this a follower dropped the presenter's run as soon as the presenter stopped counting as live:
students lost the curves they were reading, and a presenter restarting their app wiped every screen.
"""
import asyncio
from dataclasses import replace

import pytest

from workbench.app.app import make_app
from workbench.app.presenter import ClassroomLine
from workbench.classroom.channel import ChannelState
from workbench.classroom.position import Position, settings_text
from workbench.models.catalog import pane
from follow_fixtures import NOWHERE, arrived, as_if_live
from screen_text import until
from test_follow import RUN

WHERE = Position(None, 0, "train", settings_text(pane("train").parse(["epochs=17", "train_size=200"])))
SAID = {"en": ("The presenter has left", "The presenter is back", "Following · the presenter's run"),
        "ko": ("발표자가 나갔습니다", "발표자가 돌아왔습니다", "따라가는 중 · 발표자의 학습")}


def line_text(app) -> str:
    return app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " ")


async def heard(app, state: ChannelState) -> None:
    """The subscriber's thread hears `state` of the presenter (as it does: from another thread)."""
    await asyncio.to_thread(app._heard_from_presenter, state)


async def following_a_run(pilot, app):
    as_if_live(app)
    app._presenter_moved(replace(WHERE, run=RUN, cursor="curves"))
    await arrived(pilot, app)
    train = app.screen.query_one("#pane-area > *")
    await until(pilot, lambda: train.presenters_run == RUN and train.view == "curves")
    return train


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_presenters_last_run_stays_while_they_are_gone_and_back_until_they_bring_a_new_one(lang):
    gone, back, following = SAID[lang]
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        train = await following_a_run(pilot, app)
        await heard(app, ChannelState(True, live=False))                # the presenter quit
        await until(pilot, lambda: gone in line_text(app))
        await pilot.pause(0.5)                                          # a few ticks: it stays
        assert train.presenters_run == RUN and train.view == "curves" and "TwoLayerNet" in line_text(app)
        app._presenter_moved(Position())                                # their app starts again, at home …
        await heard(app, ChannelState(True, live=True))
        app._presenter_moved(replace(WHERE, cursor=""))                 # … and opens the same pane, no run yet
        await until(pilot, lambda: back in line_text(app))
        await pilot.pause(0.5)
        assert train.presenters_run == RUN and train.view == "curves" and app.screen.query_one("#pane-area > *") is train
        newer = replace(RUN, epoch=1, loss=0.9)
        app._presenter_moved(replace(WHERE, run=newer, cursor="curves"))   # they train again: that is shown
        await until(pilot, lambda: train.presenters_run == newer and following in line_text(app))
        assert not app.following.kept


async def test_a_presenter_gone_elsewhere_takes_their_followers_along_without_the_last_run():
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await following_a_run(pilot, app)
        await heard(app, ChannelState(True, live=False))
        await until(pilot, lambda: app.following.kept)
        elsewhere = Position(None, 0, "train", settings_text(pane("train").parse(["epochs=3", "train_size=200"])))
        app._presenter_moved(elsewhere)
        await arrived(pilot, app)
        train = app.screen.query_one("#pane-area > *")
        await until(pilot, lambda: train.presenters_run is None)
        assert train.settings.epochs == 3 and not app.following.kept


async def test_a_student_who_takes_over_lets_the_last_run_go():
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        train = await following_a_run(pilot, app)
        await heard(app, ChannelState(True, live=False))
        await until(pilot, lambda: app.following.kept)
        await pilot.press("x")                                          # the student takes over
        await until(pilot, lambda: train.presenters_run is None)
        await pilot.press("F")                                          # and follows again: nothing kept
        await pilot.pause(0.5)
        assert train.presenters_run is None and "left" not in line_text(app)


async def test_a_follower_who_joins_after_the_presenter_left_sees_their_last_run_marked():
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.following.subscriber.close()
        app._presenter_moved(replace(WHERE, run=RUN))                   # the server's last position …
        await heard(app, ChannelState(True, live=False))                # … of a presenter who has gone
        await arrived(pilot, app)
        train = app.screen.query_one("#pane-area > *")
        await until(pilot, lambda: train.presenters_run == RUN and "The presenter has left" in line_text(app))


async def test_a_restarted_presenters_step_published_before_its_pane_keeps_the_last_run():
    """A presenter's app that starts on a lesson publishes its step before its pane is built: seen in tmux,
    that wiped the run the follower kept."""
    from workbench.course.files import load_course

    lesson = load_course().lesson("training-loop")
    index = lesson.step_ids.index("four-steps")
    step = lesson.steps[index]
    there = Position(lesson.id, index, "train", settings_text(step.pane_settings), step_id=step.id)
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app._presenter_moved(replace(there, run=RUN, cursor="curves"))
        await arrived(pilot, app)
        train = app.screen.pane
        await until(pilot, lambda: train.presenters_run == RUN)
        await heard(app, ChannelState(True, live=False))
        app._presenter_moved(Position())
        app._presenter_moved(replace(there, pane=None, settings=()))     # the step, its pane on its way
        await heard(app, ChannelState(True, live=True))
        app._presenter_moved(there)
        await until(pilot, lambda: "The presenter is back" in line_text(app))
        await pilot.pause(0.5)
        assert app.screen.pane is train and train.presenters_run == RUN and train.view == "curves"
