"""Every number lessons 4.3 (gradient descent), 6.1 (optimizers), 6.2 (initial weights) and 6.3 (its first
step) quote is what their panes compute at that step (or after the key the text asks for), in English and Korean."""
from dataclasses import replace

import numpy as np
import pytest

from quoted import assert_quoted, computed, step
from workbench.models.catalog import pane
from workbench.models.optimizer_paths import equations


def after(lesson_id: str, step_id: str, **changes):
    """What the step's pane computes once the learner has changed `changes` (a key the text asks for)."""
    found = step(lesson_id, step_id)
    return pane(found.pane).compute(replace(found.pane_settings, **changes))


# -- 4.3 gradient descent ------------------------------------------------------------------------

def test_the_first_step_of_gradient_descent():
    r = after("gradient-descent", "walking-downhill", step=1)
    assert computed("gradient-descent", "walking-downhill").step == 0
    for quote, value in zip(("−3", "4"), r.path.points[0]):
        assert_quoted("gradient-descent", "walking-downhill", quote, value)
    for quote, value in zip(("−6", "8"), r.grads[0]):
        assert_quoted("gradient-descent", "walking-downhill", quote, value)
    for quote, value in zip(("−2.4", "3.2"), r.point):
        assert_quoted("gradient-descent", "walking-downhill", quote, value)
    assert_quoted("gradient-descent", "walking-downhill", "0.1", r.lr)


def test_a_hundred_steps_land_within_1e_9_of_the_minimum():
    r = computed("gradient-descent", "hundred-steps")
    assert r.step == 100 and np.all(np.abs(r.point) < 1e-9)
    assert_quoted("gradient-descent", "hundred-steps", "−6.111e-10", r.point[0])
    assert_quoted("gradient-descent", "hundred-steps", "8.148e-10", r.point[1])
    assert_quoted("gradient-descent", "hundred-steps", "1e-18", r.value)
    ratios = np.hypot(*r.path.points[1:11].T) / np.hypot(*r.path.points[:10].T)
    assert_quoted("gradient-descent", "hundred-steps", "0.8", float(ratios.mean()))


def test_plus_once_bounces_and_plus_twice_diverges():
    r = after("gradient-descent", "learning-rate", lr=1.0)
    assert r.observe().kind == "bounce"
    assert_quoted("gradient-descent", "learning-rate", "1", r.lr)
    for k in range(0, 100, 2):
        assert np.allclose(r.path.points[k], (-3, 4), atol=1e-9) and np.allclose(r.path.points[k + 1], (3, -4), atol=1e-9)
    assert after("gradient-descent", "learning-rate", lr=10.0).observe().kind == "frozen"


def test_eta_10_ends_at_the_books_numbers_and_the_numerical_gradient_freezes_at_step_10():
    r = computed("gradient-descent", "diverge")
    assert_quoted("gradient-descent", "diverge", "−2.6e13", r.point[0])
    assert_quoted("gradient-descent", "diverge", "−1.3e12", r.point[1])
    assert_quoted("gradient-descent", "diverge", "−19", (r.path.points[1] / r.path.points[0])[0])
    assert_quoted("gradient-descent", "diverge", "10", r.frozen_at)
    assert not np.any(r.grads[r.frozen_at:]) and np.all(r.grads[:r.frozen_at - 1] != 0)
    assert_quoted("gradient-descent", "diverge", "2.6e13", float(np.abs(r.point).max()))


def test_with_the_exact_gradient_f_then_x_overflow():
    r = computed("gradient-descent", "overflow")
    assert_quoted("gradient-descent", "overflow", "300", r.path.steps)
    assert r.step == 120 and np.isinf(r.value) and np.all(np.isfinite(r.point))
    assert_quoted("gradient-descent", "overflow", "−8.5e153", r.point[0])
    assert_quoted("gradient-descent", "overflow", "1.1e154", r.point[1])
    assert_quoted("gradient-descent", "overflow", "120", r.value_overflow)
    assert_quoted("gradient-descent", "overflow", "241", r.path.first_bad())
    assert np.isinf(r.path.points[241]).all() and np.isnan(r.path.points[242:]).all()


def test_eta_1e_10_barely_moves():
    r = computed("gradient-descent", "stall")
    assert_quoted("gradient-descent", "stall", "1e-10", r.lr)
    assert_quoted("gradient-descent", "stall", "−2.99999994", r.point[0])
    assert_quoted("gradient-descent", "stall", "3.99999992", r.point[1])
    assert_quoted("gradient-descent", "stall", "1e-7", float(np.hypot(*(r.point - r.path.points[0]))))
    for lang in ("en", "ko"):          # the pane's x line reads as the text quotes it, not (−3, 4)
        assert f"x = {r.point_text}" in step("gradient-descent", "stall", lang).text.replace("\n", " ")


