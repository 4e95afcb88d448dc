"""A follower whose presenter is not heard from after it was (quit, its process paused, its network cut)
says the presenter is away and stays where they were: it said it waited for the presenter with the
command that starts one ('workbench present --share'), which read as if the class had not begun."""
import pytest

from workbench.app.app import make_app
from workbench.app.presenter import ClassroomLine
from workbench.classroom.channel import ChannelState
from workbench.classroom.position import Position
from workbench.i18n import t
from follow_fixtures import NOWHERE, arrived, as_if_live
from follow_fixtures import quick_follow_ticks  # noqa: F401 - autouse: a follower catches up every 0.05 s
from screen_text import until


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_presenter_not_heard_from_after_it_was_is_away_not_awaited(lang):
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        line = lambda: " ".join(app.screen.query_one(ClassroomLine).render().plain.split())     # noqa: E731
        app.following.state = ChannelState(True, live=False)
        app._classroom_changed()
        await until(pilot, lambda: "workbench present --share" in line())     # none heard yet: how to start one
        app.following.state = ChannelState(True, live=True)
        app.following.wanted = Position("perceptron", 1)
        await arrived(pilot, app)
        app.following.state = ChannelState(True, live=False)                 # gone quiet
        app._classroom_changed()
        await until(pilot, lambda: " ".join(t("classroom.follow.away").split()) in line())
        assert "workbench present --share" not in line()
        await app.action_quit()
