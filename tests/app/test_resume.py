"""Home starts on the lesson the learner was in (issue 13, item 8)."""
import json

from textual.widgets import OptionList

from workbench.app.app import make_app
from workbench.app.home import HomeScreen
from workbench.course.files import load_course
from workbench.course.progress import FILE_NAME, Progress, ProgressStore

SIZE = (80, 24)
COURSE = load_course()


def highlighted(app) -> str:
    options = app.screen.query_one(OptionList)
    return options.get_option_at_index(options.highlighted).id


def test_the_current_lesson_is_saved_and_an_older_file_without_it_still_loads(tmp_path):
    store = ProgressStore(tmp_path)
    assert store.save(Progress({"xor": 1}, current="xor")) is None
    assert json.loads(store.path.read_text(encoding="utf-8"))["current"] == "xor"
    assert store.load() == (Progress({"xor": 1}, current="xor"), None)
    store.path.write_text('{"version": 1, "last_step": {"xor": 2}, "finished": [], "theme": null, '
                          '"language": "ko"}', encoding="utf-8")
    assert ProgressStore(tmp_path).load() == (Progress({"xor": 2}, language="ko"), None)


def test_a_current_lesson_that_is_not_a_name_is_damage(tmp_path):
    store = ProgressStore(tmp_path)
    store.path.write_text('{"version": 1, "current": ["xor"]}', encoding="utf-8")
    assert "current must be a lesson id" in store.load()[1]


def test_two_sessions_keep_the_current_lesson_of_the_one_that_changed_it(tmp_path):
    first, second = ProgressStore(tmp_path), ProgressStore(tmp_path)
    mine, theirs = first.load()[0], second.load()[0]
    mine.current = "xor"
    first.save(mine)
    theirs.last_step["relu"] = 1          # the other session never changed its current lesson
    second.save(theirs)
    assert ProgressStore(tmp_path).load()[0].current == "xor"


async def test_home_starts_on_the_lesson_the_learner_was_in(private_state_dir):
    lesson = COURSE.lessons[5]
    app = make_app(lesson_id=lesson.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await pilot.pause()
    assert json.loads((private_state_dir / FILE_NAME).read_text(encoding="utf-8"))["current"] == lesson.id
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        assert highlighted(again) == lesson.id
        await pilot.press("enter")
        await pilot.pause()
        assert again.screen.lesson == lesson and again.screen.index == 1


async def test_home_starts_on_the_first_lesson_when_the_current_one_is_gone(private_state_dir):
    ProgressStore(private_state_dir).save(Progress(current="a-lesson-since-removed"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert highlighted(app) == COURSE.lessons[0].id
