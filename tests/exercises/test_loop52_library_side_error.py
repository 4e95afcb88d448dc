"""A milestone whose error is raised in the book's code, with no line of the learner's in the traceback,
names the learner's part called last and what it returned, in English and in Korean; a right kit, and an
error at a line of theirs, keep their own messages."""
from workbench.exercises import milestones
from workbench.exercises.report import said
from workbench.i18n import set_language

from tests.exercises.test_crash52_next_step import mutate


def test_an_error_in_the_milestones_code_names_the_part_called_last_and_what_it_returned(folder):
    mutate(folder, "layers.py", "        return dout * self.y, dout * self.x\n", "        return dout * self.y\n")
    result = milestones.run(folder, "apple")       # `dtotal, dtax = mul_tax.backward(1.0)`: the book's line
    assert not result["passed"]
    text = said(result["message"])
    assert text.startswith("Your code raised TypeError: cannot unpack"), text
    assert text.endswith("\nIt was raised in the book's code, not at a line of yours, just after your "
                         "MulLayer.backward returned float: is that what it should return?"), text
    set_language("ko")
    assert said(result["message"]).endswith("여러분의 줄이 아니라 책의 코드에서, 여러분의 MulLayer.backward가 float "
                                            "객체를 반환한 직후에 오류가 났습니다. 그 반환값이 맞는지 보세요."), \
        said(result["message"])


def test_an_error_in_the_books_loss_their_numerical_gradient_calls_names_the_part_called_last(folder):
    mutate(folder, "functions.py", "    return 1 / (1 + np.exp(-x))\n", "    return (1 / (1 + np.exp(-x))).T\n")
    result = milestones.run(folder, "numgrad")       # `z1 @ W2` in the book's loss, called by their f(x)
    text = said(result["message"])
    assert text.startswith("Your code raised ValueError: matmul"), text
    assert text.endswith("\nIt was raised in the book's code, not at a line of yours, just after your sigmoid returned "
                         "an array (5, 3) of float64: is that what it should return?"), text
    set_language("ko")
    assert "여러분의 sigmoid가 형상이 (5, 3)인 float64 배열을 반환한 직후에" in said(result["message"]), \
        said(result["message"])


def test_right_code_and_an_error_at_their_own_line_get_no_such_hint(folder):
    assert milestones.run(folder, "numgrad")["passed"]
    mutate(folder, "functions.py", "    return 1 / (1 + np.exp(-x))\n", "    return 1 / 0\n")
    text = said(milestones.run(folder, "numgrad")["message"])
    assert "divides by a number that is 0" in text and "not at a line of yours" not in text, text
