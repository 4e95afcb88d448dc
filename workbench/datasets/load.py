"""load_dataset and load_mnist: find, fetch, verify and parse a dataset into the arrays the book uses.

Images come back as float32 in [0, 1] (uint8 with normalize=False), shaped (N, 1, 28, 28) or (N, 784);
labels as int64 (N,), or one-hot float32 (N, 10). Every failure is a DatasetError that says what to do.
"""
from __future__ import annotations

import functools
import itertools
import logging
import os
import weakref
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from workbench.datasets.errors import DatasetError
from workbench.datasets.fetch import FetchError, Progress, fetch, remove_stale_downloads, summarise
from workbench.datasets.locate import ENV_DATA, Place, cache_dir, candidates, describe, places
from workbench.datasets.sources import DatasetInfo, IdxFile, dataset_info
from workbench.datasets.synthetic import synthetic_digits
from workbench.datasets.verify import FileProblem, read_verified
from workbench.i18n import t
from workbench.i18n.os_errors import os_error_text

log = logging.getLogger("workbench.datasets")

SPLITS = ("train", "test")

_SHARED: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
"""Arrays read with shared=True, by (file, its mtime and size, normalize): while any run still holds
one, the next run of the same data set reads no file and holds no second copy (Fashion-MNIST's
training images are 188 MB as float32)."""
_SHAPES: dict = {}
"""The shape of each array in _SHARED (its owner may be flat)."""


def load_dataset(name: str, *, normalize: bool = True, flatten: bool = False,
                 one_hot_label: bool = False, data_dir: str | os.PathLike | None = None,
                 download: bool = True, progress: Progress | None = None, shared: bool = False):
    """((x_train, t_train), (x_test, t_test)) of dataset `name`.

    `name` is "mnist", "fashion-mnist" or "synthetic-digits" (see DATASETS). Files are searched in
    `data_dir` (else $WORKBENCH_DATA), the download cache, then system folders, and downloaded from
    the mirrors if missing and `download` is true; `progress(bytes_done, bytes_total, file_name)` is
    called as downloads go. Every file is checked against its SHA-256 before its data is returned.
    With `shared`, the images are read-only and shared with every other caller that asked the same
    while one of them still holds them (the app's runs: a kept run and the next one hold one copy).
    """
    info = dataset_info(name)
    if info.source is not None:
        _fetch_missing(info, info.source.files(), data_dir, download, progress)
    return tuple(load_split(name, split, normalize=normalize, flatten=flatten,
                            one_hot_label=one_hot_label, data_dir=data_dir, download=download,
                            progress=progress, shared=shared) for split in SPLITS)


def load_split(name: str, split: str, *, normalize: bool = True, flatten: bool = False,
               one_hot_label: bool = False, data_dir: str | os.PathLike | None = None,
               download: bool = True, progress: Progress | None = None, shared: bool = False):
    """(x, t) of one split, "train" or "test", with the options of load_dataset."""
    info = dataset_info(name)
    if split not in SPLITS:
        raise DatasetError(t("datasets.unknown_split", split=repr(split)))
    if info.source is None:
        images, labels = _synthetic()[SPLITS.index(split)]
        x = np.divide(images, np.float32(255), dtype=np.float32) if normalize else images.copy()
        return _shape(x, labels, flatten, one_hot_label, len(info.class_names))
    image_spec, label_spec = info.source.splits[split]
    _fetch_missing(info, (image_spec, label_spec), data_dir, download, progress)
    x = _load_file(info, image_spec, normalize, data_dir, download, progress, shared)
    labels = _load_file(info, label_spec, False, data_dir, download, progress)
    if x.ndim != 3 or labels.ndim != 1 or len(x) != len(labels):
        raise DatasetError(t("datasets.load.shapes", dataset=info.display_name, split=split, images=x.shape,
                             labels=labels.shape))
    return _shape(x, labels, flatten, one_hot_label, len(info.class_names))


def load_mnist(normalize: bool = True, flatten: bool = True, one_hot_label: bool = False):
    """The book's `load_mnist` (dataset/mnist.py): same signature, defaults and return value.

    MNIST comes from wherever load_dataset finds it, with its checks; nothing is pickled.
    """
    return load_dataset("mnist", normalize=normalize, flatten=flatten, one_hot_label=one_hot_label)


