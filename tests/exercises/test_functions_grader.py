"""Chapters 3 and 4's functions (functions.py): the book's solution passes, and each usual slip fails the
forward row with a hint that names it. Graded in this process (the sandbox is tested elsewhere), so fast."""
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from workbench.exercises.grader import grade
from workbench.exercises.parts import BY_NAME, chapter_parts
from workbench.exercises.report import message_text
from workbench.i18n import set_language

SOLUTION = Path(__file__).parent / "solution"


@pytest.fixture
def folder(tmp_path):
    shutil.copy(SOLUTION / "functions.py", tmp_path / "functions.py")
    return tmp_path


def mutate(folder, old, new):
    path = folder / "functions.py"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def replace_function(folder, name, source):
    """functions.py with the function `name` written as `source` instead (the learner's version)."""
    path = folder / "functions.py"
    text = path.read_text()
    start = text.index(f"def {name}(")
    end = text.find("\ndef ", start + 1)
    path.write_text(text[:start] + source.strip() + "\n\n" + (text[end:] if end != -1 else ""))


def graded(folder, name):
    result = grade(folder, BY_NAME[name])
    return result["rows"]["forward"], message_text(result)


def test_the_books_functions_pass_every_part(folder):
    for chapter in (3, 4):
        for part in chapter_parts(chapter):
            result = grade(folder, part)
            assert result["rows"] == {"present": "pass", "interface": "pass", "forward": "pass"}, message_text(result)


@pytest.mark.parametrize("name, old, new, said", [
    ("softmax", "c = np.max(a, axis=-1, keepdims=True)", "c = 0", "subtract each row's maximum from a before exp"),
    ("softmax", "exp_a / np.sum(exp_a, axis=-1, keepdims=True)", "exp_a / np.sum(exp_a)",
     "Each row of a batch is one sample and sums to 1"),
    ("softmax", "exp_a / np.sum(exp_a, axis=-1, keepdims=True)", "exp_a / np.sum(exp_a, axis=0)",
     "not over the whole array or its columns"),
    ("softmax", "c = np.max(a, axis=-1, keepdims=True)", "c = np.max(a)", "subtract each row's own maximum"),
    ("cross_entropy_error", "+ 1e-7", "", "log(0) is −inf: add the book's delta = 1e-7"),
    ("cross_entropy_error", "+ 1e-7", "+ 1e-10", "add the book's delta = 1e-7"),
    ("cross_entropy_error", ")) / batch_size", "))", "divide the sum by the batch size"),
    ("cross_entropy_error", "if y.ndim == 1:", "if False:", "A single y of shape (10,) is one sample"),
    ("cross_entropy_error", "    if t.size == y.size:\n        t = t.argmax(axis=1)\n", "",
     "t holds one-hot rows or class labels, and both must work"),
    ("mean_squared_error", "0.5 * np.sum", "np.sum", "0.5 in front"),
    ("mean_squared_error", "0.5 * np.sum((y - t) ** 2)", "0.5 * np.mean((y - t) ** 2)", "is a sum"),
    ("numerical_diff", "(f(x + h) - f(x - h)) / (2 * h)", "(f(x + h) - f(x)) / h", "forward difference"),
    ("numerical_diff", "h = 1e-4", "h = 1e-50", "lost to rounding"),
    ("numerical_gradient", "        x[idx] = tmp_val\n", "", "put it back after its two nudges"),
    ("step_function", "np.array(x > 0, dtype=np.int64)", "x > 0", "np.array(x > 0, dtype=np.int64)"),
    ("step_function", "np.array(x > 0, dtype=np.int64)", "np.array(x >= 0, dtype=np.int64)", "not x >= 0"),
    ("sigmoid", "np.exp(-x)", "np.exp(x)", "sign inside exp looks flipped"),
    ("relu", "np.maximum(0, x)", "np.minimum(0, x)", "not np.minimum"),
    ("identity_function", "return x", "x", "returned None"),
    ("gradient_descent", "        x -= lr * grad\n    return x", "        x -= lr * grad\n        return x",
     "after 1 of the 3 steps"),
    ("gradient_descent", "x -= lr * grad", "x += lr * grad", "The descent climbed"),
    ("gradient_descent", "        x -= lr * grad\n    return x", "        x -= lr * grad\n    return x, np.array([x])",
     "Return x alone"),
    ("gradient_descent", "    x = init_x\n", "    x = init_x.copy()\n", "wrong"),
    ("gradient_descent", "        x -= lr * grad\n    return x", "        x -= lr * grad\n    return grad",
     "This is the gradient, not the point"),
])
def test_each_slip_fails_forward_with_its_hint(folder, name, old, new, said):
    mutate(folder, old, new)
    status, text = graded(folder, name)
    if said == "wrong":                                     # a copy of init_x descends as well: no slip at all
        assert status == "pass", text
        return
    assert status == "fail" and said in text, text


