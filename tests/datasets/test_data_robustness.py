"""Folders that overlap, folders that cannot be read, leftovers of interrupted downloads, narrow consoles."""
import dataclasses
import gzip
import io
import os
import time
from pathlib import Path

import pytest

from workbench.datasets import DatasetError, console, load_dataset, load_split, sources
from workbench.datasets.locate import cache_dir


def only(monkeypatch, info):
    """`workbench data` commands see `info` and the synthetic set only."""
    monkeypatch.setattr(console, "DATASETS", {info.name: info,
                                              "synthetic-digits": sources.DATASETS["synthetic-digits"]})


@pytest.fixture
def two(tmp_path, monkeypatch, make_dataset):
    """The tiny dataset and "other", which shares its file names (as MNIST and Fashion-MNIST do)."""
    first = make_dataset(tmp_path / "a", seed=1)
    other = make_dataset(tmp_path / "b", seed=2)
    monkeypatch.setitem(sources.DATASETS, "tiny", first.info)
    monkeypatch.setitem(sources.DATASETS, "other",
                        dataclasses.replace(other.info, name="other", fallback_name="Other"))
    only(monkeypatch, first.info)
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


def deny(monkeypatch, folder: Path):
    """Looking into `folder` fails as for a folder without search permission (tests run as root)."""
    for name in ("is_file", "is_dir", "stat"):
        original = getattr(Path, name)

        def guarded(self, *args, _original=original, **kwargs):
            if folder in self.parents:
                raise PermissionError(13, "Permission denied", str(self))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, name, guarded)


def test_an_unreadable_data_folder_is_a_dataset_error(tiny, tmp_path, monkeypatch):
    folder = tiny.copy_to(tmp_path / "mine")
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    deny(monkeypatch, folder)
    with pytest.raises(DatasetError) as err:
        load_split("tiny", "test", download=False)
    text = str(err.value)
    assert f"cannot look into {folder / 'tiny'} (WORKBENCH_DATA): permission denied" in text
    assert "permissions" in text


def test_status_and_verify_report_an_unreadable_folder_and_carry_on(tiny, tmp_path, monkeypatch):
    only(monkeypatch, tiny.info)
    tiny.copy_to(cache_dir("tiny"))
    folder = tmp_path / "mine"
    (folder / "tiny").mkdir(parents=True)
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    deny(monkeypatch, folder)
    out = io.StringIO()
    assert console.status(out=out) == 0
    text = out.getvalue()
    assert text.count(f"FAILED    {folder / 'tiny'}: this folder cannot be searched (permission denied)") == 4
    assert "not ready" in text and "error:" not in text
    out = io.StringIO()
    assert console.verify(out=out) == 1
    text = out.getvalue()
    for place in (folder / "tiny", folder):
        assert text.count(f"FAILED  {place}  (WORKBENCH_DATA): this folder cannot be searched") == 1
    assert text.count("ok      ") == 4 and "4 files checked, 0 failed; 2 folders could not be searched" in text


def stale(folder: Path, name: str, age_minutes: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"half a download")
    then = time.time() - age_minutes * 60
    os.utime(path, (then, then))
    return path


def test_leftovers_of_interrupted_downloads_are_cleaned_on_the_next_load(tiny):
    cache = cache_dir("tiny")
    old = stale(cache, "tmpab12_z9q", 120)
    recent = stale(cache, "tmpzz99yy88", 1)            # perhaps another process downloading now
    other = stale(cache, "tmp-notes.txt", 120)        # not a name of ours
    tiny.copy_to(cache)
    load_split("tiny", "test", download=False)
    assert not old.exists() and recent.exists() and other.exists()


def test_leftovers_in_the_users_folder_are_never_touched(tiny, monkeypatch):
    cache = cache_dir("tiny")
    old = stale(cache, "tmpab12_z9q", 120)
    tiny.copy_to(cache)
    monkeypatch.setenv("WORKBENCH_DATA", str(cache.parent.parent))
    load_split("tiny", "test", download=False)
    assert old.exists()


