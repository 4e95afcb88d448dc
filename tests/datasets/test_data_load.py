"""load_dataset on the tiny dataset the tests write: search order, formats, and bad or missing files."""
import dataclasses
import gzip
import os

import numpy as np
import pytest

from workbench.datasets import DatasetError, load_dataset, load_split, sources
from workbench.datasets.locate import cache_dir


def test_loads_from_data_dir_with_the_book_shapes(tiny):
    (x, t), (xt, tt) = load_dataset("tiny", data_dir=tiny.folder, download=False)
    assert x.shape == (20, 1, 28, 28) and x.dtype == np.float32
    assert xt.shape == (10, 1, 28, 28) and tt.shape == (10,) and tt.dtype == np.int64
    expected = tiny.arrays["train-images-idx3-ubyte.gz"].astype(np.float32) / np.float32(255)
    np.testing.assert_array_equal(x[:, 0], expected)
    np.testing.assert_array_equal(tt, tiny.arrays["t10k-labels-idx1-ubyte.gz"])


def test_flatten_one_hot_and_raw_pixels(tiny):
    (x, t), _ = load_dataset("tiny", data_dir=tiny.folder, download=False, flatten=True,
                             one_hot_label=True, normalize=False)
    assert x.shape == (20, 784) and x.dtype == np.uint8 and x.flags.writeable
    np.testing.assert_array_equal(x, tiny.arrays["train-images-idx3-ubyte.gz"].reshape(20, 784))
    assert t.shape == (20, 10) and t.dtype == np.float32
    np.testing.assert_array_equal(t.argmax(axis=1), np.arange(20) % 10)
    assert t.sum() == 20


def test_environment_variable_subfolder_and_unpacked_files(tiny, tmp_path, monkeypatch):
    tiny.copy_to(tmp_path / "mine" / "tiny", unpacked=True)
    monkeypatch.setenv("WORKBENCH_DATA", str(tmp_path / "mine"))
    x, t = load_split("tiny", "test", download=False)
    np.testing.assert_array_equal(t, tiny.arrays["t10k-labels-idx1-ubyte.gz"])


def test_system_folder_is_searched_after_the_cache(tmp_path, monkeypatch, make_dataset):
    data = make_dataset(tmp_path, system_dirs=[tmp_path / "usr-share"])
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    data.copy_to(tmp_path / "usr-share")
    (x, _), _ = load_dataset("tiny", download=False, normalize=False)
    np.testing.assert_array_equal(x[:, 0], data.arrays["train-images-idx3-ubyte.gz"])


def test_nothing_found_says_which_files_where_and_the_two_ways_out(tiny, tmp_path):
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny", data_dir=tmp_path / "nowhere", download=False)
    text = str(err.value)
    assert "Tiny is not on this computer and downloading is switched off" in text
    assert ("Missing: train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz") in text
    assert f"{tmp_path / 'nowhere'} (data_dir): no such folder" in text
    assert f"{cache_dir('tiny')} (download cache)" in text
    assert "set WORKBENCH_DATA to it" in text and 'load_dataset("synthetic-digits")' in text


def test_only_the_missing_files_are_named(tiny, tmp_path):
    folder = tiny.copy_to(tmp_path / "part")
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match=r"Missing: t10k-labels-idx1-ubyte.gz\n"):
        load_dataset("tiny", data_dir=folder, download=False)


@pytest.mark.parametrize("damage", ["wrong content", "truncated"])
def test_bad_file_in_a_user_folder_is_reported_with_its_path_and_kept(tiny, tmp_path, damage):
    folder = tiny.copy_to(tmp_path / "mine")
    bad = folder / "train-images-idx3-ubyte.gz"
    if damage == "truncated":
        bad.write_bytes(tiny.files[bad.name][:-100])
    else:
        bad.write_bytes(gzip.compress(gzip.decompress(tiny.files[bad.name])[:-1] + b"\x01"))
    before = bad.read_bytes()
    tiny.copy_to(cache_dir("tiny"))           # a good copy elsewhere must not be used silently
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny", data_dir=folder)
    text = str(err.value)
    assert f"{bad} (data_dir) is not a usable copy of Tiny train-images-idx3-ubyte" in text
    assert ("truncated" in text) if damage == "truncated" else ("content differs" in text)
    assert "It was not used and has not been changed" in text
    assert bad.read_bytes() == before


def test_a_file_of_another_dataset_in_a_shared_folder_is_passed_over(tmp_path, monkeypatch,
                                                                     make_dataset):
    first = make_dataset(tmp_path / "a", seed=1)
    other = make_dataset(tmp_path / "b", seed=2)
    monkeypatch.setitem(sources.DATASETS, "tiny", first.info)
    monkeypatch.setitem(sources.DATASETS, "other",
                        dataclasses.replace(other.info, name="other", fallback_name="Other"))
    shared = other.copy_to(tmp_path / "shared")         # holds the other dataset's files
    first.copy_to(tmp_path / "shared" / "tiny")         # and ours in its own subfolder
    (x, _), _ = load_dataset("tiny", data_dir=shared, normalize=False, download=False)
    np.testing.assert_array_equal(x[:, 0], first.arrays["train-images-idx3-ubyte.gz"])
    for f in (tmp_path / "shared" / "tiny").iterdir():
        f.unlink()
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny", data_dir=shared, download=False)
    assert f"Not used: {shared / 'train-images-idx3-ubyte.gz'} holds Other " in str(err.value)


def test_unknown_names_and_splits():
    with pytest.raises(DatasetError, match='unknown dataset .*"mnist", "fashion-mnist", '
                                           '"synthetic-digits"'):
        load_dataset("cifar")
    with pytest.raises(DatasetError, match="unknown split 'val'"):
        load_split("synthetic-digits", "val")


def test_unreadable_file_is_a_dataset_error(tiny, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    folder = tiny.copy_to(tmp_path / "mine")
    (folder / "train-labels-idx1-ubyte.gz").chmod(0)
    with pytest.raises(DatasetError, match="cannot read .*train-labels"):
        load_dataset("tiny", data_dir=folder, download=False)


def test_shared_images_are_one_read_only_copy_while_held_and_read_again_when_the_file_changes(tiny):
    (x, _), (xt, _) = load_dataset("tiny", data_dir=tiny.folder, download=False, shared=True)
    (again, _), _ = load_dataset("tiny", data_dir=tiny.folder, download=False, shared=True)
    assert np.shares_memory(x, again) and not x.flags.writeable and not xt.flags.writeable
    (own, _), _ = load_dataset("tiny", data_dir=tiny.folder, download=False)
    assert own.flags.writeable and not np.shares_memory(own, x)      # the book's load: a copy of its own
    path = tiny.folder / "train-images-idx3-ubyte.gz"
    os.utime(path, ns=(0, 0))
    (changed, _), _ = load_dataset("tiny", data_dir=tiny.folder, download=False, shared=True)
    assert not np.shares_memory(changed, x)
    np.testing.assert_array_equal(changed, x)
