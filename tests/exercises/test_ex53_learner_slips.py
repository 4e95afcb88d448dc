"""Slips a reader of the book really makes, each graded with a hint that names it in the book's terms:
found by writing every part wrong first, as a learner does. Graded in this process (the `folder` fixture of
conftest is a copy of the reference solution), so each test is a few milliseconds."""
import pytest

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
    assert "곧 NaN입니다. 책처럼 delta = 1e-7을 log 안에 더해 np.log(y + delta)로 쓰세요." in graded(folder, "cross_entropy_error")[1]


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


def test_chapter_5s_softmax_with_loss_of_one_hot_rows_only_is_told_how_the_book_takes_labels(folder):
    # the text of section 5.6.3 writes (y - t) / N only; t of labels then fails to broadcast
    mutate(folder, "layers.py", "        if self.t.size == self.y.size:\n            return (self.y - self.t) / n\n",
           "        return (self.y - self.t) / n\n")
    rows, text = graded(folder, "SoftmaxWithLoss")
    assert rows["backward"] == "fail" and "t labels (3,)" in text, text
    assert "t holds class labels here, not one-hot rows" in text and "dx[np.arange(batch_size), self.t]" in text, text
    set_language("ko")
    assert "여기서 t는 원-핫 행이 아니라 정답 레이블입니다" in graded(folder, "SoftmaxWithLoss")[1]


def test_softmax_with_loss_not_divided_by_n_keeps_its_own_hint_in_the_labels_case(folder):
    mutate(folder, "layers.py", "        return dx / n\n", "        return dx\n")
    rows, text = graded(folder, "SoftmaxWithLoss")
    assert rows["backward"] == "fail" and "t labels (3,)" in text and "divide (y − t) by the batch size" in text, text


def test_a_sigmoid_backward_of_y_squared_is_given_the_books_derivative(folder):
    mutate(folder, "layers.py", "dout * (1.0 - self.out) * self.out", "dout * self.out * self.out")
    rows, text = graded(folder, "Sigmoid")
    assert rows["backward"] == "fail" and "The sigmoid's derivative is y(1 − y)" in text, text


def test_a_convolution_dw_reshaped_without_its_transpose_is_told_the_order(folder):
    mutate(folder, "convolution.py", "np.dot(self.col.T, dout).transpose(1, 0).reshape(FN, C, FH, FW)",
           "np.dot(self.col.T, dout).reshape(FN, C, FH, FW)")
    rows, text = graded(folder, "Convolution")
    assert rows["backward"] == "fail" and "backward: dW" in text, text
    assert "turn it with transpose(1, 0) before reshape(FN, C, FH, FW)" in text, text


def test_a_numerical_gradient_whose_second_nudge_undoes_the_first_is_told_so(folder):
    # x_plus = x; x_plus[idx] += h … x_minus = x; x_minus[idx] -= h: no copy, so f(x - h) is f(x)
    mutate(folder, "functions.py", "        x[idx] = tmp_val + h\n        fxh1 = f(x)\n        x[idx] = tmp_val - h\n",
           "        x_plus = x\n        x_plus[idx] += h\n        fxh1 = f(x_plus)\n        x_minus = x\n"
           "        x_minus[idx] -= h\n")
    rows, text = graded(folder, "numerical_gradient")
    assert rows["forward"] == "fail" and "This is (f(x + h) − f(x)) / (2h)" in text, text
    assert "x_minus = x is the same array, not a copy" in text, text


def test_a_method_written_without_self_fails_its_interface_saying_how_to_write_it(folder):
    # def forward(x): its parameters looked like the book's (x), the interface passed, and forward then
    # raised "takes 1 positional argument but 2 were given" with no line of the learner's and no hint
    mutate(folder, "layers.py", "class Relu:\n    def __init__(self):\n        self.mask = None\n\n    def forward(self, x):",
           "class Relu:\n    def __init__(self):\n        self.mask = None\n\n    def forward(x):")
    rows, text = graded(folder, "Relu")
    assert rows["interface"] == "fail", text
    assert text == "Relu.forward has no self: a method's first parameter is the object it is called on. " \
                   "Write def forward(self, x), as the book does.", text


def test_an_init_without_self_is_named_as_init_and_said_with_the_right_particle_in_korean(folder):
    mutate(folder, "convolution.py", "    def __init__(self, pool_h, pool_w, stride=1, pad=0):",
           "    def __init__(pool_h, pool_w, stride=1, pad=0):")
    set_language("ko")
    rows, text = graded(folder, "Pooling")
    assert rows["interface"] == "fail", text
    assert "Pooling.__init__에 self가 없습니다" in text and "def __init__(self, pool_h, pool_w, stride=1, pad=0)으로 쓰세요" \
        in text, text


def test_an_output_size_divided_with_a_slash_is_told_to_use_floor_division(folder):
    mutate(folder, "convolution.py", "    out_h = (H + 2 * pad - filter_h) // stride + 1\n",
           "    out_h = (H + 2 * pad - filter_h) / stride + 1\n")
    rows, text = graded(folder, "im2col")
    assert rows["forward"] == "fail" and "'float' object cannot be interpreted as an integer" in text, text
    assert "gives a float where a size or an index goes: / always gives a float" in text and "Use //" in text, text


def test_a_pooling_not_transposed_back_is_told_the_axes_order(folder):
    mutate(folder, "convolution.py", "reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)", "reshape(N, out_h, out_w, C)")
    rows, text = graded(folder, "Pooling")
    assert rows["forward"] == "fail" and "expected shape (2, 3, 2, 2), got (2, 2, 2, 3)" in text, text
    assert "then transpose(0, 3, 1, 2) to (N, C, out_h, out_w)" in text, text


