"""Progress on disk: atomic writes, and a damaged or unreadable file set aside, never a crash."""
import json
import os
import stat
import subprocess
import sys
import threading
import time

import pytest

from workbench.course import progress as progress_module
from workbench.course.progress import FILE_NAME, LOCK_NAME, Progress, ProgressStore, save_lock, state_dir


def test_the_state_dir_comes_from_the_environment(private_state_dir):
    assert state_dir() == private_state_dir
    assert ProgressStore().path == private_state_dir / FILE_NAME


def test_progress_round_trips_and_leaves_no_temporary_file(tmp_path):
    store = ProgressStore(tmp_path / "new" / "folder")
    saved = Progress({"xor": 2}, {"perceptron"}, "textual-light")
    assert store.save(saved) is None
    assert store.load() == (saved, None)
    assert sorted(os.listdir(store.folder)) == [LOCK_NAME, FILE_NAME]     # and the lock, which stays


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    store.save(Progress({"xor": 1}))
    before = store.path.read_bytes()

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.os, "replace", refuse)
    message = store.save(Progress({"xor": 3}))
    assert "could not save progress" in message and "no space left on the disk" in message
    assert store.path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == [LOCK_NAME, FILE_NAME]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"version": 1, "last_step": [1]}',
                                     '{"version": 0}', "\udcff"])
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
    progress = Progress({"b": 1}, {"a"})
    progress.record_step("a", ["intro", "more"], 0)
    store.save(progress)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data == {"version": 1, "last_step": {"a": 0, "b": 1}, "last_step_ids": {"a": ["intro"]},
                    "finished": ["a"], "theme": None, "language": None, "current": None, "glyphs": None,
                    "milestones": []}


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


def test_two_sessions_saving_in_turn_lose_nothing(tmp_path):
    ProgressStore(tmp_path).save(Progress({"xor": 1, "relu": 2}, {"relu"}, "textual-dark", "en"))
    first, second = ProgressStore(tmp_path), ProgressStore(tmp_path)
    mine, _ = first.load()
    theirs, _ = second.load()

    mine.last_step["xor"] = 4
    mine.finished.add("xor")
    assert first.save(mine) is None
    theirs.last_step["xor"] = 2                     # set after the first session's 4: it wins
    theirs.last_step["affine"] = 3
    theirs.finished.add("affine")
    theirs.theme = "textual-light"
    assert second.save(theirs) is None
    mine.last_step["perceptron"] = 1                # xor, theme untouched since the last save
    mine.language = "ko"
    assert first.save(mine) is None

    on_disk, notice = ProgressStore(tmp_path).load()
    assert notice is None
    assert on_disk == Progress({"xor": 2, "relu": 2, "affine": 3, "perceptron": 1},
                               {"relu", "xor", "affine"}, "textual-light", "ko")


def test_a_session_that_moves_a_lesson_back_is_still_heard(tmp_path):
    first, second = ProgressStore(tmp_path), ProgressStore(tmp_path)
    mine, theirs = first.load()[0], second.load()[0]
    mine.last_step["xor"] = 3
    first.save(mine)
    theirs.last_step["xor"] = 5
    second.save(theirs)
    mine.last_step["xor"] = 0
    first.save(mine)
    assert ProgressStore(tmp_path).load()[0].last_step == {"xor": 0}


def test_a_deeply_nested_file_is_set_aside_not_a_crash(tmp_path):
    store = ProgressStore(tmp_path)
    store.path.write_text("[" * 200000 + "]" * 200000, encoding="utf-8")
    loaded, notice = store.load()
    assert loaded == Progress() and "nested too deeply" in notice and "kept it as" in notice
    assert store.save(Progress({"xor": 1})) is None


def test_two_damaged_files_in_one_second_are_both_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module.time, "strftime", lambda *args: "20261125-120000")
    store = ProgressStore(tmp_path)
    for content in ("{first", "{second"):
        store.path.write_text(content, encoding="utf-8")
        assert "kept it as" in store.load()[1]
    aside = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob(FILE_NAME + ".bad-*"))
    assert aside == ["{first", "{second"]


