"""When the learner's code crashes, the message says in one sentence what to do next, in English and in
Korean: the line of theirs to look at and, where the grader can tell, the usual cause there (dW's shape in
Affine.backward, a function calling itself, exit()); a process that dies says what usually ends it."""
import pytest

from workbench.exercises import milestones
from workbench.exercises.report import message_text, said
from workbench.exercises.sandbox import check, crash_message
from workbench.i18n import set_language
from mistakes import mutate, says_in_both

BACKWARD = "        dx = np.dot(dout, self.W.T)\n"


def before_backward(line):
    return "layers.py", BACKWARD, f"        {line}\n{BACKWARD}"


CASES = [
    pytest.param("im2col", "convolution.py", "col[:, :, y, x, :, :] = img", "col[:, :, y + 1, x, :, :] = img",
                 "convolution.py line 15 indexes past the end of an axis: print the array's shape and the index there.",
                 "convolution.py의 15번째 줄이 축의 끝을 넘는 인덱스를 씁니다.", id="index-error-in-im2col"),
    pytest.param("Affine", "layers.py", "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(self.x, dout)",
                 "dW must have W's shape, x.T @ dout: fix layers.py line 72.",
                 "dW의 형상은 W와 같아야 합니다(x.T @ dout). layers.py의 72번째 줄을 고치세요.", id="dW-shape"),
    pytest.param("Affine", "layers.py", "dx = np.dot(dout, self.W.T)", "dx = np.dot(dout, self.W)",
                 "dx must have x's shape, dout @ W.T: fix layers.py line 71.",
                 "dx의 형상은 x와 같아야 합니다(dout @ W.T). layers.py의 71번째 줄을 고치세요.", id="dx-shape"),
    pytest.param("Affine", *before_backward("np.ones(3) + np.ones(4)"),
                 "layers.py line 71 combines arrays whose shapes do not fit: print their shapes there.",
                 "layers.py의 71번째 줄이 형상이 맞지 않는 배열을 계산합니다.", id="other-shape-error-no-dW-guess"),
    pytest.param("Affine", *before_backward("1 / 0"),
                 "layers.py line 71 divides by a number that is 0 there: print the divisor.",
                 "layers.py의 71번째 줄에서 0으로 나눕니다.", id="zero-division"),
    pytest.param("Affine", "layers.py", BACKWARD, "        return self.backward(dout)\n",
                 "backward calls itself without end, directly or through another function: look at the call on "
                 "layers.py line 71.", "backward가 직접 또는 다른 함수를 거쳐 자기 자신을 끝없이 호출합니다.",
                 id="recursion"),
    pytest.param("Affine", *before_backward("np.zeros((10**6, 10**6))"),
                 "Print the shape of the array layers.py line 71 makes: every number in it takes 8 bytes.",
                 "layers.py의 71번째 줄이 만드는 배열의 형상을 출력해 보세요.", id="memory"),
    pytest.param("Affine", *before_backward("exit()"),
                 "layers.py line 71 calls exit(), which ends the check too: return the value instead.",
                 "layers.py의 71번째 줄이 exit()를 호출해 채점까지 끝냅니다.", id="exit"),
    pytest.param("Affine", *before_backward("print(undefined_name)"),
                 "Look at layers.py line 71, the last line of yours below: the error was raised there.",
                 "layers.py의 71번째 줄을 보세요.", id="any-other-error"),
    pytest.param("Affine", *before_backward("import os; os._exit(3)"),
                 "exited with status 3.\nDoes your code call os._exit()? It ends the check too: return the value instead.",
                 "코드에서 os._exit()를 호출하나요?", id="os-exit"),
    pytest.param("Affine", *before_backward("import ctypes; ctypes.string_at(0)"),
                 "signal SIGSEGV.\nPython itself crashed: in NumPy code most often as_strided with a wrong shape or strides.",
                 "파이썬 자체가 멈췄습니다.", id="segfault"),
]


@pytest.mark.parametrize("name, file, old, new, en, ko", CASES)
def test_a_crash_says_what_to_do_next(folder, name, file, old, new, en, ko):
    mutate(folder, file, old, new)
    says_in_both(folder, name, en, ko)


def test_a_recursion_shows_its_repeated_line_three_times_not_a_thousand(folder):
    mutate(folder, "layers.py", BACKWARD, "        return self.backward(dout)\n")
    [result] = check(folder, ["Affine"])
    lines = result["traceback"]
    assert lines.count("layers.py:71 in backward") == 3, lines
    assert lines[-2:] == ["    ⋮", "RecursionError: maximum recursion depth exceeded"], lines


@pytest.mark.parametrize("code, en, ko", [
    (-9, "most often for too much memory", "대개 메모리를 너무 많이 쓴 경우"),
    (-24, "It used up its processor time", "프로세서 시간을 다 썼습니다"),
    (-6, "Grade it again; if it stops the same way, undo your last change", "다시 채점해 보세요."),
    (0, "ended without an answer.\nDoes your code call os._exit()?", "os._exit()를 호출하나요?"),
])
def test_a_process_that_dies_says_what_usually_ends_it(code, en, ko):
    assert en in said(crash_message(code)), said(crash_message(code))
    set_language("ko")
    assert ko in said(crash_message(code)), said(crash_message(code))


def test_a_milestone_whose_code_raises_names_the_line_and_the_cause(folder):
    mutate(folder, "layers.py", "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(self.x, dout)")
    result = milestones.run(folder, "gradcheck")
    assert not result["passed"]
    assert said(result["message"]).endswith("\ndW must have W's shape, x.T @ dout: fix layers.py line 72."), \
        said(result["message"])
    set_language("ko")
    assert said(result["message"]).endswith("layers.py의 72번째 줄을 고치세요."), said(result["message"])


def test_a_pane_running_the_learners_layer_says_the_cause_at_their_line(folder):
    """A program of a lesson's pane (runner.failure): the same hint as the grader's."""
    import numpy as np

    from workbench.exercises.grader import load
    from workbench.exercises.runner import failure

    mutate(folder, "layers.py", "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(self.x, dout)")
    layer = load(folder, "layers.py").Affine(np.ones((4, 3)), np.zeros(3))
    layer.forward(np.ones((2, 4)))
    try:
        layer.backward(np.ones((2, 3)))
    except ValueError as exc:
        said_there = failure(exc, folder.resolve(), "walk")["message"]
    assert said(said_there).endswith("\ndW must have W's shape, x.T @ dout: fix layers.py line 72."), said(said_there)


def test_an_endless_loop_stopped_at_the_time_limit_names_the_line_that_was_running(folder):
    mutate(folder, "layers.py", "        self.mask = (x <= 0)\n", "        while True: pass\n")
    [result] = check(folder, ["Relu"], time_limit=1.0)
    assert message_text(result).endswith("\nlayers.py line 34 was running when it was stopped: look at the loop around it."), \
        message_text(result)
    set_language("ko")
    assert message_text(result).endswith("멈출 때 layers.py의 34번째 줄을 실행하고 있었습니다. 그 줄을 둘러싼 루프를 보세요."), \
        message_text(result)
