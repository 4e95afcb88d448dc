"""The batch-norm algorithm's four equations, as the library's BatchNormalization computes them for the
pane, against the book's equations worked by hand; γ and β given once for all features or one each."""
import numpy as np
import pytest

from workbench.models.batch_norm_steps import compute
from workbench.models.batch_norm_steps_settings import BATCH
from workbench.models.catalog import pane


def test_the_layers_numbers_are_the_books_equations():
    s = pane("batch-norm-steps").parse(["gamma=2", "beta=1", "step=4"])
    r = compute(s)
    x = np.array(BATCH)
    mu = x.sum(axis=0) / len(x)
    var = ((x - mu) ** 2).sum(axis=0) / len(x)
    xhat = (x - mu) / np.sqrt(var + 10e-7)
    assert np.allclose(r.mean, (3, 60, 1)) and np.allclose(r.var, (3.5, 350, 5))
    assert np.allclose(r.mean, mu, rtol=1e-15) and np.allclose(r.var, var, rtol=1e-15)
    assert np.allclose(r.normalized, xhat, rtol=1e-12) and np.allclose(r.out, 2 * xhat + 1, rtol=1e-12)
    assert np.allclose(r.normalized_mean, 0, atol=1e-15) and np.all(r.normalized_var < 1)
    assert np.allclose(r.normalized_var, var / (var + 10e-7)) and np.allclose(r.out_mean, 1) and np.allclose(r.out_std, 2)


def test_gamma_and_beta_one_for_each_feature_or_a_number_of_the_wrong_count_refused():
    entry = pane("batch-norm-steps")
    r = compute(entry.parse(["gamma=1 2 3", "beta=0 0 -1"]))
    assert np.allclose(r.out_std, (1, 2, 3), rtol=1e-6) and np.allclose(r.out_mean, (0, 0, -1))
    with pytest.raises(ValueError, match="gamma has 2 numbers, but x has 3 features"):
        entry.parse(["gamma=1 2"])
    small = compute(entry.parse(["x=1; 3"]))
    assert small.mean.tolist() == [2.0] and small.var.tolist() == [1.0]


def test_a_batch_of_rows_of_different_lengths_is_refused_in_the_pane_s_words():
    """"1 2; 3" is two samples of 2 and 1 features: refused as a setting, not left to NumPy's
    "setting an array element with a sequence" when the pane computes."""
    with pytest.raises(ValueError, match="every sample of x must have the same number of features, got rows of 1, 2"):
        pane("batch-norm-steps").parse(["x=1 2; 3"])
