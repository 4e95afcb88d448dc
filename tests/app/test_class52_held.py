"""Jobs held while following are the pane's shown: a follower whose presenter left a pane with a held job
(training, a measurement) no longer said "runs here wait until you press a key" at home or in the next
lesson, where nothing waits, and kept the pane it left alive for the key that would run its job."""
from workbench.app.app import make_app
from workbench.app.presenter import ClassroomLine
from workbench.classroom.position import Position
from workbench.i18n import t
from follow_fixtures import NOWHERE, holding_a_measurement
from follow_fixtures import quick_follow_ticks  # noqa: F401 - autouse: a follower catches up every 0.05 s
from screen_text import until


async def test_a_job_held_in_a_pane_the_presenter_left_is_let_go():
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await holding_a_measurement(pilot, app)
        line = lambda: app.screen.query_one(ClassroomLine).render().plain      # noqa: E731
        assert t("classroom.follow.held") in line()
        app.following.wanted = Position()                   # the presenter goes home
        await until(pilot, lambda: len(app.screen_stack) == 1 and t("classroom.follow.following") in line())
        assert t("classroom.follow.held") not in line() and not app.following.held
        await app.action_quit()
