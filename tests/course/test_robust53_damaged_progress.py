"""A progress file that is empty, cut short or of the wrong shape, as a learner in Korean meets it: an
empty file is no progress (nothing set aside, nothing said), and a damaged one's reason is in the
reader's language (it was the JSON parser's English, "Expecting value: line 1 column 1 (char 0)")."""
import os

import pytest

from workbench.course.progress import FILE_NAME, LOCK_NAME, Progress, ProgressStore
from workbench.i18n import set_language


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("content", [b"", b"\n", b"  \n\t"])
def test_an_empty_file_is_no_progress_and_no_notice(tmp_path, content):
    store = ProgressStore(tmp_path)
    store.path.write_bytes(content)
    assert store.load() == (Progress(), None)
    assert store.save(Progress({"xor": 1})) is None
    assert set(os.listdir(tmp_path)) == {LOCK_NAME, FILE_NAME}
    assert ProgressStore(tmp_path).load()[0].last_step == {"xor": 1}


def test_a_file_cut_short_says_where_in_korean(tmp_path, korean):
    store = ProgressStore(tmp_path)
    store.path.write_text('{"version": 1, "last_step": {"perceptron": 3}, "fini', encoding="utf-8")
    _, notice = store.load()
    assert "손상된 파일입니다(JSON이 아님: 1행 48열에서 끊기거나 어긋남)" in notice
    assert "Unterminated" not in notice and "column" not in notice


def test_a_file_of_the_wrong_shape_says_which_part_in_korean(tmp_path, korean):
    store = ProgressStore(tmp_path)
    store.path.write_text('{"version": 1, "finished": "perceptron"}', encoding="utf-8")
    _, notice = store.load()
    assert "손상된 파일입니다(finished는 레슨 id의 목록이어야 함)" in notice


def test_the_same_in_english(tmp_path):
    store = ProgressStore(tmp_path)
    store.path.write_text('{"version": 1, "last_step": [1]}', encoding="utf-8")
    _, notice = store.load()
    assert "was damaged (last_step must map lesson ids to step numbers)" in notice
