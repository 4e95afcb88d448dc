"""Saving and loading parameters: identical predictions after a round trip, clear errors, no pickle."""
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

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
    with pytest.raises(params_io.ParamsFileError, match="two.npz was saved from a TwoLayerNet, not from a "
                                                        "SimpleConvNet; build a TwoLayerNet to load it") as caught:
        small_conv().load_params(tmp_path / "two.npz")
    assert caught.value.code == "other_network"
    assert caught.value.values == {"path": str(tmp_path / "two.npz"), "saved": "TwoLayerNet",
                                   "network": "SimpleConvNet"}


def test_wrong_shapes_name_the_parameter_and_both_shapes(tmp_path):
    small_conv(hidden=7).save_params(tmp_path / "p.npz")
    with pytest.raises(ValueError, match=r"p.npz was saved from a SimpleConvNet of other sizes: W2 has shape "
                                         r"\(48, 7\) in the file but \(48, 6\) in this network"):
        small_conv(hidden=6).load_params(tmp_path / "p.npz")


def test_wrong_dtype_says_how_to_load_it(tmp_path):
    small_conv(dtype=np.float64).save_params(tmp_path / "p.npz")
    with pytest.raises(ValueError, match="W1 is float64 in .*p.npz but float32 in this SimpleConvNet: the file was "
                                         "saved from a float64 network; build it with dtype=np.float64"):
        small_conv().load_params(tmp_path / "p.npz")


def test_missing_and_unexpected_names_are_listed(tmp_path):
    arrays = dict(small_conv().params)
    del arrays["b3"]
    arrays["W9"] = np.zeros(2, np.float32)
    params_io.save_arrays(tmp_path / "p.npz", arrays, "SimpleConvNet")
    with pytest.raises(ValueError, match=r"p.npz was saved from a SimpleConvNet with other layers \(only in this "
                                         r"network: b3; only in the file: W9\)"):
        small_conv().load_params(tmp_path / "p.npz")


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        small_conv().load_params(tmp_path / "nothing.npz")


def test_save_is_a_valid_zip_under_the_exact_name(tmp_path):
    small_conv().save_params(tmp_path / "weights.bin")
    assert zipfile.is_zipfile(tmp_path / "weights.bin")


# -- where a save goes, what it leaves behind --------------------------------------------------------

def temp_files(folder):
    return sorted(name for name in os.listdir(folder) if name.startswith(".params-"))


def test_saving_to_a_folder_names_the_folder(tmp_path):
    with pytest.raises(ValueError, match=f"cannot save to {tmp_path}: it is a folder; name a file in it, such as "
                                         f"{tmp_path / 'params.npz'}"):
        small_conv().save_params(tmp_path)
    assert os.listdir(tmp_path) == []


def test_saving_into_a_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="the folder .*nowhere does not exist; create it first"):
        small_conv().save_params(tmp_path / "nowhere" / "p.npz")


def test_saving_into_a_folder_we_cannot_write_names_the_target(tmp_path, monkeypatch):
    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied", os.path.join(kwargs["dir"], ".params-123-abc.tmp"))
    monkeypatch.setattr(params_io.tempfile, "mkstemp", refuse)
    target = tmp_path / "p.npz"
    with pytest.raises(ValueError) as caught:
        small_conv().save_params(target)
    message = str(caught.value)
    assert message.startswith(f"cannot save to {target}: the folder {tmp_path} cannot be written to "
                              f"(Permission denied); save in a folder you can write to")
    assert ".tmp" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_saving_into_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ValueError, match="cannot save to .*p.npz: the folder .* cannot be written to"):
            small_conv().save_params(folder / "p.npz")
    finally:
        folder.chmod(0o755)


def test_a_symlink_is_followed_not_replaced(tmp_path, x):
    real = tmp_path / "store" / "weights.npz"
    real.parent.mkdir()
    small_conv(seed=1).save_params(real)
    link = tmp_path / "latest.npz"
    link.symlink_to(real)
    small_conv(seed=2).save_params(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    fresh = small_conv(seed=3)
    fresh.load_params(real)
    np.testing.assert_array_equal(fresh.predict(x), small_conv(seed=2).predict(x))
    assert temp_files(tmp_path) == [] and temp_files(real.parent) == []


def test_a_save_keeps_the_files_permissions(tmp_path):
    path = tmp_path / "p.npz"
    old_umask = os.umask(0o022)
    try:
        small_conv().save_params(path)
        assert path.stat().st_mode & 0o777 == 0o644          # a new file: 0666 less the umask (was 0600)
        path.chmod(0o640)
        small_conv(seed=1).save_params(path)
        assert path.stat().st_mode & 0o777 == 0o640          # the replaced file's mode
        os.umask(0o077)
        small_conv().save_params(tmp_path / "q.npz")
        assert (tmp_path / "q.npz").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old_umask)


