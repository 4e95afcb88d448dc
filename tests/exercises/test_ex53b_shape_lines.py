"""A shape checked after the learner's code returned (no exception, so no traceback) names the line of
theirs that computed it, as a crash does: Affine's dW transposed said only the two shapes."""
from workbench.exercises.report import message_text
from workbench.exercises.sandbox import check
from workbench.i18n import set_language


def mutate(folder, file, old, new):
    path = folder / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return 1 + text[:text.index(old)].count("\n")       # the line the change starts on


def said(result, lang):
    set_language(lang)
    try:
        return message_text(result)
    finally:
        set_language("en")


def test_a_transposed_dw_names_the_line_that_set_it(folder):
    line = mutate(folder, "layers.py", "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(dout.T, self.x)")
    [result] = check(folder, ["Affine"])
    assert result["rows"]["backward"] == "fail"
    assert f"got (3, 4), computed at layers.py line {line} in Affine.backward." in said(result, "en")
    assert f"layers.py의 {line}번째 줄(Affine.backward)에서 계산한 값입니다." in said(result, "ko")
    assert result["traceback"] == [f"layers.py:{line} in Affine.backward", "    self.dW = np.dot(dout.T, self.x)"]


def test_a_returned_name_is_traced_to_the_line_that_computed_it(folder):
    mutate(folder, "layers.py", "        return np.dot(self.x, self.W) + self.b\n",
           "        out = (np.dot(self.x, self.W) + self.b).T\n        print('forward')\n        return out\n")
    line = 1 + (folder / "layers.py").read_text().split("out = (np.dot")[0].count("\n")
    [result] = check(folder, ["Affine"])
    assert result["rows"]["forward"] == "fail"
    assert f"computed at layers.py line {line} in Affine.forward." in said(result, "en"), said(result, "en")


def test_a_function_with_several_returns_is_named_if_not_its_line(folder):
    mutate(folder, "functions.py", "    return exp_a / np.sum(exp_a, axis=-1, keepdims=True)\n",
           "    if a.ndim == 1:\n        return exp_a / np.sum(exp_a)\n    return (exp_a / np.sum(exp_a, axis=-1, keepdims=True)).T\n")
    [result] = check(folder, ["softmax"])
    assert result["message"]["key"] == "exercises.msg.shape_in", said(result, "en")
    assert "returned by softmax in functions.py." in said(result, "en")
    assert "functions.py의 softmax가 돌려준 값입니다." in said(result, "ko")
