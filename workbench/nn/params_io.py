"""Save and load a network's parameters as ``.npz``, safely.

The book pickles its parameters; a pickle from the internet can run code, so here nothing is pickled.
A save writes a temporary file beside the target and renames it over the target (``os.replace``),
so an interrupted save leaves the previous file whole. The temporary file is named
``.params-<pid>-<random>.tmp``; one left behind by a killed process is deleted by the next save or
load in that folder. A save into a symlink writes the file the link points to, and the new file
keeps the old one's permissions (a new file gets 0666 less the umask, as ``open`` gives).
A load reads with ``allow_pickle=False`` and checks every name, shape, dtype and value against the
network before it changes anything.
"""
import os
import stat
import tempfile
import time
import zipfile

import numpy as np

FORMAT_VERSION = 1
_META_NETWORK = "__network__"
_META_FORMAT = "__format__"
_META_EPOCH = "__epoch__"
TEMP_PREFIX, TEMP_SUFFIX = ".params-", ".tmp"
STALE_SECONDS = 60   # a temporary file untouched this long belongs to no save in progress


def save_arrays(file_name, arrays, network_name, *, epoch=None):
    """Write ``arrays`` (name -> ndarray) and the network's class name to ``file_name`` atomically;
    ``epoch``, when given, records after how many epochs of training these parameters were taken.

    A ValueError names ``file_name`` (never the temporary file) when it cannot be written there.
    """
    file_name = os.fspath(file_name)
    target = os.path.realpath(file_name)          # through a symlink, to the file it points to
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise ValueError(f"cannot save to {file_name}: it is a folder; give a file name, such as "
                         f"{os.path.join(file_name, 'params.npz')}")
    if not os.path.isdir(folder):
        raise ValueError(f"cannot save to {file_name}: the folder {folder} does not exist; create it first")
    remove_stale_temp_files(folder)
    payload = {name: np.ascontiguousarray(a) for name, a in arrays.items()}
    payload[_META_NETWORK] = np.array(network_name)
    payload[_META_FORMAT] = np.array(FORMAT_VERSION)
    if epoch is not None:
        payload[_META_EPOCH] = np.array(int(epoch))
    mode = _mode_for(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise ValueError(f"cannot save to {file_name}: cannot write in the folder {folder} "
                         f"({exc.strerror or exc}); save it in a folder you can write to") from None
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ValueError(f"cannot save to {file_name}: {exc.strerror or exc}; the previous file, "
                             f"if any, is unchanged") from None
        raise


def _mode_for(target):
    """Permission bits for the saved file: those of the file it replaces, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask():
    """The process's umask, read without changing it (Linux); 0o022 where it cannot be read."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _owner_alive(name):
    """Whether the process that made temporary file ``name`` may still be writing it (None: unknown)."""
    pid = name[len(TEMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit() or "-" not in name[len(TEMP_PREFIX):]:
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def remove_stale_temp_files(folder):
    """Delete the temporary files of saves into ``folder`` that will never finish.

    Only our own names (``.params-*.tmp``) are touched, and only when the process that made them
    is gone or they have not changed for ``STALE_SECONDS``. Errors are ignored: this is tidying.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    now = time.time()
    for name in names:
        if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
            continue
        path = os.path.join(folder, name)
        try:
            if _owner_alive(name) is False or now - os.stat(path).st_mtime > STALE_SECONDS:
                os.unlink(path)
        except OSError:
            pass


def load_arrays(file_name, expected, network_name, optional=None):
    """Read ``file_name`` and return its arrays, checked against ``expected`` (name -> ndarray).

    Every name in ``expected`` must be in the file with the same shape and dtype, and finite values;
    names in ``optional`` (name -> ndarray, e.g. batch-norm running statistics) may be missing, and
    are checked when present; any other name is an error. Raises a
    ValueError that says what is wrong and how to fix it. ``FileNotFoundError`` passes through.
    """
    file_name = os.fspath(file_name)
    remove_stale_temp_files(os.path.dirname(os.path.realpath(file_name)))
    arrays = _read(file_name)
    optional = optional or {}
    saved_by = arrays.pop(_META_NETWORK, None)
    arrays.pop(_META_FORMAT, None)
    arrays.pop(_META_EPOCH, None)
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
        bad = a.size - int(np.count_nonzero(np.isfinite(a)))
        if bad:
            raise ValueError(f"{name} in {file_name} holds {bad} NaN or infinite value(s) of {a.size}: it was "
                             f"saved from a training run that had diverged; load a file saved before that")
    return arrays


def saved_epoch(file_name):
    """After how many epochs of training the parameters in ``file_name`` were saved, or None when the
    file does not say (saved without it, or not readable)."""
    try:
        with np.load(file_name, allow_pickle=False) as data:
            if _META_EPOCH not in data.files:
                return None
            value = data[_META_EPOCH]
            return int(value) if value.shape == () and np.issubdtype(value.dtype, np.integer) else None
    except Exception:   # noqa: BLE001 - a file load_arrays cannot read is reported there, in its words
        return None


def _read(file_name):
    """Every array in the .npz ``file_name``; a ValueError if it is anything else. FileNotFoundError passes."""
    unreadable = (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError)
    if os.path.isdir(file_name):
        raise ValueError(f"{file_name} is a folder; give the parameter file in it, such as "
                         f"{os.path.join(file_name, 'params.npz')}")
    try:
        data = np.load(file_name, allow_pickle=False)
    except FileNotFoundError:
        raise
    except unreadable as exc:
        raise ValueError(f"{file_name} is not a readable parameter file (.npz saved by "
                         f"save_params): {exc}") from None
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(f"{file_name} holds a single array (.npy), not a parameter file (.npz saved by "
                         f"save_params); save the network with save_params and load that file")
    try:
        with data:
            return {name: data[name] for name in data.files}
    except unreadable as exc:
        raise ValueError(f"{file_name} is not a readable parameter file (.npz saved by "
                         f"save_params): {exc}") from None