def test_stale_temp_files_are_cleaned_on_the_next_save_or_load(tmp_path):
    dead = tmp_path / ".params-999999999-k3j2h1x0.tmp"     # no such process
    old = tmp_path / ".params-a8c7_f2q.tmp"                 # an older version's name, untouched for an hour
    live = tmp_path / f".params-{os.getpid()}-zz9y8x7w.tmp"   # a save in progress in this process
    others = [tmp_path / "notes.tmp", tmp_path / ".params-draft.txt"]
    for path in [dead, old, live, *others]:
        path.write_bytes(b"partial")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(others[0], (an_hour_ago, an_hour_ago))
    small_conv().save_params(tmp_path / "p.npz")
    assert not dead.exists() and not old.exists()
    assert live.exists() and all(path.exists() for path in others)
    os.utime(live, (an_hour_ago, an_hour_ago))             # untouched for an hour: nobody is writing it
    small_conv().load_params(tmp_path / "p.npz")
    assert not live.exists()


def test_a_save_killed_midway_leaves_nothing_after_the_next_save(tmp_path):
    """kill -9 during a large save: the previous file stays whole, and the next save removes the torn temp file."""
    path = tmp_path / "big.npz"
    TwoLayerNet(4, 3, 2).save_params(path)
    before = path.read_bytes()
    script = ("import numpy as np, sys\n"
              "from workbench.nn import params_io\n"
              "a = {'W1': np.zeros(32_000_000, np.float32)}\n"
              "print('ready', flush=True)\n"
              "params_io.save_arrays(sys.argv[1], a, 'TwoLayerNet')\n")
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == b"ready"
        deadline = time.time() + 20
        while not temp_files(tmp_path) and time.time() < deadline:
            time.sleep(0.005)
        assert temp_files(tmp_path), "the child never started writing"
    finally:
        child.kill()
        child.wait()
    assert path.read_bytes() == before
    assert temp_files(tmp_path)                            # the torn temp file is still there...
    TwoLayerNet(4, 3, 2).save_params(tmp_path / "other.npz")
    assert temp_files(tmp_path) == []                      # ...until the next save into the folder


# -- what a load refuses ------------------------------------------------------------------------------

def test_a_single_array_file_is_named(tmp_path):
    np.save(tmp_path / "a.npy", np.zeros(3))
    with pytest.raises(ValueError, match=r"a.npy holds a single array \(.npy\), not a parameter file"):
        small_conv().load_params(tmp_path / "a.npy")


def test_loading_a_folder_is_named(tmp_path):
    with pytest.raises(ValueError, match="is a folder, not a parameter file; name a file in it"):
        small_conv().load_params(tmp_path)


@pytest.mark.parametrize("how", ["all", "one"])
def test_a_file_of_nans_is_refused(tmp_path, x, how):
    net = small_conv()
    arrays = dict(net.params)
    arrays["W2"] = arrays["W2"].copy()
    if how == "all":
        arrays = {k: np.full_like(v, np.nan) for k, v in arrays.items()}
    else:
        arrays["W2"][3, 1] = np.inf
    with pytest.warns(RuntimeWarning, match="saving W1, NaN or infinite in 27 of its 27|saving W2, NaN or infinite in 1 of"):
        params_io.save_arrays(tmp_path / "p.npz", arrays, "SimpleConvNet")
    before = net.predict(x)
    with pytest.raises(ValueError, match="is NaN or infinite in .* values: the training it was saved from had diverged"):
        net.load_params(tmp_path / "p.npz")
    np.testing.assert_array_equal(net.predict(x), before)


def test_a_file_can_record_after_how_many_epochs_it_was_saved_and_still_loads(tmp_path):
    from workbench.nn.networks import TwoLayerNet
    from workbench.nn.params_io import saved_epoch

    net = TwoLayerNet(4, 3, 2, rng=0)
    net.save_params(tmp_path / "plain.npz")
    net.save_params(tmp_path / "epoch.npz", epoch=7)
    assert saved_epoch(tmp_path / "plain.npz") is None and saved_epoch(tmp_path / "epoch.npz") == 7
    other = TwoLayerNet(4, 3, 2, rng=1)
    other.load_params(tmp_path / "epoch.npz")
    assert all((other.params[k] == net.params[k]).all() for k in net.params)
    assert saved_epoch(tmp_path / "missing.npz") is None


# -- files that are not what they claim -----------------------------------------------------------

