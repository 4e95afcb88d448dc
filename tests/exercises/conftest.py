"""Every exercises test starts and ends in English (a test of Korean messages sets Korean itself); `folder`
is a copy of the reference solution for a test to put a mistake into."""
import shutil
from pathlib import Path

import pytest

from workbench.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "mine"
    shutil.copytree(Path(__file__).parent / "solution", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target
