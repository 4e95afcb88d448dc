"""Test files have names unique across folders: pytest imports them by their base name (the folders
have no __init__.py), so two test_networks.py made one folder's tests fail to load at all."""
from collections import Counter
from pathlib import Path


def test_no_two_test_files_share_a_name():
    names = Counter(path.name for path in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