def load_in_thread(net, path, seconds=10):
    """net.load_params(path) in a daemon thread: (finished in time, the exception it raised)."""
    import threading

    result = {}

    def load():
        try:
            net.load_params(path)
        except BaseException as exc:    # noqa: BLE001 - handed to the test
            result["error"] = exc
    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive(), result.get("error")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.npz")
    finished, error = load_in_thread(small_conv(), tmp_path / "pipe.npz")
    assert finished, "load_params waited on a named pipe"
    assert isinstance(error, ValueError) and "is a named pipe, not a parameter file" in str(error)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device):
    finished, error = load_in_thread(small_conv(), device)
    assert finished and isinstance(error, ValueError) and "is a device, not a parameter file" in str(error)


def npz_with_header(path, name, shape, descr="<f8", payload=b"\0" * 64, others=None):
    """An .npz whose member ``name`` claims ``shape`` in its header but holds only ``payload``."""
    import io

    with zipfile.ZipFile(path, "w") as z:
        for key, value in (others or {}).items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, value)
            z.writestr(f"{key}.npy", buffer.getvalue())
        buffer = io.BytesIO()
        np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
        z.writestr(f"{name}.npy", buffer.getvalue() + payload)


def test_a_header_claiming_billions_of_entries_allocates_nothing(tmp_path):
    import tracemalloc

    net = TwoLayerNet(4, 3, 2)
    others = {k: v for k, v in net.params.items() if k != "W1"}
    npz_with_header(tmp_path / "big.npz", "W1", (4_000_000_000,), "<f8", others=others)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"W1 has shape \(4000000000,\) in the file but \(4, 3\) in this network"):
            net.load_params(tmp_path / "big.npz")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 ** 20                     # was an attempt to allocate 32 GB


def test_a_header_that_matches_but_data_that_is_short_is_unreadable(tmp_path):
    net = TwoLayerNet(4, 3, 2)
    others = {k: v for k, v in net.params.items() if k != "W1"}
    npz_with_header(tmp_path / "short.npz", "W1", (4, 3), "<f4", payload=b"\0" * 8, others=others)
    with pytest.raises(ValueError, match="is not a readable parameter file"):
        net.load_params(tmp_path / "short.npz")


def test_a_metadata_entry_of_the_wrong_kind_is_refused(tmp_path):
    net = TwoLayerNet(4, 3, 2)
    npz_with_header(tmp_path / "meta.npz", "__network__", (10 ** 9,), "<U8", others=dict(net.params))
    with pytest.raises(ValueError, match="__network__ is not what save_params writes there"):
        net.load_params(tmp_path / "meta.npz")


def test_a_file_from_a_newer_workbench_says_so(tmp_path):
    net = TwoLayerNet(4, 3, 2)
    np.savez(tmp_path / "new.npz", __network__=np.array("TwoLayerNet"), __format__=np.array(2), **net.params)
    with pytest.raises(ValueError, match=r"saved by a newer version of workbench \(parameter file format 2; this "
                                         r"version reads up to format 1\): upgrade workbench"):
        net.load_params(tmp_path / "new.npz")


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_file_name_is_a_value_error(name):
    net = TwoLayerNet(4, 3, 2)
    with pytest.raises(ValueError, match="the file name is blank; name a file, such as params.npz"):
        net.load_params(name)
    with pytest.raises(ValueError, match="the file name is blank; name a file, such as params.npz"):
        net.save_params(name)


def test_a_file_name_too_long_is_a_short_value_error(tmp_path):
    net = TwoLayerNet(4, 3, 2)
    name = str(tmp_path / ("x" * 300 + ".npz"))
    for call in (net.load_params, net.save_params):
        with pytest.raises(ValueError, match=r"the file name is too long for this system") as caught:
            call(name)
        assert "(" + str(len(name)) + " characters)" in str(caught.value) and len(str(caught.value)) < 300


def test_saving_parameters_that_hold_nan_warns(tmp_path):
    net = TwoLayerNet(4, 3, 2)
    net.params["b2"][1] = np.nan
    with pytest.warns(RuntimeWarning, match=r"saving b2, NaN or infinite in 1 of its 2 values, to .*p.npz: the "
                                            r"training diverged; load_params will refuse this file"):
        net.save_params(tmp_path / "p.npz")
    assert (tmp_path / "p.npz").exists()


def test_the_books_pickled_parameters_are_refused_with_the_reason(tmp_path, monkeypatch):
    """The book's save_params pickles a dict of arrays (ch07's params.pkl); loading one could run code."""
    import pickle

    monkeypatch.chdir(tmp_path)                   # a short name: a long path is shortened in the message
    tmp_path = Path(".")
    with open(tmp_path / "params.pkl", "wb") as f:
        pickle.dump(dict(TwoLayerNet(4, 3, 2).params), f)
    with pytest.raises(ValueError, match=r"params.pkl is a pickle, as the book's save_params writes; workbench never "
                                         r"loads a pickle \(unpickling a file can run any code in it\)"):
        TwoLayerNet(4, 3, 2).load_params(tmp_path / "params.pkl")
