"""Importing workbench.datasets stays light: no UI libraries, and no download stack until needed."""
import subprocess
import sys

UI = ("textual", "rich", "plotext", "textual_plotext")
DOWNLOAD_STACK = ("pooch", "requests")


def test_import_loads_neither_the_ui_nor_the_download_stack():
    code = ("import sys, pkgutil, importlib, workbench.datasets as d\n"
            "import workbench.datasets.load\n"
            f"print(','.join(m for m in {UI + DOWNLOAD_STACK!r} if m in sys.modules))\n"
            "for m in pkgutil.walk_packages(d.__path__, 'workbench.datasets.'):\n"
            "    importlib.import_module(m.name)\n"
            f"print(','.join(m for m in {UI!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, after_all = out.stdout.splitlines()
    assert first == "", f"import workbench.datasets loaded {first}"
    assert after_all == "", f"a workbench.datasets module loaded {after_all}"
