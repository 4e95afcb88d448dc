"""Save and load a network's parameters as ``.npz``, safely.

The book pickles its parameters; a pickle from the internet can run code, so here nothing is pickled.
A save writes a temporary file beside the target and renames it over the target (``os.replace``),
so an interrupted save leaves the previous file whole. The temporary file is named
``.params-<pid>-<random>.tmp``; one left behind by a killed process is deleted by the next save or
load in that folder. A save into a symlink writes the file the link points to, and the new file
keeps the old one's permissions (a new file gets 0666 less the umask, as ``open`` gives).
A load opens only a regular file (never waiting on a named pipe or reading a device), reads each
array's header (shape and dtype) and checks it against the network before reading the array, so a
file that claims billions of entries allocates nothing; it never unpickles, and it checks every
name, shape, dtype and value before it changes anything. Saving parameters that hold NaN or inf
warns: such a file is refused on load.
"""
import errno
import os
import stat
import tempfile
import time
import warnings
import zipfile

import numpy as np

FORMAT_VERSION = 1
_META_NETWORK = "__network__"
_META_FORMAT = "__format__"
_META_EPOCH = "__epoch__"
TEMP_PREFIX, TEMP_SUFFIX = ".params-", ".tmp"
STALE_SECONDS = 60   # a temporary file untouched this long belongs to no save in progress


class ParamsFileError(ValueError):
    """A refused parameter file, on load or save: the English message for a Python user, and ``code``
    with ``values`` (plain text) for a program that says it in its reader's language (workbench:
    ``params.<code>``). A refusal the system caused has its ``errno`` (0 when it had none) and ``error``,
    the system's English words, among the values; the OSError stays its ``__context__``."""

    def __init__(self, message, code, **values):
        super().__init__(message)
        self.code = code
        self.values = {key: str(value) for key, value in values.items()}


def save_arrays(file_name, arrays, network_name, *, epoch=None):
    """Write ``arrays`` (name -> ndarray) and the network's class name to ``file_name`` atomically;
    ``epoch``, when given, records after how many epochs of training these parameters were taken.

    A ValueError names ``file_name`` (never the temporary file) when it cannot be written there. A
    RuntimeWarning says so when an array holds NaN or inf (the file is written: it is what the
    network is, but ``load_arrays`` will refuse it).
    """
    file_name = _path_text(file_name, "save to")
    target = os.path.realpath(file_name)          # through a symlink, to the file it points to
    try:
        os.stat(target)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _save_error(file_name, exc) from None
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise ParamsFileError(f"cannot save to {file_name}: it is a folder; name a file in it, such as "
                              f"{os.path.join(file_name, 'params.npz')}", "save_folder", path=file_name,
                              example=os.path.join(file_name, "params.npz"))
    kind = special_kind(target)
    if kind:
        raise ParamsFileError(f"cannot save to {_shown(file_name)}: it is {kind}, not a file, and a save "
                              f"replaces only files; name a file", "save_special", path=_cut(file_name),
                              kind=kind.split()[-1])
    if not os.path.isdir(folder):
        raise ParamsFileError(f"cannot save to {file_name}: the folder {folder} does not exist; create it first",
                              "save_no_folder", path=file_name, folder=folder)
    remove_stale_temp_files(folder)
    _warn_non_finite(file_name, arrays)
    payload = {name: np.ascontiguousarray(a) for name, a in arrays.items()}
    payload[_META_NETWORK] = np.array(network_name)
    payload[_META_FORMAT] = np.array(FORMAT_VERSION)
    if epoch is not None:
        payload[_META_EPOCH] = np.array(int(epoch))
    try:
        mode = _mode_for(target)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _save_error(file_name, exc) from None
        raise ParamsFileError(f"cannot save to {file_name}: the folder {folder} cannot be written to "
                              f"({exc.strerror or exc}); save in a folder you can write to", "save_unwritable",
                              path=file_name, folder=folder, errno=exc.errno or 0,
                              error=exc.strerror or exc) from None
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
            raise ParamsFileError(f"cannot save to {file_name}: {exc.strerror or exc}; a file that was "
                                  f"already there is unchanged", "save_failed", path=file_name, errno=exc.errno or 0,
                                  error=exc.strerror or exc) from None
        raise


def _save_error(file_name, exc):
    """The refusal of a save the system turned down before writing (a name too long): its errno and words."""
    return ParamsFileError(f"cannot save to {_shown(file_name)}: {_reason(exc)}", "save_error",
                           path=_cut(file_name), errno=exc.errno or 0, error=_reason(exc))