# -- 6.1 optimizers ------------------------------------------------------------------------------

def test_sgd_first_update_and_end():
    first = after("optimizers", "sgd", step=1)
    assert computed("optimizers", "sgd").step == 0
    update = first.update("SGD")
    for quote, value in zip(("−0.7", "4"), update.grad):
        assert_quoted("optimizers", "sgd", quote, value)
    for quote, value in zip(("−6.335", "−1.8"), update.after):
        assert_quoted("optimizers", "sgd", quote, value)
    end = after("optimizers", "sgd", step=30)
    for quote, value in zip(("−0.350", "0.085"), end.point("SGD")):
        assert_quoted("optimizers", "sgd", quote, value)
    seen = end.observe("SGD")
    assert seen.kind == "zigzag" and seen.numbers["flips"] == seen.numbers["steps"]
    assert_quoted("optimizers", "sgd", "30", seen.numbers["flips"])
    assert_quoted("optimizers", "sgd", "0.95", end.walks["SGD"].rate)


def test_momentum_first_velocity_and_end():
    update = after("optimizers", "momentum", step=1).update("Momentum")
    for quote, value in zip(("0.07", "−0.4"), update.state["v"]):
        assert_quoted("optimizers", "momentum", quote, value)
    end = after("optimizers", "momentum", step=30)
    for quote, value in zip(("0.896", "0.088"), end.point("Momentum")):
        assert_quoted("optimizers", "momentum", quote, value)
    seen = end.observe("Momentum")
    assert seen.kind == "overshoot"
    assert_quoted("optimizers", "momentum", "−1.4", seen.numbers["peak"])
    assert end.walks["Momentum"].path.flips(0) == 1, "by update 30 it has passed the minimum along x"


def test_adagrad_first_update_and_shrinking_steps():
    update = after("optimizers", "adagrad", step=1).update("AdaGrad")
    for quote, value in zip(("0.49", "16"), update.state["h"]):
        assert_quoted("optimizers", "adagrad", quote, value)
    for quote, value in zip(("−5.5", "0.5"), update.after):
        assert_quoted("optimizers", "adagrad", quote, value)
    assert_quoted("optimizers", "adagrad", "1.5", abs(update.after[0] - update.before[0]))
    end = after("optimizers", "adagrad", step=30)
    seen = end.observe("AdaGrad")
    assert seen.kind == "shrink"
    assert_quoted("optimizers", "adagrad", "2.1", seen.numbers["first"])
    assert_quoted("optimizers", "adagrad", "0.016", seen.numbers["last"])
    for quote, value in zip(("−0.120", "0.000"), end.point("AdaGrad")):
        assert_quoted("optimizers", "adagrad", quote, value)


def test_adam_bias_corrected_rate_and_end():
    first = after("optimizers", "adam", step=1)
    assert_quoted("optimizers", "adam", "0.0949", first.update("Adam").extra["lr_t"])
    assert equations(first.walks["Adam"], 1)[2].value == "0.09487"
    end = after("optimizers", "adam", step=30)
    for quote, value in zip(("0.136", "0.318"), end.point("Adam")):
        assert_quoted("optimizers", "adam", quote, value)
    assert end.observe("Adam").kind == "overshoot"
    momentum = after("optimizers", "momentum", step=30).observe("Momentum")
    assert abs(end.observe("Adam").numbers["peak"]) < abs(momentum.numbers["peak"]), "more gently"


def test_all_together_is_the_books_figure():
    r = computed("optimizers", "all-together")
    kinds = {name: r.observe(name).kind for name in r.walks}
    assert kinds == {"SGD": "zigzag", "Momentum": "overshoot", "AdaGrad": "shrink", "Adam": "overshoot"}
    assert_quoted("optimizers", "all-together", "30", r.step)


@pytest.mark.parametrize("rate, kind", [(0.7, "zigzag"), (0.5, "crawl")])
def test_lowering_sgds_rate_until_it_stops_zigzagging(rate, kind):
    r = after("optimizers", "sgd-rate", lr_sgd=rate)
    assert r.observe("SGD").kind == kind
    assert_quoted("optimizers", "sgd-rate", str(rate), rate)
    if rate == 0.5:
        assert_quoted("optimizers", "sgd-rate", "−1.50", r.point("SGD")[0])
        assert r.walks["SGD"].path.points[1][1] == 0.0, "y lands on 0 in a single update"
    else:
        assert_quoted("optimizers", "sgd-rate", "30", r.walks["SGD"].path.flips(1))


# -- 6.2 initial weights ---------------------------------------------------------------------------

