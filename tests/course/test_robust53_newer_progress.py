"""A progress file written by a newer workbench is kept as it is: not set aside as damaged, never saved
over, read as far as this version understands it, with a notice that says so (in English and Korean)."""
import json
import os

from workbench.course.progress import FILE_NAME, LOCK_NAME, VERSION, Progress, ProgressStore
from workbench.i18n import set_language

NEWER = {"version": VERSION + 1, "last_step": {"perceptron": 3}, "finished": ["perceptron"],
         "language": "ko", "rewards": {"stars": 4}}


def write(store: ProgressStore, data: object) -> bytes:
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps(data), encoding="utf-8")
    return store.path.read_bytes()


def test_a_newer_file_is_read_kept_and_never_saved_over(tmp_path):
    store = ProgressStore(tmp_path)
    before = write(store, NEWER)
    progress, notice = store.load()
    assert progress.last_step == {"perceptron": 3} and progress.finished == {"perceptron"}
    assert "newer workbench" in notice and "damaged" not in notice and "Upgrade workbench" in notice
    progress.record_step("xor", ["a", "b"], 1)
    assert store.save(progress) == notice              # the same words: the app does not say it twice
    assert store.path.read_bytes() == before
    assert set(os.listdir(tmp_path)) <= {LOCK_NAME, FILE_NAME}          # nothing set aside, no temp file


def test_a_newer_file_of_other_keys_gives_fresh_progress_and_stays(tmp_path):
    store = ProgressStore(tmp_path)
    before = write(store, {"version": VERSION + 5, "last_step": [["perceptron", 3]]})
    progress, notice = store.load()
    assert progress == Progress() and "version 6" in notice
    assert store.save(Progress({"xor": 1})) == notice
    assert store.path.read_bytes() == before
    assert not [name for name in os.listdir(tmp_path) if ".bad-" in name]


def test_a_newer_workbench_saving_meanwhile_is_not_saved_over(tmp_path):
    store = ProgressStore(tmp_path)
    store.save(Progress({"xor": 1}))
    store.load()
    before = write(store, NEWER)                       # another terminal, a newer workbench, saved since
    notice = store.save(Progress({"xor": 2}))
    assert "newer workbench" in notice
    assert store.path.read_bytes() == before


def test_the_notice_in_korean(tmp_path):
    store = ProgressStore(tmp_path)
    write(store, NEWER)
    set_language("ko")
    try:
        _, notice = store.load()
    finally:
        set_language("en")
    assert f"{store.path}은 더 새로운 workbench가 저장한 파일입니다" in notice
    assert "업그레이드하세요" in notice


def test_a_version_that_is_not_a_count_is_still_damaged(tmp_path):
    store = ProgressStore(tmp_path)
    write(store, {"version": "2", "last_step": {}})
    progress, notice = store.load()
    assert progress == Progress() and "kept it as" in notice
