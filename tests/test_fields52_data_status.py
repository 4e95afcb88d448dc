"""Where a data set's files are is looked up again only when a folder searched changed: the training
pane's settings ask for it at every refresh of their values ("all (6,000)"), the dialog several times an
opening. A file downloaded, removed or linked meanwhile is still seen."""
import os
import time

import pytest

import workbench.models.train as model
from workbench.datasets import dataset_info
from workbench.datasets.locate import candidates

AGO = time.time() - 3600


@pytest.fixture
def lookups(monkeypatch):
    """How many folders were looked into."""
    looked = []

    def counting(place, spec):
        looked.append(place.folder)
        return candidates(place, spec)

    monkeypatch.setattr(model, "candidates", counting)
    monkeypatch.setattr(model, "_looked_up", {}, raising=False)
    return looked


def settled(folder):
    """`folder` as one whose files changed an hour ago."""
    os.utime(folder, (AGO, AGO))


def train_file(name="mnist"):
    return dataset_info(name).source.splits["train"][0].name


def test_a_second_lookup_with_no_folder_changed_looks_into_none(tmp_path, lookups):
    settled(tmp_path)
    first = model.data_status("mnist", data_dir=tmp_path)
    assert not first.present and lookups
    lookups.clear()
    assert model.data_status("mnist", data_dir=tmp_path) == first
    assert lookups == []


def test_a_file_downloaded_meanwhile_is_found_and_one_removed_is_missed(tmp_path, lookups):
    settled(tmp_path)
    assert not model.data_status("mnist", data_dir=tmp_path).present
    partial = tmp_path / "download.part"
    partial.write_bytes(b"")
    partial.replace(tmp_path / train_file())         # as a download ends: a temporary file renamed
    found = model.data_status("mnist", data_dir=tmp_path)
    assert found.present and found.folder == str(tmp_path)
    settled(tmp_path)
    model.data_status("mnist", data_dir=tmp_path)
    (tmp_path / train_file()).unlink()
    assert not model.data_status("mnist", data_dir=tmp_path).present


def test_a_linked_file_whose_target_went_is_missed(tmp_path, lookups):
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "train.gz").write_bytes(b"")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / train_file()).symlink_to(target / "train.gz")
    settled(folder)
    assert model.data_status("mnist", data_dir=folder).present
    (target / "train.gz").unlink()
    assert not model.data_status("mnist", data_dir=folder).present


def test_the_place_is_named_in_the_language_of_the_lookup(tmp_path, lookups, monkeypatch):
    from workbench.datasets.locate import cache_dir
    from workbench.i18n import language, set_language
    monkeypatch.delenv("WORKBENCH_DATA", raising=False)
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    folder = cache_dir("mnist")
    folder.mkdir(parents=True)
    (folder / train_file()).write_bytes(b"")
    settled(folder)
    before = language()
    try:
        named = []
        for lang in ("en", "ko", "en"):
            set_language(lang)
            named.append(model.data_status("mnist").where)
    finally:
        set_language(before)
    assert named[0] == named[2] != named[1]
    assert named[1].startswith(f"{folder}, ") and "다운로드" in named[1] or "캐시" in named[1]
