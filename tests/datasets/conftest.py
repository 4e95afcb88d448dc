"""Fixtures: an isolated cache, a tiny registered dataset written by the tests, a local HTTP server.

Nothing here touches the real cache folder or the network: downloads go to a server on 127.0.0.1.
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from workbench.datasets import console, fetch, sources
from workbench.datasets.idx import write_idx
from workbench.datasets.sources import DatasetInfo, IdxFile, Source

@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test gets its own cache folder, no WORKBENCH_DATA, no proxy, and quick retries."""
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("WORKBENCH_DATA", raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setattr(fetch, "TIMEOUT", 2.0)
    monkeypatch.setattr(fetch, "RETRY_WAIT", 0.0)


@dataclass
class Tiny:
    """A 4-file dataset shaped like MNIST (20 train, 10 test images), registered as "tiny"."""

    info: DatasetInfo
    files: dict[str, bytes]                   # published .gz bytes by file name
    arrays: dict[str, np.ndarray]             # the arrays in them, by file name
    folder: Path                              # where the .gz files were written

    @property
    def specs(self) -> list[IdxFile]:
        return self.info.source.files()

    def copy_to(self, folder: Path, *, unpacked: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            if unpacked:
                (folder / name.removesuffix(".gz")).write_bytes(gzip.decompress(data))
            else:
                (folder / name).write_bytes(data)
        return folder


def make_tiny(root: Path, mirrors=(), system_dirs=(), seed=0) -> Tiny:
    rng = np.random.default_rng(seed)
    folder = root / "published"
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": (np.arange(20) % 10).astype(np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": rng.permutation(10).astype(np.uint8),
    }
    files, specs = {}, []
    for name, array in arrays.items():
        data = write_idx(folder / name, array).read_bytes()
        raw = gzip.decompress(data)
        files[name] = data
        specs.append(IdxFile(name, len(data), hashlib.sha256(data).hexdigest(), len(raw),
                             hashlib.sha256(raw).hexdigest()))
    source = Source(splits={"train": (specs[0], specs[1]), "test": (specs[2], specs[3])},
                    mirrors=tuple(mirrors), system_dirs=tuple(system_dirs), folder_names=("tiny",))
    info = DatasetInfo("tiny", "Tiny", "test data", tuple("0123456789"), False, "", "", source)
    return Tiny(info, files, arrays, folder)


@pytest.fixture
def make_dataset():
    """make_tiny, for tests that need more than one dataset or other mirrors and folders."""
    return make_tiny


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """The tiny dataset with no mirrors and no system folder, registered for the test."""
    data = make_tiny(tmp_path)
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    return data


@pytest.fixture
def only_tiny(monkeypatch, tmp_path, server, make_dataset):
    """The registry holds the tiny dataset (served by the local server) and the synthetic set only."""
    data = make_dataset(tmp_path, mirrors=[f"{server.url}/m/"])
    for name, body in data.files.items():
        server.routes[f"/m/{name}"] = (200, body, None)
    monkeypatch.setitem(sources.DATASETS, "tiny", data.info)
    monkeypatch.setattr(console, "DATASETS", {"tiny": data.info,
                                              "synthetic-digits": sources.DATASETS["synthetic-digits"]})
    return data


def _handler(routes: dict, hits: list[str]):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            answer = routes.get(self.path, (404, b"not found", None))
            if isinstance(answer, list):                   # successive answers, the last repeats
                answer = answer.pop(0) if len(answer) > 1 else answer[0]
            status, body, length = answer
            self.send_response(status)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def server():
    """A local HTTP server at `server.url`.

    `server.routes[path]` is (status, body, Content-Length or None for the body's length), or a list
    of those given in turn; other paths get 404. `server.hits` lists the paths asked for.
    """
    routes, hits = {}, []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, hits))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    httpd.routes, httpd.hits = routes, hits
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