def test_weights_all_alike_stay_one_unit_random_ones_part_and_zeros_never_move():
    same = computed("weight-init", "not-zero")
    assert (same.init, same.distinct, same.hidden) == ("same", 1, 6)
    assert_quoted("weight-init", "not-zero", "300", same.step)
    assert_quoted("weight-init", "not-zero", "0.01", step("weight-init", "not-zero").pane_settings.value)
    assert_quoted("weight-init", "not-zero", "20.8", 100 * same.train_acc)
    random = after("weight-init", "not-zero", init="random")
    assert random.distinct == 6 and random.observe() == "distinct"
    assert_quoted("weight-init", "not-zero", "65.4", 100 * random.train_acc)
    zero = after("weight-init", "not-zero", init="zero")
    assert zero.observe() == "frozen" and [key for key, moved in zero.moved.items() if moved] == ["b2"]
    assert_quoted("weight-init", "not-zero", "10.0", 100 * zero.train_acc)


def test_std_1_saturates():
    r = computed("weight-init", "std-1")
    shares = [layer.saturated for layer in r.layers]
    assert_quoted("weight-init", "std-1", "72", 100 * min(shares))
    assert_quoted("weight-init", "std-1", "82", 100 * max(shares))
    assert_quoted("weight-init", "std-1", "1,000", len(r.layers[0].values) / 100)


def test_std_001_crowds_around_a_half():
    r = computed("weight-init", "std-001")
    stds = [layer.std for layer in r.layers]
    assert_quoted("weight-init", "std-001", "0.011", min(stds))
    assert_quoted("weight-init", "std-001", "0.025", max(stds))
    assert all(abs(layer.mean - 0.5) < 0.01 for layer in r.layers)


def test_xavier_keeps_the_spread_with_sigmoid_after_layer_1_and_narrows_it_with_tanh():
    r = computed("weight-init", "xavier")
    stds = [layer.std for layer in r.layers]
    assert_quoted("weight-init", "xavier", "0.1", r.scale)
    assert_quoted("weight-init", "xavier", "0.21", stds[0])
    assert_quoted("weight-init", "xavier", "0.11", min(stds[1:]))
    assert_quoted("weight-init", "xavier", "0.12", max(stds[1:]))
    assert r.observe().kind == "settle"
    tanh = pane("init").compute(replace(step("weight-init", "xavier").pane_settings, activation="tanh"))
    assert_quoted("weight-init", "xavier", "0.63", tanh.layers[0].std)
    assert_quoted("weight-init", "xavier", "0.32", tanh.layers[-1].std)
    assert tanh.observe().kind == "shrink"


def test_relu_xavier_shrinks_and_he_holds():
    shrink = computed("weight-init", "relu-xavier")
    assert_quoted("weight-init", "relu-xavier", "0.58", shrink.layers[0].std)
    assert_quoted("weight-init", "relu-xavier", "0.18", shrink.layers[-1].std)
    he = computed("weight-init", "relu-he")
    stds = [layer.std for layer in he.layers]
    assert_quoted("weight-init", "relu-he", "0.141", he.scale)     # as the pane writes it
    assert_quoted("weight-init", "relu-he", "0.82", min(stds))
    assert_quoted("weight-init", "relu-he", "1", max(stds))         # "0.82 and 1", as its sentence says
    assert "0.82 and 1." in step("weight-init", "relu-he").text and "0.82에서 1 사이" in step(
        "weight-init", "relu-he", "ko").text


# -- 6.3 batch normalization -------------------------------------------------------------------------

def test_the_batch_norm_steps_quote_the_layers_mean_and_variance_and_the_ends_gamma_and_beta():
    r = after("batch-norm", "normalise", step=4)
    for quote, value in zip(("3", "60", "1"), r.mean):
        assert_quoted("batch-norm", "normalise", quote, value)
    for quote, value in zip(("3.5", "350", "5"), r.var):
        assert_quoted("batch-norm", "normalise", quote, value)
    assert_quoted("batch-norm", "normalise", "4", len(r.x))
    assert_quoted("batch-norm", "normalise", "2", float(r.out_std.mean()))
    assert_quoted("batch-norm", "normalise", "1", float(r.out_mean.mean()))
    assert r.normalized_var.max() < 1 and abs(r.normalized_mean).max() < 1e-12
    # ε, read back from what it did to the variance: σ²/(σ² + ε) = var x̂. The book writes 10e−7, which is 1e−6
    # (not 10⁻⁷): the text says both.
    for var, normalized in zip(r.var, r.normalized_var):
        assert_quoted("batch-norm", "normalise", "1e−6", var * (1 / normalized - 1))
    assert_quoted("batch-norm", "normalise", "10e−7", var * (1 / normalized - 1))
