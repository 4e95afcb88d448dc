"""The real files: Fashion-MNIST from Debian's package, the MNIST test split from shared/datasets."""
import gzip
import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from workbench.datasets import DATASETS, DatasetError, load_dataset, load_split
from workbench.datasets.verify import FileProblem, check_file

REPO = Path(__file__).resolve().parents[2]
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
MNIST_TEST_DIR = Path(os.environ.get("WORKBENCH_TEST_MNIST") or REPO.parent / "shared/datasets/mnist")

needs_fashion = pytest.mark.skipif(
    not FASHION_DIR.is_dir(),
    reason=f"{FASHION_DIR} is absent: install Debian's dataset-fashion-mnist (.ci/run does)")
needs_mnist_test = pytest.mark.skipif(
    not MNIST_TEST_DIR.is_dir(),
    reason=f"{MNIST_TEST_DIR} is absent: the MNIST test split lives in shared/datasets/mnist beside "
           "the repository (or set WORKBENCH_TEST_MNIST)")


@needs_mnist_test
def test_mnist_test_split_matches_the_published_digests():
    published = dict(line.split()[::-1] for line in
                     (MNIST_TEST_DIR / "SHA256SUMS").read_text().splitlines() if line.strip())
    for spec in DATASETS["mnist"].source.splits["test"]:
        data = (MNIST_TEST_DIR / spec.name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == spec.sha256 == published[spec.name]
        assert len(data) == spec.size
        raw = gzip.decompress(data)
        assert hashlib.sha256(raw).hexdigest() == spec.raw_sha256 and len(raw) == spec.raw_size


@needs_mnist_test
def test_mnist_test_split_loads_with_ten_thousand_images():
    x, t = load_split("mnist", "test", data_dir=MNIST_TEST_DIR, download=False, flatten=True)
    assert x.shape == (10_000, 784) and x.dtype == np.float32
    assert 0.0 == x.min() and x.max() == 1.0
    assert t.dtype == np.int64 and np.bincount(t).tolist() == [
        980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert t[:5].tolist() == [7, 2, 1, 0, 4]


@needs_mnist_test
def test_mnist_without_its_training_split_names_exactly_those_files():
    with pytest.raises(DatasetError, match=r"Missing: train-images-idx3-ubyte.gz, "
                                           r"train-labels-idx1-ubyte.gz\n"):
        load_dataset("mnist", data_dir=MNIST_TEST_DIR, download=False)


@needs_fashion
def test_fashion_mnist_loads_from_the_system_folder():
    (x, t), (xt, tt) = load_dataset("fashion-mnist", download=False, normalize=False)
    assert x.shape == (60_000, 1, 28, 28) and xt.shape == (10_000, 1, 28, 28)
    assert x.dtype == np.uint8 and t.dtype == np.int64
    assert np.bincount(t).tolist() == [6000] * 10 and np.bincount(tt).tolist() == [1000] * 10
    assert DATASETS["fashion-mnist"].class_names[t[0]] == "Ankle boot"


@needs_fashion
def test_debian_recompressed_files_verify_by_their_content():
    for spec in DATASETS["fashion-mnist"].source.files():
        path = FASHION_DIR / spec.name
        check_file(path, spec)
        assert hashlib.sha256(path.read_bytes()).hexdigest() != spec.sha256   # recompressed


@needs_fashion
def test_fashion_files_are_not_taken_for_mnist():
    spec = DATASETS["mnist"].source.splits["test"][0]
    with pytest.raises(FileProblem, match="holds Fashion-MNIST t10k-images-idx3-ubyte"):
        check_file(FASHION_DIR / spec.name, spec)


@needs_fashion
@pytest.mark.parametrize("name, mtime", [("train-labels-idx1-ubyte", 1504176606),
                                         ("t10k-labels-idx1-ubyte", 1504176627),
                                         ("t10k-images-idx3-ubyte", 1504176627)])
def test_debian_files_are_the_official_streams_with_a_shorter_gzip_header(name, mtime):
    """Putting back the original header (file name, mtime) reproduces Zalando's MD5 and our SHA-256."""
    official_md5 = {"train-labels-idx1-ubyte": "25c81989df183df01b3e8a0aad5dffbe",
                    "t10k-labels-idx1-ubyte": "bb300cfdad3c16e7a12a480ee83cd310",
                    "t10k-images-idx3-ubyte": "bef4ecab320f06d8554ea6380940ec79"}
    debian = (FASHION_DIR / f"{name}.gz").read_bytes()
    assert debian[3] == 0                                  # no flags: no file name stored
    restored = (b"\x1f\x8b\x08\x08" + mtime.to_bytes(4, "little") + debian[8:10]
                + name.encode() + b"\0" + debian[10:])
    spec = next(s for s in DATASETS["fashion-mnist"].source.files() if s.stem == name)
    assert hashlib.md5(restored).hexdigest() == official_md5[name]
    assert hashlib.sha256(restored).hexdigest() == spec.sha256 and len(restored) == spec.size