def test_a_descent_that_returns_where_it_started_says_so(folder):
    mutate(folder, "    x = init_x\n", "    x = init_x.copy()\n")
    mutate(folder, "        x -= lr * grad\n    return x", "        x -= lr * grad\n    return init_x")
    status, text = graded(folder, "gradient_descent")
    assert status == "fail" and "This is init_x, where the descent started" in text, text


def test_a_gradient_of_a_1d_array_only_says_any_shape(folder):
    replace_function(folder, "numerical_gradient", '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
    return grad
''')
    status, text = graded(folder, "numerical_gradient")
    assert status == "fail" and "x (2, 3)" in text and "np.nditer(x, flags=['multi_index'])" in text, text


def test_a_gradient_by_forward_difference_says_so(folder):
    mutate(folder, "x[idx] = tmp_val - h", "x[idx] = tmp_val")
    mutate(folder, "(fxh1 - fxh2) / (2 * h)", "(fxh1 - fxh2) / h")
    status, text = graded(folder, "numerical_gradient")
    assert status == "fail" and "This is the forward difference" in text, text


def test_a_cross_entropy_of_one_hot_rows_only_says_t_may_hold_labels(folder):
    replace_function(folder, "cross_entropy_error", '''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    batch_size = y.shape[0]
    return -np.sum(t * np.log(y + 1e-7)) / batch_size
''')
    status, text = graded(folder, "cross_entropy_error")
    assert status == "fail" and "t labels (3,)" in text and "both must work" in text, text


def test_a_gradient_that_nudges_a_copy_says_to_nudge_x_itself(folder):
    replace_function(folder, "numerical_gradient", '''
def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xc = x.copy()
        xc[idx] += h
        fxh1 = f(xc)
        xc[idx] -= 2 * h
        grad[idx] = (fxh1 - f(xc)) / (2 * h)
    return grad
''')
    status, text = graded(folder, "numerical_gradient")
    assert status == "fail" and "f reading x itself" in text and "in place" in text, text


def test_a_step_function_with_if_says_to_compare_the_whole_array(folder):
    replace_function(folder, "step_function", "def step_function(x):\n    if x > 0:\n        return 1\n    return 0\n")
    status, text = graded(folder, "step_function")
    assert status == "fail" and "'if x > 0:' asks one question of many numbers" in text, text


def test_a_descent_is_blamed_on_the_numerical_gradient_it_calls_when_that_fails(folder):
    mutate(folder, "(fxh1 - fxh2) / (2 * h)", "(fxh1 - fxh2) / h")
    status, text = graded(folder, "gradient_descent")
    assert status == "fail" and "calls your numerical_gradient, which does not pass yet" in text, text


def test_a_hint_is_said_in_korean(folder):
    mutate(folder, "+ 1e-7", "")
    set_language("ko")
    status, text = graded(folder, "cross_entropy_error")
    assert "정답 클래스에서 0인 y" in text and "delta = 1e-7을 더하세요" in text, text


def test_the_numerical_gradient_milestone_compares_with_backprop(folder):
    from workbench.exercises.milestones import numgrad, run
    from workbench.nn import functions as lib
    from workbench.nn.gradient import numerical_gradient

    outcome = run(folder, "numgrad")
    assert outcome["passed"] and outcome["message"]["key"] == "exercises.milestone.numgrad_done", outcome
    doubled = SimpleNamespace(sigmoid=lib.sigmoid, softmax=lib.softmax, cross_entropy_error=lib.cross_entropy_error,
                              numerical_gradient=lambda f, x: 2 * numerical_gradient(f, x))
    passed, message = numgrad(doubled)
    assert not passed and message["key"] == "exercises.milestone.numgrad_wrong"


def test_the_numerical_gradient_milestone_holds_back_none_of_chapter_5s():
    from workbench.exercises.unlock import next_milestone

    def results(**passes):
        return [{"name": name, "rows": {"forward": "pass" if ok else "fail"}} for name, ok in passes.items()]
    chapter5 = dict(MulLayer=True, AddLayer=True, Affine=True, Relu=True, SoftmaxWithLoss=True)
    chapter4 = dict(sigmoid=True, softmax=True, cross_entropy_error=True, numerical_gradient=True)
    assert next_milestone(results(**chapter4, **chapter5), set()) == "numgrad"
    assert next_milestone(results(**dict(chapter4, softmax=False), **chapter5), set()) == "apple"
    assert next_milestone(results(**chapter5), set()) == "apple"
    assert next_milestone(results(**chapter4), {"numgrad"}) is None
