"""Saving and loading parameters: identical predictions after a round trip, clear errors, no pickle."""
import os
import zipfile

import numpy as np
import pytest

from workbench.nn import params_io
from workbench.nn.networks import MultiLayerNetExtend, SimpleConvNet, TwoLayerNet

CONV = {"filter_num": 3, "filter_size": 3, "pad": 0, "stride": 1}


def small_conv(seed=0, dtype=np.float32, hidden=6):
    return SimpleConvNet((1, 10, 10), CONV, hidden_size=hidden, output_size=4, weight_init_std=0.3,
                         dtype=dtype, rng=seed)


@pytest.fixture
def x():
    return np.random.default_rng(9).standard_normal((5, 1, 10, 10)).astype(np.float32)


def test_save_then_load_gives_identical_predictions(tmp_path, x):
    trained = small_conv(seed=1)
    path = tmp_path / "params.npz"
    trained.save_params(path)
    fresh = small_conv(seed=2)
    assert not np.array_equal(fresh.predict(x), trained.predict(x))
    fresh.load_params(path)
    np.testing.assert_array_equal(fresh.predict(x), trained.predict(x))


def test_load_is_in_place_so_layers_and_optimizer_state_stay_wired(tmp_path, x):
    net = small_conv(seed=1)
    net.save_params(tmp_path / "p.npz")
    other = small_conv(seed=2)
    w1 = other.params["W1"]
    other.load_params(tmp_path / "p.npz")
    assert other.params["W1"] is w1 and other.layers["Conv1"].W is w1


def test_batch_norm_running_statistics_travel_with_the_parameters(tmp_path):
    rng = np.random.default_rng(0)
    data = rng.standard_normal((20, 8)).astype(np.float32) * 3 + 1
    net = MultiLayerNetExtend(8, [6], 3, use_batchnorm=True, rng=0)
    net.gradient(data, rng.integers(0, 3, 20))           # a training-mode pass sets running stats
    net.save_params(tmp_path / "bn.npz")
    other = MultiLayerNetExtend(8, [6], 3, use_batchnorm=True, rng=1)
    other.load_params(tmp_path / "bn.npz")
    np.testing.assert_array_equal(other.predict(data), net.predict(data))


def test_the_file_holds_plain_arrays_only(tmp_path):
    small_conv().save_params(tmp_path / "p.npz")
    with np.load(tmp_path / "p.npz", allow_pickle=False) as data:
        assert str(data["__network__"]) == "SimpleConvNet"
        assert all(data[name].dtype != object for name in data.files)


def test_an_interrupted_save_keeps_the_previous_file(tmp_path, monkeypatch, x):
    path = tmp_path / "params.npz"
    good = small_conv(seed=1)
    good.save_params(path)
    before = path.read_bytes()

    def broken_savez(file, **arrays):
        file.write(b"half a file")
        raise KeyboardInterrupt
    monkeypatch.setattr(params_io.np, "savez", broken_savez)
    with pytest.raises(KeyboardInterrupt):
        small_conv(seed=2).save_params(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["params.npz"]          # no temporary file left behind


def test_a_corrupt_file_is_a_clear_error_and_changes_nothing(tmp_path, x):
    path = tmp_path / "params.npz"
    path.write_bytes(b"this is not a zip file at all")
    net = small_conv()
    before = net.predict(x)
    with pytest.raises(ValueError, match="is not a readable parameter file"):
        net.load_params(path)
    np.testing.assert_array_equal(net.predict(x), before)


def test_a_truncated_file_is_a_clear_error(tmp_path):
    path = tmp_path / "params.npz"
    small_conv().save_params(path)
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(ValueError, match="is not a readable parameter file"):
        small_conv().load_params(path)


def test_a_pickled_array_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    arrays = {k: v for k, v in small_conv().params.items()}
    arrays["W1"] = np.array([{"payload": 1}], dtype=object)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="is not a readable parameter file.*pickle"):
        small_conv().load_params(path)


def test_a_file_of_another_network_names_both(tmp_path):
    TwoLayerNet(4, 3, 2).save_params(tmp_path / "two.npz")
    with pytest.raises(ValueError, match="holds the parameters of a TwoLayerNet, not of a SimpleConvNet"):
        small_conv().load_params(tmp_path / "two.npz")


def test_wrong_shapes_name_the_parameter_and_both_shapes(tmp_path):
    small_conv(hidden=7).save_params(tmp_path / "p.npz")
    with pytest.raises(ValueError, match=r"W2 has shape \(48, 7\) in .* but \(48, 6\) in this SimpleConvNet"):
        small_conv(hidden=6).load_params(tmp_path / "p.npz")


def test_wrong_dtype_says_how_to_load_it(tmp_path):
    small_conv(dtype=np.float64).save_params(tmp_path / "p.npz")
    with pytest.raises(ValueError, match="is float64 in .* but this SimpleConvNet is float32; build it with dtype=np.float64"):
        small_conv().load_params(tmp_path / "p.npz")


def test_missing_and_unexpected_names_are_listed(tmp_path):
    arrays = dict(small_conv().params)
    del arrays["b3"]
    arrays["W9"] = np.zeros(2, np.float32)
    params_io.save_arrays(tmp_path / "p.npz", arrays, "SimpleConvNet")
    with pytest.raises(ValueError, match="missing b3; unexpected W9"):
        small_conv().load_params(tmp_path / "p.npz")


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        small_conv().load_params(tmp_path / "nothing.npz")


def test_save_is_a_valid_zip_under_the_exact_name(tmp_path):
    small_conv().save_params(tmp_path / "weights.bin")
    assert zipfile.is_zipfile(tmp_path / "weights.bin")
