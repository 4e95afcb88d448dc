"""`pane_css` is imported from where it lives, workbench/app/styles.py (tidy51): 22 panes took it from
workbench/app/panes/cells.py, which re-exported it after it moved, so cells.py could not stop using it
without breaking them."""
import ast
from pathlib import Path

import workbench

ROOT = Path(workbench.__file__).parent


def importers_of_pane_css_from(module: str) -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == module \
                    and any(alias.name == "pane_css" for alias in node.names):
                found.append(str(path.relative_to(ROOT)))
    return found


def test_no_module_takes_pane_css_from_cells():
    assert importers_of_pane_css_from("workbench.app.panes.cells") == []


def test_the_panes_take_it_from_styles():
    assert "app/panes/descent.py" in importers_of_pane_css_from("workbench.app.styles")
