"""Is a file on disk the official one? Compares the SHA-256 of its decompressed IDX bytes with the table.

Hashing the content rather than the `.gz` accepts recompressed and unpacked copies of the same data.
Digests are remembered per process by (path, size, mtime), so an unchanged file is hashed once.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from workbench.datasets.idx import IdxError, iter_bytes, read_idx
from workbench.datasets.sources import DATASETS, IdxFile
from workbench.i18n import t

_digests: dict[tuple[str, int, int], str] = {}


class FileProblem(Exception):
    """A file that is not the official data; the message says what is wrong with it.

    `other` names the known file it holds instead (e.g. "MNIST t10k-images-idx3-ubyte"), if any.
    """

    def __init__(self, message: str, other: str | None = None):
        super().__init__(message)
        self.other = other


def _key(path: Path) -> tuple[str, int, int]:
    st = os.stat(path)
    return str(Path(path).resolve()), st.st_size, st.st_mtime_ns


def identify(raw_sha256: str) -> str | None:
    """The dataset and file whose content has this digest, e.g. "MNIST t10k-images-idx3-ubyte" (the
    dataset's name in the current language)."""
    for info in DATASETS.values():
        for spec in info.source.files() if info.source else ():
            if spec.raw_sha256 == raw_sha256:
                return f"{info.display_name} {spec.stem}"
    return None


def _check_digest(digest: str, spec: IdxFile, path: Path) -> None:
    if digest == spec.raw_sha256:
        return
    other = identify(digest)
    if other:
        raise FileProblem(t("datasets.problem.holds_other", other=other), other)
    try:
        read_idx(path, max_bytes=spec.raw_size)
    except IdxError as exc:
        raise FileProblem(str(exc)) from None
    raise FileProblem(t("datasets.problem.differs", file=spec.stem, digest=digest[:12],
                        expected=spec.raw_sha256[:12]))


def content_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of the decompressed bytes of `path` (remembered while the file is unchanged)."""
    key = _key(Path(path))
    if key not in _digests:
        hasher = hashlib.sha256()
        for chunk in iter_bytes(path):
            hasher.update(chunk)
        _digests[key] = hasher.hexdigest()
    return _digests[key]


def check_file(path: str | os.PathLike, spec: IdxFile) -> None:
    """Raise FileProblem unless `path` holds exactly the official content of `spec`."""
    path = Path(path)
    try:
        digest = content_sha256(path)
    except IdxError as exc:
        raise FileProblem(str(exc)) from None
    _check_digest(digest, spec, path)


def read_verified(path: str | os.PathLike, spec: IdxFile, *, normalize: bool) -> np.ndarray:
    """The array in `path`, parsed and hashed in one pass; FileProblem unless it is the official data."""
    path = Path(path)
    key = _key(path)
    hasher = None if key in _digests else hashlib.sha256()
    try:
        array = read_idx(path, normalize=normalize, hasher=hasher, max_bytes=spec.raw_size)
    except IdxError as exc:
        raise FileProblem(str(exc)) from None
    if hasher is not None:
        _digests[key] = hasher.hexdigest()
    _check_digest(_digests[key], spec, path)
    return array
