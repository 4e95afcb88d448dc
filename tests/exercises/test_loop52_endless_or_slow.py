"""A part stopped at the time limit in its backward row: a loop in the learner's backward, which the row
calls once, never ends, so the hint names its line as an endless loop; stopped in forward, which the
numerical gradient calls again and again, it may be endless or only slow, and the hint says both."""
from workbench.exercises.report import message_text
from workbench.exercises.sandbox import check
from workbench.i18n import set_language

from tests.exercises.test_crash52_next_step import mutate


def test_an_endless_loop_in_backward_is_named_as_one_not_as_a_slow_forward(folder):
    mutate(folder, "layers.py", "        dout = dout.copy()\n", "        while True: pass\n")
    [result] = check(folder, ["Relu"], time_limit=1.0)
    text = message_text(result)
    assert text.endswith("\nlayers.py line 40 was running when it was stopped: look at the loop around it."), text
    assert "slow" not in text
    set_language("ko")
    assert message_text(result).endswith("멈출 때 layers.py의 40번째 줄을 실행하고 있었습니다. 그 줄을 둘러싼 루프를 보세요.")


def test_a_forward_stopped_in_the_backward_row_says_endless_or_slow_in_one_sentence(folder):
    mutate(folder, "layers.py", "        self.mask = (x <= 0)\n", "        import time; time.sleep(0.05)\n"
           "        self.mask = (x <= 0)\n")
    [result] = check(folder, ["Relu"], time_limit=1.0)
    assert result["rows"]["forward"] == "pass" and result["rows"]["backward"] == "fail", result["rows"]
    text = message_text(result)
    assert text.endswith("\nlayers.py line 34 was running when it was stopped: either a loop there never ends, or "
                         "forward is too slow, as the backward row calls Relu.forward again for every entry it nudges "
                         "(a Python loop over elements is far slower than NumPy's whole-array operations)."), text
    set_language("ko")
    assert message_text(result).endswith("멈출 때 Relu.forward에 있는 layers.py의 34번째 줄을 실행하고 있었습니다. 그곳의 "
                                         "루프가 끝나지 않거나 순전파가 너무 느린 것입니다. 역전파 행은 원소를 하나씩 조금 "
                                         "바꿀 때마다 Relu.forward를 다시 부르는데, 원소마다 도는 파이썬 루프는 NumPy의 "
                                         "배열 전체 연산보다 훨씬 느립니다."), message_text(result)


def test_the_right_relu_gets_no_time_hint(folder):
    [result] = check(folder, ["Relu"], time_limit=5.0)
    assert all(status == "pass" for status in result["rows"].values()), result
    assert "hint" not in (result["message"] or {}), result["message"]
