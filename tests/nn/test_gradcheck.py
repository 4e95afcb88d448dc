"""The gradient check's machinery without an app: relative error and bands, kinks, the one-sided
fallback, float32 networks checked in float64, integer input refused, dropout held, the book's 1e-7,
selected entries, stopping midway, and the bugs' injection put back afterwards."""
import math

import numpy as np
import pytest

from workbench.nn.bugs import BUGS, inject, targets
from workbench.nn.gradient import (BANDS, FAIL, PASS, UNJUDGED, WARN, as_float64, central_difference,
                                   forward_difference, gradient_check, relative_error, verdict)
from workbench.nn.kinks import kink_state, same_side
from workbench.nn.layers import Affine, Relu, SoftmaxWithLoss
from workbench.nn.networks import MultiLayerNetExtend, SimpleConvNet, TwoLayerNet
from workbench.nn.patching import patched


def two_layer(dtype=np.float64, seed=0):
    net = TwoLayerNet(6, 5, 3, weight_init_std="relu", dtype=dtype, rng=seed)
    rng = np.random.default_rng(seed + 1)
    return net, rng.random((4, 6)), rng.integers(0, 3, 4)


def test_relative_error_and_its_floor():
    np.testing.assert_allclose(relative_error([1.0, -2.0, 0.0], [1.1, -2.0, 1e-12], 1e-8),
                               [0.1 / 1.1, 0.0, 1e-4])
    assert relative_error(0.0, 0.0, 1e-8) == 0.0


@pytest.mark.parametrize("error, expected", [(0.0, PASS), (9.9e-5, PASS), (BANDS[0], WARN), (5e-3, WARN),
                                             (BANDS[1], FAIL), (1.3, FAIL), (math.nan, UNJUDGED)])
def test_verdict_follows_the_bands(error, expected):
    assert verdict(error) == expected


def test_difference_rules():
    f = lambda x: x ** 3   # noqa: E731
    assert math.isclose(central_difference(f, 2.0, 1e-3, f(2.0)), 12.000001, rel_tol=1e-9)
    assert math.isclose(forward_difference(f, 2.0, 1e-3, f(2.0)), 12.006001, rel_tol=1e-9)


def test_a_correct_network_passes_with_its_report():
    net, x, t = two_layer()
    report = gradient_check(net, x, t, num_samples=8, rng=0)
    assert list(report) == ["W1", "b1", "W2", "b2"] and report.verdict == PASS
    assert [c.checked for c in report.values()] == [8, 5, 8, 3]
    assert report["W1"].sampled and not report["b1"].sampled
    assert report.converted_from is None and report.h == 1e-4 and report.kinks == "shrink"
    for check in report.values():
        assert check.max_relative_error < 1e-6 and check.verdict == PASS
        assert check.indices.shape == (check.checked, len(check.shape))
        np.testing.assert_allclose(check.analytic, check.numeric, rtol=1e-6)


def test_a_float32_network_is_checked_through_a_float64_copy():
    net, x, t = two_layer(np.float32)
    before = {k: v.copy() for k, v in net.params.items()}
    report = gradient_check(net, x.astype(np.float32), t, num_samples=8, rng=0)
    assert report.converted_from == "float32" and report.verdict == PASS
    assert max(c.max_relative_error for c in report.values()) < 1e-6   # float32 itself gives about 1e-2
    for key, value in before.items():
        assert net.params[key].dtype == np.float32
        np.testing.assert_array_equal(net.params[key], value)


def test_as_float64_rebinds_the_layers_and_leaves_the_original():
    net = MultiLayerNetExtend(4, [3], 2, use_batchnorm=True, rng=0)
    copy = as_float64(net)
    assert copy.dtype == np.float64 and all(p.dtype == np.float64 for p in copy.params.values())
    assert copy.layers["Affine1"].W is copy.params["W1"] and copy.layers["BatchNorm1"].gamma is copy.params["gamma1"]
    assert net.layers["Affine1"].W is net.params["W1"] and net.params["W1"].dtype == np.float32


def test_a_patched_float32_network_is_refused_rather_than_copied_half_patched():
    net, x, t = two_layer(np.float32)
    with inject(net, "relu-mask-inverted"):
        with pytest.raises(ValueError, match="Relu has its own backward .*convert the network with as_float64 first"):
            gradient_check(net, x.astype(np.float32), t)


