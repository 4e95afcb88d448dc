"""A message of the grader that stops a part says what to do next, in English and in Korean: a class
with a method outside it, a name that is no function, a part not written, an error as the file loads,
a gradient backward never sets, a file that cannot be read."""
import errno
from pathlib import Path

import pytest

from workbench.exercises.grader import Failed, load
from workbench.exercises.report import said
from mistakes import mutate, says_in_both


CASES = [
    pytest.param("Relu", "layers.py",
                 "    def backward(self, dout):\n        dout = dout.copy()\n        dout[self.mask] = 0\n        return dout\n",
                 "\ndef backward(self, dout):\n    dout = dout.copy()\n    dout[self.mask] = 0\n    return dout\n",
                 "Relu has no method backward: define def backward(self, …) inside the class, indented under class Relu.",
                 "Relu에 backward 메서드가 없습니다. class Relu 안에 들여 써서 def backward(self, …)를 정의하세요.",
                 id="method-outside-the-class"),
    pytest.param("sigmoid", "functions.py", "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))",
                 "sigmoid = 1 / (1 + np.exp(-1.0))",
                 "sigmoid must be a function: def sigmoid(…), as the book writes it.",
                 "sigmoid는 함수여야 합니다. 책처럼 def sigmoid(…)로 정의하세요.", id="a-number-not-a-function"),
    pytest.param("Momentum", "optimizers.py", "class Momentum:", "class Momentum_:",
                 "optimizers.py has no class Momentum: write it there, named as the book names it.",
                 "optimizers.py에 Momentum 클래스가 없습니다. 책에 쓰인 이름 그대로 작성하세요.", id="no-class"),
    pytest.param("sigmoid", "functions.py", "def sigmoid(x):", "def sigmoid_(x):",
                 "functions.py has no function sigmoid: write it there, named as the book names it.",
                 "functions.py에 sigmoid 함수가 없습니다. 책에 쓰인 이름 그대로 작성하세요.", id="no-function"),
    pytest.param("SGD", "optimizers.py", "import numpy as np\n", "import numpy as np\nnp.zeros(3)[5]\n",
                 "optimizers.py raised an error while it was loaded: IndexError: index 5 is out of bounds for axis 0 with "
                 "size 3. The code outside its functions and classes runs as the file loads: fix the line the traceback "
                 "names and save.",
                 "함수와 클래스 밖의 코드는 파일을 불러올 때 실행됩니다. 트레이스백이 가리키는 줄을 고치고 저장하세요.",
                 id="error-as-it-loads"),
    pytest.param("Affine", "layers.py", ("        self.dW = None\n", "        self.dW = np.dot(self.x.T, dout)\n"), ("", ""),
                 "Set self.dW = … in backward.", "backward에서 self.dW에 값을 넣어 두세요.", id="dW-never-set"),
]


@pytest.mark.parametrize("name, file, old, new, en, ko", CASES)
def test_a_message_that_stops_a_part_says_what_to_do_next(folder, name, file, old, new, en, ko):
    for old, new in zip(*((old, new) if isinstance(old, tuple) else ((old,), (new,)))):
        mutate(folder, file, old, new)
    says_in_both(folder, name, en, ko)


def test_a_file_that_cannot_be_read_says_to_check_it_may_be_read(folder, monkeypatch):
    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(Failed) as caught:
        load(folder, "layers.py")
    assert said(caught.value.message).endswith("Check that the file is yours to read (its permissions), then grade again.")
