"""The softmax pane's model without the app: the book's figures for both versions, the overflow at
(1010, 1000, 990) and why, the sums, argmax, the temperature, and the settings it refuses."""
import math

import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.settings import SettingError
from workbench.models.softmax import (BOOK_SCORES, EXP_FLOOR, EXP_LIMIT, OVERFLOW_SCORES, SoftmaxSettings, compute,
                                      naive_softmax)
from workbench.nn.functions import softmax

ENTRY = pane("softmax")


def test_the_book_scores_give_the_book_outputs_in_both_versions():
    r = compute(SoftmaxSettings(scores=BOOK_SCORES))
    for y in (r.naive, r.stable):
        np.testing.assert_allclose(y, [0.01821127, 0.24519181, 0.73659691], atol=1e-8)
        assert np.round(y, 3).tolist() == [0.018, 0.245, 0.737]
    np.testing.assert_allclose(r.exp, np.exp(BOOK_SCORES))
    assert r.exp_sum == pytest.approx(74.1221542, abs=1e-6) and r.problem is None
    assert r.naive_sum == pytest.approx(1) and r.stable_sum == pytest.approx(1)


def test_the_stable_version_is_the_library_softmax():
    r = compute(SoftmaxSettings(scores=(3.0, -1.0, 0.5, 2.0)))
    np.testing.assert_array_equal(r.stable, softmax(np.array([3.0, -1.0, 0.5, 2.0])))
    np.testing.assert_allclose(r.exp_shifted, np.exp(np.array([3.0, -1.0, 0.5, 2.0]) - 3.0))


def test_the_overflow_scores_break_the_first_version_and_say_why():
    r = compute(SoftmaxSettings(scores=OVERFLOW_SCORES))
    assert np.isnan(r.naive).all() and math.isnan(r.naive_sum)
    assert r.problem == "overflow" and r.overflowed == [0, 1, 2] and np.isinf(r.exp).all()
    np.testing.assert_allclose(r.stable, [9.99954600e-01, 4.53978686e-05, 2.06106005e-09], rtol=1e-7)
    assert r.stable_sum == pytest.approx(1) and r.shift == 1010
    assert r.argmax_naive is None and r.argmax_stable == 0


def test_exp_overflows_float64_just_past_709_78():
    assert round(EXP_LIMIT, 2) == 709.78
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(np.float64(709.78))) and np.isinf(np.exp(np.float64(709.79)))
    assert compute(SoftmaxSettings(scores=(709.78, 0.0))).problem is None
    assert compute(SoftmaxSettings(scores=(709.79, 0.0))).problem == "overflow"


def test_scores_far_below_zero_underflow_to_zero_over_zero():
    assert round(EXP_FLOOR, 2) == -745.13 and np.exp(np.float64(-745.14)) == 0.0
    r = compute(SoftmaxSettings(scores=(-1000.0, -1010.0)))
    assert r.problem == "underflow" and r.exp_sum == 0 and np.isnan(r.naive).all()
    np.testing.assert_allclose(r.stable, softmax(np.array([0.0, -10.0])))


def test_the_same_constant_added_to_every_score_changes_nothing_until_exp_overflows():
    plus_700 = compute(SoftmaxSettings(scores=(700.3, 702.9, 704.0)))
    book = compute(SoftmaxSettings(scores=BOOK_SCORES))
    np.testing.assert_allclose(plus_700.naive, book.stable, atol=1e-12)
    np.testing.assert_allclose(plus_700.stable, book.stable, atol=1e-12)
    plus_800 = compute(SoftmaxSettings(scores=(800.3, 802.9, 804.0)))    # the `]` key adds 100
    assert plus_800.problem == "overflow" and plus_800.overflowed == [0, 1, 2]
    np.testing.assert_allclose(plus_800.stable, book.stable, atol=1e-12)


def test_the_temperature_divides_the_scores_and_keeps_the_argmax():
    hot = compute(SoftmaxSettings(scores=BOOK_SCORES, temperature=2.0))
    np.testing.assert_allclose(hot.scaled, np.array(BOOK_SCORES) / 2)
    assert np.round(hot.stable, 3).tolist() == [0.091, 0.333, 0.577]
    cold = compute(SoftmaxSettings(scores=BOOK_SCORES, temperature=0.5))
    assert cold.stable[2] > compute(SoftmaxSettings(scores=BOOK_SCORES)).stable[2] > hot.stable[2]
    assert round(cold.stable[2], 3) == 0.900
    for r in (hot, cold):
        assert r.argmax_scores == r.argmax_stable == r.argmax_naive == 2


def test_naive_softmax_is_the_formula_as_the_book_first_writes_it():
    a = np.array([0.3, 2.9, 4.0])
    np.testing.assert_allclose(naive_softmax(a), np.exp(a) / np.exp(a).sum())
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(naive_softmax(np.array(OVERFLOW_SCORES))).all()


def test_one_score_any_count_up_to_ten():
    assert compute(SoftmaxSettings(scores=(5.0,))).stable.tolist() == [1.0]
    assert len(ENTRY.parse(["scores=" + " ".join(["1"] * 10)]).scores) == 10


@pytest.mark.parametrize("assignments, key, words", [
    (["scores=1 2 x"], "scores", "not a number"),
    (["scores="], "scores", "scores: type 1 to 10 numbers from −1e100 to 1e100, such as 0.3 2.9 4"),
    (["scores=" + " ".join(["1"] * 11)], "scores", "1 to 10 numbers"),
    (["scores=1 nan"], "scores", "finite"),
    (["scores=1; 2"], "scores", "without ;"),
    (["temperature=0"], "temperature", "out of range"),
    (["temperature=-1"], "temperature", "out of range"),
    (["temperature=warm"], "temperature", "must be a number"),
])
def test_bad_values_name_the_setting_at_fault(assignments, key, words):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse(assignments)
    assert caught.value.key == key and words in str(caught.value).replace("\u00a0", " ")      # a range's no-break spaces
