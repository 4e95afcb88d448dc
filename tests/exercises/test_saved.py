"""The last grading of each part, kept for the home screen's marks: a grading of some parts updates those,
one of another folder starts afresh, a damaged file is none."""
from pathlib import Path

from workbench.exercises import saved


def result(name, ok):
    return {"name": name, "rows": {"present": "pass", "interface": "pass", "forward": "pass" if ok else "todo"}}


def test_each_chapter_counts_its_parts_that_passed_when_last_graded(tmp_path):
    assert saved.chapter_counts() == {}
    saved.record(tmp_path, [result("softmax", True), result("relu", True), result("MulLayer", False)])
    assert saved.chapter_counts() == {3: (2, 5), 5: (0, 6)}
    saved.record(tmp_path, [result("MulLayer", True)])                  # one part graded again: the rest kept
    assert saved.chapter_counts() == {3: (2, 5), 5: (1, 6)}
    saved.record(tmp_path / "other", [result("SGD", True)])             # another folder: its own counts
    assert saved.chapter_counts() == {6: (1, 4)}
    assert not [p for p in saved.path().parent.iterdir() if p.name.startswith(".")]     # no temp file left


def test_a_file_that_is_not_ours_is_taken_as_none(tmp_path):
    saved.path().parent.mkdir(parents=True, exist_ok=True)
    for text in ("{", '{"version": 1, "passed": []}', '{"version": 1, "passed": {"softmax": "yes", "Nope": true}}'):
        saved.path().write_text(text)
        assert saved.chapter_counts() == {}
    saved.record(Path(tmp_path), [result("softmax", True)])             # and is written anew
    assert saved.chapter_counts() == {3: (1, 5)}
