"""`workbench open` with the chapter-4 panes (derivative, gradient, numerical-vs-backprop): settings read
like a lesson's, a bad one named in one line with exit status 2."""
import pytest

from test_cli import opened, run  # noqa: F401 - the fixture and the runner of the command's own tests


@pytest.mark.parametrize("argv, expected", [
    (["open", "derivative", "--set", "x=10", "--set", "h=1e-50", "--set", "dtype=float32"],
     {"x": 10.0, "h": 1e-50, "dtype": "float32"}),
    (["open", "gradient", "--set", "x0=-7", "--set", "function=elongated", "--set", "view=simplenet"],
     {"x0": -7.0, "function": "elongated", "view": "simplenet"}),
    (["open", "numerical-vs-backprop", "--set", "hidden_size=50", "--set", "book_delta=true"],
     {"hidden_size": 50, "book_delta": True}),
])
def test_open_reads_the_settings(capsys, opened, argv, expected):
    assert run(capsys, *argv)[0] == 0
    name, settings = opened[0]._start[2]
    assert name == argv[1] and all(getattr(settings, key) == value for key, value in expected.items())


@pytest.mark.parametrize("argv, message", [
    (["open", "derivative", "--set", "h=0"], "workbench: error: h = 0 is out of range"),
    (["open", "derivative", "--set", "function=tan"], "workbench: error: function must be one of"),
    (["open", "gradient", "--set", "label=5"], "workbench: error: label = 5 is out of range"),
    (["open", "numerical-vs-backprop", "--set", "hidden_size=1000"], "workbench: error: hidden_size = 1,000 is out"),
])
def test_open_names_a_bad_setting_in_one_line(capsys, opened, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2 and not opened and out == ""
    assert err.startswith(message) and err.count("\n") == 1