def test_integer_input_is_refused_with_a_way_out():
    net, x, t = two_layer()
    with pytest.raises(ValueError, match=r"x has dtype int64; .*x\.astype\(np\.float64\)"):
        gradient_check(net, (x * 255).astype(np.int64), t)
    net.params["b2"] = np.zeros(3, dtype=np.int64)
    with pytest.raises(ValueError, match="parameter 'b2' has dtype int64"):
        gradient_check(net, x, t)


@pytest.mark.parametrize("options, message", [
    ({"num_samples": 0}, "num_samples must be a whole number of 1 or more"),
    ({"h": 0}, "h must be a small number above 0"),
    ({"retry_h": -1e-6}, "retry_h must be a small number above 0"),
    ({"kinks": "ignore"}, "kinks must be one of shrink, skip, count"),
    ({"floor": 0}, "floor must be a number above 0"),
])
def test_bad_options_are_named(options, message):
    net, x, t = two_layer()
    with pytest.raises(ValueError, match=message):
        gradient_check(net, x, t, **options)


class OneRelu:
    """L(w) = mean of relu(w·x) over fixed x, with a ReLU layer the check can watch: kinks where w·x = 0."""

    def __init__(self, w, x):
        self.params = {"w": np.array([w], dtype=np.float64)}
        self.x = np.asarray(x, dtype=np.float64)
        self.layers = {"Relu": Relu()}

    def loss(self, x, t):
        return float(np.mean(self.layers["Relu"].forward(self.params["w"][0] * self.x)))

    def gradient(self, x, t):
        self.loss(x, t)
        return {"w": np.array([np.mean(self.layers["Relu"].backward(np.ones_like(self.x)) * self.x)])}


def test_a_kink_crossed_by_the_nudge_is_measured_again_with_a_smaller_h():
    net = OneRelu(5e-5, [1.0, 2.0, -3.0])    # the kink is at w = 0, closer than h = 1e-4; backprop says 1
    counted = gradient_check(net, None, None, kinks="count")["w"]
    assert counted.kinks == 1 and counted.left_out == 0
    assert math.isclose(counted.numeric[0], 0.5) and counted.verdict == FAIL    # the book's check: a false alarm
    skipped = gradient_check(net, None, None, kinks="skip")["w"]
    assert skipped.left_out == 1 and math.isnan(skipped.max_relative_error) and skipped.verdict == UNJUDGED
    shrunk = gradient_check(net, None, None)["w"]
    assert shrunk.kinks == 1 and shrunk.left_out == 0 and shrunk.steps[0] == 1e-6 and shrunk.sides[0] == 0
    assert shrunk.max_relative_error < 1e-9 and shrunk.verdict == PASS


def test_an_entry_right_on_a_kink_gets_the_one_sided_difference_backprop_takes():
    net = OneRelu(0.0, [1.0, 2.0, 3.0])      # every w·x is exactly 0, which backprop's mask (x <= 0) calls off
    check = gradient_check(net, None, None)["w"]
    assert check.kinks == 1 and check.left_out == 0 and check.sides[0] == -1
    assert check.analytic[0] == 0.0 and check.numeric[0] == 0.0 and check.verdict == PASS
    assert gradient_check(net, None, None, kinks="count")["w"].max_relative_error == 1.0


def test_an_entry_with_kinks_on_both_sides_is_left_out():
    check = gradient_check(OneRelu(0.0, [1.0, -1.0]), None, None)["w"]
    assert check.left_out == 1 and check.verdict == UNJUDGED


def test_kink_state_follows_relu_masks_and_pooling_choices():
    net = SimpleConvNet((1, 6, 6), {"filter_num": 2, "filter_size": 3, "pad": 1, "stride": 1}, hidden_size=4,
                        output_size=3, weight_init_std="relu", dtype=np.float64, rng=0)
    x = np.random.default_rng(1).random((2, 1, 6, 6))
    net.loss(x, [0, 1])
    state = kink_state(net)
    assert len(state) == 3 and same_side(net, state)
    net.params["b1"][:] = 100.0                            # every conv output positive now
    net.loss(x, [0, 1])
    assert not same_side(net, state)


def test_dropout_masks_are_held_for_the_whole_check():
    net = MultiLayerNetExtend(6, [5], 3, use_dropout=True, dropout_ration=0.4, dtype=np.float64, rng=0)
    x, t = np.random.default_rng(1).random((4, 6)), [0, 1, 2, 0]
    report = gradient_check(net, x, t, num_samples=10, rng=0)
    assert report.fixed_dropout and report.verdict == PASS
    assert "forward" not in vars(net.layers["Dropout1"])   # the layer's own method is back


