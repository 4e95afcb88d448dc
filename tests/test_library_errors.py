"""The library's refusal of a size too large for memory, in the reader's language: a Korean job, pane
or console message said "학습 실패: im2col of images (3000, 1, 28, 28) … would need 460.0 MB …"."""
import numpy as np
import pytest

from workbench import memory
from workbench.i18n import set_language
from workbench.i18n.library_errors import library_error_text
from workbench.jobs import failure_text
from workbench.memory import TooLarge
from workbench.nn.im2col import im2col
from workbench.nn.networks import TwoLayerNet


@pytest.fixture
def little_memory(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 100 * 2 ** 20)


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def refusal(make):
    with pytest.raises(TooLarge) as caught:
        make()
    return caught.value


def test_im2col_too_large_is_said_in_korean(little_memory, korean):
    x = np.zeros((3000, 1, 28, 28), dtype=np.float32)
    exc = refusal(lambda: im2col(x, 7, 7, 1, 3))
    assert "would need" in str(exc)                                  # the library still speaks English
    said = failure_text(exc)
    assert said.startswith("7×7 윈도우로 이미지 (3000, 1, 28, 28)에 im2col을 하려면 메모리가 ")
    assert "100.0 MB입니다" in said and "would" not in said


def test_a_network_too_large_names_its_parameters(little_memory, korean):
    exc = refusal(lambda: TwoLayerNet(784, 100_000, 10))
    assert library_error_text(exc).startswith("매개변수가 79,400,000개인 TwoLayerNet에는 메모리가 ")


def test_english_says_what_to_make_smaller(little_memory):
    from workbench.datasets.synthetic import synthetic_digits

    exc = refusal(lambda: synthetic_digits(n_train=1_000_000, n_test=10))
    assert library_error_text(exc).startswith("1,000,000 training and 10 test synthetic digits would need ")
    assert library_error_text(exc).endswith("use fewer images")


def test_other_errors_keep_their_words(korean):
    assert library_error_text(ValueError("stride must be 1 or more")) == "stride must be 1 or more"
    assert library_error_text(FileNotFoundError(2, "No such file or directory", "x.npz")) == \
        "x.npz: 그런 파일이나 폴더가 없습니다"


def test_a_refused_parameter_file_is_said_in_korean_wherever_it_is_shown(tmp_path, korean):
    """The library's refusal of a parameter file was worded by the training model alone
    (`params_refusal`); a job or a pane that met one said the library's English."""
    from workbench.nn.params_io import ParamsFileError, load_arrays

    with pytest.raises(ParamsFileError) as caught:
        load_arrays(tmp_path, {"W": np.zeros(2)}, "TwoLayerNet")
    assert "is a folder" in str(caught.value)                        # the library still speaks English
    said = failure_text(caught.value)
    assert said.startswith(f"{tmp_path}"), said
    assert "폴더" in said and "is a folder" not in said
