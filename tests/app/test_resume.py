"""Home starts on the lesson the learner was in (issue 13, item 8), and a lesson reopens at the step
last seen, found by its id when a release has edited the lesson."""
import json
from dataclasses import replace

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


# -- a lesson edited between two sessions: the step last seen is found by its id ----------------------------

DEEPER = COURSE.lesson("deeper-networks")
RECEPTIVE = [step.id for step in DEEPER.steps].index("receptive-field")     # 8.1's step 4


def with_steps(steps) -> object:
    """The course with 8.1's steps replaced by `steps` (a release that edited the lesson)."""
    lesson = replace(DEEPER, steps=tuple(steps))
    return replace(COURSE, lessons=tuple(lesson if each.id == DEEPER.id else each for each in COURSE.lessons))


def inserted_before_receptive_field():
    new = replace(DEEPER.steps[RECEPTIVE - 1], id="a-new-step", title="A new step")
    return with_steps((*DEEPER.steps[:RECEPTIVE - 1], new, *DEEPER.steps[RECEPTIVE - 1:]))


async def seen_up_to_step_4() -> None:
    app = make_app(lesson_id=DEEPER.id, step=RECEPTIVE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()


async def reopened(course, lang="en"):
    """Home after the edit: the lesson's status line, then the step Enter opens."""
    app = make_app(course=course, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert highlighted(app) == DEEPER.id
        status = app.screen.details
        await pilot.press("enter")
        await pilot.pause()
        return status, app.screen.index, app.screen.step.id


async def test_a_step_inserted_before_the_one_seen_reopens_that_step(private_state_dir):
    await seen_up_to_step_4()
    status, index, step = await reopened(inserted_before_receptive_field())
    assert (index, step) == (RECEPTIVE + 1, "receptive-field")
    assert f"resumes at step {RECEPTIVE + 2}" in status


async def test_the_step_seen_removed_reopens_the_step_before_it_in_korean_too(private_state_dir):
    await seen_up_to_step_4()
    removed = with_steps(step for step in DEEPER.steps if step.id != "receptive-field")
    status, index, step = await reopened(removed, lang="ko")
    assert (index, step) == (RECEPTIVE - 1, DEEPER.steps[RECEPTIVE - 1].id)
    assert f"{RECEPTIVE}단계부터 이어서" in status


async def test_an_old_file_of_indexes_resumes_as_it_did_and_is_saved_with_ids(private_state_dir):
    (private_state_dir).mkdir(parents=True)
    (private_state_dir / FILE_NAME).write_text(json.dumps(
        {"version": 1, "last_step": {DEEPER.id: RECEPTIVE}, "finished": [], "theme": None,
         "language": "en", "current": DEEPER.id}), encoding="utf-8")
    app = make_app(lang="ko")                 # a different language: saved at start, before any step
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        saved = json.loads((private_state_dir / FILE_NAME).read_text(encoding="utf-8"))
        assert saved["last_step_ids"] == {DEEPER.id: [step.id for step in DEEPER.steps[:RECEPTIVE + 1]]}
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.index == RECEPTIVE
    status, index, _ = await reopened(inserted_before_receptive_field())
    assert index == RECEPTIVE + 1 and f"resumes at step {RECEPTIVE + 2}" in status


async def test_a_file_of_junk_steps_starts_without_a_notice_and_resumes_the_good_one(private_state_dir):
    private_state_dir.mkdir(parents=True)
    (private_state_dir / FILE_NAME).write_text(json.dumps(
        {"version": 1, "current": DEEPER.id,
         "last_step": {DEEPER.id: RECEPTIVE, "xor": -3, "relu": 10 ** 9, "perceptron": "2"},
         "last_step_ids": {DEEPER.id: ["x", "y"], "xor": "junk", "no-such-lesson": [1, 2]}}), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not list(private_state_dir.glob(FILE_NAME + ".bad-*"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.index == RECEPTIVE


async def test_a_finished_lesson_read_again_says_the_step_enter_opens(private_state_dir):
    """Home said 'finished (opens at step 1)' for a finished lesson left at step 2, which Enter resumes."""
    ProgressStore(private_state_dir).save(Progress({DEEPER.id: 1}, {DEEPER.id}, current=DEEPER.id))
    status, index, _ = await reopened(COURSE)
    assert index == 1 and "resumes at step 2" in status
    ProgressStore(private_state_dir).save(Progress({DEEPER.id: len(DEEPER.steps) - 1}, {DEEPER.id}))
    status, index, _ = await reopened(COURSE)
    assert index == 0 and "finished (opens at step 1)" in status
