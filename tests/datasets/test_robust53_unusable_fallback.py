"""A training pane asked for Fashion-MNIST whose files are here but cut short (a copy interrupted, in
the folder WORKBENCH_DATA names) fell back to the synthetic digits saying "no Fashion-MNIST here": the
learner looked for a missing data set that `workbench data` listed. Now it says the files cannot be
used, and why."""
from pathlib import Path

import pytest

from workbench.i18n import set_language
from workbench.models.train import TrainSettings, load_data

SYSTEM = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture
def cut_short(tmp_path, monkeypatch):
    source = SYSTEM / "train-images-idx3-ubyte.gz"
    if not source.is_file():
        pytest.skip(f"{source} is absent (Debian's dataset-fashion-mnist package)")
    folder = tmp_path / "data"
    folder.mkdir()
    with open(source, "rb") as whole:
        (folder / source.name).write_bytes(whole.read(4096))     # a copy interrupted
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    return folder / source.name


def settings():
    return TrainSettings(dataset="fashion-mnist", train_size=100, test_size=50, batch_size=50)


def test_the_note_says_the_files_cannot_be_used_and_why(cut_short):
    data = load_data(settings())
    assert data.name == "synthetic-digits" and data.fell_back
    assert data.short_text(60).startswith("Fashion-MNIST unusable →")
    line = data.source_text()
    assert line.startswith(f"Fashion-MNIST is here but cannot be used ({cut_short}") and "truncated" in line
    assert "not on this computer" not in line


def test_in_korean(cut_short):
    set_language("ko")
    try:
        data = load_data(settings())
        short, line = data.short_text(60), data.source_text()
    finally:
        set_language("en")
    assert short.startswith("Fashion-MNIST 쓸 수 없음 →") and "없음 →" not in short.replace("쓸 수 없음 →", "")
    assert line.startswith(f"Fashion-MNIST: 파일은 있지만 쓸 수 없어서({cut_short}") and "파일이 잘렸습니다" in line


def test_a_data_set_not_here_still_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATA", str(tmp_path))
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    data = load_data(TrainSettings(dataset="mnist", train_size=100, test_size=50, batch_size=50))
    assert data.fell_back and not data.unusable and data.short_text(60).startswith("no MNIST here →")


