"""A part stopped at the time limit inside a `while` loop whose body never changes what it tests is told so:
the book's numerical_gradient walks x with `while not it.finished:` and `it.iternext()`, and a learner who
leaves out the last line was told only to "look at the loop around it"."""
from workbench.exercises.endless_loops import unchanged_while
from workbench.exercises.report import message_text
from workbench.exercises.sandbox import check

NDITER = """\
def numerical_gradient(f, x):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'])
    while not it.finished:
        idx = it.multi_index
        grad[idx] = f(x)
{last}    return grad
"""


def test_an_nditer_loop_without_iternext_is_found_with_its_iterator():
    loop = unchanged_while(NDITER.format(last=""), 6)
    assert (loop.line, loop.test, loop.iterator) == (4, "not it.finished", "it")
    assert unchanged_while(NDITER.format(last="        it.iternext()\n"), 6) is None


def test_a_counter_never_counted_is_found_and_loops_that_change_or_leave_are_not():
    source = "i = 0\nwhile i < n:\n    total += i\n"
    assert unchanged_while(source, 3).names == ("i", "n") and unchanged_while(source, 3).iterator is None
    for body in ("    i += 1\n", "    if total > 9:\n        break\n", "    step(i)\n", "    i, j = j, i\n"):
        assert unchanged_while(source + body, 3) is None, body
    assert unchanged_while("while True:\n    pass\n", 2) is None                 # ends with a break, or not ours
    assert unchanged_while("while busy():\n    pass\n", 2) is None
    assert unchanged_while(source, 1) is None                                     # not in the loop
    assert unchanged_while("while x\n", 1) is None                                # does not parse


def test_a_part_stopped_in_such_a_loop_is_told_to_call_iternext(folder):
    path = folder / "functions.py"
    text = path.read_text()
    assert "        it.iternext()\n" in text
    path.write_text(text.replace("        it.iternext()\n", ""))
    [result] = check(folder, ["numerical_gradient"], time_limit=1.0)
    text = message_text(result)
    assert result["rows"]["forward"] == "fail", text
    assert "inside the loop while not it.finished: (line 50), which never calls it.iternext()" in text, text
