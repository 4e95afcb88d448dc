import numpy as np
import pytest
from book_reference import col2im_loop, im2col_loop

from workbench.nn.fast_conv import col2im_batch_last, im2col_batch_last, pad_batch_last
from workbench.nn.im2col import col2im, conv_output_size, im2col

# (input shape, filter_h, filter_w, stride, pad): channels, non-square images, strides 1-3, pads 0-2.
CASES = [
    ((2, 2, 3, 3), 2, 2, 1, 0),
    ((2, 3, 7, 9), 3, 3, 2, 1),
    ((3, 2, 8, 6), 2, 4, 2, 2),
    ((1, 2, 10, 7), 4, 1, 3, 0),
    ((2, 1, 8, 10), 3, 2, 3, 2),
    ((1, 2, 7, 9), 5, 5, 2, 2),
    ((2, 3, 5, 6), 3, 3, 1, 1),
    ((1, 1, 4, 4), 4, 4, 1, 0),
]


def test_first_row_is_the_issues_example():
    x = np.arange(1, 37).reshape(2, 2, 3, 3)
    col = im2col(x, 2, 2)
    assert col.shape == (8, 8)
    assert col[0].tolist() == [1, 2, 4, 5, 10, 11, 13, 14]
    assert col.dtype == x.dtype


@pytest.mark.parametrize("shape, fh, fw, stride, pad", CASES)
def test_im2col_is_the_books_loop(shape, fh, fw, stride, pad):
    x = np.random.default_rng(0).standard_normal(shape)
    np.testing.assert_array_equal(im2col(x, fh, fw, stride, pad), im2col_loop(x, fh, fw, stride, pad))


def test_im2col_reads_any_memory_layout():
    x = np.random.default_rng(5).standard_normal((3, 2, 7, 9))
    batch_last = np.ascontiguousarray(x.transpose(1, 2, 3, 0)).transpose(3, 0, 1, 2)
    np.testing.assert_array_equal(im2col(batch_last, 3, 3, 2, 1), im2col_loop(x, 3, 3, 2, 1))


@pytest.mark.parametrize("shape, fh, fw, stride, pad", CASES)
def test_col2im_is_the_books_loop_and_the_adjoint(shape, fh, fw, stride, pad):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape)
    col = im2col(x, fh, fw, stride, pad)
    y = rng.standard_normal(col.shape)
    back = col2im(y, shape, fh, fw, stride, pad)
    assert back.shape == shape
    np.testing.assert_allclose(back, col2im_loop(y, shape, fh, fw, stride, pad), rtol=1e-12, atol=1e-12)
    # <im2col(x), y> == <x, col2im(y)>: col2im is the transpose of im2col as a linear map.
    assert np.sum(col * y) == pytest.approx(np.sum(x * back), rel=1e-12)


@pytest.mark.parametrize("shape, fh, fw, stride, pad", CASES)
def test_batch_last_unfolding_holds_the_same_numbers(shape, fh, fw, stride, pad):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape)
    N, C, H, W = shape
    out_h, out_w = conv_output_size(H, fh, stride, pad), conv_output_size(W, fw, stride, pad)
    unfolded = im2col_batch_last(pad_batch_last(x, pad), fh, fw, stride, out_h, out_w)
    book = im2col(x, fh, fw, stride, pad).reshape(N, out_h, out_w, -1)
    np.testing.assert_array_equal(unfolded.reshape(-1, out_h, out_w, N), book.transpose(3, 1, 2, 0))
    y = rng.standard_normal(unfolded.shape)
    y_book = y.reshape(-1, out_h, out_w, N).transpose(3, 1, 2, 0).reshape(N * out_h * out_w, -1)
    np.testing.assert_allclose(col2im_batch_last(y, shape, fh, fw, stride, pad),
                               col2im(y_book, shape, fh, fw, stride, pad), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape, fh, fw, stride, pad", CASES)
def test_blocks_of_output_rows_make_up_the_whole(shape, fh, fw, stride, pad):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape)
    N, C, H, W = shape
    out_h, out_w = conv_output_size(H, fh, stride, pad), conv_output_size(W, fw, stride, pad)
    xp = pad_batch_last(x, pad)
    whole = im2col_batch_last(xp, fh, fw, stride, out_h, out_w)
    y = rng.standard_normal(whole.shape)
    buffer = np.empty((whole.shape[0], 2 * out_w * N))
    folded = np.zeros((C, H, W, N))
    per_row = out_w * N
    for first in range(0, out_h, 2):
        rows = range(first, min(first + 2, out_h))
        block = im2col_batch_last(xp, fh, fw, stride, out_h, out_w, rows=rows, out=buffer)
        assert np.shares_memory(block, buffer)
        columns = slice(first * per_row, rows.stop * per_row)
        np.testing.assert_array_equal(block, whole[:, columns])
        col2im_batch_last(np.ascontiguousarray(y[:, columns]), shape, fh, fw, stride, pad, rows=rows, add_to=folded)
    np.testing.assert_allclose(folded.transpose(3, 0, 1, 2), col2im_batch_last(y, shape, fh, fw, stride, pad),
                               rtol=1e-12, atol=1e-12)


def test_padding_buffer_is_reused():
    rng = np.random.default_rng(4)
    x1, x2 = rng.standard_normal((2, 2, 3, 5, 5), dtype=np.float32)
    padded = pad_batch_last(x1, 1)
    assert pad_batch_last(x2, 1, out=padded) is padded
    np.testing.assert_array_equal(padded, pad_batch_last(x2, 1))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_dtype_is_preserved(dtype):
    x = np.arange(2 * 3 * 6 * 6).reshape(2, 3, 6, 6).astype(dtype)
    col = im2col(x, 3, 3, 1, 1)
    assert col.dtype == dtype
    assert col2im(col, x.shape, 3, 3, 1, 1).dtype == dtype


def test_conv_output_size():
    assert conv_output_size(28, 5) == 24
    assert conv_output_size(28, 3, 1, 1) == 28
    assert conv_output_size(24, 2, 2) == 12
    assert conv_output_size(14, 3, 1, 2) == 16
    assert conv_output_size(7, 3, 2, 1) == 4
