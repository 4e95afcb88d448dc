"""Where in the learner's source a value the grader read was computed: the line that set self.dW in
backward, or the line whose value a function returned (`out = …` before `return out`).

A shape is checked after the learner's code has returned, so no traceback names a line of theirs, as
one does for a crash; read from their source, the line is named where it can be told, else the
function that returned the value."""
from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

from workbench.exercises.crash_hints import is_theirs

NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def computed_at(function, folder: Path, attr: str | None = None) -> tuple[str, int | None, str, str] | None:
    """(file name, line or None, function's name, the line's text) where `function`, the learner's, set
    self.`attr` (the last line that does) or computed what it returned; the line is None when the
    function has several returns. None for a function not in the learner's folder, or with no source."""
    function = getattr(function, "__func__", function)
    code = getattr(function, "__code__", None)
    if code is None or not is_theirs(code.co_filename, folder):
        return None
    try:
        lines, first = inspect.getsourcelines(function)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError, ValueError):
        return None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    if attr is not None:
        self_name = node.args.args[0].arg if node.args.args else "self"
        line = _sets_attribute(node, self_name, attr)
    else:
        line = _returned(node)
    if line is None:
        return Path(code.co_filename).name, None, function.__qualname__, ""
    return Path(code.co_filename).name, first + line - 1, function.__qualname__, lines[line - 1].strip()


def _own(node):
    """The nodes of a function's body, not of the functions or classes defined in it."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, NESTED):
            yield child
            yield from _own(child)


def _targets(statement) -> list:
    if isinstance(statement, ast.Assign):
        found = []
        for target in statement.targets:
            found += target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        return found
    if isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
        return [statement.target]
    return []


def _sets_attribute(function, self_name: str, attr: str) -> int | None:
    """The last line of `function` that assigns self.`attr`."""
    lines = [statement.lineno for statement in _own(function) for target in _targets(statement)
             if isinstance(target, ast.Attribute) and target.attr == attr
             and isinstance(target.value, ast.Name) and target.value.id == self_name]
    return max(lines, default=None)


def _rebinds(statement, name: str) -> bool:
    return any(isinstance(target, ast.Name) and target.id == name for target in _targets(statement))


def _returned(function) -> int | None:
    """The line that computed what `function` returns, when it has one return: for `return out`, the
    assignment to out just before it in its block (unless a statement between, an if, may set out
    otherwise), else the return itself; None for several returns."""
    returns = [node for node in _own(function) if isinstance(node, ast.Return) and node.value is not None]
    if len(returns) != 1:
        return None
    ret = returns[0]
    if not isinstance(ret.value, ast.Name):
        return ret.lineno
    block = next((body for node in [function, *_own(function)] for field in ("body", "orelse", "finalbody")
                  for body in [getattr(node, field, None)] if isinstance(body, list) and ret in body), [])
    for statement in reversed(block[:block.index(ret)] if ret in block else []):
        if _rebinds(statement, ret.value.id):
            return statement.lineno
        if any(_rebinds(inner, ret.value.id) for inner in _own(statement)):
            break                                  # set in a branch or a loop: which one ran is not told
    return ret.lineno
