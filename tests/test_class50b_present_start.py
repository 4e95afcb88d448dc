"""`workbench present LESSON` starts at the lesson's first step (class50: `present --share 5.1` reopened
step 4, the last one seen there while preparing, where an instructor starting a class expects the
beginning); `--step N` still starts at N, and a learner's `workbench lesson LESSON` still resumes."""
import pytest

from workbench import cli
from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from tests.test_cli import opened  # noqa: F401 - fixture: the app a command would run, kept


async def _seen_at(index: int) -> None:
    """A session that looked at lesson 7.2 up to step index + 1, as preparing a class does."""
    app = make_app(lesson_id="im2col", step=index)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.index == index


async def _starts_at(app) -> int:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "im2col"
        return app.screen.index


@pytest.mark.parametrize("argv, index", [(["present", "7.2"], 0), (["present", "--share", "7.2"], 0),
                                         (["present", "7.2", "--step", "2"], 1), (["lesson", "7.2"], 3),
                                         (["lesson", "7.2", "--step", "2"], 1)],
                         ids=["present", "present --share", "present --step", "lesson resumes", "lesson --step"])
async def test_present_starts_a_lesson_at_its_beginning_and_lesson_resumes(opened, monkeypatch, argv, index):
    from workbench.classroom import channel

    monkeypatch.setattr(channel, "local_servers", lambda: [])      # --share finds no server: it says so, in place
    await _seen_at(3)
    assert cli.main(argv) == 0
    [app] = opened
    assert await _starts_at(app) == index
