"""AdaGrad written without the square root, lr * grad / (h + 1e-7), is named as the other optimizer slips
are: it was given only the book's update to compare with, line by line."""
import pytest

from workbench.exercises.report import message_text
from workbench.exercises.sandbox import check
from workbench.i18n import set_language

BOOK = "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)"


@pytest.mark.parametrize("written", ["params[key] -= self.lr * grads[key] / (self.h[key] + 1e-7)",
                                     "params[key] = params[key] - self.lr * grads[key] / (self.h[key] + 1e-7)"])
def test_adagrad_without_the_square_root_is_named(folder, written):
    path = folder / "optimizers.py"
    path.write_text(path.read_text().replace(BOOK, written, 1))
    [result] = check(folder, ["AdaGrad"])
    assert result["message"]["key"] == "exercises.msg.path"
    assert "AdaGrad divides by h itself, not by its square root" in message_text(result), message_text(result)
    assert message_text(result).endswith(f"The book's step: {BOOK}.")
    set_language("ko")
    try:
        assert "h의 제곱근이 아니라 h 자체로 나누고 있어서" in message_text(result), message_text(result)
        assert message_text(result).endswith(f"책의 갱신은 {BOOK}입니다.")
    finally:
        set_language("en")
