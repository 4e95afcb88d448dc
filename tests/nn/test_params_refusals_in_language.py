"""The library's refusals of a parameter file carry a code and values (ParamsFileError, still a
ValueError with its English message for a Python user); the app says them in the reader's language."""
import numpy as np
import pytest

from workbench.i18n import set_language
from workbench.models.train import load_into
from workbench.nn.networks import TwoLayerNet
from workbench.nn.params_io import ParamsFileError, load_arrays


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_a_folder_is_refused_with_a_code_and_the_english_message_for_python_users(tmp_path):
    with pytest.raises(ParamsFileError) as caught:
        load_arrays(tmp_path, {"W": np.zeros(2)}, "TwoLayerNet")
    assert caught.value.code == "folder" and caught.value.values["path"] == str(tmp_path)
    assert isinstance(caught.value, ValueError) and str(caught.value).startswith(f"{tmp_path} is a folder; give")


def test_the_app_says_a_folder_in_korean(tmp_path):
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        load_into(TwoLayerNet(4, 3, 2), tmp_path)
    text = str(caught.value)
    assert text.startswith(str(tmp_path)) and "폴더입니다." in text and "is a folder" not in text, text
    assert text.endswith(f"{tmp_path / 'params.npz'}처럼 그 안의 매개변수 파일을 주세요"), text


def test_the_app_says_a_size_that_does_not_fit_in_korean(tmp_path):
    path = tmp_path / "small.npz"
    TwoLayerNet(4, 3, 2).save_params(path)
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        load_into(TwoLayerNet(4, 5, 2), path)
    text = str(caught.value)
    assert "형상은 (4, 3)인데 이 TwoLayerNet에서는 (4, 5)입니다" in text, text
    assert "has shape" not in text
