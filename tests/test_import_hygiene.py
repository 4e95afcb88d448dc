"""Everything below the app never loads the UI (STYLE.md section 3); only a fresh interpreter shows that."""
import subprocess
import sys

import pytest

FORBIDDEN = ("textual", "rich", "textual_plotext", "plotext")
HEADLESS = ("workbench.nn", "workbench.datasets", "workbench.models", "workbench.course", "workbench.i18n",
            "workbench.commands")

PROGRAM = f"""
import importlib, pkgutil, sys
import workbench.jobs, workbench.textout, workbench.cli
names = []
for package_name in {HEADLESS!r}:
    package = importlib.import_module(package_name)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
import workbench.models.catalog as catalog
for entry in catalog.PANES.values():
    entry.compute(entry.settings())
workbench.cli.build_parser()
print(",".join(names))
print(",".join(m for m in {FORBIDDEN!r} if m in sys.modules))
"""

WITHOUT_TEXTUAL = """
import sys
for name in {forbidden!r}:
    sys.modules[name] = None          # importing any of them now raises ImportError
from workbench import cli
sys.exit(cli.main({argv!r}))
"""


def test_nothing_below_the_app_imports_the_ui():
    proc = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True)
    imported, leaked = proc.stdout.splitlines()
    for module in ("workbench.nn.layers", "workbench.models.catalog", "workbench.course.files",
                   "workbench.course.progress", "workbench.datasets.load"):
        assert module in imported.split(",")
    assert not leaked, f"importing {imported} loaded {leaked}"


@pytest.mark.parametrize("argv", [["panes"], ["lessons", "check"], ["lessons"], ["--lang", "ko", "panes"]])
def test_console_commands_run_with_textual_absent(argv):
    program = WITHOUT_TEXTUAL.format(forbidden=FORBIDDEN, argv=argv)
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout and "Traceback" not in proc.stderr


def test_workbench_package_imports_nothing():
    proc = subprocess.run([sys.executable, "-c", "import sys, workbench; "
                           "print(sorted(m for m in sys.modules if m.startswith('workbench')))"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "['workbench']"
