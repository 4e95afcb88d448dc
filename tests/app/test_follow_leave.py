"""A follower's key that leaves the step while the presenter's comparison or search is drawn on it: the
student lands on the step before, and their session goes on.

Before this the pane's refit of its plots, asked for after the next refresh, ran once the step had
moved on and its views were gone: the app ended with a traceback, and a browser's page said the
session was over (a student pressing ← on 6.2's last step, after the presenter's comparison)."""
from dataclasses import replace

import pytest

from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.app.panes.compare import ComparePane
from workbench.app.panes.search import SearchPane
from follow_fixtures import NOWHERE, followed, presenter_publishes, trained

TINY_COMPARE = ("dataset=synthetic-digits", "train_size=100", "test_size=100", "batch_size=50", "iterations=4",
                "hidden=20,20")
TINY_SEARCH = ("dataset=synthetic-digits", "train_size=200", "trials=3", "epochs=2", "batch_size=40")


@pytest.mark.parametrize("name, settings, view, kind, lesson, step", [
    ("compare-weight-init", TINY_COMPARE, "2", ComparePane, "weight-init", 6),
    ("search", TINY_SEARCH, "2", SearchPane, "regularization", 3),
])
async def test_a_followers_key_that_leaves_the_presenters_run_keeps_the_session(name, settings, view, kind, lesson, step):
    shared, _ = await presenter_publishes(name, settings, "g", trained, view)
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(118, 38)) as pilot:
        await followed(pilot, replace(shared, lesson=lesson, step=step, step_id=None), kind)
        await pilot.press("left")                    # the student's own key: the step before
        await pilot.pause(0.5)
        assert app.is_running and isinstance(app.screen, LessonScreen) and app.screen.index == step - 1
        assert not app.following.attached
