"""Folders that overlap, folders that cannot be read, leftovers of interrupted downloads, narrow consoles."""
import dataclasses
import io
from pathlib import Path

import pytest

from workbench.datasets import DatasetError, console, load_dataset, sources
from workbench.datasets.locate import cache_dir


@pytest.fixture
def two(tmp_path, monkeypatch, make_dataset):
    """The tiny dataset and "other", which shares its file names (as MNIST and Fashion-MNIST do)."""
    first = make_dataset(tmp_path / "a", seed=1)
    other = make_dataset(tmp_path / "b", seed=2)
    monkeypatch.setitem(sources.DATASETS, "tiny", first.info)
    monkeypatch.setitem(sources.DATASETS, "other",
                        dataclasses.replace(other.info, name="other", display_name="Other"))
    monkeypatch.setattr(console, "DATASETS", {"tiny": first.info})
    return first, other


@pytest.mark.parametrize("named_by", ["WORKBENCH_DATA", "data_dir"])
def test_a_file_in_the_users_folder_is_never_deleted_even_inside_the_cache(two, monkeypatch, named_by):
    first, other = two
    user = cache_dir("tiny").parent                   # the user's folder is the cache's datasets/
    other.copy_to(user / "tiny")                      # .../datasets/tiny: the user's and the cache's
    held = sorted(p.read_bytes() for p in (user / "tiny").iterdir())
    data_dir = user if named_by == "data_dir" else None
    if named_by == "WORKBENCH_DATA":
        monkeypatch.setenv("WORKBENCH_DATA", str(user))
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny", data_dir=data_dir, download=False)
    assert "holds Other" in str(err.value) and "was deleted" not in str(err.value)
    assert sorted(p.read_bytes() for p in (user / "tiny").iterdir()) == held


def test_download_never_deletes_in_the_users_folder_either(two, monkeypatch):
    first, other = two
    user = cache_dir("tiny").parent
    other.copy_to(user / "tiny")
    monkeypatch.setenv("WORKBENCH_DATA", str(user))
    out = io.StringIO()
    console.download(["tiny"], out=out)                # no mirrors: the download itself fails
    assert "deleting" not in out.getvalue()
    assert len(list((user / "tiny").iterdir())) == 4


def test_a_cache_file_outside_the_users_folder_is_still_replaced(two, tmp_path, monkeypatch):
    first, other = two
    other.copy_to(cache_dir("tiny"))
    first.copy_to(tmp_path / "mine" / "tiny")
    monkeypatch.setenv("WORKBENCH_DATA", str(tmp_path / "mine" / "tiny" / "sub"))  # inside, not around
    with pytest.raises(DatasetError, match="was deleted"):
        load_dataset("tiny", download=False)

