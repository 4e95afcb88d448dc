"""`workbench graph`: an expression's values and gradients as a table, the check against numerical
derivatives, and a bad expression as one line with its column and exit status 2."""
import pytest

from workbench.cli import main
from workbench.i18n import set_language


def run(capsys, *args):
    status = main(["graph", *args])
    out, err = capsys.readouterr()
    return status, out, err


def row(out, edge):
    """The table's row of `edge` (the lines after the title's blank line)."""
    table = out.split("\n\n")[1]
    return next(line.split() for line in table.splitlines() if line.split()[:1] == [edge])


def test_the_table_of_an_expression(capsys):
    status, out, err = run(capsys, "(x + y) * z", "--set", "x=2", "--set", "y=-1", "--set", "z=3")
    assert status == 0 and err == ""
    assert out.splitlines()[0] == "f = (x + y) * z    (x = 2, y = −1, z = 3)"
    assert row(out, "x") == ["x", "2", "3", "input"]
    assert row(out, "z") == ["z", "3", "1", "input"]
    assert row(out, "t1") == ["t1", "1", "3", "+", "add_layer1", "(x,", "y)"]
    assert row(out, "f") == ["f", "3", "1", "×", "mul_layer1", "(t1,", "z)"]
    assert "∂f/∂x = 3, ∂f/∂y = 3, ∂f/∂z = 1; every gradient of the backward pass agrees ✓" in out


def test_values_after_the_expression_and_a_fork(capsys):
    status, out, _ = run(capsys, "(x + y) * x, x=2, y=3")
    assert status == 0
    assert row(out, "x")[:3] == ["x", "2", "7"]
    assert "x is read in 2 places: ←2 + ←5 = ←7" in out


def test_the_sigmoid_from_its_nodes(capsys):
    status, out, _ = run(capsys, "1 / (1 + exp(-x))", "--set", "x=1")
    assert status == 0
    assert row(out, "f")[:3] == ["f", "0.7311", "1"] and row(out, "x")[:3] == ["x", "1", "0.1966"]
    assert [r[4] for r in (row(out, "t1"), row(out, "t2"), row(out, "t3"))] == \
        ["mul_layer1", "exp_node1", "add_layer1"]


def test_small_values_and_h_written_as_every_pane_writes_a_number(capsys):
    """The check said "h = 1e-4" and a value 2.061e−09: an unpadded exponent and a true minus, as
    the table beside it and the other panes write them."""
    status, out, _ = run(capsys, "1 / (1 + exp(-x))", "--set", "x=-20")
    assert status == 0
    assert row(out, "f")[:2] == ["f", "2.061e−9"]
    assert "(h = 1e−4) ∂f/∂x = 2.06115e−9;" in out, out


def test_a_built_in_graph_by_name(capsys):
    status, out, _ = run(capsys, "apple", "--set", "tax=1.08")
    assert status == 0 and row(out, "price")[:3] == ["price", "216", "1"] and row(out, "apple")[:3] == ["apple", "100", "2.16"]


def test_a_gradient_on_a_relu_kink_exits_1(capsys):
    status, out, _ = run(capsys, "relu(x) * y", "--set", "x=0, y=2")
    assert status == 1 and "✗ for x backprop gives 0" in out


@pytest.mark.parametrize("args, words", [
    (["((x + y) * z", "--set", "x=1, y=2, z=3"], "column 1: this ( is never closed"),
    (["sigmod(x)", "--set", "x=1"], "column 1: there is no function sigmod (did you mean sigmoid?)"),
    (["x * y", "--set", "x=1"], "column 5: y has no value; give it one after the expression, e.g. …, y=1"),
    (["1 / (x - 1)", "--set", "x=1"], "column 3: division by zero at these values"),
    (["x * y", "--set", "x=1, y=2, z=3"], "the expression has no input z"),
    (["x * y", "--set", "x=one"], "x: one is not a number"),
    (["(" * 300], "at most 200 fit"),
    ([""], "the expression is empty"),
    (["2 * 3", "--set", "x=1"], "the expression has no input x: it has no inputs at all, only numbers"),
    (["   "], "the expression is empty"),
])
def test_a_bad_expression_is_one_line_and_exit_2(capsys, args, words):
    status, out, err = run(capsys, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_in_korean(capsys):
    set_language("ko")
    status, out, _ = run(capsys, "--lang", "ko", "(x + y) * x, x=2, y=3")
    assert status == 0 and "x는 2곳에서 쓰입니다: ←2 + ←5 = ←7" in out and out.splitlines()[2].split()[:3] == ["에지", "값", "기울기"]
    status, _, err = run(capsys, "--lang", "ko", "x *")
    assert status == 2 and "4번째 글자: 숫자, 이름 또는 여는 괄호가 와야 할 곳에서 수식이 끝났습니다" in err


@pytest.mark.parametrize("lang, words", [("en", ("value", "gradient")), ("ko", ("값", "기울기"))])
def test_on_a_narrow_terminal_each_edge_keeps_its_line_and_names_its_numbers(capsys, monkeypatch, lang, words):
    """At 60 columns every row of a graph of arrays broke mid-array, its gradient under the next row's name."""
    import os

    from workbench.i18n.cells import cell_len

    monkeypatch.setattr("workbench.cli._isatty", lambda stream: True)
    monkeypatch.setattr("workbench.commands._console._isatty", lambda stream: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((60, 24)))
    try:
        status = main(["--lang", lang, "graph", "softmax-with-loss"])
    finally:
        set_language("en")
    out = capsys.readouterr().out
    assert status == 0 and all(cell_len(line) < 60 for line in out.splitlines()), out
    starts = [line.split(":")[0] for line in out.split("\n\n")[1].splitlines() if not line.startswith("  ")]
    assert starts == ["x", "W", "b", "t", "a", "L"], out
    value, gradient = words
    assert f"L: {value} 1.24 · {gradient} 1 ·" in out
