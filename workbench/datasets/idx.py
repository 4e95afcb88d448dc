"""The IDX format of MNIST: a reader that checks every part of a file, and a writer.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions), one
big-endian uint32 per dimension, then the values in C order. Files may be gzip-compressed; the reader
recognises gzip by its magic bytes, not by the file name.
"""
from __future__ import annotations

import contextlib
import gzip
import os
import stat
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from workbench.i18n import t

TYPE_CODES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
MAX_BYTES = 1 << 31
MAX_DIMENSION = 2 ** 32 - 1
CHUNK_BYTES = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"


class IdxError(ValueError):
    """A file that is not valid IDX (or damaged gzip); the message says what is wrong with it."""


@contextlib.contextmanager
def open_idx(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """Open `path` for reading its IDX bytes, decompressing gzip transparently.

    Damaged gzip data surfaces as IdxError, so callers handle one kind of bad file; so does a folder,
    a named pipe or a device, found without waiting on them.
    """
    with _open_regular(path) as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        try:
            with stream:
                yield stream
        except EOFError:
            raise IdxError(t("datasets.idx.gzip_ends")) from None
        except (zlib.error, gzip.BadGzipFile) as exc:
            raise IdxError(t("datasets.idx.gzip_corrupt", reason=exc)) from None


def _open_regular(path: str | os.PathLike) -> BinaryIO:
    """`path` opened for binary reading if it is a regular file; IdxError naming what it is otherwise."""
    if os.path.isdir(path):
        raise IdxError(t("datasets.idx.folder", path=os.fspath(path)))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "pipe" if stat.S_ISFIFO(mode) else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "other"
        raise IdxError(t("datasets.idx.not_a_file", path=os.fspath(path), kind=t(f"datasets.idx.kind.{kind}")))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def iter_bytes(path: str | os.PathLike, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The decompressed bytes of `path`, chunk by chunk (for hashing without holding the file)."""
    with open_idx(path) as stream:
        while chunk := stream.read(chunk_bytes):
            yield chunk


def _read_header(stream: BinaryIO) -> tuple[bytes, np.dtype, tuple[int, ...]]:
    magic = stream.read(4)
    if len(magic) < 4:
        raise IdxError(t("datasets.idx.too_short", size=len(magic)))
    if magic[:2] != b"\0\0":
        raise IdxError(t("datasets.idx.not_idx", magic=magic.hex(" ")))
    code, ndim = magic[2], magic[3]
    if code not in TYPE_CODES:
        raise IdxError(t("datasets.idx.bad_type", magic=magic.hex(" "), code=f"{code:02x}"))
    if ndim == 0:
        raise IdxError(t("datasets.idx.no_dimensions", magic=magic.hex(" ")))
    dims = stream.read(4 * ndim)
    if len(dims) < 4 * ndim:
        raise IdxError(t("datasets.idx.dimensions_cut", ndim=ndim))
    return magic + dims, TYPE_CODES[code], struct.unpack(f">{ndim}I", dims)


def _fill(stream: BinaryIO, buffer: memoryview) -> int:
    """Read into `buffer` until it is full or the stream ends; the number of bytes read."""
    done = 0
    while done < len(buffer):
        n = stream.readinto(buffer[done:])
        if not n:
            break
        done += n
    return done


def read_idx(path: str | os.PathLike, *, normalize: bool = False, hasher=None,
             max_bytes: int = MAX_BYTES) -> np.ndarray:
    """The array stored in the IDX file `path` (gzip or not), shaped as its header declares.

    Checks the magic number, the dimensions and that the data is exactly as long as they declare.
    `normalize=True` (uint8 files only) returns float32 in [0, 1], converted chunk by chunk so that
    the uint8 copy never exists in full. `hasher` (e.g. hashlib.sha256()) is fed every decompressed
    byte, header included, so a caller can verify the file in the same pass.
    """
    with open_idx(path) as stream:
        header, dtype, shape = _read_header(stream)
        if hasher is not None:
            hasher.update(header)
        count = int(np.prod(shape, dtype=np.int64))
        nbytes = count * dtype.itemsize
        if nbytes > max_bytes:
            raise IdxError(t("datasets.idx.too_big", shape=shape, nbytes=nbytes, allowed=max_bytes))
        if normalize and dtype != np.uint8:
            raise IdxError(t("datasets.idx.not_bytes", dtype=dtype.name))
        out = np.empty(count, dtype=np.float32 if normalize else dtype)
        if normalize:
            done = _read_scaled(stream, out, hasher)
        else:
            view = memoryview(out).cast("B")
            done = _fill(stream, view)
            if hasher is not None:
                hasher.update(view[:done])
        if done < nbytes:
            raise IdxError(t("datasets.idx.truncated", shape=shape, nbytes=nbytes, done=done))
        if stream.read(1):
            raise IdxError(t("datasets.idx.extra", shape=shape, nbytes=nbytes))
    if not normalize:
        out = out.astype(dtype.newbyteorder("="), copy=False)
    return out.reshape(shape)


def _read_scaled(stream: BinaryIO, out: np.ndarray, hasher) -> int:
    """Fill float32 `out` with stream bytes / 255, one chunk at a time; the bytes read."""
    chunk = np.empty(min(CHUNK_BYTES, max(out.size, 1)), dtype=np.uint8)
    view = memoryview(chunk)
    done = 0
    while done < out.size:
        n = _fill(stream, view[: min(chunk.size, out.size - done)])
        if not n:
            break
        if hasher is not None:
            hasher.update(view[:n])
        np.divide(chunk[:n], np.float32(255), out=out[done:done + n])
        done += n
    return done


def write_idx(path: str | os.PathLike, array: np.ndarray) -> Path:
    """Write `array` as an IDX file, gzip-compressed when `path` ends in `.gz`.

    Written to a temporary file in the same folder and renamed, so a reader never sees half a file.
    """
    path = Path(path)
    array = np.asarray(array)
    codes = {dt.newbyteorder("="): code for code, dt in TYPE_CODES.items()}
    native = array.dtype.newbyteorder("=")
    if native not in codes:
        raise ValueError(f"IDX cannot store {array.dtype}; use one of "
                         f"{', '.join(dt.name for dt in codes)}")
    if not 1 <= array.ndim <= 255:
        raise ValueError(f"IDX stores 1 to 255 dimensions, got {array.ndim}")
    if max(array.shape) > MAX_DIMENSION:
        raise ValueError(f"IDX stores each dimension as a 32-bit count, at most {MAX_DIMENSION:,}; array has "
                         f"shape {array.shape}: split it into several files")
    header = bytes([0, 0, codes[native], array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    data = np.ascontiguousarray(array, dtype=native.newbyteorder(">"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw:
            if path.suffix == ".gz":
                with gzip.GzipFile(filename=path.name, mode="wb", fileobj=raw, mtime=0) as gz:
                    gz.write(header)
                    gz.write(data.tobytes())
            else:
                raw.write(header)
                raw.write(data.tobytes())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
