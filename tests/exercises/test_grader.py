"""The grader against a reference solution (passes) and against deliberately wrong ones: each gets the
right failing row and a message that names the mistake."""
import json
import shutil
from pathlib import Path

import pytest

from workbench.exercises.report import message_text
from workbench.exercises.sandbox import check, passed
from workbench.i18n import set_language

SOLUTION = Path(__file__).parent / "solution"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "mine"
    shutil.copytree(SOLUTION, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def mutate(folder, file, old, new):
    """Put a mistake into one file of the copied solution (the text to replace must be there)."""
    path = folder / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def one(folder, name, **options):
    [result] = check(folder, [name], **options)
    return result


def failing_row(result):
    return next(row for row, status in result["rows"].items() if status not in ("pass", "warn"))


def test_the_reference_solution_passes_every_part(folder):
    results = check(folder)
    assert [r["name"] for r in results][:3] == ["MulLayer", "AddLayer", "Relu"]
    assert len(results) == 14
    assert all(passed(r) for r in results), [(r["name"], message_text(r)) for r in results if not passed(r)]


def test_affine_without_the_transpose_in_dW_fails_backward_and_says_transposed(folder):
    mutate(folder, "layers.py", "self.dW = np.dot(self.x.T, dout)",
           "self.dW = np.dot(dout.T, self.x).reshape(self.W.shape)")
    result = one(folder, "Affine")
    assert result["rows"] == {"present": "pass", "interface": "pass", "forward": "pass", "backward": "fail"}
    text = message_text(result)
    assert "dW" in text and "transposed" in text and "x.T · dout" in text


def test_relu_with_its_mask_inverted_fails_forward_and_says_inverted(folder):
    mutate(folder, "layers.py", "self.mask = (x <= 0)", "self.mask = (x > 0)")
    result = one(folder, "Relu")
    assert failing_row(result) == "forward"
    assert "inverted" in message_text(result)


def test_relu_inverted_only_in_backward_fails_backward(folder):
    mutate(folder, "layers.py", "dout[self.mask] = 0", "dout[~self.mask] = 0")
    result = one(folder, "Relu")
    assert result["rows"]["forward"] == "pass" and result["rows"]["backward"] == "fail"
    text = message_text(result)
    assert "inverted" in text and "numerical gradient" in text and "FAIL" in text
    # the error and the bands as the gradient check's pane writes them, not "1.0e+00" and "1e-04, 1e-02"
    assert "relative error 1.0e0: FAIL (bands 1e−4, 1e−2)" in text, text


def test_col2im_assigning_instead_of_adding_fails_where_windows_overlap(folder):
    mutate(folder, "convolution.py", "+= col[:, :, y, x, :, :]", "= col[:, :, y, x, :, :]")
    result = one(folder, "col2im")
    assert result["rows"] == {"present": "pass", "interface": "pass", "forward": "fail"}
    assert "(+=)" in message_text(result) and "overlap" in message_text(result)


def test_pooling_that_routes_to_the_wrong_element_fails_backward(folder):
    mutate(folder, "convolution.py", "self.arg_max.flatten()] = dout", "(self.arg_max.flatten() + 1) % size] = dout")
    result = one(folder, "Pooling")
    assert result["rows"]["forward"] == "pass" and result["rows"]["backward"] == "fail"
    assert "arg_max" in message_text(result) and "dx" in message_text(result)


def test_adam_without_bias_correction_fails_its_path_at_step_one(folder):
    mutate(folder, "optimizers.py",
           "lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)", "lr_t = self.lr")
    result = one(folder, "Adam")
    assert failing_row(result) == "forward"
    text = message_text(result)
    assert "after step 1" in text and "without bias correction" in text


def test_a_forward_of_the_wrong_shape_names_both_shapes(folder):
    mutate(folder, "layers.py", "return np.dot(self.x, self.W) + self.b", "return (np.dot(self.x, self.W) + self.b).T")
    result = one(folder, "Affine")
    assert failing_row(result) == "forward"
    assert "expected shape (2, 3), got (3, 2)" in message_text(result)


def test_a_syntax_error_fails_every_part_of_that_file_on_present_with_its_line(folder):
    mutate(folder, "layers.py", "class Sigmoid:", "class Sigmoid(:")
    results = check(folder, ["5", "SGD"])
    for result in results[:6]:
        assert result["rows"]["present"] == "fail"
        assert message_text(result).startswith("layers.py line ")
    assert passed(results[-1])


def test_an_endless_loop_is_stopped_with_a_message_and_the_other_parts_are_still_graded(folder):
    mutate(folder, "layers.py", "self.out = 1 / (1 + np.exp(-x))", "while True:\n            pass")
    relu, sigmoid, affine = check(folder, ["Relu", "Sigmoid", "Affine"], time_limit=1.0)
    assert sigmoid["rows"]["forward"] == "fail"
    assert "did not finish within 1 s" in message_text(sigmoid) and "endless loop" in message_text(sigmoid)
    assert passed(relu) and passed(affine)


def test_a_huge_allocation_ends_with_a_message_about_memory(folder):
    mutate(folder, "layers.py", "self.x, self.y = x, y", "self.x, self.y = x, y\n        np.ones(10 ** 10 // 8 * 8)")
    result = one(folder, "MulLayer")
    assert result["rows"]["forward"] == "fail"
    assert "out of memory" in message_text(result)


def test_an_exception_shows_the_learners_traceback_only(folder):
    mutate(folder, "layers.py", "return dout * (1.0 - self.out) * self.out", "return dout * (1.0 - self.out) * self.y")
    result = one(folder, "Sigmoid")
    assert result["rows"]["backward"] == "fail"
    assert "AttributeError" in message_text(result)
    trace = "\n".join(result["traceback"])
    assert "layers.py:" in trace and "in backward" in trace and "self.y" in trace
    assert "grader" not in trace and "workbench" not in trace


def test_an_optimizer_that_replaces_the_arrays_is_told_to_update_in_place(folder):
    mutate(folder, "optimizers.py", "params[key] -= self.lr * grads[key]", "params[key] = params[key] - self.lr * grads[key]")
    result = one(folder, "SGD")
    assert result["rows"]["forward"] == "fail"
    assert "in place" in message_text(result)


def test_a_wrong_signature_names_the_books_parameters(folder):
    mutate(folder, "layers.py", "def __init__(self, W, b):", "def __init__(self, weights, b):")
    result = one(folder, "Affine")
    assert failing_row(result) == "interface"
    assert "(weights, b)" in message_text(result) and "(W, b)" in message_text(result)


def test_softmax_without_dividing_by_the_batch_is_told_so(folder):
    mutate(folder, "layers.py", "return (self.y - self.t) / n", "return self.y - self.t")
    result = one(folder, "SoftmaxWithLoss")
    assert result["rows"]["backward"] == "fail"
    assert "batch size" in message_text(result)


def test_results_are_plain_json(folder):
    json.dumps(check(folder, ["MulLayer"]))


def test_a_forward_that_returns_a_list_is_named_a_python_list(folder):
    mutate(folder, "layers.py", "        out[self.mask] = 0\n        return out\n", "        out[self.mask] = 0\n        return out.tolist()\n")
    result = one(folder, "Relu")
    assert failing_row(result) == "forward"
    assert message_text(result).endswith("expected an array of shape (4, 5), got a Python list."), message_text(result)


def test_a_backward_that_returns_bools_fails_on_its_dtype_as_a_forward_does(folder):
    mutate(folder, "layers.py", "        dout = dout.copy()\n        dout[self.mask] = 0\n        return dout\n",
           "        return ~self.mask\n")
    result = one(folder, "Relu")
    assert failing_row(result) == "backward" and result["message"]["key"] == "exercises.msg.dtype", result
    assert "expected numbers, got an array of bool" in message_text(result)
