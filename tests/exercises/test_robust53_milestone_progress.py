"""Remembering a milestone in `workbench exercises` with a damaged progress.json: the file was set aside
without a word (the store's load notice was dropped) and a fresh one written, so the app opened on no
progress and never said where it went. Now the milestones are only read, and the save that merges one in
sets the file aside and says so."""
import json
import os

from workbench.course.progress import FILE_NAME, VERSION, Progress, ProgressStore
from workbench.exercises.unlock import reached, remember


def test_reading_the_milestones_leaves_a_damaged_file_where_it_is(private_state_dir):
    private_state_dir.mkdir(parents=True)
    (private_state_dir / FILE_NAME).write_text('{"version": 1, "milestones": ["apple"], "fini', encoding="utf-8")
    assert reached() == set()
    assert os.listdir(private_state_dir) == [FILE_NAME]


def test_remembering_one_says_the_damaged_file_was_set_aside(private_state_dir):
    private_state_dir.mkdir(parents=True)
    (private_state_dir / FILE_NAME).write_text('{"version": 1, "last_step": {"xor": 2', encoding="utf-8")
    notice = remember("apple")
    assert notice is not None and "was damaged" in notice and "kept it as progress.json.bad-" in notice
    assert ProgressStore().load() == (Progress(milestones={"apple"}), None)


def test_remembering_one_keeps_everything_else_in_the_file(private_state_dir):
    store = ProgressStore()
    saved = Progress({"xor": 2}, {"perceptron"}, "textual-light", "ko", "xor", milestones={"numgrad"})
    store.save(saved)
    assert remember("apple") is None
    loaded, _ = ProgressStore().load()
    assert loaded.milestones == {"numgrad", "apple"}
    assert (loaded.last_step, loaded.finished, loaded.theme, loaded.language, loaded.current) == \
        ({"xor": 2}, {"perceptron"}, "textual-light", "ko", "xor")


def test_a_newer_workbench_file_is_read_and_never_saved_over(private_state_dir):
    private_state_dir.mkdir(parents=True)
    path = private_state_dir / FILE_NAME
    path.write_text(json.dumps({"version": VERSION + 1, "milestones": ["apple"]}), encoding="utf-8")
    before = path.read_bytes()
    assert reached() == {"apple"}
    assert "newer workbench" in remember("numgrad")
    assert path.read_bytes() == before
