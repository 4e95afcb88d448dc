"""The project's rule "CSS in .tcss files": no widget's styles written as a Python string under
workbench/app, and every rule of a widget's .tcss taken by a widget of the module beside it."""
import ast
import importlib
import inspect
from pathlib import Path

import pytest
from textual.dom import DOMNode

import workbench.app
from workbench.app.styles import owner, pane_css, rules

APP = Path(workbench.app.__file__).parent


def css_strings(path: Path) -> list[int]:
    """Lines where DEFAULT_CSS or CSS is given a string of CSS: a literal or f-string, or an expression
    holding a literal with a brace (concatenated, dedented, formatted)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {getattr(target, "id", None) or getattr(target, "attr", None) for target in targets}
            if names & {"DEFAULT_CSS", "CSS"}:
                value = node.value
                literal = isinstance(value, ast.JoinedStr) or (isinstance(value, ast.Constant)
                                                               and isinstance(value.value, str))
                braced = any(isinstance(part, ast.Constant) and isinstance(part.value, str) and "{" in part.value
                             for part in ast.walk(value))
                if literal or braced:
                    lines.append(node.lineno)
    return sorted(lines)


def test_no_widget_keeps_its_css_in_a_python_string():
    found = {path.relative_to(APP).as_posix(): lines for path in sorted(APP.rglob("*.py"))
             if (lines := css_strings(path))}
    assert found == {}, "move these into a .tcss beside the module: DEFAULT_CSS = pane_css(__file__)"


def test_the_scan_finds_each_way_of_writing_css_in_python(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('class A:\n    DEFAULT_CSS = "A { height: 1; }"\n'
                      'class B:\n    DEFAULT_CSS = f"B {{ width: {3}; }}"\n'
                      'class C:\n    DEFAULT_CSS = dedent("""\n    C { height: 1; }\n    """)\n'
                      'D.CSS = "D { }" + E\n'
                      'class F:\n    DEFAULT_CSS = pane_css(__file__, "F")\n', encoding="utf-8")
    assert css_strings(module) == [2, 4, 6, 9]


def modules_reading_their_tcss():
    return sorted(path for path in APP.rglob("*.py")
                  if "pane_css(__file__" in path.read_text(encoding="utf-8") and path.with_suffix(".tcss").exists())


@pytest.mark.parametrize("path", modules_reading_their_tcss(), ids=lambda path: path.relative_to(APP).as_posix())
def test_every_rule_of_a_modules_tcss_is_taken_by_one_of_its_widgets(path):
    """A module of two widgets gives each the rules that begin with its name: a rule naming neither
    would be read by none and silently do nothing."""
    name = "workbench.app." + path.relative_to(APP).with_suffix("").as_posix().replace("/", ".")
    module = importlib.import_module(name)
    taken = "".join(cls.__dict__.get("DEFAULT_CSS", "") for cls in vars(module).values()
                    if inspect.isclass(cls) and issubclass(cls, DOMNode) and cls.__module__ == name)
    css = path.with_suffix(".tcss").read_text(encoding="utf-8")
    assert [rule for rule in rules(css) if rule not in taken] == []


def test_two_widgets_of_one_module_each_take_only_their_own_rules(tmp_path):
    """Given the whole file, Textual would scope StepCounter's rule to TitleLine too ("TitleLine
    StepCounter"), a rule that was never there."""
    from workbench.app.widgets.title_line import StepCounter, TitleLine

    assert "StepCounter" not in TitleLine.DEFAULT_CSS and "TitleLine" not in StepCounter.DEFAULT_CSS
    module = tmp_path / "two.py"
    module.with_suffix(".tcss").write_text("/* a { brace } in a comment */\nA { height: 1; }\n"
                                           "A.-wide > B, A #c { width: 2; }\nB { width: 3; }\n"
                                           "A #d, B #d { width: 4; }\nA { &.-x { height: 2; } }\n",
                                           encoding="utf-8")
    assert pane_css(str(module), "B") == "\nB { width: 3; }"
    assert [owner(rule) for rule in rules(pane_css(str(module)))] == ["A", "A", "B", "", "A"]
    assert "B #d" not in pane_css(str(module), "A") and "A #d" not in pane_css(str(module), "B")
    with pytest.raises(ValueError, match="no rule in two.tcss begins with C"):
        pane_css(str(module), "C")
