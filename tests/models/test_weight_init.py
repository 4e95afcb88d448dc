"""The activation histograms of the book's weight-initialisation experiment: the book's observations as
numbers, the statistics and bins, and every setting's bad values."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.settings import SettingError
from workbench.models.weight_init import InitResult, InitSettings, LayerStats, compute, nice_ceiling
from workbench.nn.layers import Affine, Sigmoid

ENTRY = pane("init")


def test_the_first_layer_is_the_librarys_affine_and_sigmoid_on_the_seeded_draws():
    r = compute(InitSettings(layers=1))
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1000, 100))
    W = rng.standard_normal((100, 100))
    np.testing.assert_array_equal(r.layers[0].values, Sigmoid().forward(Affine(W, np.zeros(100)).forward(x)).ravel())


def test_std_1_with_sigmoid_puts_most_outputs_within_0_1_of_0_or_1():
    r = compute(InitSettings(std=1.0, activation="sigmoid"))
    for layer in r.layers:
        assert layer.saturated > 0.5
        assert layer.saturated == np.mean((layer.values < 0.1) | (layer.values > 0.9))
    assert r.observe().kind == "saturate"


def test_std_001_crowds_around_a_half():
    r = compute(InitSettings(std=0.01, activation="sigmoid"))
    for layer in r.layers:
        assert abs(layer.mean - 0.5) < 0.01 and 0.01 <= layer.std <= 0.03
    assert r.observe().kind == "crowd"


def test_xavier_keeps_a_wide_spread_after_the_first_layer():
    """Layer 1 alone sees the N(0, 1) inputs: σ 0.21 there, then 0.11 to 0.12 (the book: the shape
    changes a little, the spread stays wide)."""
    r = compute(InitSettings(init="xavier", activation="sigmoid"))
    assert r.scale == pytest.approx(0.1)
    assert all(layer.std > 0.1 and layer.saturated < 0.05 for layer in r.layers)
    seen = r.observe()
    assert seen.kind == "settle" and seen.numbers["first"] == r.layers[0].std
    assert (seen.numbers["low"], seen.numbers["high"]) == (min(l.std for l in r.layers[1:]),
                                                          max(l.std for l in r.layers[1:]))


@pytest.mark.parametrize("seed", range(5))
def test_tanh_with_xavier_narrows_at_every_layer_and_with_he_holds(seed):
    """tanh with Xavier: σ 0.63, 0.49, 0.40, 0.35, 0.32, falling at every layer: it does not "hold"
    (it did, while holding meant ending within a factor 2 of the start). With He it levels off."""
    xavier = compute(InitSettings(init="xavier", activation="tanh", seed=seed))
    stds = [layer.std for layer in xavier.layers]
    assert all(b < 0.95 * a for a, b in zip(stds, stds[1:]))
    assert xavier.observe().kind == "shrink"
    assert compute(InitSettings(init="he", activation="tanh", seed=seed)).observe().kind in ("keep", "settle")


def test_a_spread_that_neither_holds_nor_trends_wanders():
    def observed(*stds):
        layers = tuple(LayerStats(np.zeros(1), 0.0, s, 0.5, 0.0) for s in stds)
        return InitResult("relu", 0.1, layers, (0.0, 1.0)).observe().kind
    assert observed(1.0, 1.2, 1.1, 0.95, 1.0) == "keep"                 # within a factor 1.3
    assert observed(1.0, 1.4, 1.0, 1.4, 1.2) == "wander"
    assert observed(1.0, 1.2, 1.4, 1.5, 1.6) == "grow"
    assert observed(1.0, 0.8, 0.7, 0.66, 0.6) == "shrink"
    assert observed(1.0, 0.6, 0.55, 0.6, 0.58) == "settle"


def test_with_relu_he_keeps_the_spread_and_xavier_shrinks_it_layer_by_layer():
    he = compute(InitSettings(init="he", activation="relu"))
    xavier = compute(InitSettings(init="xavier", activation="relu"))
    he_std = [layer.std for layer in he.layers]
    xavier_std = [layer.std for layer in xavier.layers]
    assert max(he_std) / min(he_std) < 1.5 and he.observe().kind == "keep"
    assert all(b < a for a, b in zip(xavier_std, xavier_std[1:])) and xavier.observe().kind == "shrink"
    for layer in he.layers:
        assert 0.4 < layer.zeros < 0.6 and layer.zeros == np.mean(layer.values == 0)


def test_statistics_and_bins_are_of_every_output():
    r = compute(InitSettings(init="he", activation="relu", units=50, layers=3, seed=7))
    for layer in r.layers:
        assert layer.values.shape == (1000 * 50,)
        assert layer.mean == pytest.approx(layer.values.mean()) and layer.std == pytest.approx(layer.values.std())
    counts = r.counts(12)
    assert counts.shape == (3, 12)
    nonzero = [int(np.count_nonzero(layer.values)) for layer in r.layers]
    assert list(counts.sum(axis=1)) == nonzero, "ReLU's exact zeros are left out of the bars"
    sig = compute(InitSettings(layers=2))
    assert list(sig.counts(30).sum(axis=1)) == [100000, 100000] and sig.range == (0.0, 1.0)


def test_relu_range_is_a_round_number_above_almost_every_output():
    r = compute(InitSettings(init="he", activation="relu"))
    top = r.range[1]
    assert top == nice_ceiling(top) and all(np.mean(layer.values <= top) > 0.99 for layer in r.layers)
    assert top <= 5, "the bars use the height: the range ends near the largest outputs"
    assert [nice_ceiling(v) for v in (0.3, 1, 3.2, 7, 1e-9)] == [0.3, 1, 4, 8, 1e-9]


def test_the_seed_changes_the_draws_and_nothing_else():
    a, b = compute(InitSettings(seed=1)), compute(InitSettings(seed=2))
    assert not np.array_equal(a.layers[0].values, b.layers[0].values)
    assert abs(a.layers[0].std - b.layers[0].std) < 0.02


@pytest.mark.parametrize("assignment, key", [
    ("init=glorot", "init"), ("std=0", "std"), ("std=-1", "std"), ("std=1000", "std"), ("std=abc", "std"),
    ("activation=gelu", "activation"), ("layers=0", "layers"), ("layers=11", "layers"), ("units=1", "units"),
    ("units=10000", "units"), ("seed=-1", "seed"), ("seed=1.5", "seed"),
])
def test_bad_values_are_refused_naming_the_setting(assignment, key):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse([assignment])
    assert caught.value.key == key
