"""The library's refusals of a parameter file carry a code and values (ParamsFileError, still a
ValueError with its English message for a Python user); the app says them in the reader's language."""
import errno
import os

import numpy as np
import pytest

from workbench.i18n import set_language
from workbench.i18n.library_errors import library_error_text
from workbench.models.train import load_into, save_network
from workbench.nn.networks import MultiLayerNet, TwoLayerNet
from workbench.nn.params_io import ParamsFileError, load_arrays, save_arrays


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_a_folder_is_refused_with_a_code_and_the_english_message_for_python_users(tmp_path):
    with pytest.raises(ParamsFileError) as caught:
        load_arrays(tmp_path, {"W": np.zeros(2)}, "TwoLayerNet")
    assert caught.value.code == "folder" and caught.value.values["path"] == str(tmp_path)
    assert isinstance(caught.value, ValueError) and str(caught.value).startswith(f"{tmp_path} is a folder, not a parameter file; name")


def test_the_app_says_a_folder_in_korean(tmp_path):
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        load_into(TwoLayerNet(4, 3, 2), tmp_path)
    text = str(caught.value)
    assert text.startswith(str(tmp_path)) and "매개변수 파일이 아니라 폴더입니다." in text and "is a folder" not in text, text
    assert text.endswith(f"{tmp_path / 'params.npz'}처럼 그 안의 파일을 지정하세요"), text


def test_the_app_says_a_size_that_does_not_fit_in_korean(tmp_path):
    path = tmp_path / "small.npz"
    TwoLayerNet(4, 3, 2).save_params(path)
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        load_into(TwoLayerNet(4, 5, 2), path)
    text = str(caught.value)
    assert text == (f"{path}는 크기가 다른 TwoLayerNet에서 저장한 파일입니다. W1의 형상이 파일에서는 (4, 3), "
                    f"이 신경망에서는 (4, 5)입니다"), text
    assert "has shape" not in text


# -- saving -------------------------------------------------------------------------------------------

def test_a_save_into_a_folder_is_refused_with_a_code_and_the_english_message(tmp_path):
    with pytest.raises(ParamsFileError) as caught:
        save_arrays(tmp_path, {"W": np.zeros(2)}, "TwoLayerNet")
    assert caught.value.code == "save_folder" and caught.value.values["path"] == str(tmp_path)
    assert str(caught.value).startswith(f"cannot save to {tmp_path}: it is a folder; name a file in it")


def test_the_app_says_a_save_into_a_folder_in_korean(tmp_path):
    (tmp_path / "simple.npz").mkdir()
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        save_network(TwoLayerNet(4, 3, 2), tmp_path / "simple.npz")
    text = str(caught.value)
    assert text.startswith(f"{tmp_path / 'simple.npz'}에 저장할 수 없습니다: 폴더입니다."), text
    assert "is a folder" not in text


def test_the_app_says_a_save_onto_a_named_pipe_in_korean(tmp_path):
    pipe = tmp_path / "simple.npz"
    os.mkfifo(pipe)
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        save_network(TwoLayerNet(4, 3, 2), pipe)
    assert "파일이 아니라 이름 있는 파이프입니다" in str(caught.value) and "named pipe" not in str(caught.value)


def test_the_systems_error_on_a_save_is_said_in_korean_and_keeps_its_number(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(np, "savez", full)
    with pytest.raises(ParamsFileError) as caught:
        save_arrays(tmp_path / "simple.npz", {"W": np.zeros(2)}, "TwoLayerNet")
    assert caught.value.code == "save_failed" and caught.value.values["errno"] == str(errno.ENOSPC)
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        save_network(TwoLayerNet(4, 3, 2), tmp_path / "simple.npz")
    text = str(caught.value)
    assert text.endswith("디스크에 남은 공간이 없습니다. 원래 있던 파일은 그대로입니다"), text
    assert "No space" not in text


def test_an_empty_file_name_is_said_in_korean():
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        load_into(TwoLayerNet(4, 3, 2), "")
    assert str(caught.value) == "불러올 파일 이름이 비어 있습니다(''). params.npz 같은 파일 이름을 지정하세요"


def test_the_kept_network_says_a_folder_in_its_place_in_korean(tmp_path):
    from workbench.models.trained import Record, build_network, keep, paths

    npz, _ = paths(tmp_path)
    npz.mkdir()
    record = Record("synthetic", "test", 10, 10, 1, 10, 0.1, 1.0, 0.5, "", "now")
    set_language("ko")
    with pytest.raises(ValueError) as caught:
        keep(build_network(), record, tmp_path)
    assert str(caught.value).startswith(f"{npz}에 저장할 수 없습니다: 폴더입니다."), str(caught.value)


# -- each refusal as a learner reads it (the app's English and Korean) --------------------------------

def refusal(call, *args):
    """The app's words for the library's refusal of `call(*args)`."""
    with pytest.raises(ParamsFileError) as caught:
        call(*args)
    return library_error_text(caught.value)


def test_a_file_of_another_network_is_a_refusal_with_a_code_said_in_each_language(tmp_path):
    path = tmp_path / "two.npz"
    TwoLayerNet(4, 3, 2).save_params(path)
    other = MultiLayerNet(4, [3], 2)
    assert refusal(other.load_params, path) == f"{path} was saved from a TwoLayerNet, not from a MultiLayerNet"
    set_language("ko")
    assert refusal(other.load_params, path) == f"{path}는 MultiLayerNet이 아니라 TwoLayerNet에서 저장한 파일입니다"


def test_a_diverged_file_counts_its_bad_values_with_separators(tmp_path):
    net = TwoLayerNet(40, 30, 2)
    net.params["W1"][:3, 0] = np.nan
    path = tmp_path / "nan.npz"
    with pytest.warns(RuntimeWarning, match="NaN or infinite in 3 of its 1,200 values"):
        net.save_params(path)
    assert refusal(TwoLayerNet(40, 30, 2).load_params, path).startswith(
        f"W1 in {path} is NaN or infinite in 3 of its 1,200 values: the training it was saved from had diverged")
    set_language("ko")
    assert refusal(TwoLayerNet(40, 30, 2).load_params, path).startswith(f"{path}의 W1은 값 1,200개 중 3개가 NaN이나 무한대입니다.")


def test_layers_that_differ_are_listed_on_both_sides(tmp_path):
    path = tmp_path / "wide.npz"
    MultiLayerNet(4, [3, 3], 2).save_params(path)
    text = refusal(MultiLayerNet(4, [3], 2).load_params, path)
    assert text == (f"{path} was saved from a MultiLayerNet with other layers (only in this network: -; "
                    f"only in the file: W3, b3)"), text


def test_a_name_too_long_is_cut_without_english_in_korean(tmp_path):
    name = str(tmp_path / ("x" * 300 + ".npz"))
    set_language("ko")
    text = refusal(TwoLayerNet(4, 3, 2).save_params, name)
    assert "…" in text and "characters" not in text and text.endswith("(이름은 최대 255바이트, 경로는 4096바이트)"), text
