"""workbench.datasets speaks the interface language: `workbench data …` output, its errors and the data
set names come from the string catalog in Korean too, with file names, paths and commands as they are."""
import io
import re

import pytest

from workbench.datasets import (DATASETS, DatasetError, console, dataset_description, dataset_label, load_dataset,
                                sources)
from workbench.datasets.locate import cache_dir
from workbench.i18n import set_language

NAMES = {"Tiny", "MNIST", "IDX", "gzip", "SHA", "HTTP", "KB", "MB", "export", "workbench"}
"""Words that stay as they are in Korean: data set names, formats, units, the program, a shell keyword."""


def english_words(text: str) -> set[str]:
    """The plain English words left in `text` once commands, paths, file names and identifiers are set aside."""
    text = re.sub(r"'workbench [^']*'|\w+://\S+", " ", text)
    words = set()
    for token in re.findall(r"[^\s:;,()'\"]+", text):
        if not re.search(r"[/_.=~\-0-9]", token):
            words |= set(re.findall(r"[A-Za-z]{2,}", token))
    return words - NAMES


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def run(command, *args):
    out = io.StringIO()
    code = command(*args, out=out)
    return code, out.getvalue()


def test_the_names_and_descriptions_follow_the_language(korean):
    assert dataset_label("synthetic-digits") == "합성 숫자(내장, MNIST 아님)"
    assert DATASETS["synthetic-digits"].display_name == "합성 숫자(내장, MNIST 아님)"
    assert dataset_label("fashion_mnist") == "Fashion-MNIST" and dataset_label("mnist") == "MNIST"
    assert "훈련 데이터 60,000장" in dataset_description("mnist")
    set_language("en")
    assert dataset_label("synthetic-digits") == "Synthetic digits (built in, not MNIST)"
    assert "NOT MNIST" in dataset_description(DATASETS["synthetic-digits"])


def test_data_status_download_and_verify_speak_korean(only_tiny, korean):
    code, text = run(console.status)
    assert code == 0
    assert "WORKBENCH_DATA: (설정 안 됨)" in text
    assert "  train-images-idx3-ubyte" in text and "없음" in text
    assert "준비 안 됨: 'workbench data download tiny'" in text
    assert "합성 숫자(내장, MNIST 아님)\n  언제나 쓸 수 있음" in text
    assert not english_words(text), text

    code, text = run(console.download, ["tiny"])
    assert code == 0 and "train-images-idx3-ubyte.gz: 내려받고 검증함" in text and "100 % (" in text
    assert not english_words(text), text

    code, text = run(console.status)
    cached = cache_dir("tiny") / "train-images-idx3-ubyte.gz"
    assert code == 0 and f"  위치: {cached.parent} (내려받기 캐시)\n  준비됨" in text
    assert not english_words(text), text

    code, text = run(console.verify)
    assert code == 0 and f"정상  {cached}  (Tiny train-images-idx3-ubyte)" in text
    assert "파일 4개 검사, 0개 검증 실패" in text and not english_words(text), text


def test_a_damaged_copy_is_reported_in_korean(only_tiny, tmp_path, monkeypatch, korean):
    folder = only_tiny.copy_to(tmp_path / "mine")
    bad = folder / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(bad.read_bytes()[:-3])
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    code, text = run(console.verify)
    assert code == 1 and f"실패  {bad}  (Tiny t10k-labels-idx1-ubyte): " in text
    assert "파일이 잘렸습니다" in text and "파일 4개 검사, 1개 검증 실패" in text
    assert not english_words(text), text
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny", download=False)
    message = str(err.value)
    assert f"{bad} (WORKBENCH_DATA): 쓸 수 있는 Tiny t10k-labels-idx1-ubyte 사본이 아닙니다" in message
    assert not english_words(message), message


def test_missing_data_is_explained_in_korean(tiny, tmp_path, korean):
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny", data_dir=tmp_path / "nowhere", download=False)
    text = str(err.value)
    assert text.startswith("Tiny: 이 컴퓨터에 없고, 내려받기가 꺼져 있습니다(download=False).\n")
    assert "없는 파일: train-images-idx3-ubyte.gz" in text
    assert f"{tmp_path / 'nowhere'} (data_dir): 폴더 없음" in text
    assert f"{cache_dir('tiny')} (내려받기 캐시)" in text
    assert "WORKBENCH_DATA에 그 폴더를 지정하세요" in text and 'load_dataset("synthetic-digits")' in text
    assert not english_words(text), text


def test_a_failed_download_is_explained_in_korean(tmp_path, server, make_dataset, monkeypatch, korean):
    data = make_dataset(tmp_path, mirrors=[f"{server.url}/none/"])
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny")
    text = str(err.value)
    first = text.splitlines()[0]
    assert first.startswith("Tiny: 이 컴퓨터에 없고, 내려받지도 못했습니다. 이유: ") and "HTTP 404" in first, first
    assert "내려받기 시도:" in text
    assert not english_words(text.replace("Not Found", "")), text   # the reason the server sent
