"""The numerical-versus-backprop model without Textual: what the default measures, both gradients on a
tiny network agreeing, the book's 1e−7 and float32 pulling them apart, progress for every loss, and a
stop that leaves the weights as they were."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.numerical_vs_backprop import SpeedSettings, compute, run_comparison
from workbench.models.settings import SettingError

ENTRY = pane("numerical-vs-backprop")
TINY = dict(hidden_size=2, batch_size=3)


def test_the_default_measures_a_smaller_twolayernet_in_seconds_not_minutes():
    plan = compute(SpeedSettings())
    assert plan.call == "TwoLayerNet(784, 20, 10)"
    assert plan.parameters == 784 * 20 + 20 + 20 * 10 + 10 == 15_910
    assert plan.evaluations == 31_820
    assert plan.x.shape == (10, 784) and plan.x.dtype == np.float64 and 0 <= plan.x.min() and plan.x.max() <= 1
    assert [row.name for row in plan.rows] == ["W1", "b1", "W2", "b2"]


def test_both_gradients_of_a_tiny_network_agree_and_every_loss_is_reported():
    plan = compute(SpeedSettings(**TINY))
    seen, params = [], []
    run = run_comparison(plan, on_evaluation=lambda done, total, name: seen.append((done, total, name)),
                         on_param=params.append)
    assert run.evaluations == plan.evaluations == len(seen) == 2 * plan.parameters
    assert seen[-1][:2] == (plan.evaluations, plan.evaluations) and seen[0][2] == "W1"
    assert [p.name for p in params] == ["W1", "b1", "W2", "b2"]
    assert run.largest_difference < 1e-8 and run.kinks == 0
    assert run.numerical_seconds > 0 and run.backprop_seconds > 0 and run.ratio > 1
    assert run.book.parameters == 39_760 and run.book.numerical_seconds == 2 * 39_760 * run.book.loss_seconds


def test_the_books_delta_and_float32_pull_the_two_apart():
    exact = run_comparison(compute(SpeedSettings(**TINY)))
    book = run_comparison(compute(SpeedSettings(**TINY, book_delta=True)))
    single = run_comparison(compute(SpeedSettings(**TINY, dtype="float32")))
    assert book.largest_difference > 100 * exact.largest_difference
    assert single.largest_difference > 1e-5 > exact.largest_difference


def test_a_stop_in_the_middle_leaves_the_weights_as_they_were():
    plan = compute(SpeedSettings(**TINY))
    before = {name: p.copy() for name, p in plan.network.params.items()}

    class Stop(Exception):
        pass

    def stop(done, total, name):
        if done == 100:
            raise Stop

    with pytest.raises(Stop):
        run_comparison(plan, on_evaluation=stop)
    assert all(np.array_equal(before[name], p) for name, p in plan.network.params.items())


@pytest.mark.parametrize("assignment, key", [("hidden_size=0", "hidden_size"), ("hidden_size=101", "hidden_size"),
                                             ("batch_size=1000", "batch_size"), ("dtype=int8", "dtype"),
                                             ("book_delta=maybe", "book_delta")])
def test_bad_values_are_refused_naming_the_setting(assignment, key):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse([assignment])
    assert caught.value.key == key
