"""The im2col inspector's model: every shape it lists is the shape of the real array (the library's, or the
book's code line by line); the window of a row is the input slice; col2im's terms add up to col2im; and
every bad size is refused naming the setting at fault."""
import numpy as np
import pytest
from hypothesis import assume, given, settings as hyp_settings, strategies as st

from workbench.i18n import set_language
from workbench.models import im2col as model
from workbench.models.settings import SettingError, build_settings, with_text
from workbench.nn.im2col import col2im, im2col, pad_images
from workbench.nn.layers import Convolution, Pooling


@st.composite
def conv_settings(draw, layer=None):
    """Valid sizes: per axis an output size, a window, and the input size that makes them tile."""
    layer = layer or draw(st.sampled_from(model.LAYERS))
    stride, pad = draw(st.integers(1, 3)), draw(st.integers(0, 2))
    (OH, FH), (OW, FW) = [(draw(st.integers(1, 4)), draw(st.integers(1, 4))) for _ in range(2)]
    H, W = (OH - 1) * stride + FH - 2 * pad, (OW - 1) * stride + FW - 2 * pad
    assume(H >= 1 and W >= 1)
    N, C, FN = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    return model.Im2colSettings(layer=layer, input=(N, C, H, W), filter=(FN, C, FH, FW), pool=(FH, FW),
                                stride=stride, pad=pad, values=draw(st.sampled_from(("count", "random"))),
                                seed=draw(st.integers(0, 99)))


def computed(s):
    """The model's result with its arrays, whatever the size limit for drawing them."""
    result = model.compute(s)
    return result, result.arrays if result.arrays is not None else model.arrays_of(s, result.sizes)


def book_stages(x, W, b, stride, pad):
    """The book's im2col and Convolution.forward, line by line, keeping every array."""
    N, C, H, Wd = x.shape
    FN, _, FH, FW = W.shape
    out_h, out_w = (H + 2 * pad - FH) // stride + 1, (Wd + 2 * pad - FW) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((N, C, FH, FW, out_h, out_w), dtype=x.dtype)
    six_d = col
    for y in range(FH):
        y_max = y + stride * out_h
        for xx in range(FW):
            x_max = xx + stride * out_w
            col[:, :, y, xx, :, :] = img[:, :, y:y_max:stride, xx:x_max:stride]
    transposed = col.transpose(0, 4, 5, 1, 2, 3)
    col = transposed.reshape(N * out_h * out_w, -1)
    col_W = W.reshape(FN, -1).T
    product = np.dot(col, col_W) + b
    reshaped = product.reshape(N, out_h, out_w, -1)
    return [x, img, six_d, transposed, col, col_W, product, reshaped, reshaped.transpose(0, 3, 1, 2)]


@hyp_settings(max_examples=60, deadline=None)
@given(conv_settings(layer="conv"))
def test_every_convolution_shape_shown_is_the_real_arrays_shape(s):
    result = model.compute(s)
    rng = np.random.default_rng(0)
    x = model.input_values(s)
    W = rng.standard_normal(s.filter).astype(np.float32)
    b = np.zeros(s.filter[0], dtype=np.float32)
    book = book_stages(x, W, b, s.stride, s.pad)
    assert [stage.shape for stage in result.stages] == [a.shape for a in book]
    layer = Convolution(W, b, s.stride, s.pad)
    out = layer.forward(x)
    assert result.stages[4].shape == layer.col.shape == im2col(x, *s.filter[2:], s.stride, s.pad).shape
    assert result.stages[5].shape == layer.col_W.shape
    assert result.stages[-1].shape == out.shape
    assert result.stages[1].shape == pad_images(x, s.pad).shape
    np.testing.assert_array_equal(book[4], layer.col)
    np.testing.assert_allclose(book[-1], out, rtol=1e-4, atol=1e-4)   # float32, summed in another order
    assert [stage.elements for stage in result.stages] == [a.size for a in book]
    assert [stage.bytes for stage in result.stages] == [a.size * 4 for a in book]


@hyp_settings(max_examples=60, deadline=None)
@given(conv_settings(layer="pool"))
def test_every_pooling_shape_shown_is_the_real_arrays_shape(s):
    result = model.compute(s)
    x = model.input_values(s)
    PH, PW = s.pool
    col = im2col(x, PH, PW, s.stride, s.pad)
    rows = col.reshape(-1, PH * PW)
    out = Pooling(PH, PW, s.stride, s.pad).forward(x)
    N, C = x.shape[:2]
    OH, OW = out.shape[2:]
    shown = [stage.shape for stage in result.stages]
    assert shown[4:] == [col.shape, rows.shape, np.max(rows, axis=1).shape, (N, OH, OW, C), out.shape]
    assert shown[:2] == [x.shape, pad_images(x, s.pad).shape]