def test_a_convolution_reshaped_at_once_to_n_c_h_w_is_told_the_axes_order(folder):
    # the right shape, the same numbers in another order: said as the slip, not as a wrong number
    mutate(folder, "convolution.py", "out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)", "out.reshape(N, -1, out_h, out_w)")
    rows, text = graded(folder, "Convolution")
    assert rows["forward"] == "fail" and "then transpose(0, 3, 1, 2) to (N, C, out_h, out_w)" in text, text


@pytest.mark.parametrize("name, file, old, new, said", [
    ("Affine", "layers.py", "self.db = np.sum(dout, axis=0)", "self.db = np.sum(dout)", "np.sum(dout, axis=0)"),
    ("Affine", "layers.py", "self.db = np.sum(dout, axis=0)", "self.db = dout", "np.sum(dout, axis=0)"),
    ("Affine", "layers.py", "        return dx.reshape(*self.shape)", "        return dx", "reshape dx to it"),
    ("SoftmaxWithLoss", "layers.py", "        return self.loss", "        return self.y", "forward returns the loss, one number"),
    ("im2col", "convolution.py", '    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")',
     "    img = input_data", "With pad=0 your im2col agrees: pad the images first"),
    ("im2col", "convolution.py", "img[:, :, y:y_max:stride, x:x_max:stride]", "img[:, :, y:y_max, x:x_max]",
     "With stride=1 your code agrees: the windows start stride apart"),
    ("im2col", "convolution.py", "return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)",
     "return col.reshape(N * out_h * out_w, -1)", "The values are right but a row is not one window"),
    ("col2im", "convolution.py", "    return img[:, :, pad:H + pad, pad:W + pad]", "    return img",
     "With pad=0 your col2im agrees"),
    # the padding cut off at the wrong side: every wrong cell is one where windows overlap, and it was told to add (+=)
    ("col2im", "convolution.py", "    return img[:, :, pad:H + pad, pad:W + pad]", "    return img[:, :, :H, :W]",
     "With pad=0 your col2im agrees"),
])
def test_a_shape_a_pad_or_a_stride_left_out_is_named(folder, name, file, old, new, said):
    mutate(folder, file, old, new)
    rows, text = graded(folder, name)
    assert "fail" in rows.values() and said in text, text


@pytest.mark.parametrize("name, old", [
    ("SGD", "            params[key] -= self.lr * grads[key]\n"),
    ("Adam", "            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)\n"),
])
def test_an_update_that_stops_after_the_first_key_is_told_so(folder, name, old):
    mutate(folder, "optimizers.py", old, old + "            return\n")
    rows, text = graded(folder, name)
    assert rows["forward"] == "fail" and "Only x moved, the first key of params" in text, text


def test_an_attribute_read_under_another_case_is_told_the_one_that_was_kept(folder):
    mutate(folder, "layers.py", "        return np.dot(self.x, self.W) + self.b", "        return np.dot(self.x, self.w) + self.b")
    rows, text = graded(folder, "Affine")
    assert rows["forward"] == "fail", text
    assert "reads self.w, which Affine never set, but it has self.W: write self.W there" in text, text


@pytest.mark.parametrize("name, old, new, said", [
    ("sigmoid", "    return 1 / (1 + np.exp(-x))", "    import math\n    return 1 / (1 + math.exp(-x))",
     "gives an array to something that takes one number (math.exp, math.log, float()): use NumPy's np.exp"),
    ("relu", "    return np.maximum(0, x)", "    return max(0, x)",
     "calls Python's max(), which compares whole arrays: np.maximum compares element by element"),
    ("mean_squared_error", "    return 0.5 * np.sum((y - t) ** 2)", "    if y > t:\n        pass\n    return 0.5 * np.sum((y - t) ** 2)",
     "asks one yes-or-no question of a whole array (if, while, and, or)"),
])
def test_python_for_one_number_given_an_array_is_told_numpys_way(folder, name, old, new, said):
    mutate(folder, "functions.py", old, new)
    rows, text = graded(folder, name)
    assert rows["forward"] == "fail" and said in text, text


def test_pythons_min_is_said_with_its_numpy_twin_in_korean(folder):
    mutate(folder, "functions.py", "    return np.maximum(0, x)", "    return -min(0, -x)")
    set_language("ko")
    rows, text = graded(folder, "relu")
    assert "파이썬의 min() 함수는 배열 전체를 비교합니다" in text and "np.minimum은 원소마다 비교합니다" in text, text


def test_a_relu_that_zeroes_its_input_in_place_fails_forward_not_a_right_backward(folder):
    # out = x without .copy(): the backward row's numerical gradient read the zeroed x and failed a right backward
    mutate(folder, "layers.py", "        out = x.copy()", "        out = x")
    rows, text = graded(folder, "Relu")
    assert rows["forward"] == "fail" and rows["backward"] == "skip", text
    assert "Relu.forward changed its input x for x (4, 5)" in text and "out = x.copy()" in text, text


def test_a_method_called_under_a_misspelt_name_is_told_the_method(folder):
    mutate(folder, "layers.py", "        self.x = x.reshape(x.shape[0], -1)\n",
           "        self.x = x.reshape(x.shape[0], -1)\n        self.bakward(None)\n")
    rows, text = graded(folder, "Affine")
    assert "reads self.bakward, which Affine never set, but it has self.backward" in text, text