def test_the_books_delta_makes_a_small_false_error_and_is_left_out_by_default():
    net = MultiLayerNetExtend(6, [5, 5], 3, use_batchnorm=True, dtype=np.float64, rng=6)
    rng = np.random.default_rng(7)
    x, t = rng.random((4, 6)), rng.integers(0, 3, 4)
    exact = gradient_check(net, x, t, rng=0)
    book = gradient_check(net, x, t, rng=0, keep_delta=True)
    worst = lambda report: max(c.max_relative_error for c in report.values())   # noqa: E731
    assert worst(exact) < 1e-5 and worst(book) > BANDS[0]    # log(y + 1e-7) against backprop's (y − t)/N
    assert book.keep_delta and not exact.keep_delta
    assert "forward" not in vars(net.last_layer)


def test_selected_entries_only():
    net, x, t = two_layer()
    report = gradient_check(net, x, t, select={"W2": [(0, 1), (4, 2)]})
    assert list(report) == ["W2"] and report["W2"].indices.tolist() == [[0, 1], [4, 2]]
    with pytest.raises(ValueError, match="select names 'W9'"):
        gradient_check(net, x, t, select={"W9": [(0, 0)]})
    with pytest.raises(ValueError, match=r"select has index \(5, 0\) for 'W2' of shape \(5, 3\)"):
        gradient_check(net, x, t, select={"W2": [(5, 0)]})


def test_stopping_midway_restores_every_parameter():
    net, x, t = two_layer()
    before = {k: v.copy() for k, v in net.params.items()}
    seen = []

    class Stop(Exception):
        pass

    def on_entry(done, total, name):
        seen.append((done, total, name))
        if done == 10:
            raise Stop

    with pytest.raises(Stop):
        gradient_check(net, x, t, num_samples=8, on_entry=on_entry)
    assert seen[-1] == (10, 24, "b1")
    for key, value in before.items():
        np.testing.assert_array_equal(net.params[key], value)


def test_patched_puts_the_method_back_even_after_an_error():
    layer = Affine(np.ones((2, 2)), np.zeros(2))
    with pytest.raises(RuntimeError):
        with patched(layer, "backward", lambda dout: "patched"):
            assert layer.backward(None) == "patched"
            raise RuntimeError
    assert "backward" not in vars(layer) and layer.backward.__func__ is Affine.backward


def test_a_bug_goes_into_the_chosen_layer_and_comes_out():
    net, x, t = two_layer()
    assert [name for name, _ in targets(net, "affine-dw-no-transpose")] == ["Affine1", "Affine2"]
    assert targets(net, "pool-wrong-element") == [] and targets(net, "forward-difference") == []
    with inject(net, "affine-dw-no-transpose", where=2) as injected:
        assert injected.layer == "Affine2" and "backward" in vars(net.layers["Affine2"])
        report = gradient_check(net, x, t)
    assert [name for name, c in report.items() if c.verdict == FAIL] == ["W2"]
    assert "backward" not in vars(net.layers["Affine2"])
    with inject(net, "forward-difference") as injected:
        assert injected.layer is None and injected.difference is forward_difference
    with inject(net, "softmax-1d") as injected:
        assert injected.layer == "last_layer" and "forward" in vars(net.last_layer)
    assert "forward" not in vars(net.last_layer) and isinstance(net.last_layer, SoftmaxWithLoss)


@pytest.mark.parametrize("name, where, message", [
    ("pool-wrong-element", 1, "TwoLayerNet has no Pooling layer for bug 'pool-wrong-element'"),
    ("relu-mask-inverted", 2, r"where must be a whole number from 1 to 1: TwoLayerNet has 1 ReLU layer\(s\) \(Relu1\)"),
    ("off-by-one", 1, "there is no bug called 'off-by-one'; the bugs are affine-dw-no-transpose, "),
])
def test_a_bug_without_a_place_is_refused(name, where, message):
    net, _, _ = two_layer()
    with pytest.raises(ValueError, match=message):
        with inject(net, name, where):
            pass


def test_every_bug_has_a_summary():
    assert len(BUGS) == 8
    for bug in BUGS.values():
        assert bug.summary and "\n" not in bug.summary