@hyp_settings(max_examples=60, deadline=None)
@given(conv_settings())
def test_the_highlighted_window_is_the_input_slice_and_copies_are_the_pixel(s):
    result, a = computed(s)
    z = result.sizes
    img = pad_images(a.x, z.P)
    for row in range(len(a.rows)):
        w = model.window_of(z, row)
        piece = img[w.n, list(w.channels), w.y0:w.y0 + z.FH, w.x0:w.x0 + z.FW]
        np.testing.assert_array_equal(piece.reshape(-1), a.rows[row])
        for column in range(a.rows.shape[1]):
            n, c, y, x = model.entry_position(z, row, column)
            assert img[n, c, y, x] == a.rows[row, column]
    flat = a.x.reshape(-1)
    for pixel in range(flat.size):
        copies = model.copies_of(a.row_source, pixel)
        assert all(a.rows[r, k] == flat[pixel] for r, k in copies)
        n, c, y, x = np.unravel_index(pixel, a.x.shape)
        assert len(copies) == a.coverage[n, c, y, x]


@hyp_settings(max_examples=60, deadline=None)
@given(conv_settings())
def test_the_col2im_sums_shown_are_col2im_of_the_symbols_numbers(s):
    result, a = computed(s)
    z = result.sizes
    if z.layer == "conv":
        expected = col2im(a.gradient, a.x.shape, z.FH, z.FW, z.S, z.P)
    else:
        layer = Pooling(z.FH, z.FW, z.S, z.P)
        layer.forward(a.x)
        expected = layer.backward(a.gradient)
    for pixel in range(a.x.size):
        terms = model.gradient_terms(a, z.layer, pixel)
        total = sum(model.gradient_value(a, term) for term in terms)
        assert total == pytest.approx(float(expected.reshape(-1)[pixel]))
    np.testing.assert_array_equal(a.dx, expected)


def test_the_centre_of_a_3x3_input_gets_four_entries_of_a_2x2_filter():
    s = model.Im2colSettings(input=(1, 1, 3, 3), filter=(1, 1, 2, 2), view="col2im")
    result = model.compute(s)
    centre = model.pixel_index(result.sizes, 0, 0, 1, 1)
    terms = model.gradient_terms(result.arrays, "conv", centre)
    assert [model.symbol(result.sizes, term) for term in terms] == ["d03", "d12", "d21", "d30"]
    assert float(result.arrays.dx[0, 0, 1, 1]) == 4 + 7 + 10 + 13


def test_the_books_col_shapes():
    for n, rows in ((1, 9), (10, 90)):
        result = model.compute(model.Im2colSettings(input=(n, 3, 7, 7), filter=(10, 3, 5, 5)))
        assert result.stages[4].shape == (rows, 75)
        assert result.sizes.OH == result.sizes.OW == 3


@hyp_settings(max_examples=40, deadline=None)
@given(conv_settings(layer="pool"))
def test_pooling_sends_the_gradient_to_the_first_maximum_of_each_window(s):
    _, a = computed(s)
    for row, best in zip(a.rows, a.arg_max):
        assert best == int(np.flatnonzero(row == row.max())[0])


def test_random_values_make_ties_and_the_first_one_wins():
    s = model.Im2colSettings(layer="pool", input=(1, 1, 4, 4), pool=(2, 2), stride=2, values="random", seed=3)
    a = model.compute(s).arrays
    tied = [i for i, row in enumerate(a.rows) if np.sum(row == row.max()) > 1]
    assert tied, "seed 3 should give a window with a tie"
    row = tied[0]
    pixel = a.row_source[row, a.arg_max[row]] - 1
    assert model.gradient_terms(a, "pool", pixel)


def test_symbols_name_rows_and_columns_from_zero_as_the_screen_does():
    small = model.compute(model.Im2colSettings(input=(1, 1, 4, 4), filter=(1, 1, 3, 3))).sizes
    assert model.symbol(small, (0, 3)) == "d03"
    large = model.compute(model.Im2colSettings(input=(1, 1, 6, 6), filter=(1, 1, 3, 3))).sizes
    assert model.symbol(large, (0, 3)) == "d0,3" and model.symbol(large, (9, 8)) == "d9,8"
    ten = model.compute(model.Im2colSettings(input=(1, 1, 4, 4), filter=(1, 1, 1, 1))).sizes   # col (16, 1)
    assert model.symbol(ten, (12, 0)) == "d12,0"