@functools.lru_cache(maxsize=1)
def _synthetic():
    """The default synthetic set, generated once per process (read-only; callers copy)."""
    splits = synthetic_digits()
    for images, labels in splits:
        images.flags.writeable = labels.flags.writeable = False
    return splits


def _shape(x: np.ndarray, t: np.ndarray, flatten: bool, one_hot: bool, classes: int):
    x = x.reshape(len(x), -1) if flatten else x.reshape(len(x), 1, *x.shape[1:])
    t = np.eye(classes, dtype=np.float32)[t] if one_hot else t.astype(np.int64)
    return x, t


def _found(info: DatasetInfo, spec: IdxFile, data_dir) -> bool:
    return any(candidates(place, spec) for place in places(info, data_dir))


def _fetch_missing(info: DatasetInfo, specs: Sequence[IdxFile], data_dir, download: bool,
                   progress: Progress | None) -> None:
    """Download every file found nowhere, so one message can name all that are missing."""
    tidy_cache(info, data_dir)
    missing = [spec for spec in specs if not _found(info, spec, data_dir)]
    if missing and not download:
        raise DatasetError(missing_message(info, missing, places(info, data_dir)))
    for i, spec in enumerate(missing):
        try:
            fetch(spec, info.source.mirrors, cache_dir(info.name), progress=progress)
        except FetchError as exc:
            raise DatasetError(missing_message(info, missing[i:], places(info, data_dir),
                                               attempts=exc.attempts)) from None


def _load_file(info: DatasetInfo, spec: IdxFile, normalize: bool, data_dir, download: bool,
               progress: Progress | None, shared: bool = False) -> np.ndarray:
    """The verified array of one file, from the first place holding a good copy (or a download)."""
    searched = places(info, data_dir)
    notes: list[str] = []
    for place in searched:
        for path in candidates(place, spec):
            try:
                if shared:
                    return _read_shared(path, spec, normalize)
                return read_verified(path, spec, normalize=normalize)
            except FileProblem as problem:
                notes.append(_bad_file(info, spec, place, path, problem))
            except OSError as exc:
                raise DatasetError(t("datasets.load.cannot_read", path=path, reason=os_error_text(exc))) from None
    if not download:
        raise DatasetError(missing_message(info, [spec], searched, notes=notes))
    try:
        set_aside(info, spec, data_dir)
        path = fetch(spec, info.source.mirrors, cache_dir(info.name), progress=progress)
        return read_verified(path, spec, normalize=normalize)
    except FetchError as exc:
        raise DatasetError(missing_message(info, [spec], searched, attempts=exc.attempts,
                                           notes=notes)) from None
    except (FileProblem, OSError) as exc:
        raise DatasetError(t("datasets.load.download_unreadable", file=spec.name, reason=os_error_text(exc))) from None


def _read_shared(path: Path, spec: IdxFile, normalize: bool) -> np.ndarray:
    """read_verified's array, read-only, shared while anyone holds it; a file changed since (its
    mtime or size) is read again."""
    stat = os.stat(path)
    key = (str(path), stat.st_mtime_ns, stat.st_size, normalize)
    owner = _SHARED.get(key)
    if owner is None:
        array = read_verified(path, spec, normalize=normalize)
        owner = _owner(array)
        owner.flags.writeable = False
        _SHARED[key] = owner
        _SHAPES[key] = array.shape
        weakref.finalize(owner, _SHAPES.pop, key, None)
    return owner.reshape(_SHAPES[key])


def _owner(array: np.ndarray) -> np.ndarray:
    """The array that owns ``array``'s memory (a copy if none does): every view handed out points at
    it (NumPy points a view of a view at the owner), so it lives exactly as long as they do."""
    owner = array.base
    if owner is None:
        return array
    if isinstance(owner, np.ndarray) and owner.base is None and owner.size == array.size \
            and owner.flags.c_contiguous and array.flags.c_contiguous:
        return owner
    return array.copy()


def tidy_cache(info: DatasetInfo, data_dir=None) -> None:
    """Delete what interrupted downloads left in `info`'s cache, unless it is in a folder the user named."""
    for place in places(info, data_dir):
        if place.kind == "cache" and not place.users:
            remove_stale_downloads(place.folder)


