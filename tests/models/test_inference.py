"""Batch inference as the book does it: predict() on the network's params, argmax per row, the
accuracy counted batch by batch, and the shapes the pane prints equal the arrays' own."""
import numpy as np
import pytest

from workbench.models import inference, trained
from workbench.models.catalog import pane
from workbench.models.settings import SettingError
from workbench.nn.functions import softmax


@pytest.fixture(scope="module")
def network():
    return trained.build_network(rng=1)


@pytest.fixture(scope="module")
def data():
    d = trained.synthetic_data(300, 250)
    return d.x_test, d.t_test


def test_predict_is_the_networks_own_forward_pass(network, data):
    x, _ = data
    arrays = inference.forward(network.params, x[:7])
    np.testing.assert_allclose(arrays["y"], softmax(network.predict(x[:7])), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(arrays["p"], np.argmax(arrays["y"], axis=1))


@pytest.mark.parametrize("batch_size", [1, 100, 250])
def test_the_planned_shapes_are_the_shapes_of_the_real_arrays(network, data, batch_size):
    x, t = data
    view = inference.batch_view(network.params, x, t, batch_size, 0)
    assert list(view.shapes) == list(inference.ORDER)
    assert view.shapes == inference.planned_shapes(batch_size)
    assert view.shapes["x"] == (batch_size, 784) and view.shapes["a1"] == (batch_size, 50)
    assert view.shapes["W2"] == (50, 100) and view.shapes["y"] == (batch_size, 10)


def test_one_image_goes_through_as_a_row_without_a_batch_axis(network, data):
    arrays = inference.forward(network.params, data[0][0])
    assert arrays["a1"].shape == (50,) and arrays["y"].shape == (10,) and arrays["p"].shape == ()


def test_batches_are_clamped_and_the_last_one_is_short(network, data):
    x, t = data
    view = inference.batch_view(network.params, x, t, 100, 99)
    assert (view.index, view.count, view.start, view.size) == (2, 3, 200, 50)
    assert view.correct == int(np.sum(view.predicted == t[200:]))


def test_the_accuracy_counted_batch_by_batch_is_the_networks_accuracy(network, data):
    x, t = data
    seen = []
    result = inference.accuracy_in_batches(network.params, x, t, 100,
                                           progress=lambda done, total, **info: seen.append((done, total, info)))
    assert result.fraction == pytest.approx(network.accuracy(x, t))
    assert (result.total, result.batches) == (250, 3)
    assert [(done, total) for done, total, _ in seen] == [(1, 3), (2, 3), (3, 3)]
    assert seen[-1][2] == {"correct": result.correct, "seen": 250}


def test_timing_runs_both_loops_over_every_image(network, data):
    timing = inference.time_inference(network.params, data[0][:30], 10)
    assert (timing.images, timing.batch_size) == (30, 10)
    assert timing.one_by_one > 0 and timing.batched > 0


def test_timing_keeps_each_loops_fastest_round_taken_in_turn(network, data, monkeypatch):
    """Timed once, the loop that ran first paid for a cold start: batches of 1 read "2× faster"."""
    clock = iter(float(v) for v in (0, 9, 9, 10,  10, 11, 11, 12,  12, 13, 13, 14))   # a slow first round
    monkeypatch.setattr(inference.time, "perf_counter", lambda: next(clock))
    timing = inference.time_inference(network.params, data[0][:4], 1)
    assert (timing.one_by_one, timing.batched, timing.speedup) == (1.0, 1.0, 1.0)


def test_settings_refuse_a_batch_of_nothing():
    with pytest.raises(SettingError, match="batch_size"):
        pane("inference").parse(["batch_size=0"])
