"""The library and the data code never load the UI (STYLE.md section 3); only a fresh interpreter shows that."""
import subprocess
import sys

FORBIDDEN = ("textual", "rich", "textual_plotext", "plotext")

PROGRAM = f"""
import importlib, pkgutil, sys
import workbench.nn, workbench.datasets
names = []
for package in (workbench.nn, workbench.datasets):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
print(",".join(names))
print(",".join(m for m in {FORBIDDEN!r} if m in sys.modules))
"""


def test_nn_and_datasets_do_not_import_the_ui():
    proc = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True)
    imported, leaked = proc.stdout.splitlines()
    assert "workbench.nn.layers" in imported.split(",")
    assert not leaked, f"importing {imported} loaded {leaked}"


def test_workbench_package_imports_nothing():
    proc = subprocess.run([sys.executable, "-c", "import sys, workbench; "
                           "print(sorted(m for m in sys.modules if m.startswith('workbench')))"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "['workbench']"