def set_aside(info: DatasetInfo, spec: IdxFile, data_dir=None) -> Path | None:
    """Before a download into the cache, move a file already at its target aside, if the cache lies in a
    folder the user named: renamed to `<name>.bad` (`.bad-2`, … if taken), never overwritten in place.

    Returns the new path, or None when there was nothing to move; DatasetError if it cannot be moved.
    """
    cache = next(place for place in places(info, data_dir) if place.kind == "cache")
    target = cache.folder / spec.name
    if not cache.users or not target.is_file():
        return None
    names = (f"{spec.name}.bad" + (f"-{n}" if n > 1 else "") for n in itertools.count(1))
    aside = next(cache.folder / name for name in names if not os.path.lexists(cache.folder / name))
    try:
        os.replace(target, aside)
    except OSError as exc:
        raise DatasetError(t("datasets.load.cannot_set_aside", path=target, reason=os_error_text(exc))) from None
    log.warning(t("datasets.load.set_aside_log", path=target, aside=aside.name))
    return aside


def bad_file_action(place: Place, problem: FileProblem) -> str:
    """What a load does with a file that failed its check: "delete", "skip" or "stop".

    Only a cache file is ever deleted (and fetched again), and never one in or under a folder the
    user named, whatever else it also is. A file in a user's folder that holds another known file
    (MNIST and Fashion-MNIST share file names) is skipped. Any other bad file stops the load, so
    that it is never silently replaced by data from elsewhere.
    """
    if place.kind == "cache" and not place.users:
        return "delete"
    return "skip" if (place.kind == "user" or place.users) and problem.other else "stop"


def _bad_file(info: DatasetInfo, spec: IdxFile, place: Place, path, problem: FileProblem) -> str:
    """Act on a file that failed its check (see bad_file_action); a note for the error, or raise."""
    action = bad_file_action(place, problem)
    if action == "delete":
        log.warning(t("datasets.load.deleted_log", path=path, problem=problem))
        path.unlink(missing_ok=True)
        return t("datasets.load.deleted", path=path, problem=problem)
    if action == "skip":
        log.info(t("datasets.load.skipped_log", path=path, other=problem.other))
        return t("datasets.load.skipped", path=path, other=problem.other, dataset=info.display_name)
    fix = (t("datasets.load.fix.reinstall") if place.kind == "system"
           else t("datasets.load.fix.replace", sha256=spec.sha256))
    raise DatasetError(t("datasets.load.bad_copy", path=path, place=place.label, dataset=info.display_name,
                         file=spec.stem, problem=problem, fix=fix))


def missing_message(info: DatasetInfo, missing: Sequence[IdxFile], searched: Sequence[Place], *,
                    attempts: Sequence[tuple[str, str]] = (), notes: Sequence[str] = ()) -> str:
    """The error for files found nowhere: which, where we looked, why downloading failed, what to do."""
    first = (t("datasets.missing.not_downloaded", dataset=info.display_name, reason=why_not_downloaded(attempts))
             if attempts else t("datasets.missing.switched_off", dataset=info.display_name))
    lines = [first,
             t("datasets.missing.files", files=", ".join(spec.name for spec in missing)),
             t("datasets.missing.looked_in"), *(f"  {describe(place)}" for place in searched)]
    lines += [t("datasets.missing.not_used", note=note) for note in notes]
    if attempts:
        lines += [t("datasets.missing.attempts"), *(f"  {url}: {reason}" for url, reason in summarise(attempts))]
    names = ", ".join(spec.name for spec in info.source.files())
    lines += [
        t("datasets.missing.ways_out"),
        t("datasets.missing.copy", files=names, variable=ENV_DATA, folder=info.source.folder_names[0]),
        t("datasets.missing.synthetic"),
        t("datasets.missing.download", name=info.name, folder=cache_dir(info.name)),
    ]
    return "\n".join(lines)


def why_not_downloaded(attempts: Sequence[tuple[str, str]]) -> str:
    """Each different reason the downloads failed, once, in the order met ("could not look up the server's
    name (no network, or no DNS)"): the error's first line says why on its own, as the app shows only it."""
    return "; ".join(dict.fromkeys(reason for _url, reason in attempts))
