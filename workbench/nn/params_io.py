"""Save and load a network's parameters as ``.npz``, safely.

The book pickles its parameters; a pickle from the internet can run code, so here nothing is pickled.
A save writes a temporary file beside the target and renames it over the target (``os.replace``),
so an interrupted save leaves the previous file whole. A load reads with ``allow_pickle=False`` and
checks every name, shape and dtype against the network before it changes anything.
"""
import os
import tempfile
import zipfile

import numpy as np

FORMAT_VERSION = 1
_META_NETWORK = "__network__"
_META_FORMAT = "__format__"


def save_arrays(file_name, arrays, network_name):
    """Write ``arrays`` (name -> ndarray) and the network's class name to ``file_name`` atomically."""
    file_name = os.fspath(file_name)
    folder = os.path.dirname(os.path.abspath(file_name))
    payload = {name: np.ascontiguousarray(a) for name, a in arrays.items()}
    payload[_META_NETWORK] = np.array(network_name)
    payload[_META_FORMAT] = np.array(FORMAT_VERSION)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".params-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, file_name)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load_arrays(file_name, expected, network_name, optional=None):
    """Read ``file_name`` and return its arrays, checked against ``expected`` (name -> ndarray).

    Every name in ``expected`` must be in the file with the same shape and dtype; names in ``optional``
    (name -> ndarray, e.g. batch-norm running statistics) may be missing, and are checked when present;
    any other name is an error. Raises a
    ValueError that says what is wrong and how to fix it. ``FileNotFoundError`` passes through.
    """
    file_name = os.fspath(file_name)
    try:
        with np.load(file_name, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except FileNotFoundError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"{file_name} is not a readable parameter file (.npz saved by "
                         f"save_params): {exc}") from None
    optional = optional or {}
    saved_by = arrays.pop(_META_NETWORK, None)
    arrays.pop(_META_FORMAT, None)
    if saved_by is not None and str(saved_by) != network_name:
        raise ValueError(f"{file_name} holds the parameters of a {saved_by}, not of a {network_name}; "
                         f"build a {saved_by} to load it")
    missing = [name for name in expected if name not in arrays]
    unknown = [name for name in arrays if name not in expected and name not in optional]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if unknown:
            parts.append(f"unexpected {', '.join(unknown)}")
        raise ValueError(f"{file_name} does not fit this {network_name} ({'; '.join(parts)}); "
                         f"it was saved from a network with other layers")
    for name, a in arrays.items():
        want = expected[name] if name in expected else optional[name]
        if a.shape != want.shape:
            raise ValueError(f"{name} has shape {a.shape} in {file_name} but {want.shape} in this "
                             f"{network_name}; build the network with the sizes it was saved with")
        if a.dtype != want.dtype:
            raise ValueError(f"{name} is {a.dtype} in {file_name} but this {network_name} is "
                             f"{want.dtype}; build it with dtype=np.{a.dtype} to load this file")
    return arrays