def test_leftovers_are_cleaned_before_a_download(tmp_path, monkeypatch, server, make_dataset):
    data = make_dataset(tmp_path, mirrors=[f"{server.url}/m/"])
    for name, body in data.files.items():
        server.routes[f"/m/{name}"] = (200, body, None)
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    only(monkeypatch, data.info)
    old = stale(cache_dir("tiny"), "tmpab12_z9q", 120)
    assert console.download(["tiny"], out=io.StringIO()) == 0
    assert not old.exists()
    assert sorted(p.name for p in cache_dir("tiny").iterdir()) == sorted(data.files)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_status_and_verify_write_to_a_console_that_is_not_utf8(tiny, tmp_path, monkeypatch, encoding):
    only(monkeypatch, tiny.info)
    folder = tiny.copy_to(tmp_path / "mine")
    bad = folder / "t10k-images-idx3-ubyte.gz"
    raw = bytearray(gzip.decompress(tiny.files[bad.name]))
    raw[-1] ^= 1
    bad.write_bytes(gzip.compress(bytes(raw)))       # content differs: the message has "…"
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    for command in (console.status, console.verify):
        raw_out = io.BytesIO()
        out = io.TextIOWrapper(raw_out, encoding=encoding, errors="strict")
        command(out=out)
        out.flush()
        text = raw_out.getvalue().decode(encoding)
        assert "FAILED" in text and "content differs" in text and "..., expected" in text


def damaged(data: bytes) -> bytes:
    """The same bytes with one flipped in the middle: the right size, the wrong SHA-256."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


@pytest.mark.parametrize("how", ["download command", "load"])
def test_a_damaged_file_in_the_users_folder_inside_the_cache_is_set_aside_not_overwritten(only_tiny, monkeypatch,
                                                                                           how):
    """The user's data folder is the cache's datasets/ folder: its tiny/ is both theirs and the cache."""
    user = cache_dir("tiny").parent
    only_tiny.copy_to(cache_dir("tiny"))
    name = "train-images-idx3-ubyte.gz"
    bad_bytes = damaged(only_tiny.files[name])
    (cache_dir("tiny") / name).write_bytes(bad_bytes)
    monkeypatch.setenv("WORKBENCH_DATA", str(user))
    if how == "download command":
        out = io.StringIO()
        assert console.download(["tiny"], out=out) == 0
        assert f"{name}.bad" in out.getvalue()
    else:
        with pytest.raises(DatasetError) as err:       # a damaged file the user named stops a load ...
            load_dataset("tiny", download=True)
        assert "was deleted" not in str(err.value)
        assert (cache_dir("tiny") / name).read_bytes() == bad_bytes   # ... and is left exactly as it was
        return
    assert (cache_dir("tiny") / f"{name}.bad").read_bytes() == bad_bytes
    assert (cache_dir("tiny") / name).read_bytes() == only_tiny.files[name]


def test_another_datasets_file_in_the_users_folder_is_kept_when_a_load_downloads(two, monkeypatch, server):
    first, other = two
    for name, body in first.files.items():
        server.routes[f"/m/{name}"] = (200, body, None)
    monkeypatch.setitem(sources.DATASETS, "tiny", dataclasses.replace(
        first.info, source=dataclasses.replace(first.info.source, mirrors=(f"{server.url}/m/",))))
    user = cache_dir("tiny").parent
    other.copy_to(user / "tiny")                      # Other's files where tiny's cache is
    held = {p.name: p.read_bytes() for p in (user / "tiny").iterdir()}
    monkeypatch.setenv("WORKBENCH_DATA", str(user))
    (x, _), _ = load_dataset("tiny", download=True, normalize=False)
    assert (x.reshape(-1, 28, 28) == first.arrays["train-images-idx3-ubyte.gz"]).all()
    for name, data in held.items():
        if data == first.files[name]:                 # the same labels in both: tiny's own file, kept
            assert (user / "tiny" / name).read_bytes() == data
        else:
            assert (user / "tiny" / f"{name}.bad").read_bytes() == data     # set aside, not overwritten
