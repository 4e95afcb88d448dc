"""The built-in synthetic digits: deterministic, balanced, MNIST-shaped, learnable but not trivial."""
import numpy as np
import pytest

from workbench.datasets import DATASETS, load_dataset, synthetic_digits
from workbench.datasets.synthetic import GLYPHS, render_digits


def test_deterministic_for_a_seed_and_different_across_seeds():
    (a, ta), (b, tb) = synthetic_digits(200, 50, seed=3)
    (c, tc), (d, td) = synthetic_digits(200, 50, seed=3)
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(tb, td)
    (e, _), _ = synthetic_digits(200, 50, seed=4)
    assert (a != e).mean() > 0.3


def test_changing_one_split_size_leaves_the_other_split_alone():
    (_, _), (x1, t1) = synthetic_digits(100, 40, seed=0)
    (_, _), (x2, t2) = synthetic_digits(300, 40, seed=0)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(t1, t2)


@pytest.mark.parametrize("n", [0, 7, 100, 1003])
def test_balanced_across_classes(n):
    (_, t), _ = synthetic_digits(n, 0, seed=1)
    counts = np.bincount(t, minlength=10)
    assert counts.sum() == n and counts.max() - counts.min() <= 1


def test_same_shapes_and_types_as_mnist_through_load_dataset():
    (x, t), (xt, tt) = load_dataset("synthetic-digits")
    assert x.shape == (6000, 1, 28, 28) and x.dtype == np.float32
    assert xt.shape == (1000, 1, 28, 28) and tt.dtype == np.int64
    assert 0.0 <= x.min() and x.max() <= 1.0
    (x8, t1), _ = load_dataset("synthetic-digits", normalize=False, flatten=True, one_hot_label=True)
    assert x8.shape == (6000, 784) and x8.dtype == np.uint8 and x8.flags.writeable
    np.testing.assert_array_equal(x8.reshape(x.shape) / np.float32(255), x)
    assert t1.dtype == np.float32 and (t1.argmax(axis=1) == t).all()


def test_load_dataset_hands_out_copies():
    (x, _), _ = load_dataset("synthetic-digits", normalize=False)
    x[:] = 0
    (y, _), _ = load_dataset("synthetic-digits", normalize=False)
    assert y.any()


def test_every_digit_is_drawn_centred_with_ink_but_not_filled():
    labels = np.repeat(np.arange(10, dtype=np.uint8), 20)
    images = render_digits(labels, np.random.default_rng(0)).astype(np.float32) / 255
    ink = (images > 0.5 * images.max(axis=(1, 2), keepdims=True)).mean(axis=(1, 2))
    assert 0.02 < ink.min() and ink.max() < 0.4
    rows = np.arange(28)
    centre_y = (images.sum(axis=2) * rows).sum(axis=1) / images.sum(axis=(1, 2))
    assert np.abs(centre_y - 13.5).max() < 6


def test_registry_says_plainly_that_it_is_synthetic():
    info = DATASETS["synthetic-digits"]
    assert info.synthetic and "not MNIST" in info.display_name
    assert not DATASETS["mnist"].synthetic and not DATASETS["fashion-mnist"].synthetic
    assert len(GLYPHS) == 10 == len(info.class_names)


def test_learnable_but_not_trivial():
    """Nearest class mean: far above chance (10 %), far below perfect, on unseen images."""
    (x, t), (xt, tt) = synthetic_digits(2000, 500, seed=0)
    x = x.reshape(len(x), -1) / 255.0
    xt = xt.reshape(len(xt), -1) / 255.0
    means = np.stack([x[t == d].mean(axis=0) for d in range(10)])
    guess = ((xt[:, None, :] - means[None]) ** 2).sum(axis=2).argmin(axis=1)
    accuracy = (guess == tt).mean()
    assert 0.4 < accuracy < 0.9, accuracy


@pytest.mark.parametrize("sizes", [{"n_train": 2.5}, {"n_test": "10"}, {"n_train": True}, {"n_train": -1}])
def test_sizes_that_are_not_whole_numbers_are_refused(sizes):
    with pytest.raises(ValueError, match="split sizes must be whole numbers of 0 or more"):
        synthetic_digits(**sizes)


def test_sizes_that_cannot_fit_in_memory_are_refused_before_allocating():
    """n_train=10**9 grew the process to 15.6 GB before; now it is refused at once, with what it would need."""
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"synthetic_digits\(n_train=1000000000, n_test=1000\) would need "
                                             r"[\d.]+ TB of memory, and .* is available; use smaller sizes"):
            synthetic_digits(10 ** 9)
        assert tracemalloc.get_traced_memory()[1] < 2 ** 20
    finally:
        tracemalloc.stop()
