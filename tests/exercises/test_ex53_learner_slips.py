"""Slips a reader of the book really makes, each graded with a hint that names it in the book's terms:
found by writing every part wrong first, as a learner does. Graded in this process (the `folder` fixture of
conftest is a copy of the reference solution), so each test is a few milliseconds."""
from workbench.exercises.grader import grade
from workbench.exercises.parts import BY_NAME
from workbench.exercises.report import message_text
from workbench.i18n import set_language


def mutate(folder, file, old, new):
    path = folder / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def graded(folder, name):
    result = grade(folder, BY_NAME[name])
    return result["rows"], message_text(result)


def test_the_books_first_cross_entropy_without_delta_is_told_of_delta_not_left_at_nan(folder):
    # section 4.2.2's form, -np.sum(t * np.log(y)): the book's y has zeros where t is 0, and 0 * -inf is NaN
    mutate(folder, "functions.py", "    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size",
           "    return -np.sum(np.eye(y.shape[1])[t] * np.log(y)) / batch_size")
    rows, text = graded(folder, "cross_entropy_error")
    assert rows["forward"] == "fail" and "got nan" in text, text
    assert "0 × −inf, which is NaN: add the book's delta = 1e-7" in text, text
    set_language("ko")
    assert "곧 NaN입니다. 책처럼 log 안에 delta = 1e-7을 더하세요" in graded(folder, "cross_entropy_error")[1]


def test_the_books_np_int_is_told_to_be_gone_from_numpy_with_what_to_write(folder):
    # section 3.2.3 writes y.astype(np.int); NumPy 1.24 dropped the alias, and the error alone named no way out
    mutate(folder, "functions.py", "    return np.array(x > 0, dtype=np.int64)", "    y = x > 0\n    return y.astype(np.int)")
    rows, text = graded(folder, "step_function")
    assert rows["forward"] == "fail", text
    assert "functions.py line 7 uses np.int, which the book's NumPy had and today's has not: write np.int64 there" \
        in text, text
    set_language("ko")
    assert "np.int는 책이 쓰던 NumPy에는 있었지만 지금의 NumPy에는 없습니다. 그 자리에 np.int64를 쓰세요" \
        in graded(folder, "step_function")[1]


def test_a_value_kept_without_self_is_told_to_be_kept_with_self(folder):
    mutate(folder, "optimizers.py", "        self.lr = lr\n", "        lr = lr\n")      # SGD's, the first
    rows, text = graded(folder, "SGD")
    assert rows["forward"] == "fail", text
    assert "self.lr was never set, and optimizers.py line" in text and "a plain lr = … is a local name" in text, text
    set_language("ko")
    assert "self.lr이 한 번도 설정되지 않았는데" in graded(folder, "SGD")[1]


def test_an_attribute_missing_from_numpys_array_is_not_said_to_be_the_learners_self(folder):
    mutate(folder, "layers.py", "        self.shape = x.shape\n", "        self.shape = x.shap\n")
    rows, text = graded(folder, "Affine")
    assert rows["forward"] == "fail" and "has no attribute 'shap'" in text, text
    assert "never set" not in text and "Look at layers.py line" in text, text