@pytest.mark.parametrize("change, key, words", [
    ({"stride": 0}, "stride", "from 1 to 4,096"),
    ({"pad": -1}, "pad", "from 0 to 4,096"),
    ({"filter": [1, 1, 9, 9]}, "filter", "does not fit"),
    ({"input": [1, 1, 7, 7], "filter": [1, 1, 2, 2], "stride": 2}, "stride", "not a whole number"),
    ({"input": [1, 3, 7, 7]}, "filter", "C = 1 channels but the input has C = 3"),
    ({"input": [64, 3, 512, 512], "filter": [1, 3, 5, 5]}, "input", "256.0 MB"),
    ({"layer": "pool", "pool": [5, 5]}, "pool", "does not fit"),
])
def test_every_bad_size_names_the_setting_at_fault(change, key, words):
    with pytest.raises(SettingError) as caught:
        build_settings(model.Im2colSettings, change)
    assert caught.value.key == key
    assert words in str(caught.value).replace("\u00a0", " ")      # a range's no-break spaces


def test_a_typed_stride_that_does_not_tile_is_refused_in_korean_too():
    set_language("ko")
    base = model.Im2colSettings(input=(1, 1, 7, 7), filter=(1, 1, 2, 2))
    with pytest.raises(SettingError) as caught:
        with_text(base, "stride", "2")
    assert caught.value.key == "stride" and "정수가 아니므로" in str(caught.value)


def test_the_suggested_stride_or_pad_does_tile():
    base = model.Im2colSettings(input=(1, 1, 8, 8), filter=(1, 1, 3, 3))
    with pytest.raises(SettingError) as caught:
        with_text(base, "stride", "3")
    assert "try stride 1 or pad 2" in str(caught.value)
    model.Im2colSettings(input=(1, 1, 8, 8), filter=(1, 1, 3, 3), stride=3, pad=2)


def test_large_batches_list_shapes_without_drawing_numbers():
    result = model.compute(model.Im2colSettings(input=(100, 1, 28, 28), filter=(30, 1, 5, 5)))
    assert result.arrays is None and "rows" in result.too_big
    assert result.stages[4].shape == (57600, 25)
    assert result.growth == pytest.approx(57600 * 25 / (100 * 28 * 28))


@pytest.mark.parametrize("layer, input, filter, pool, pad, says", [
    ("conv", (1, 3, 7, 7), (1, 3, 5, 5), (2, 2), 0, "fewer channels or a smaller filter"),
    ("conv", (100, 1, 28, 28), (30, 1, 5, 5), (2, 2), 0, "fewer images, a smaller image or a larger stride"),
    ("pool", (1, 1, 14, 14), (1, 1, 7, 7), (7, 7), 0, "a smaller pooling window"),
    ("conv", (3, 3, 5, 5), (1, 3, 3, 3), (2, 2), 0, "fewer images or channels"),
    ("conv", (1, 1, 15, 15), (1, 1, 1, 1), (2, 2), 1, "a smaller image or less padding"),
])
def test_numbers_too_big_to_draw_say_which_size_to_make_smaller(layer, input, filter, pool, pad, says):
    """The book's x1 is one image: its 75 columns come from its channels and filter, not from the batch."""
    set_language("en")
    stride = 16 if pad else 1
    s = model.Im2colSettings(layer=layer, input=input, filter=filter, pool=pool, stride=stride, pad=pad)
    assert says in model.compute(s).too_big


def test_bytes_read_like_a_person_writes_them():
    assert [model.human_bytes(n) for n in (64, 2048, 3 * 2 ** 20, 2 ** 31)] == ["64 B", "2.0 KB", "3.0 MB",
                                                                               "2.0 GB"]
    assert [model.human_bytes(n) for n in (5 * 2 ** 40, 3 * 2 ** 50, 2 ** 62)] == ["5.0 TB", "3.0 PB", "4.0 EB"]


