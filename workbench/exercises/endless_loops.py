"""The learner's `while` loop that a part stopped at the time limit was in, when its body never changes
what its test reads.

`while not it.finished:` without `it.iternext()` (the book's numerical_gradient walks x so) or `while i < n:`
without `i += 1` never ends; the grader stops it at some line inside, and the hint can then name the loop
and what it never changes, not only "look at the loop around it". Read from the file with `ast`, in the
parent: the child that ran the loop is gone by then.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Unchanged:
    line: int
    """The line of the `while`."""
    test: str
    """Its test as the learner wrote it ("not it.finished")."""
    names: tuple[str, ...]
    """The names the test reads, none of which the body changes."""
    iterator: str | None
    """The name whose `.finished` the test reads (np.nditer's), if any: its loop needs `.iternext()`."""


def unchanged_while(source: str, line: int) -> Unchanged | None:
    """The innermost `while` around `line` whose body assigns none of the names its test reads, calls nothing
    on or with them, and has no break, return or raise; None when there is none, the test calls a function
    (it may change by itself) or the source does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    loops = [node for node in ast.walk(tree)
             if isinstance(node, ast.While) and node.lineno <= line <= (node.end_lineno or node.lineno)]
    if not loops:
        return None
    loop = max(loops, key=lambda node: node.lineno)
    names = {node.id for node in ast.walk(loop.test) if isinstance(node, ast.Name)}
    if not names or any(isinstance(node, ast.Call) for node in ast.walk(loop.test)):
        return None                     # while True: ends with a break, or a test that calls: not ours to tell
    body = [node for statement in loop.body for node in ast.walk(statement)]
    if any(changes(node, names) for node in body):
        return None
    iterator = next((node.value.id for node in ast.walk(loop.test) if isinstance(node, ast.Attribute)
                     and node.attr == "finished" and isinstance(node.value, ast.Name)), None)
    return Unchanged(loop.lineno, ast.unparse(loop.test), tuple(sorted(names)), iterator)


def changes(node: ast.AST, names: set[str]) -> bool:
    """Whether `node` may change one of `names` or leave the loop: an assignment to it (or to its attribute
    or entry), a call of its method or with it as an argument, a break, return or raise."""
    if isinstance(node, (ast.Break, ast.Return, ast.Raise, ast.Global, ast.Nonlocal)):
        return True
    if isinstance(node, ast.Name):
        return node.id in names and isinstance(node.ctx, (ast.Store, ast.Del))
    if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return base_name(node) in names
    if isinstance(node, ast.Call):
        called = [node.func.value] if isinstance(node.func, ast.Attribute) else []
        return any(base_name(arg) in names for arg in [*called, *node.args, *(k.value for k in node.keywords)])
    return False


def base_name(node: ast.AST) -> str | None:
    """The name an expression starts from: `it` of it.multi_index, `x` of x[idx].shape."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
