"""A lesson's last step kept by id as well as by index: a lesson that gains, loses or reorders steps
resumes at the same step; a file of indexes only resumes as it did and gains ids at its next save; two
sessions still merge; a hand-edited file loses only its bad entries."""
import json

import pytest

from workbench.course.progress import FILE_NAME, Progress, ProgressStore

STEPS = ("deep-convnet", "slower-further", "why-deep", "receptive-field", "augmentation")
"""Lesson 8.1's steps as they are: the learner stops at step 4, receptive-field (index 3)."""


def at_step_4() -> Progress:
    progress = Progress()
    progress.record_step("deeper-networks", STEPS, 3)
    return progress


def on_disk(store: ProgressStore) -> dict:
    return json.loads(store.path.read_text(encoding="utf-8"))


def test_a_step_inserted_before_the_one_seen_resumes_at_the_same_step():
    edited = ("deep-convnet", "slower-further", "a-new-step", "why-deep", "receptive-field", "augmentation")
    assert at_step_4().resume_index("deeper-networks", edited) == 4


def test_steps_reordered_or_added_after_resume_at_the_same_step():
    assert at_step_4().resume_index("deeper-networks", ("receptive-field", *STEPS[:3], STEPS[4])) == 0
    assert at_step_4().resume_index("deeper-networks", (*STEPS, "one-more")) == 3


@pytest.mark.parametrize("edited, expected", [
    (("deep-convnet", "slower-further", "why-deep", "augmentation"), 2),   # its own step gone: the one before
    (("deep-convnet", "slower-further", "augmentation"), 1),               # the one before gone too
    (("slower-further", "deep-convnet", "augmentation"), 0),               # nearest in the order seen
    (("brand-new", "all-new", "augmentation"), 2),                         # none left: the index as saved
    (("brand-new", "all-new"), 1),                                         # ... never past the end
])
def test_a_step_whose_id_is_gone_resumes_at_the_nearest_earlier_step_still_there(edited, expected):
    assert at_step_4().resume_index("deeper-networks", edited) == expected


def test_a_lesson_never_opened_has_no_step_to_resume():
    assert at_step_4().resume_index("xor", ("one", "two")) is None


def test_an_old_file_resumes_by_index_and_is_written_with_ids_at_the_next_save(tmp_path):
    """Today's files (version 1, indexes only) are read as they are; a save that knows the lessons names
    each step by id, so the next release that edits the lesson resumes at the same step."""
    store = ProgressStore(tmp_path)
    store.path.write_text('{"version": 1, "last_step": {"deeper-networks": 3, "gone-lesson": 1, "xor": 9},'
                          ' "finished": [], "theme": null, "language": "en"}', encoding="utf-8")
    progress, notice = store.load()
    assert notice is None and progress == Progress({"deeper-networks": 3, "gone-lesson": 1, "xor": 9},
                                                   language="en")
    assert progress.resume_index("deeper-networks", STEPS) == 3            # as it did
    store.steps = {"deeper-networks": STEPS, "xor": ("a", "b")}
    progress.theme = "textual-light"                                       # any change saves
    assert store.save(progress) is None
    data = on_disk(store)
    assert data["version"] == 1
    assert data["last_step"] == {"deeper-networks": 3, "gone-lesson": 1, "xor": 9}     # what older apps read
    assert data["last_step_ids"] == {"deeper-networks": list(STEPS[:4])}  # unknown lesson, index past the end: as they were
    again = ProgressStore(tmp_path).load()[0]
    assert again.resume_index("deeper-networks", ("new", *STEPS)) == 4


def test_two_sessions_merge_each_lessons_index_and_ids_together(tmp_path):
    first, second = ProgressStore(tmp_path), ProgressStore(tmp_path)
    mine, theirs = first.load()[0], second.load()[0]
    mine.record_step("deeper-networks", STEPS, 3)
    assert first.save(mine) is None
    theirs.record_step("deep-learning-today", ("imagenet", "vgg", "speed"), 1)
    assert second.save(theirs) is None                  # knew nothing of 8.1: keeps the first's step
    theirs.record_step("deeper-networks", STEPS, 1)     # then went back in 8.1: the later change wins
    assert second.save(theirs) is None
    mine.current = "deeper-networks"                    # 8.1 untouched since the first's last save
    assert first.save(mine) is None
    merged = ProgressStore(tmp_path).load()[0]
    assert merged.last_step == {"deeper-networks": 1, "deep-learning-today": 1}
    assert merged.last_step_ids == {"deeper-networks": STEPS[:2], "deep-learning-today": ("imagenet", "vgg")}
    assert merged.resume_index("deeper-networks", ("new", *STEPS)) == 2


