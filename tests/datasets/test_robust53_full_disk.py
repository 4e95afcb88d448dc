"""A download onto a full disk says so, with the room the file needs: it was told to make the folder
writable, and `workbench data download` ended on "Without a network: …" though the network had
served the file."""
import errno
import io
import re

import pooch
import pytest

from workbench.datasets import DatasetError, console, load_dataset
from workbench.i18n import set_language


@pytest.fixture
def full_disk(monkeypatch):
    def no_room(url, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pooch, "retrieve", no_room)


def test_a_full_disk_names_the_room_the_file_needs(only_tiny, full_disk):
    with pytest.raises(DatasetError) as caught:
        load_dataset("tiny")
    text = str(caught.value)
    assert "no space left on the disk; the file needs" in text
    assert "on another disk" in text and "make the folder writable" not in text


def test_the_download_command_blames_the_disk_not_the_network(only_tiny, full_disk):
    out = io.StringIO()
    assert console.download(["tiny"], out=out) == 1
    text = re.sub(r"\s+", " ", out.getvalue())
    assert "no space left on the disk" in text and "Without a network" not in text


def test_a_refusal_still_says_to_make_the_folder_writable(only_tiny, monkeypatch):
    monkeypatch.setattr(pooch, "retrieve", lambda url, **kw: (_ for _ in ()).throw(PermissionError(13, "no")))
    with pytest.raises(DatasetError, match="make the folder writable"):
        load_dataset("tiny")


def test_the_network_failing_still_says_what_to_do_without_one(only_tiny, server):
    server.routes.clear()                      # every file: 404
    out = io.StringIO()
    assert console.download(["tiny"], out=out) == 1
    assert "Without a network" in out.getvalue()


def test_in_korean(only_tiny, full_disk):
    set_language("ko")
    try:
        with pytest.raises(DatasetError) as caught:
            load_dataset("tiny")
    finally:
        set_language("en")
    assert "디스크에 남은 공간이 없습니다. 이 파일에는" in str(caught.value)
    assert "다른 디스크의 폴더를 지정하세요" in str(caught.value)