@pytest.mark.parametrize(("size", "pool", "stride", "fix"), [
    (5, 2, 2, "use an input 4 or 6 pixels across"),
    (7, 3, 3, "try pad 1"),
    (6, 4, 4, "try pooling windows of 3 or pad 1"),
])
def test_pooling_that_does_not_tile_suggests_a_window_a_pad_or_an_input_never_a_smaller_stride(size, pool, stride, fix):
    with pytest.raises(SettingError) as caught:
        model.check_sizes("pool", (1, 1, size, size), (1, 1, 3, 3), (pool, pool), stride, 0)
    assert fix in str(caught.value) and "try stride" not in str(caught.value)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_size_message_ends_with_one_period(lang, monkeypatch):
    """The messages a bad size gets (the im2col pane's, and a network's pool layer in the shapes pane)
    end as sentences, with one period: the advice (`*.fix.*`) is joined to the end of another message,
    so a period in both would double and none in either left "22나 24로 해 보세요" unfinished."""
    from workbench.i18n import strings, t
    from workbench.models import shapes

    used = set()

    def recording(key, **values):
        used.add(key)
        return t(key, **values)

    monkeypatch.setattr(model, "t", recording)
    monkeypatch.setattr(shapes, "t", recording)
    set_language(lang)
    messages = []
    try:
        for size in range(1, 13):
            for window in range(1, 7):
                for stride in range(0, 5):
                    for pad in range(-1, 3):
                        for check in (lambda: model.output_size(size, window, stride, pad),
                                      lambda: model.output_size(size, window, stride, pad, window_key="pool"),
                                      lambda: shapes._pool_size(size, window, max(stride, 1), max(pad, 0), axis="width")):
                            try:
                                check()
                            except SettingError as exc:
                                messages.append(str(exc))
        for sizes in [("conv", (1, 2, 4, 4), (1, 3, 3, 3), (2, 2), 1, 0),
                      ("conv", (100, 3, 100, 100), (30, 3, 3, 3), (2, 2), 1, 0)]:
            with pytest.raises(SettingError) as caught:
                model.check_sizes(*sizes, limit=2 ** 20)
            messages.append(str(caught.value))
        with pytest.raises(SettingError) as caught:      # values = book with another input
            model.check_book_input((1, 2, 4, 4))
        messages.append(str(caught.value))
    finally:
        set_language("en")
    fixes = {key for key in strings("en") if key.startswith(("im2col.fix.", "shapes.fix.", "im2col.error."))}
    assert fixes | {"shapes.error.pool_too_big"} <= used
    for message in messages:
        assert message.endswith(".") and ".." not in message, message


@pytest.mark.parametrize(("layer", "size", "window", "stride", "pad", "tiles"), [
    ("pool", (100, 30, 24, 24), (2, 2), 2, 0, True),      # 7.3 step 3: SimpleConvNet's pooling
    ("pool", (1, 1, 4, 4), (3, 3), 1, 0, False),          # 7.3 step 6: overlapping windows
    ("conv", (1, 1, 4, 4), (2, 2), 2, 0, True),
    ("conv", (1, 1, 7, 7), (3, 3), 1, 0, False),
    ("conv", (1, 1, 2, 2), (2, 2), 2, 1, False)])         # padding: col holds zeros x has not
def test_col_as_large_as_x_says_each_pixel_is_copied_once(layer, size, window, stride, pad, tiles):
    """7.3 step 3 read "col holds 1.00× the numbers of x …: each pixel is copied once for every window that
    covers it" for windows that tile the input; it now says they do not overlap."""
    set_language("en")
    N, C, H, W = size
    s = model.Im2colSettings(layer=layer, input=size, filter=(1, C, *window), pool=window, stride=stride, pad=pad)
    result = model.compute(s)
    text = model.growth_text(result.stages, result.sizes)
    assert ("the windows do not overlap, so each pixel is copied once" in text) == tiles, text
    assert ("copied once for every window" in text) == (not tiles), text
    if tiles:
        assert result.growth == 1


def test_the_books_max_pooling_example_runs_through_the_library():
    """values = book: the 4 × 4 input of the book's figure of max pooling, pooled 2 × 2 with stride 2 by the
    library's Pooling; each output is the maximum of its block, and backward sends dout there alone."""
    s = model.Im2colSettings(layer="pool", view="windows", input=(1, 1, 4, 4), pool=(2, 2), stride=2,
                             values="book")
    a = model.compute(s).arrays
    x = np.array(model.BOOK_POOLING_INPUT, dtype=np.float32)
    assert np.array_equal(a.x[0, 0], x)
    blocks = x.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(2, 2, 4)
    assert np.array_equal(a.out[0, 0], blocks.max(axis=2))
    assert np.array_equal(a.rows, blocks.reshape(4, 4))
    expected = np.zeros_like(x)
    for (oy, ox), d in np.ndenumerate(a.gradient[0, 0]):
        fy, fx = divmod(int(blocks[oy, ox].argmax()), 2)
        expected[2 * oy + fy, 2 * ox + fx] += d
    assert np.array_equal(a.dx[0, 0], expected) and np.count_nonzero(a.dx) == 4


@pytest.mark.parametrize("shape", [(1, 2, 4, 4), (2, 1, 4, 4), (1, 1, 6, 6)])
def test_the_books_numbers_are_refused_for_another_input_naming_values(shape):
    with pytest.raises(SettingError) as error:
        model.Im2colSettings(layer="pool", input=shape, pool=(2, 2), stride=2, values="book")
    assert error.value.key == "values" and ", ".join(map(str, shape)) in str(error.value)
