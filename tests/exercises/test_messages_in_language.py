"""The grader's child forms no words of its own: what it reports about a file, a crash or a time limit
is a catalog key with codes as values, said in the reader's language by the parent (report.said)."""
import errno
import shutil
from pathlib import Path

import pytest

from workbench.exercises.grader import Failed, load
from workbench.exercises.report import message_text, said
from workbench.exercises.sandbox import check, crash_message
from workbench.i18n import set_language
from workbench.models.mine import MineFailure

SOLUTION = Path(__file__).parent / "solution"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "mine"
    shutil.copytree(SOLUTION, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def failed_load(folder, file="layers.py") -> dict:
    with pytest.raises(Failed) as caught:
        load(folder, file)
    return caught.value


def test_a_folder_where_the_file_should_be_is_said_to_be_a_folder(folder):
    (folder / "optimizers.py").unlink()
    (folder / "optimizers.py").mkdir()
    [result] = check(folder, ["SGD"])
    assert result["rows"]["present"] == "fail"
    set_language("ko")
    assert "optimizers.py는 파일이 아니라 폴더입니다" in message_text(result)
    set_language("en")
    assert "optimizers.py in" in message_text(result) and "is a folder, not a file" in message_text(result)


def test_a_file_that_cannot_be_read_says_why_in_korean(folder, monkeypatch):
    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    monkeypatch.setattr(Path, "read_bytes", refuse)
    message = failed_load(folder).message
    assert message["values"]["errno"] == str(errno.EACCES)
    set_language("ko")
    text = said(message)
    assert text == "layers.py 파일을 읽을 수 없습니다: 권한이 없습니다", text
    assert "Permission" not in text and "Errno" not in text
    assert MineFailure(message, "Relu", None).headline().endswith("layers.py 파일을 읽을 수 없습니다: 권한이 없습니다")


def test_a_file_that_is_not_utf8_names_the_line_in_the_readers_words(folder):
    (folder / "layers.py").write_bytes(b"import numpy as np\n\n# caf\xe9\n")
    message = failed_load(folder).message
    set_language("ko")
    text = said(message)
    assert text.startswith("layers.py 3번째 줄이 UTF-8 텍스트가 아니어서"), text
    assert "codec" not in text and "decode" not in text


def test_an_import_error_shows_only_the_learners_frames(folder, monkeypatch):
    monkeypatch.chdir(folder)                      # as in the child: "<frozen ...>" resolved inside the folder
    (folder / "layers.py").write_text("import numpy as np\nimport no_such_module_here\n")
    trace = failed_load(folder).trace
    assert trace[0] == "layers.py:2 in <module>", trace
    assert not any("frozen" in line for line in trace)


@pytest.mark.parametrize("code, ko, en", [
    (-9, "프로세스가 신호 SIGKILL로 끝났습니다", "ended by the signal SIGKILL"),
    (3, "프로세스가 종료 상태 3으로 끝났습니다", "exited with status 3"),
    (0, "프로세스가 답 없이 끝났습니다", "ended without an answer"),
])
def test_a_crash_is_said_in_the_readers_language(code, ko, en):
    message = crash_message(code)
    set_language("ko")
    assert ko in said(message) and "signal" not in said(message) and "exit status" not in said(message)
    assert ko in MineFailure(message, "Relu", None).headline()
    set_language("en")
    assert en in said(message)


def test_a_crash_in_the_learners_file_is_reported_in_korean(folder):
    (folder / "optimizers.py").write_text("import os\nos._exit(3)\n")
    [result] = check(folder, ["SGD"])
    set_language("ko")
    assert message_text(result).endswith("종료 상태 3으로 끝났습니다."), message_text(result)


def test_a_time_limit_names_the_row_as_the_table_does(folder):
    path = folder / "optimizers.py"
    path.write_text(path.read_text().replace("        for key in params.keys():", "        while True:\n            pass\n"
                                             "        for key in params.keys():", 1))
    [result] = check(folder, ["SGD"], time_limit=1.0)
    set_language("ko")
    assert message_text(result).startswith("SGD의 ‘경로’ 행이 1초 안에 끝나지 않아"), message_text(result)