def test_ids_given_to_an_old_files_step_are_no_change_over_another_sessions_move(tmp_path):
    """A session that loaded 8.1 at index 3 from an old file and shows step 4 again has not moved: the
    other session's later move to step 2 stays (as it did when only indexes were kept)."""
    ProgressStore(tmp_path).save(Progress({"deeper-networks": 3}))
    first, second = ProgressStore(tmp_path), ProgressStore(tmp_path)
    mine, theirs = first.load()[0], second.load()[0]
    theirs.record_step("deeper-networks", STEPS, 1)
    assert second.save(theirs) is None
    mine.record_step("deeper-networks", STEPS, 3)
    assert first.save(mine) is None
    merged = ProgressStore(tmp_path).load()[0]
    assert merged.last_step == {"deeper-networks": 1}
    assert merged.last_step_ids == {"deeper-networks": STEPS[:2]}


def test_an_older_app_saving_indexes_only_meanwhile_is_not_undone_by_stale_ids(tmp_path):
    """An older workbench in another terminal drops `last_step_ids` as it saves; this session's ids for
    a lesson it did not touch since must not come back over the older app's newer index."""
    store = ProgressStore(tmp_path)
    progress = store.load()[0]
    progress.record_step("deeper-networks", STEPS, 3)
    store.save(progress)
    store.path.write_text(json.dumps({"version": 1, "last_step": {"deeper-networks": 1}}), encoding="utf-8")
    progress.theme = "textual-light"
    assert store.save(progress) is None
    merged = ProgressStore(tmp_path).load()[0]
    assert merged.last_step == {"deeper-networks": 1}
    assert merged.resume_index("deeper-networks", ("new", *STEPS)) == 1


JUNK = {"version": 1,
        "last_step": {"good": 2, "negative": -1, "huge": 10 ** 6, "huger": "HUGER", "text": "3", "yes": True,
                      "half": 2.5, "infinite": 1e999,
                      "nothing": None, "ids-too-short": 2, "ids-not-names": 1, "ids-not-a-list": 0},
        "last_step_ids": {"good": ["a", "b", "c"], "negative": ["a"], "ids-too-short": ["a"],
                          "ids-not-names": ["a", 7], "ids-not-a-list": "a", "no-index": ["a"]},
        "finished": ["good"], "language": "ko"}


def test_junk_entries_are_ignored_one_by_one_and_the_rest_is_kept(tmp_path):
    store = ProgressStore(tmp_path)
    with_huge_numbers = json.dumps(JUNK).replace("Infinity", "1e999").replace('"HUGER"', "9" * 5000)
    store.path.write_text(with_huge_numbers, encoding="utf-8")
    progress, notice = store.load()
    assert notice is None and not list(tmp_path.glob(FILE_NAME + ".bad-*"))
    assert progress.last_step == {"good": 2, "ids-too-short": 2, "ids-not-names": 1, "ids-not-a-list": 0}
    assert progress.last_step_ids == {"good": ("a", "b", "c")}
    assert progress.finished == {"good"} and progress.language == "ko"
    assert progress.resume_index("ids-too-short", ("x", "y", "z", "w")) == 2     # by its index
    assert progress.resume_index("good", ("c", "x")) == 0                         # by its id
    assert store.save(progress) is None
    assert on_disk(store)["last_step_ids"] == {"good": ["a", "b", "c"]}


@pytest.mark.parametrize("table", [[["a"]], "a", 3, None])
def test_a_table_of_ids_of_the_wrong_kind_leaves_the_indexes_to_resume(tmp_path, table):
    store = ProgressStore(tmp_path)
    store.path.write_text(json.dumps({"version": 1, "last_step": {"xor": 1}, "last_step_ids": table}),
                          encoding="utf-8")
    progress, notice = store.load()
    assert notice is None and progress == Progress({"xor": 1})


def test_an_index_set_alone_in_memory_is_not_overruled_by_the_ids_of_an_older_step():
    progress = at_step_4()
    progress.last_step["deeper-networks"] = 1
    assert progress.step_ids_seen("deeper-networks") == ()
    assert progress.resume_index("deeper-networks", ("new", *STEPS)) == 1
    assert "deeper-networks" not in progress.to_json()["last_step_ids"]