def special_kind(path):
    """"a named pipe", "a device" or "a socket" when ``path`` exists and is one (without opening it), else ''."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    return next((what for test, what in _KINDS.items() if test(mode)), "")


def saved_by(file_name):
    """The class name of the network that saved ``file_name``, or None when it is not a parameter file.

    Reads the metadata only, without waiting on a named pipe; ``FileNotFoundError`` passes through.
    """
    try:
        with _Archive(_path_text(file_name, "load")) as archive:
            return archive.meta()[0]
    except ValueError:
        return None


def _path_text(file_name, action):
    """``file_name`` as a str; a ValueError for an empty one (it would mean the current folder)."""
    file_name = os.fspath(file_name)
    if isinstance(file_name, bytes):
        file_name = os.fsdecode(file_name)
    if not file_name.strip():
        raise ParamsFileError(f"cannot {action} {file_name!r}: the file name is blank; name a file, such as params.npz",
                              "save_empty" if action.startswith("save") else "load_empty", name=repr(file_name))
    return file_name


def _shown(file_name, limit=80):
    """``file_name`` for an English message: a name too long to read is cut in the middle, with its length."""
    if len(file_name) <= limit:
        return file_name
    return f"{_cut(file_name, limit)} ({len(file_name)} characters)"


def _cut(file_name, limit=80):
    """``file_name`` for a value of a ParamsFileError: cut in the middle as ``_shown`` does, in no language."""
    if len(file_name) <= limit:
        return file_name
    return f"{file_name[:limit // 2]}…{file_name[-limit // 4:]}"


def _reason(exc):
    """An OSError in words; a name too long for the system says what the limit is."""
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long for this system (at most 255 bytes a name, 4096 a path)"
    return exc.strerror or str(exc)


def _warn_non_finite(file_name, arrays):
    """Warn (RuntimeWarning) when a parameter holds NaN or inf: the save goes ahead, a load will refuse it."""
    for name, a in arrays.items():
        a = np.asarray(a)
        if a.dtype.kind == "f" and not np.isfinite(a).all():
            bad = a.size - int(np.count_nonzero(np.isfinite(a)))
            warnings.warn(f"saving {name}, NaN or infinite in {bad:,} of its {a.size:,} values, to "
                          f"{_shown(file_name)}: the training diverged; load_params will refuse this file",
                          RuntimeWarning, stacklevel=4)
            return


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
    file_name = _path_text(file_name, "load")
    try:
        remove_stale_temp_files(os.path.dirname(os.path.realpath(file_name)))
    except OSError:
        pass
    optional = optional or {}
    with _Archive(file_name) as archive:
        saved_by, version = archive.meta()
        if version is not None and version > FORMAT_VERSION:
            raise ParamsFileError(f"{_shown(file_name)} was saved by a newer version of workbench (parameter file "
                                  f"format {version}; this version reads up to format {FORMAT_VERSION}): upgrade "
                                  f"workbench to load it", "newer_format", path=_cut(file_name), version=version,
                                  reads=FORMAT_VERSION)
        if saved_by is not None and saved_by != network_name:
            raise ParamsFileError(f"{file_name} was saved from a {saved_by}, not from a {network_name}; build a "
                                  f"{saved_by} to load it", "other_network", path=file_name, saved=saved_by,
                                  network=network_name)
        arrays = _checked_arrays(archive, file_name, expected, network_name, optional)
    return arrays


def _checked_arrays(archive, file_name, expected, network_name, optional):
    """Every array of ``archive``, each header checked against ``expected``/``optional`` before it is read."""
    headers = archive.headers()
    missing = [name for name in expected if name not in headers]
    unknown = [name for name in headers if name not in expected and name not in optional]
    if missing or unknown:
        missing, unknown = ", ".join(missing) or "-", ", ".join(unknown) or "-"
        raise ParamsFileError(f"{file_name} was saved from a {network_name} with other layers (only in this "
                              f"network: {missing}; only in the file: {unknown})", "does_not_fit", path=file_name,
                              network=network_name, missing=missing, unexpected=unknown)
    for name, (shape, dtype) in headers.items():
        want = expected[name] if name in expected else optional[name]
        if dtype.hasobject:
            raise ValueError(f"{file_name} is not a readable parameter file (.npz saved by save_params): {name} "
                             f"holds pickled (object) data, which is never loaded (unpickling can run code)")
        if shape != want.shape:
            raise ParamsFileError(f"{file_name} was saved from a {network_name} of other sizes: {name} has shape "
                                  f"{shape} in the file but {want.shape} in this network; build the network with "
                                  f"the sizes it was saved with", "shape",
                                  name=name, path=file_name, shape=shape, want=want.shape, network=network_name)
        if dtype != want.dtype:
            raise ParamsFileError(f"{name} is {dtype} in {file_name} but {want.dtype} in this {network_name}: "
                                  f"the file was saved from a {dtype} network; build it with dtype=np.{dtype} "
                                  f"to load this file", "dtype",
                                  name=name, path=file_name, dtype=dtype, want=want.dtype, network=network_name)
    arrays = {}
    for name in headers:
        a = arrays[name] = archive.read(name)
        bad = a.size - int(np.count_nonzero(np.isfinite(a)))
        if bad:
            raise ParamsFileError(f"{name} in {file_name} is NaN or infinite in {bad:,} of its {a.size:,} values: "
                                  f"the training it was saved from had diverged; train again with a smaller "
                                  f"learning rate", "non_finite", name=name,
                                  path=file_name, bad=f"{bad:,}", size=f"{a.size:,}")
    return arrays


_UNREADABLE = (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError)
_KINDS = {stat.S_ISFIFO: "a named pipe", stat.S_ISCHR: "a device", stat.S_ISBLK: "a device",
          stat.S_ISSOCK: "a socket"}
_META_LIMIT = 1024      # characters: a network's class name is short


class _Archive:
    """An open .npz parameter file: its members' headers, then each array, read one at a time.

    Opening refuses anything but a regular file without waiting (a named pipe with no writer would
    block a plain open, a device would be read forever). ``FileNotFoundError`` passes through; every
    other problem is a ValueError that names the file.
    """

    def __init__(self, file_name):
        self.file_name = file_name
        self.file = None
        self.zip = None
        self.members = {}

    def __enter__(self):
        self.file = _open_regular(self.file_name)
        try:
            head = self.file.read(6)
            refused = _refused_format(self.file_name, head)
            if refused is None:
                self.file.seek(0)
                self.zip = zipfile.ZipFile(self.file)
        except _UNREADABLE as exc:
            self.file.close()
            raise self.unreadable(exc) from None
        if refused is not None:
            self.file.close()
            raise refused
        for member in self.zip.namelist():
            name = member[:-4] if member.endswith(".npy") else member
            self.members[name] = member
        return self

    def __exit__(self, *exc):
        if self.zip is not None:
            self.zip.close()
        self.file.close()

    def unreadable(self, exc):
        return ValueError(f"{_shown(self.file_name)} is not a readable parameter file (.npz saved by "
                          f"save_params): {exc}")

    def header(self, name):
        """(shape, dtype) of member ``name``, from its .npy header alone."""
        try:
            with self.zip.open(self.members[name]) as f:
                version = np.lib.format.read_magic(f)
                read = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
                    np.lib.format.read_array_header_2_0
                shape, _, dtype = read(f)
        except _UNREADABLE as exc:
            raise self.unreadable(f"{name}: {exc}") from None
        return tuple(shape), np.dtype(dtype)

    def read(self, name):
        """The array of member ``name`` (its header already checked), never unpickling."""
        try:
            with self.zip.open(self.members[name]) as f:
                return np.lib.format.read_array(f, allow_pickle=False)
        except _UNREADABLE as exc:
            raise self.unreadable(f"{name}: {exc}") from None

    def meta(self):
        """(the network's class name, the format version) saved with the arrays; None where absent."""
        found = []
        for name, kinds in ((_META_NETWORK, "U"), (_META_FORMAT, "iu")):
            if name not in self.members:
                found.append(None)
                continue
            shape, dtype = self.header(name)
            if shape != () or dtype.kind not in kinds or dtype.itemsize > 4 * _META_LIMIT:
                raise self.unreadable(f"{name} is not what save_params writes there")
            found.append(self.read(name)[()])
        return (None if found[0] is None else str(found[0]), None if found[1] is None else int(found[1]))

    def headers(self):
        """{array name: (shape, dtype)} for every array besides the metadata."""
        return {name: self.header(name) for name in self.members
                if name not in (_META_NETWORK, _META_FORMAT, _META_EPOCH)}

    def epoch(self):
        """After how many epochs the arrays were saved, or None when the file does not say."""
        if _META_EPOCH not in self.members:
            return None
        shape, dtype = self.header(_META_EPOCH)
        if shape != () or dtype.kind not in "iu":
            return None
        return int(self.read(_META_EPOCH)[()])


def saved_epoch(file_name):
    """After how many epochs of training the parameters in ``file_name`` were saved, or None when the
    file does not say (saved without it, or not readable: ``load_arrays`` reports that, in its words)."""
    try:
        with _Archive(os.fspath(file_name)) as archive:
            return archive.epoch()
    except (ValueError, OSError):
        return None


def _refused_format(file_name, head):
    """The ValueError for a file whose first bytes say it is a single array or a pickle, else None."""
    if head == b"\x93NUMPY":
        return ValueError(f"{file_name} holds a single array (.npy), not a parameter file (.npz saved by "
                          f"save_params); save the network with save_params and load that file")
    if head[:1] == b"\x80":
        return ValueError(f"{_shown(file_name)} is a pickle, as the book's save_params writes; workbench never loads "
                          f"a pickle (unpickling a file can run any code in it): train the network here and save "
                          f"it with save_params, which writes plain arrays (.npz)")
    return None


def _open_regular(file_name):
    """``file_name`` opened for reading if it is a regular file; a ValueError naming what it is otherwise."""
    if os.path.isdir(file_name):
        raise ParamsFileError(f"{file_name} is a folder, not a parameter file; name a file in it, such as "
                              f"{os.path.join(file_name, 'params.npz')}", "folder", path=file_name,
                              example=os.path.join(file_name, "params.npz"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file_name, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ValueError(f"{_shown(file_name)} is not a readable parameter file: {_reason(exc)}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((what for test, what in _KINDS.items() if test(mode)), "a special file")
        raise ParamsFileError(f"{_shown(file_name)} is {kind}, not a parameter file; give the .npz file "
                              f"save_params wrote", "special", path=_cut(file_name), kind=kind.split()[-1])
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")
