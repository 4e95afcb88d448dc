"""Presenter and followers of different versions, laid out alike: a step is followed by its id (a lesson
that gained a step in a later version), the step's text folds on a follower as on the presenter, and a
refusal says the server answered (the network part: tests/test_classroom_channel.py)."""
import pytest

from workbench.app.app import make_app
from workbench.app.presenter import ClassroomLine
from workbench.classroom.channel import Address, ChannelState
from workbench.classroom.position import Position
from workbench.course.files import load_course
from follow_fixtures import NOWHERE, Published, arrived, as_if_live
from screen_text import until

COURSE = load_course()
PERCEPTRON = COURSE.lessons[0]
STEP_IDS = PERCEPTRON.step_ids


async def test_a_follower_finds_the_presenters_step_by_its_id_else_by_its_index():
    """A presenter whose lesson has a step more before this one says index 1 for this version's step 2."""
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = Position(PERCEPTRON.id, 1, step_id=STEP_IDS[2])
        await arrived(pilot, app)
        assert (app.screen.lesson.id, app.screen.index) == (PERCEPTRON.id, 2)
        app.following.wanted = Position(PERCEPTRON.id, 1, step_id=STEP_IDS[3])      # the same lesson, by id
        await arrived(pilot, app)
        assert app.screen.index == 3
        app.following.wanted = Position(PERCEPTRON.id, 1, step_id="added-in-a-later-version")
        await arrived(pilot, app)
        assert app.screen.index == 1
        app.following.wanted = Position(PERCEPTRON.id, 40)                            # an older presenter past the end
        await arrived(pilot, app)
        assert app.screen.index == len(STEP_IDS) - 1


async def test_a_presenter_publishes_its_steps_id_and_fold_and_its_hint_names_its_step():
    app = make_app(lesson_id=PERCEPTRON.id, step=2, presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sharing = published = Published()
        app.classroom_moved()
        assert (published.positions[-1].step, published.positions[-1].step_id) == (2, STEP_IDS[2])
        assert f"workbench lesson {PERCEPTRON.number} --step 3" in app.screen.query_one(ClassroomLine).render().plain
        await pilot.press("t")
        await until(pilot, lambda: published.positions[-1].folded)
        await pilot.press("t")
        await until(pilot, lambda: not published.positions[-1].folded)
        app.sharing = None


async def test_a_followers_text_folds_and_comes_back_as_the_presenters_does():
    """The presenter's text folded away (t, or a run that wanted the width: 4.4's third step) is the
    follower's too, from the first frame of a step: the projected screen and the student's are alike."""
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = Position(PERCEPTRON.id, 1, step_id=STEP_IDS[1], folded=True)
        await arrived(pilot, app)
        assert app.screen.text_folded and not app.screen.query_one("#text").display
        app.following.wanted = Position(PERCEPTRON.id, 2, step_id=STEP_IDS[2], folded=True)
        await app._catch_up()
        assert app.screen.index == 2 and app.screen.text_folded
        await arrived(pilot, app)
        app.following.wanted = Position(PERCEPTRON.id, 2, step_id=STEP_IDS[2])
        await arrived(pilot, app)
        assert not app.screen.text_folded and app.screen.query_one("#text").display
        assert app.following.attached


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("problem, said", [("rejected", {"en": "refused this workbench", "ko": "거부했습니다"}),
                                           ("unreadable", {"en": "does not read in this workbench",
                                                           "ko": "읽을 수 없습니다"})])
async def test_a_follower_refused_by_the_class_or_unable_to_read_its_step_says_so_in_two_lines(lang, problem, said):
    from workbench import __version__

    app = make_app(follow=Address("http://192.168.100.100:8000", "tok"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.following.subscriber.close()
        app.following.state = ChannelState(False, problem)
        app._classroom_changed()
        await pilot.pause()
        line = app.screen.query_one(ClassroomLine)
        text = line.render()
        assert said[lang] in text.plain and f"({__version__})" in text.plain
        assert len(text.wrap(app.console, line.size.width - 2)) <= 2


async def test_a_presenters_fold_on_a_step_that_has_no_pane_here_leaves_the_text_shown():
    """A step with a pane in the presenter's version and none in this one: its text stays."""
    lesson = next(lesson for lesson in COURSE.lessons if any(step.pane is None for step in lesson.steps))
    index = next(i for i, step in enumerate(lesson.steps) if step.pane is None)
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = Position(lesson.id, index, step_id=lesson.step_ids[index])
        await arrived(pilot, app)
        app.following.wanted = Position(lesson.id, index, step_id=lesson.step_ids[index], folded=True)
        await arrived(pilot, app)
        assert not app.screen.text_folded and app.screen.query_one("#text").display


@pytest.mark.parametrize("lang, said", [("en", "newer workbench: update this one"), ("ko", "더 새로운 workbench에서")])
async def test_figures_of_a_later_versions_kind_are_said_to_need_an_update_in_place(lang, said):
    """A presenter of a later version shares figures of a kind this workbench does not know: they were
    dropped, the follower's pane silent about them. It says in place that they need an update, and no
    more once the presenter's figures are of a kind it reads (or there are none)."""
    from workbench.app.panes.compare import ComparePane
    from workbench.classroom.channel import read_where
    from follow_fixtures import followed

    where = {"lesson": None, "step": 0, "pane": "compare-batch-norm", "settings": [["grid", "false"]]}
    position = read_where(where | {"figures": {"kind": "grid-of-a-later-version", "cells": []}})
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await followed(pilot, position, ComparePane)
        line = pane.query_one("#pane-newer")
        assert line.display and said in str(line.render()), str(line.render())
        app._presenter_moved(read_where(where))
        await arrived(pilot, app)
        await pilot.pause(0.2)
        assert not line.display
