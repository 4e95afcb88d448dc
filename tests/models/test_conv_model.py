"""The convolution explorer's model: the dot product shown is the output cell, the window is the padded
input's slice and col's row, backward lands as window × dout and filter × dout, the direct derivation
agrees, and a data set that is missing falls back to a synthetic digit with a note."""
import numpy as np
import pytest
from hypothesis import given, settings as hyp_settings, strategies as st

from workbench.datasets import DatasetError
from workbench.models import conv as model
from workbench.models.settings import SettingError, build_settings


@st.composite
def explorer_settings(draw):
    stride = draw(st.sampled_from((1, 3)))     # 28 + 2·pad − 3 must divide by the stride
    pad = draw(st.integers(0, 3)) if stride == 1 else 1
    return model.ConvSettings(index=draw(st.integers(0, 30)), filter=draw(st.sampled_from(tuple(model.FILTERS))),
                              bias=draw(st.floats(-2, 2)), stride=stride, pad=pad,
                              cell=(draw(st.integers(0, 40)), draw(st.integers(0, 40))),
                              dout=draw(st.floats(-3, 3)))


@hyp_settings(max_examples=40, deadline=None)
@given(explorer_settings())
def test_the_dot_product_shown_is_the_output_cell(s):
    r = model.compute(s)
    i, j = r.cell
    side = r.book.out.shape[2]
    assert 0 <= i < side and 0 <= j < side
    window = r.padded[i * s.stride:i * s.stride + 3, j * s.stride:j * s.stride + 3]
    np.testing.assert_array_equal(r.window, window.reshape(-1))
    np.testing.assert_array_equal(r.column, r.W.reshape(-1))
    shown = float(np.sum(r.window.astype(np.float64) * r.column)) + float(r.b[0])
    assert shown == pytest.approx(r.value, abs=1e-5)
    assert r.row == i * side + j


@hyp_settings(max_examples=40, deadline=None)
@given(explorer_settings())
def test_backward_lands_as_window_times_dout_and_filter_times_dout(s):
    r = model.compute(s)
    i, j = r.cell
    S, P = s.stride, s.pad
    np.testing.assert_allclose(r.book.dW[0, 0], r.window.reshape(3, 3) * np.float32(s.dout), rtol=1e-6, atol=1e-6)
    expected = np.zeros((28 + 2 * P, 28 + 2 * P), dtype=np.float32)
    expected[i * S:i * S + 3, j * S:j * S + 3] = r.W[0, 0] * np.float32(s.dout)
    np.testing.assert_allclose(r.book.dx[0, 0], expected[P:P + 28, P:P + 28], rtol=1e-6, atol=1e-6)
    assert float(r.book.db[0]) == pytest.approx(s.dout, rel=1e-6)


@hyp_settings(max_examples=30, deadline=None)
@given(explorer_settings())
def test_the_direct_derivation_agrees_to_the_digits_shown(s):
    r = model.compute(s)
    assert r.largest_difference() < 5e-4
    assert f"{r.value:.3f}" == f"{float(r.direct.out[0, 0, *r.cell]):.3f}"


def test_bad_strides_and_pads_name_their_setting():
    with pytest.raises(SettingError) as caught:
        build_settings(model.ConvSettings, {"stride": 2})
    assert caught.value.key == "stride" and "(28 + 2·0 − 3)/2 + 1 = 13.5" in str(caught.value)
    with pytest.raises(SettingError) as caught:
        build_settings(model.ConvSettings, {"pad": 9})
    assert caught.value.key == "pad"


def test_a_missing_data_set_falls_back_to_a_synthetic_digit_and_says_so(monkeypatch):
    monkeypatch.setattr(model, "_loaded", {})

    def missing(*args, **kwargs):
        raise DatasetError("not here")

    monkeypatch.setattr(model, "load_split", missing)
    pending = model.digit("mnist", 4)
    assert pending.pending and pending.dataset == "synthetic-digits" and "Reading MNIST" in pending.note
    model.load_test_images("mnist")
    after = model.digit("mnist", 4)
    assert not after.pending and after.dataset == "synthetic-digits"
    assert "MNIST is not on this computer" in after.note and "workbench data download mnist" in after.note
    np.testing.assert_array_equal(after.image, pending.image)


def test_a_loaded_data_set_gives_its_own_image(monkeypatch):
    images = np.random.default_rng(0).random((3, 1, 28, 28)).astype(np.float32)
    monkeypatch.setattr(model, "_loaded", {})
    monkeypatch.setattr(model, "load_split", lambda *a, **k: (images, np.array([7, 2, 1])))
    model.load_test_images("mnist")
    d = model.digit("mnist", 1)
    assert (d.dataset, d.label, d.note, d.pending) == ("mnist", 2, "", False)
    np.testing.assert_array_equal(d.image, images[1, 0])


def test_synthetic_digits_are_the_same_every_time():
    a, b = model.digit("synthetic-digits", 13), model.digit("synthetic-digits", 13)
    np.testing.assert_array_equal(a.image, b.image)
    assert a.image.shape == (28, 28) and a.image.dtype == np.float32 and 0 <= a.image.min() <= a.image.max() <= 1
