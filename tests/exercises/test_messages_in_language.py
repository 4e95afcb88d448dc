"""The grader's child forms no words of its own: what it reports about a file, a crash or a time limit
is a catalog key with codes as values, said in the reader's language by the parent (report.said)."""
import errno
import shutil
from pathlib import Path

import pytest

from workbench.exercises.grader import Failed, load
from workbench.exercises.report import message_text, milestone_text, said
from workbench.exercises.sandbox import check, crash_message, run_milestone
from workbench.i18n import set_language
from workbench.models.mine import MineFailure
from mistakes import mutate

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
    assert text == "layers.py 파일을 읽을 수 없습니다: 권한이 없습니다. 이 파일을 읽을 권한이 있는지 확인하고 다시 채점하세요.", text
    assert "Permission" not in text and "Errno" not in text
    assert MineFailure(message, "Relu", None).headline().endswith("layers.py 파일을 읽을 수 없습니다: 권한이 없습니다. 이 파일을 읽을 권한이 있는지 확인하고 다시 채점하세요.")


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


def test_a_frame_of_a_compiled_module_with_a_relative_name_is_not_taken_for_the_learners(folder, monkeypatch):
    """NumPy's Cython modules name their frames "_bounded_integers.pyx"; in the child, whose working folder
    is the learner's, that resolved inside it and NumPy's import showed under "your code"."""
    from workbench.exercises.grader import learner_trace

    monkeypatch.chdir(folder)
    (folder / "_bounded_integers.pyx").write_text("")
    try:
        exec(compile("raise KeyboardInterrupt", "_bounded_integers.pyx", "exec"))
    except KeyboardInterrupt:
        trace = learner_trace(folder)
    assert trace == ["KeyboardInterrupt"], trace


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
    assert "종료 상태 3으로 끝났습니다.\n" in message_text(result), message_text(result)


def test_a_time_limit_names_the_row_as_the_table_does(folder):
    path = folder / "optimizers.py"
    path.write_text(path.read_text().replace("        for key in params.keys():", "        while True:\n            pass\n"
                                             "        for key in params.keys():", 1))
    [result] = check(folder, ["SGD"], time_limit=1.0)
    set_language("ko")
    assert message_text(result).startswith("SGD의 ‘경로’ 행이 1초 안에 끝나지 않아"), message_text(result)


@pytest.mark.parametrize("name, file, old, new, en, ko", [
    ("SoftmaxWithLoss", "layers.py", "return self.loss", "return self.y",
     "forward for x (3, 4), t one-hot (3, 4): expected shape (), got (3, 4), computed at layers.py line",
     "x (3, 4), 원-핫 t (3, 4)일 때 forward: 형상이 틀렸습니다. 기댓값 (), 실제 (3, 4)."),
    ("im2col", "convolution.py", "reshape(N * out_h * out_w, -1)", "reshape(N * out_h * out_w, -1).T",
     "im2col for input (2, 3, 5, 5), filter 3×3, stride=1, pad=1: expected shape (50, 27), got (27, 50), computed at convolution.py line",
     "입력 (2, 3, 5, 5), 필터 3×3, 스트라이드 1, 패딩 1일 때 im2col: 형상이 틀렸습니다. 기댓값 (50, 27), 실제 (27, 50)."),
    ("Pooling", "convolution.py", "reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)",
     "reshape(N, out_h, out_w, C).transpose(0, 3, 2, 1)",
     "forward for x (2, 3, 4, 4), pool 2×2, stride=2: at",
     "x (2, 3, 4, 4), 풀링 2×2, 스트라이드 2일 때 forward: "),
])
def test_a_test_case_is_described_in_the_readers_words(folder, name, file, old, new, en, ko):
    mutate(folder, file, old, new)
    [result] = check(folder, [name])
    assert result["rows"]["forward"] == "fail"
    assert en in message_text(result), message_text(result)
    set_language("ko")
    text = message_text(result)
    assert text.startswith(ko), text
    words = text.replace("filter_h", "").replace("filter_w", "")     # the book's parameters, in a hint's code
    assert not any(word in words for word in ("one-hot", "input", "filter", "stride", "pool ", "shape")), text


