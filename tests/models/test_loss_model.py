"""The loss pane's model without the app: the book's two examples for the sum of squares and the
cross-entropy error, term by term against the library's totals, labels and one-hot, a batch's mean,
moving the correct class's output, and the settings it refuses."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.loss import BOOK_T, DELTA, Y_RIGHT, Y_WRONG, LossSettings, compute, with_correct
from workbench.models.settings import SettingError
from workbench.nn.functions import cross_entropy_error, mean_squared_error

ENTRY = pane("loss")
ONE_HOT = (tuple(float(k == BOOK_T) for k in range(10)),)


def test_the_book_examples_give_the_book_losses():
    right, wrong = compute(LossSettings(y=(Y_RIGHT,))), compute(LossSettings(y=(Y_WRONG,)))
    assert right.sse[0] == pytest.approx(0.0975) and wrong.sse[0] == pytest.approx(0.5975)
    assert round(right.cee[0], 2) == 0.51 and round(wrong.cee[0], 2) == 2.30
    assert right.cee[0] == pytest.approx(-np.log(0.6 + 1e-7)) and wrong.cee[0] == pytest.approx(-np.log(0.1 + 1e-7))


def test_each_term_adds_up_to_the_library_totals():
    for y in (Y_RIGHT, Y_WRONG, (0.3, 0.3, 0.2, 0.2)):
        t = ((float(BOOK_T),),)
        r = compute(LossSettings(y=(y,), t=t))
        target = np.eye(len(y))[BOOK_T]
        assert r.squares[0].sum() == pytest.approx(mean_squared_error(np.array(y), target))
        assert r.logs[0].sum() == pytest.approx(cross_entropy_error(np.array(y), BOOK_T))
        np.testing.assert_allclose(r.squares[0], 0.5 * (np.array(y) - target) ** 2)
    terms = compute(LossSettings()).squares[0]
    assert terms[2] == pytest.approx(0.08) and terms[0] == pytest.approx(0.005)


def test_only_the_correct_class_has_a_cross_entropy_term():
    logs = compute(LossSettings(y=(Y_WRONG,))).logs[0]
    assert np.count_nonzero(logs) == 1 and logs[2] == pytest.approx(2.302584, abs=1e-6)
    assert not np.signbit(logs).any(), "no −0 terms"


def test_a_label_and_a_one_hot_row_give_the_same_losses():
    label, one_hot = compute(LossSettings(y=(Y_RIGHT,))), compute(LossSettings(y=(Y_RIGHT,), t=ONE_HOT))
    assert (label.form, one_hot.form) == ("label", "one-hot")
    np.testing.assert_array_equal(label.t, one_hot.t)
    assert label.cee_mean == one_hot.cee_mean and label.sse_total == one_hot.sse_total


def test_a_batch_averages_the_cross_entropy_over_its_rows():
    r = compute(LossSettings(y=(Y_RIGHT, Y_WRONG), t=((2.0, 2.0),)))
    assert r.batch_size == 2 and r.cee_mean == pytest.approx((r.cee[0] + r.cee[1]) / 2)
    assert round(r.cee_mean, 2) == 1.41
    assert r.cee_mean == pytest.approx(cross_entropy_error(np.array([Y_RIGHT, Y_WRONG]), np.array([2, 2])))
    assert r.sse_total == pytest.approx(0.0975 + 0.5975)              # mean_squared_error sums every row
    assert r.right.tolist() == [True, False] and r.predicted.tolist() == [2, 7]
    one_hot = compute(LossSettings(y=(Y_RIGHT, Y_WRONG), t=ONE_HOT * 2))
    assert one_hot.form == "one-hot" and one_hot.cee_mean == pytest.approx(r.cee_mean)


def test_zero_for_the_correct_class_costs_minus_log_delta():
    y = (0.0, 1.0)
    assert compute(LossSettings(y=(y,), t=((0.0,),))).cee[0] == pytest.approx(-np.log(DELTA))
    assert round(-np.log(DELTA), 2) == 16.12


def test_moving_the_correct_output_keeps_the_row_a_distribution():
    y = (Y_WRONG,)
    for press in range(10):                                           # `+` ten times
        y = with_correct(y, 0, 2, compute(LossSettings(y=y)).y[0, 2] + 0.05)
        assert sum(y[0]) == pytest.approx(1, abs=1e-6) and min(y[0]) >= 0
    r = compute(LossSettings(y=y))
    assert r.y[0, 2] == 0.6 and round(r.cee[0], 2) == 0.51 and r.right[0]
    assert with_correct(y, 0, 2, 1.7)[0][2] == pytest.approx(1.0)      # never beyond the row's sum
    assert with_correct(((0.0, 1.0, 0.0),), 0, 1, 0.4)[0] == (0.3, 0.4, 0.3)    # others had nothing: shared


def test_presses_from_one_base_scale_exact_values_not_rounded_ones():
    """Each press rounded the last press's rounded outputs again: after ten, 0.05 read 0.02222, not 0.022222."""
    y = (Y_WRONG,)
    for press in range(10):
        y = with_correct(y, 0, 2, round(compute(LossSettings(y=y)).y[0, 2] + 0.05, 6), base=Y_WRONG)
    exact = [v * 0.4 / 0.9 for v in Y_WRONG]
    assert y[0][2] == 0.6 and sum(y[0]) == pytest.approx(1, abs=1e-12)
    assert [y[0][k] for k in (0, 1, 4, 5)] == [round(exact[k], 6) for k in (0, 1, 4, 5)] == [0.044444, 0.022222,
                                                                                           0.022222, 0.044444]
    assert y[0][7] == pytest.approx(exact[7], abs=2e-6)               # the largest takes what rounding leaves


def test_settings_from_the_command_line():
    s = ENTRY.parse(["y=0.2 0.8; 0.9 0.1", "t=1 0", "view=curve"])
    assert s.y == ((0.2, 0.8), (0.9, 0.1)) and s.t == ((1.0, 0.0),) and s.form == "label"
    assert compute(s).right.tolist() == [True, True]
    assert ENTRY.build({"t": 2}).t == ((2.0,),)                        # a lesson may write t = 2


@pytest.mark.parametrize("assignments, key, words", [
    (["t=10"], "t", "a whole number from 0 to 9, got 10"),
    (["y=0.2 0.3 0.5", "t=-1"], "t", "a whole number from 0 to 2, got −1"),     # y's classes, not the kind's 0 to 9
    (["y=0.5 0.5", "t=2"], "t", "from 0 to 1"),
    (["t=0 1 1 0 0 0 0 0 0 0"], "t", "a single 1"),
    (["t=0.5"], "t", "whole number"),
    (["t=1 2"], "t", "one label per row"),
    (["y=0.5 0.5; 0.2 0.3 0.5"], "y", "same number of classes"),
    (["y=0.5 1.5"], "y", "out of range"),
    (["y=-0.1 1.1"], "y", "out of range"),
    (["y=0.5"], "y", "2 to 10 numbers"),
    (["view=both"], "view", "one of terms, curve"),
])
def test_bad_values_name_the_setting_at_fault(assignments, key, words):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse(assignments)
    assert caught.value.key == key and words in str(caught.value)
