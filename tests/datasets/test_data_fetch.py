"""Downloads through a local HTTP server on 127.0.0.1: good, corrupt, cut short, missing, silent."""
import socket

import numpy as np
import pytest

from workbench.datasets import DatasetError, fetch, load_dataset, load_split, sources
from workbench.datasets.locate import cache_dir


@pytest.fixture
def served(tmp_path, monkeypatch, server, make_dataset):
    """The tiny dataset with two mirrors on the local server; only the second serves the files."""
    data = make_dataset(tmp_path, mirrors=[f"{server.url}/one/", f"{server.url}/two/"])
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    for name, body in data.files.items():
        server.routes[f"/two/{name}"] = (200, body, None)
    return data


def cache_files():
    folder = cache_dir("tiny")
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_on_the_second_mirror_after_a_404_with_progress(served, server, capfd):
    calls = []
    (x, t), (xt, tt) = load_dataset("tiny", normalize=False,
                                    progress=lambda *args: calls.append(args))
    np.testing.assert_array_equal(x[:, 0], served.arrays["train-images-idx3-ubyte.gz"])
    assert cache_files() == sorted(served.files)
    assert "/one/train-images-idx3-ubyte.gz" in server.hits
    for spec in served.specs:
        mine = [c for c in calls if c[2] == spec.name]
        assert mine and mine[-1] == (spec.size, spec.size, spec.name)
        assert all(0 <= done <= total == spec.size for done, total, _ in mine)
    assert capfd.readouterr() == ("", "")                 # nothing printed through a UI


def test_second_load_uses_the_cache_without_the_network(served, server):
    load_dataset("tiny")
    server.routes.clear()
    hits = len(server.hits)
    (x, _), _ = load_dataset("tiny", normalize=False)
    assert len(server.hits) == hits
    np.testing.assert_array_equal(x[:, 0], served.arrays["train-images-idx3-ubyte.gz"])


def test_wrong_hash_is_rejected_and_nothing_is_kept(served, server):
    name = "t10k-images-idx3-ubyte.gz"
    server.routes[f"/two/{name}"] = (200, served.files["train-images-idx3-ubyte.gz"], None)
    with pytest.raises(DatasetError) as err:
        load_split("tiny", "test")
    text = str(err.value)
    assert "Missing: t10k-images-idx3-ubyte.gz" in text
    assert f"{server.url}/two/{name}: the downloaded file failed its SHA-256 check" in text
    assert f"{server.url}/one/{name}: HTTP 404" in text
    assert name not in cache_files()
    assert all(not n.endswith(".tmp") and not n.startswith("tmp") for n in cache_files())


def test_truncated_body_is_rejected(served, server):
    name = "train-labels-idx1-ubyte.gz"
    body = served.files[name]
    server.routes[f"/two/{name}"] = (200, body[: len(body) // 2], len(body))
    with pytest.raises(DatasetError, match="the connection closed before the whole file arrived"):
        load_split("tiny", "train")
    assert name not in cache_files()


def test_a_failure_that_may_pass_is_retried(served, server, monkeypatch):
    name = "t10k-labels-idx1-ubyte.gz"
    server.routes[f"/two/{name}"] = [(503, b"busy", None), (200, served.files[name], None)]
    monkeypatch.setattr(fetch, "RETRIES", 1)
    x, t = load_split("tiny", "test")
    np.testing.assert_array_equal(t, served.arrays[name])
    assert server.hits.count(f"/two/{name}") == 2
    assert server.hits.count(f"/one/{name}") == 1          # a 404 is not worth asking again


def test_failures_that_will_not_pass_are_not_retried(served, server, monkeypatch):
    monkeypatch.setattr(fetch, "RETRIES", 3)
    server.routes.clear()
    with pytest.raises(DatasetError, match="HTTP 404"):
        load_dataset("tiny")
    assert len(server.hits) == 2


def test_a_server_that_never_answers_times_out_with_a_clear_error(tmp_path, monkeypatch,
                                                                   silent_server, make_dataset):
    data = make_dataset(tmp_path, mirrors=[silent_server + "/"])
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    monkeypatch.setattr(fetch, "TIMEOUT", 0.3)
    monkeypatch.setattr(fetch, "RETRIES", 0)
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny")
    text = str(err.value)
    assert "Tiny is not on this computer and could not be downloaded" in text
    assert f"{silent_server}/train-images-idx3-ubyte.gz: no answer within 0.3 s (timeout)" in text
    assert "Two ways out" in text
    assert cache_files() == []


def test_the_first_line_of_a_failed_download_says_why(tmp_path, monkeypatch, silent_server, make_dataset):
    """The training pane shows only an error's first line: it read "MNIST is not on this computer and could
    not be downloaded." with no word of why (no network, here) until the learner ran the console command."""
    data = make_dataset(tmp_path, mirrors=[silent_server + "/", silent_server + "/again/"])
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    monkeypatch.setattr(fetch, "TIMEOUT", 0.3)
    monkeypatch.setattr(fetch, "RETRIES", 0)
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny")
    assert str(err.value).splitlines()[0] == ("Tiny is not on this computer and could not be downloaded: "
                                              "no answer within 0.3 s (timeout).")


def test_bad_cache_file_is_deleted_and_fetched_again(served, caplog):
    load_dataset("tiny")
    cached = cache_dir("tiny") / "train-images-idx3-ubyte.gz"
    cached.write_bytes(cached.read_bytes()[:-50])
    (x, _), _ = load_dataset("tiny", normalize=False)
    np.testing.assert_array_equal(x[:, 0], served.arrays["train-images-idx3-ubyte.gz"])
    assert cached.read_bytes() == served.files[cached.name]
    assert f"{cached} failed its check" in caplog.text and "deleted" in caplog.text


def test_bad_cache_file_without_download_is_deleted_and_reported(served):
    load_dataset("tiny")
    cached = cache_dir("tiny") / "t10k-labels-idx1-ubyte.gz"
    cached.write_bytes(b"junk")
    with pytest.raises(DatasetError) as err:
        load_dataset("tiny", download=False)
    assert f"Not used: {cached} failed its check" in str(err.value)
    assert "and was deleted" in str(err.value)
    assert not cached.exists()
    assert (cache_dir("tiny") / "t10k-images-idx3-ubyte.gz").exists()


def test_unwritable_cache_is_a_dataset_error(served, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WORKBENCH_CACHE", str(blocker))
    with pytest.raises(DatasetError, match="cannot write the download to .*WORKBENCH_CACHE"):
        load_dataset("tiny")


def test_a_refused_connection_is_named_and_repeats_are_folded(tmp_path, monkeypatch, make_dataset):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    data = make_dataset(tmp_path, mirrors=[closed])
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    monkeypatch.setattr(fetch, "RETRIES", 2)
    with pytest.raises(DatasetError) as err:
        load_split("tiny", "test")
    assert (f"{closed}t10k-images-idx3-ubyte.gz: could not connect (the server refused the connection) (3 tries)"
            in str(err.value))