def test_what_the_learner_returned_is_named_in_the_readers_words(folder):
    mutate(folder, "layers.py", "return dout * self.y, dout * self.x", "return np.stack([dout * self.y, dout * self.x])")
    [result] = check(folder, ["MulLayer"])
    assert result["rows"]["backward"] == "fail"
    assert message_text(result).endswith("it returned an array (2,) of float64."), message_text(result)
    set_language("ko")
    text = message_text(result)
    assert text.endswith("형상이 (2,)인 float64 배열을 돌려줬습니다."), text
    assert "array" not in text


def test_a_milestone_out_of_time_is_named_by_its_title(folder):
    # the learner's backward sleeps, so the limit is passed however fast the machine (the graph alone
    # once finished inside 0.05 s)
    mutate(folder, "layers.py", "return dout * self.y, dout * self.x",
           "__import__('time').sleep(5); return dout * self.y, dout * self.x")
    outcome = run_milestone(folder, "apple", time_limit=0.05)
    assert not outcome["passed"]
    set_language("ko")
    text = milestone_text(outcome)
    assert text.startswith("아직 이정표 미달성: 사과 그래프. ‘사과 그래프’ 실행이 0.05초 안에"), text
    assert "apple" not in text
    set_language("en")
    assert "The run “apple graph” did not finish within 0.05 s" in milestone_text(outcome)


@pytest.mark.parametrize("program, en, ko", [
    ("workbench.models.graph_mine:walk", "The run “computational graph stepper” did not finish within 10 s",
     "‘계산 그래프 단계 실행기’ 실행이 10초 안에 끝나지 않아"),
    ("workbench.models.im2col_mine:arrays", "The run “im2col inspector”", "‘im2col 들여다보기’ 실행이"),
    ("workbench.models.train_mine:program", "The run “live training”", "‘실시간 학습’ 실행이"),
    ("workbench.models.gradcheck_mine:program", "The run “gradient check”", "‘기울기 확인’ 실행이"),
])
def test_a_program_out_of_time_is_named_by_its_panes_title(program, en, ko):
    from workbench.exercises.runner import timeout_message

    message = timeout_message(program, [], "10")
    assert said(message).startswith(en), said(message)
    set_language("ko")
    text = said(message)
    assert text.startswith(ko) and "walk" not in text and "program" not in text and "arrays" not in text, text


@pytest.mark.parametrize("lang, frame", [
    ("en", "layers.py imports helper.py, and Python cannot read helper.py: line 2: invalid syntax. Fix that line"),
    ("ko", "layers.py가 불러오는 helper.py의 2번째 줄을 파이썬이 읽지 못합니다: invalid syntax. 그 줄을 고치고"),
])
def test_a_syntax_error_in_a_file_the_exercises_import_is_framed_in_the_readers_language(folder, lang, frame):
    """Python's own words stay (the learner searches for them); which file, which line and what to do are
    said in the reader's language: it read "SyntaxError: invalid syntax (helper.py, line 2)" under ko."""
    (folder / "helper.py").write_text("x = 1\ndef q(:\n", encoding="utf-8")
    (folder / "layers.py").write_text("import helper\n" + (folder / "layers.py").read_text(encoding="utf-8"))
    failure = failed_load(folder)
    set_language(lang)
    assert said(failure.message).startswith(frame), said(failure.message)
    assert "line 2)" not in said(failure.message)
    assert failure.trace[0] == "helper.py:2"


def test_a_syntax_error_says_what_to_do_in_korean_around_pythons_words(folder):
    (folder / "layers.py").write_text("def f(:\n", encoding="utf-8")
    failure = failed_load(folder)
    set_language("ko")
    text = said(failure.message)
    assert text.startswith("layers.py 1번째 줄") and "invalid syntax" in text and "그 줄을 고치고" in text, text
