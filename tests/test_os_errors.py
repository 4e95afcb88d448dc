"""The operating system's errors in the reader's language: one function (workbench.i18n.os_errors) for
every message that shows one, so a Korean message no longer ends in "[Errno 28] No space left on device"."""
import errno
import os

import pytest

from workbench.i18n import set_language
from workbench.i18n.os_errors import os_error_behind, os_error_text

WORDS = {
    "ENOENT": ("no such file or folder", "그런 파일이나 폴더가 없습니다"),
    "EACCES": ("permission denied", "권한이 없습니다"),
    "EPERM": ("permission denied", "권한이 없습니다"),
    "EROFS": ("the file system is read-only", "읽기 전용 파일 시스템입니다"),
    "ENOSPC": ("no space left on the disk", "디스크에 남은 공간이 없습니다"),
    "EISDIR": ("it is a folder, not a file", "파일이 아니라 폴더입니다"),
    "ENOTDIR": ("a part of the path is a file, not a folder", "경로 중간에 폴더가 아니라 파일이 있습니다"),
    "EEXIST": ("it already exists", "이미 있습니다"),
    "ENAMETOOLONG": ("the name is too long for this system (at most 255 bytes a name, 4096 a path)",
                     "이름이 이 시스템에서 쓰기에 너무 깁니다(이름은 최대 255바이트, 경로는 4096바이트)"),
    "EDQUOT": ("your disk quota is used up", "디스크 할당량을 다 썼습니다"),
    "ECONNREFUSED": ("the server refused the connection", "서버가 연결을 거부했습니다"),
    "ECONNRESET": ("the server closed the connection", "서버가 연결을 끊었습니다"),
    "ETIMEDOUT": ("no answer in time (timed out)", "제시간에 응답이 없습니다(시간 초과)"),
    "EHOSTUNREACH": ("the server cannot be reached", "서버에 닿을 수 없습니다"),
    "ENETUNREACH": ("the network cannot be reached (is this computer online?)",
                    "네트워크에 닿을 수 없습니다(이 컴퓨터가 인터넷에 연결되어 있나요?)"),
}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", sorted(WORDS))
def test_each_common_error_is_said_in_the_readers_language(name, lang):
    if not hasattr(errno, name):
        pytest.skip(f"no {name} on this system")
    number = getattr(errno, name)
    set_language(lang)
    words = WORDS[name][lang == "ko"]
    exc = OSError(number, os.strerror(number), "/data/x.npz")     # the subclass Python picks, as raised
    assert os_error_text(exc) == words
    assert os_error_text(exc, "/data/x.npz") == f"/data/x.npz: {words}"
    assert "Errno" not in os_error_text(exc) and os.strerror(number) not in os_error_text(exc)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_another_error_keeps_the_systems_text_without_its_number(lang):
    set_language(lang)
    assert os_error_text(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"
    assert os_error_text(OSError("[Errno 99] something odd")) == "something odd"
    assert os_error_text(ValueError("not valid JSON")) == "not valid JSON"


def test_a_timeout_without_a_number_is_a_timeout():
    assert os_error_text(TimeoutError()) == "no answer in time (timed out)"


def test_the_error_behind_a_save_or_a_download_is_found():
    def library_save():
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as exc:
            raise ValueError(f"cannot save to x.npz: {exc.strerror}") from None

    with pytest.raises(ValueError) as caught:
        library_save()
    assert os_error_behind(caught.value).errno == errno.ENOSPC

    class MaxRetryError(Exception):          # urllib3 keeps the cause in `reason`
        def __init__(self, reason):
            super().__init__("retries")
            self.reason = reason
    wrapped = MaxRetryError(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"))
    assert os_error_text(os_error_behind(wrapped)) == "the server refused the connection"
    assert os_error_behind(ValueError("no OS error here")) is None


# -- where they are shown ------------------------------------------------------------------------

def test_a_model_saved_under_a_file_says_so_in_korean(tmp_path):
    """ENOTDIR, for real: the folder to create is under a file."""
    from workbench.models.train import TrainSettings, build_network, save_network

    (tmp_path / "file").write_text("a file where a folder should be")
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        save_network(build_network(TrainSettings()), tmp_path / "file" / "sub" / "p.npz")
    assert str(caught.value) == f"{tmp_path / 'file' / 'sub' / 'p.npz'}에 저장할 수 없습니다: 경로 중간에 폴더가 아니라 파일이 있습니다"


@pytest.mark.parametrize("lang, words", [("en", "could not save progress to {path} (no space left on the disk)"),
                                         ("ko", "진행 상황을 저장할 수 없습니다(디스크에 남은 공간이 없습니다): {path}")])
def test_progress_that_cannot_be_saved_says_why_in_the_readers_language(tmp_path, monkeypatch, lang, words):
    from workbench.course import progress as progress_module
    from workbench.course.progress import Progress, ProgressStore

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    store = ProgressStore(tmp_path)
    monkeypatch.setattr(progress_module.os, "fsync", full)
    set_language(lang)
    assert store.save(Progress({"xor": 1})) == words.format(path=store.path)


def test_a_job_that_fails_on_an_os_error_names_the_file_in_the_readers_language(tmp_path):
    from workbench.jobs import JobRunner

    missing = tmp_path / "gone" / "weights.npz"
    set_language("ko")
    job = JobRunner(deliver=lambda event: None).start("open", lambda ctx: open(missing))
    assert job.wait(10)
    assert job.message == f"{missing}: 그런 파일이나 폴더가 없습니다"


def test_chapter_3s_network_that_cannot_be_kept_says_why_in_korean(tmp_path, monkeypatch):
    """`workbench network` and the lesson's status line show this message (the library's is English)."""
    import numpy as np

    from workbench.models import trained

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    data = trained.synthetic_data(60, 20)
    network, record = trained.train(data, trained.Recipe(epochs=1))
    monkeypatch.setattr(np, "savez", disk_full)
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        trained.keep(network, record, tmp_path)
    text = str(caught.value)
    assert "에 저장할 수 없습니다: 디스크에 남은 공간이 없습니다." in text and "No space" not in text, text
