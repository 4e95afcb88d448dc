"""`workbench train --save` on a disk without room for the network is refused before training: a full
disk refused the save only after the run ("not saved: … no space left on the disk"), and the trained
network, minutes or hours of it, was lost."""
import shutil
from collections import namedtuple

import pytest

from tests.console_text import joined
from workbench import cli
from workbench.models import train as model
from workbench.models.train import TrainSettings, build_network, save_size

TINY = ["train", "--dataset", "synthetic-digits", "--train-size", "100", "--test-size", "50", "--epochs", "1",
        "--batch-size", "50", "--net", "two-layer"]
Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def free_bytes(monkeypatch):
    room = {"free": 24 * 1024}
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10 ** 9, 10 ** 9 - room["free"], room["free"]))
    return room


@pytest.mark.parametrize("lang, words", [
    ("en", "cannot save to {path}: the trained network needs about 219.3 KB and its disk has 24.0 KB free; "
           "free some room, or give --save a file on another disk"),
    ("ko", "{path}에 저장할 수 없습니다: 학습한 신경망에는 약 219.3 KB가 필요한데 그 디스크의 남은 공간은 24.0 KB"
           "입니다.")])
def test_no_room_is_refused_before_training(capsys, tmp_path, free_bytes, lang, words):
    saved = tmp_path / "p.npz"
    assert cli.main([*TINY, "--lang", lang, "--save", str(saved)]) == 2
    out, err = capsys.readouterr()
    assert "epoch 1/1" not in out and words.format(path=saved) in joined(err)
    assert not saved.exists()


def test_room_enough_trains_and_saves(capsys, tmp_path, free_bytes):
    free_bytes["free"] = 10 ** 9
    saved = tmp_path / "p.npz"
    assert cli.main([*TINY, "--save", str(saved)]) == 0
    assert saved.is_file()


@pytest.mark.parametrize("net", ["simple", "two-layer", "multi-layer-extend"])
def test_the_estimate_covers_the_file_written_and_not_much_more(tmp_path, net):
    network = build_network(TrainSettings(net=net))
    written = model.save_network(network, tmp_path / "p.npz").stat().st_size
    assert written <= save_size(network) <= written + 2 * model.SAVE_OVERHEAD
