"""The last grading of each part in each folder, kept for the home screen's marks: a grading of some parts
updates those, each chapter counts the folder it was graded in last and names it, a fresh stub forgets
its parts, a damaged file is none."""
import json
from pathlib import Path

from workbench.exercises import saved


def result(name, ok):
    return {"name": name, "rows": {"present": "pass", "interface": "pass", "forward": "pass" if ok else "todo"}}


def test_each_chapter_counts_its_parts_that_passed_when_last_graded(tmp_path):
    here = str(tmp_path.resolve())
    assert saved.chapter_counts() == {}
    saved.record(tmp_path, [result("softmax", True), result("relu", True), result("MulLayer", False)])
    assert saved.chapter_counts() == {3: (2, 5, here), 5: (0, 6, here)}
    saved.record(tmp_path, [result("MulLayer", True)])                  # one part graded again: the rest kept
    assert saved.chapter_counts() == {3: (2, 5, here), 5: (1, 6, here)}
    assert not [p for p in saved.path().parent.iterdir() if p.name.startswith(".")]     # no temp file left


def test_a_second_folder_counts_for_the_chapters_graded_there_last_and_the_first_keeps_the_rest(tmp_path):
    """Grading chapter 6 in another folder wiped chapters 3 and 5 of the first off the home screen; and
    going back to the first folder showed its marks from nothing, not what it had."""
    first, other = tmp_path / "a", tmp_path / "b"
    first.mkdir(), other.mkdir()
    saved.record(first, [result("softmax", True), result("MulLayer", True)])
    saved.record(other, [result("SGD", True), result("relu", True)])
    a, b = str(first.resolve()), str(other.resolve())
    assert saved.chapter_counts() == {3: (1, 5, b), 5: (1, 6, a), 6: (1, 4, b)}
    saved.record(first, [result("sigmoid", True)])                      # chapter 3 graded in the first again
    assert saved.chapter_counts() == {3: (2, 5, a), 5: (1, 6, a), 6: (1, 4, b)}
    other.rmdir()                                                       # a folder gone counts for nothing
    assert saved.chapter_counts() == {3: (2, 5, a), 5: (1, 6, a)}


def test_fresh_stubs_forget_what_was_graded_of_their_file_there(tmp_path):
    (tmp_path / "b").mkdir()
    saved.record(tmp_path, [result("softmax", True), result("MulLayer", True)])
    saved.record(tmp_path / "b", [result("relu", True)])
    saved.forget(tmp_path, ["functions.py"])              # functions.py deleted, written again by init
    assert saved.chapter_counts() == {3: (1, 5, str((tmp_path / "b").resolve())), 5: (1, 6, str(tmp_path.resolve()))}


def test_a_file_of_the_first_version_is_read_as_one_folder(tmp_path):
    saved.path().parent.mkdir(parents=True, exist_ok=True)
    saved.path().write_text(json.dumps({"version": 1, "folder": str(tmp_path), "passed": {"softmax": True}}))
    assert saved.chapter_counts() == {3: (1, 5, str(tmp_path))}


def test_a_file_that_is_not_ours_is_taken_as_none(tmp_path):
    saved.path().parent.mkdir(parents=True, exist_ok=True)
    for text in ("{", "[]", '{"version": 1, "passed": []}', '{"version": 2, "folders": {"x": {"softmax": true}}}',
                 '{"version": 2, "folders": {"%s": {"softmax": ["yes", 1], "Nope": [true, 1]}}}' % tmp_path):
        saved.path().write_text(text)
        assert saved.chapter_counts() == {}
    saved.record(Path(tmp_path), [result("softmax", True)])             # and is written anew
    assert saved.chapter_counts() == {3: (1, 5, str(tmp_path.resolve()))}
