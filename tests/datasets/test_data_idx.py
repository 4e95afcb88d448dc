"""The IDX reader and writer: round trips, and every kind of bad file named in the message."""
import gzip
import hashlib
import struct

import numpy as np
import pytest

from workbench.datasets.idx import IdxError, read_idx, write_idx


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("name", ["data-idx3-ubyte", "data-idx3-ubyte.gz"])
def test_round_trip(tmp_path, dtype, name):
    array = (np.random.default_rng(1).normal(0, 50, size=(5, 4, 3))).astype(dtype)
    path = write_idx(tmp_path / name, array)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype) and back.shape == (5, 4, 3)
    np.testing.assert_array_equal(back, array)
    assert [p.name for p in tmp_path.iterdir()] == [name]          # no temporary file left


def test_writer_produces_the_standard_header(tmp_path):
    path = write_idx(tmp_path / "labels-idx1-ubyte", np.array([7, 2, 1], dtype=np.uint8))
    assert path.read_bytes() == b"\x00\x00\x08\x01" + struct.pack(">I", 3) + bytes([7, 2, 1])
    gz = write_idx(tmp_path / "labels-idx1-ubyte.gz", np.array([7, 2, 1], dtype=np.uint8))
    assert gzip.decompress(gz.read_bytes()) == path.read_bytes()


def test_normalize_gives_float32_in_unit_range_and_hasher_sees_every_byte(tmp_path):
    array = np.arange(256, dtype=np.uint8).reshape(4, 8, 8)
    path = write_idx(tmp_path / "x.gz", array)
    hasher = hashlib.sha256()
    x = read_idx(path, normalize=True, hasher=hasher)
    assert x.dtype == np.float32 and x.shape == (4, 8, 8)
    np.testing.assert_array_equal(x, array.astype(np.float32) / np.float32(255))
    assert hasher.hexdigest() == hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()


def test_normalize_refuses_non_pixel_data(tmp_path):
    path = write_idx(tmp_path / "x", np.zeros(3, dtype=np.int32))
    with pytest.raises(IdxError, match="8-bit"):
        read_idx(path, normalize=True)


def _raw(tmp_path, data: bytes, gz=False):
    path = tmp_path / ("f.gz" if gz else "f")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_bad_magic_number(tmp_path, gz):
    with pytest.raises(IdxError, match="bad magic number 50 4b 03 04.*not an IDX file"):
        read_idx(_raw(tmp_path, b"PK\x03\x04" + bytes(20), gz))


def test_unknown_type_code_and_zero_dimensions(tmp_path):
    with pytest.raises(IdxError, match="unknown type code 0x07"):
        read_idx(_raw(tmp_path, b"\x00\x00\x07\x01" + bytes(8)))
    with pytest.raises(IdxError, match="zero dimensions"):
        read_idx(_raw(tmp_path, b"\x00\x00\x08\x00"))


def test_too_short_for_a_header(tmp_path):
    with pytest.raises(IdxError, match="2 bytes, too few"):
        read_idx(_raw(tmp_path, b"\x00\x00"))
    with pytest.raises(IdxError, match="declares 3 dimensions but the file ends inside them"):
        read_idx(_raw(tmp_path, b"\x00\x00\x08\x03" + struct.pack(">I", 2)))


@pytest.mark.parametrize("gz", [False, True])
def test_dimensions_that_promise_more_data_than_there_is(tmp_path, gz):
    data = b"\x00\x00\x08\x03" + struct.pack(">3I", 10, 28, 28) + bytes(9 * 784)
    with pytest.raises(IdxError, match=r"truncated: the header declares \(10, 28, 28\), 7,840 "
                                       r"bytes of data, but the file ends after 7,056"):
        read_idx(_raw(tmp_path, data, gz))


@pytest.mark.parametrize("gz", [False, True])
def test_dimensions_that_promise_less_data_than_there_is(tmp_path, gz):
    data = b"\x00\x00\x08\x02" + struct.pack(">2I", 2, 3) + bytes(7)
    with pytest.raises(IdxError, match=r"more data than its header declares \(\(2, 3\), 6 bytes\)"):
        read_idx(_raw(tmp_path, data, gz))


def test_absurd_dimensions_are_refused_before_allocating(tmp_path):
    data = b"\x00\x00\x08\x03" + struct.pack(">3I", 60000, 28000, 28000)
    with pytest.raises(IdxError, match="corrupt header"):
        read_idx(_raw(tmp_path, data))


def test_truncated_gzip(tmp_path):
    path = write_idx(tmp_path / "x.gz", np.random.default_rng(0).integers(0, 255, (50, 28, 28),
                                                                          dtype=np.uint8))
    path.write_bytes(path.read_bytes()[:-2000])
    with pytest.raises(IdxError, match="gzip data ends early: the file is truncated"):
        read_idx(path)


def test_corrupt_gzip(tmp_path):
    path = write_idx(tmp_path / "x.gz", np.zeros((50, 28, 28), dtype=np.uint8))
    data = bytearray(path.read_bytes())
    data[-8:-4] = bytes(4)                     # the CRC
    path.write_bytes(bytes(data))
    with pytest.raises(IdxError, match="gzip data is corrupt"):
        read_idx(path)


def test_writer_refuses_what_idx_cannot_hold(tmp_path):
    with pytest.raises(ValueError, match="IDX cannot store int64"):
        write_idx(tmp_path / "x", np.zeros(3, dtype=np.int64))
    with pytest.raises(ValueError, match="1 to 255 dimensions"):
        write_idx(tmp_path / "x", np.float32(1.0))
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_named_not_a_raw_error(tmp_path):
    with pytest.raises(IdxError, match=r"is a folder, not an IDX file; give the file in it"):
        read_idx(tmp_path)


@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_a_named_pipe_or_a_device_is_refused_without_waiting(tmp_path, kind):
    import os
    import threading

    if kind == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes need POSIX")
        path = tmp_path / "pipe-idx3-ubyte"
        os.mkfifo(path)
    else:
        path = "/dev/zero"
        if not os.path.exists(path):
            pytest.skip("needs /dev/zero")
    caught = []
    thread = threading.Thread(target=lambda: caught.append(pytest.raises(IdxError, read_idx, path)), daemon=True)
    thread.start()
    thread.join(10)
    assert caught, "read_idx waited on a named pipe or read a device"
    assert f"is a {'named pipe' if kind == 'pipe' else 'device'}, not an IDX file" in str(caught[0].value)


def test_a_dimension_past_32_bits_is_refused_before_writing(tmp_path):
    huge = np.broadcast_to(np.uint8(0), (2 ** 32,))               # no memory behind it
    with pytest.raises(ValueError, match=r"IDX stores each dimension as a 32-bit count, at most 4,294,967,295; "
                                         r"array has shape \(4294967296,\)"):
        write_idx(tmp_path / "huge-idx1-ubyte", huge)
    assert list(tmp_path.iterdir()) == []