def test_a_file_damaged_by_someone_else_before_a_save_is_kept(tmp_path):
    store = ProgressStore(tmp_path)
    progress, _ = store.load()
    store.path.write_text("{damaged", encoding="utf-8")
    progress.last_step["xor"] = 1
    notice = store.save(progress)
    assert notice and "kept it as" in notice
    assert [p.read_text(encoding="utf-8") for p in tmp_path.glob(FILE_NAME + ".bad-*")] == ["{damaged"]
    assert ProgressStore(tmp_path).load() == (Progress({"xor": 1}), None)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_a_notice_not_a_hang(tmp_path):
    store = ProgressStore(tmp_path)
    os.mkfifo(store.path)
    result = []
    reader = threading.Thread(target=lambda: result.append(store.load()), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():                            # unblock the reader before failing
        os.close(os.open(store.path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("loading progress from a named pipe hung")
    loaded, notice = result[0]
    assert loaded == Progress() and "not a regular file" in notice and "kept it as" in notice
    assert store.save(Progress({"xor": 1})) is None and store.path.is_file()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and modes as on POSIX")
def test_saving_through_a_symlink_keeps_the_link_and_the_mode(tmp_path):
    target = tmp_path / "dotfiles" / "progress.json"
    target.parent.mkdir()
    target.write_text('{"version": 1}', encoding="utf-8")
    target.chmod(0o640)
    store = ProgressStore(tmp_path / "state")
    store.folder.mkdir()
    store.path.symlink_to(target)
    assert store.save(Progress({"xor": 1})) is None
    assert store.path.is_symlink() and os.readlink(store.path) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["last_step"] == {"xor": 1}
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(target.parent)) == ["progress.json"]


@pytest.mark.skipif(os.name != "posix", reason="modes as on POSIX")
def test_a_new_file_is_readable_by_all(tmp_path):
    store = ProgressStore(tmp_path)
    store.save(Progress())
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o644


def test_a_state_folder_that_is_a_file_is_said_plainly(tmp_path, monkeypatch):
    blocker = tmp_path / "state-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_STATE_DIR", str(blocker))
    store = ProgressStore()
    loaded, notice = store.load()
    assert loaded == Progress()
    for message in (notice, store.save(Progress({"xor": 1}))):
        assert "the state folder is a file" in message and "WORKBENCH_STATE_DIR" in message
        assert message.endswith(str(blocker))
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_progress_module_loads_no_ui():
    program = ("import sys, workbench.course.progress; "
               "print([m for m in ('textual', 'rich') if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links as on POSIX")
def test_a_damaged_file_behind_a_symlink_is_set_aside_beside_it_and_the_link_stays(tmp_path):
    target = tmp_path / "dotfiles" / "progress.json"
    target.parent.mkdir()
    target.write_text("{damaged", encoding="utf-8")
    store = ProgressStore(tmp_path / "state")
    store.folder.mkdir()
    store.path.symlink_to(target)
    assert "kept it as" in store.load()[1]
    assert [p.read_text(encoding="utf-8") for p in target.parent.glob("progress.json.bad-*")] == ["{damaged"]
    assert store.save(Progress({"xor": 1})) is None
    assert store.path.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["last_step"] == {"xor": 1}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_symlink_to_something_that_is_not_a_file_moves_only_the_link(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.mkfifo(elsewhere / "pipe")
    store = ProgressStore(tmp_path / "state")
    store.folder.mkdir()
    store.path.symlink_to(elsewhere / "pipe")
    assert "not a regular file" in store.load()[1]
    assert os.listdir(elsewhere) == ["pipe"]
    assert [p.is_symlink() for p in store.folder.glob(FILE_NAME + ".bad-*")] == [True]


SAVER = """
import sys
from pathlib import Path
from workbench.course.progress import ProgressStore
folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = ProgressStore(folder)
progress, _ = store.load()
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()                                  # both start saving at the same moment
for i in range(count):
    progress.finished.add(f"{name}{i}")
    progress.last_step[f"{name}{i}"] = i
    problem = store.save(progress)
    assert problem is None, problem
"""


@pytest.mark.slow
def test_two_processes_saving_at_once_lose_no_save(tmp_path):
    """Each save re-reads, merges and replaces the file; without a lock around the three, one process
    replaces the file with a merge that missed the other's last save."""
    count = 300
    processes = [subprocess.Popen([sys.executable, "-c", SAVER, str(tmp_path), name, str(count)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for name in ("a", "b")]
    for process in processes:
        assert process.stdout.readline() == "ready\n", process.stderr.read()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    progress, notice = ProgressStore(tmp_path).load()
    assert notice is None
    expected = {f"{name}{i}" for name in "ab" for i in range(count)}
    assert progress.finished == expected and set(progress.last_step) == expected


def test_a_save_waits_for_the_lock_and_saves_anyway_when_it_is_never_released(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "LOCK_TIMEOUT", 0.3)
    store = ProgressStore(tmp_path)
    with save_lock(tmp_path) as got:                  # another session, hung while saving
        assert got
        started = time.monotonic()
        assert store.save(Progress({"xor": 1})) is None
        assert time.monotonic() - started >= 0.3
    assert store.load()[0].last_step == {"xor": 1}
    released = threading.Event()

    def hold_briefly():
        with save_lock(tmp_path):
            released.wait(5)
    holder = threading.Thread(target=hold_briefly)
    holder.start()
    time.sleep(0.05)
    threading.Timer(0.1, released.set).start()
    monkeypatch.setattr(progress_module, "LOCK_TIMEOUT", 5.0)
    started = time.monotonic()
    assert store.save(Progress({"xor": 2})) is None   # waited for the holder, not the whole timeout
    assert time.monotonic() - started < 2
    holder.join()


def test_milestones_are_kept_and_never_lost_to_another_session(tmp_path):
    first, second = ProgressStore(tmp_path), ProgressStore(tmp_path)
    first.load()
    second.load()
    assert first.save(Progress(milestones={"apple"})) is None
    assert second.save(Progress({"xor": 1})) is None          # knew nothing of the milestone
    assert ProgressStore(tmp_path).load()[0].milestones == {"apple"}
