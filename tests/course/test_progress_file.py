"""Progress on disk: atomic writes, and a damaged or unreadable file set aside, never a crash."""
import json
import os

import pytest

from workbench.course import progress as progress_module
from workbench.course.progress import FILE_NAME, Progress, ProgressStore, state_dir


def test_the_state_dir_comes_from_the_environment(private_state_dir):
    assert state_dir() == private_state_dir
    assert ProgressStore().path == private_state_dir / FILE_NAME


def test_progress_round_trips_and_leaves_no_temporary_file(tmp_path):
    store = ProgressStore(tmp_path / "new" / "folder")
    saved = Progress({"xor": 2}, {"perceptron"}, "textual-light")
    assert store.save(saved) is None
    assert store.load() == (saved, None)
    assert os.listdir(store.folder) == [FILE_NAME]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    store.save(Progress({"xor": 1}))
    before = store.path.read_bytes()

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.os, "replace", refuse)
    message = store.save(Progress({"xor": 3}))
    assert "could not save progress" in message and "No space left" in message
    assert store.path.read_bytes() == before
    assert os.listdir(tmp_path) == [FILE_NAME]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"version": 1, "last_step": {"xor": -1}}',
                                     '{"version": 7}', "\udcff"])
def test_a_damaged_file_is_set_aside_with_a_notice(tmp_path, content):
    store = ProgressStore(tmp_path)
    store.path.write_bytes(content.encode("utf-8", "surrogateescape"))
    loaded, notice = store.load()
    assert loaded == Progress()
    aside = [name for name in os.listdir(tmp_path) if name.startswith(FILE_NAME + ".bad-")]
    assert len(aside) == 1 and aside[0] in notice
    assert (tmp_path / aside[0]).read_bytes() == content.encode("utf-8", "surrogateescape")
    assert store.save(Progress({"xor": 1})) is None


def test_an_unreadable_file_is_set_aside(tmp_path):
    store = ProgressStore(tmp_path)
    store.path.mkdir()  # reading a folder fails with an OSError
    loaded, notice = store.load()
    assert loaded == Progress() and "could not read" in notice and "kept it as" in notice


def test_a_file_that_cannot_be_moved_aside_is_never_overwritten(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    store.path.write_text("{damaged", encoding="utf-8")
    monkeypatch.setattr(progress_module.os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError(1, "no")))
    loaded, notice = store.load()
    assert "will not be saved" in notice
    monkeypatch.undo()
    assert store.save(Progress({"xor": 1})) is not None
    assert store.path.read_text(encoding="utf-8") == "{damaged"


def test_saved_json_is_readable_by_people(tmp_path):
    store = ProgressStore(tmp_path)
    store.save(Progress({"b": 1, "a": 0}, {"a"}))
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data == {"version": 1, "last_step": {"a": 0, "b": 1}, "finished": ["a"], "theme": None,
                    "language": None}


def test_the_language_is_saved_and_an_older_file_without_it_still_loads(tmp_path):
    store = ProgressStore(tmp_path)
    assert store.save(Progress({"xor": 1}, language="ko")) is None
    assert store.load() == (Progress({"xor": 1}, language="ko"), None)
    store.path.write_text('{"version": 1, "last_step": {"xor": 2}, "finished": [], "theme": null}',
                          encoding="utf-8")
    assert ProgressStore(tmp_path).load() == (Progress({"xor": 2}), None)


def test_a_language_that_is_not_a_name_is_damage(tmp_path):
    store = ProgressStore(tmp_path)
    store.path.write_text('{"version": 1, "language": 3}', encoding="utf-8")
    assert "language must be a name" in store.load()[1]

