"""Plot series: bucket means keep at most 500 points and the shape of a noisy curve."""
import numpy as np
import pytest

from workbench.models.series import bucket_means, smoothed


def test_short_series_pass_unchanged():
    x, y = bucket_means(np.arange(10), np.arange(10) * 2.0)
    np.testing.assert_array_equal(y, np.arange(10) * 2.0)


def test_long_series_are_cut_into_bucket_means():
    x = np.arange(60000, dtype=float)
    y = np.sin(x / 5000) + np.random.default_rng(0).normal(0, 0.5, x.size)
    bx, by = bucket_means(x, y, 500)
    assert len(bx) == len(by) == 500
    assert bx[0] == pytest.approx(59.5) and bx[-1] == pytest.approx(59939.5)
    assert np.abs(by - np.sin(bx / 5000)).max() < 0.25   # noise averaged out, shape kept
    assert by.mean() == pytest.approx(y.mean())


def test_smoothed_starts_at_the_first_value_and_follows_a_step():
    y = np.r_[np.zeros(50), np.ones(200)]
    s = smoothed(y, 0.9)
    assert s[0] == 0 and s[-1] == pytest.approx(1, abs=1e-6) and np.all(np.diff(s) >= 0)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="one length"):
        bucket_means([1, 2], [1])
    with pytest.raises(ValueError, match="weight"):
        smoothed([1.0], 1.0)
