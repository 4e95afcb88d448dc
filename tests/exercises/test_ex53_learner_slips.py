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
