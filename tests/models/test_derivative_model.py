"""The derivative model without Textual: the book's numerical_diff figures, forward against central,
the 1e−50 example, and the error against h falling (truncation) then rising (rounding)."""
import math

import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.derivative import DerivativeSettings, compute
from workbench.models.settings import SettingError

ENTRY = pane("derivative")


def at(**changes):
    return compute(DerivativeSettings(**changes))


def test_the_books_central_difference_at_5_and_10():
    five, ten = at(x=5.0), at(x=10.0)
    assert float(five.estimates["central"].value) == 0.1999999999990898      # the book prints these
    assert float(ten.estimates["central"].value) == 0.2999999999986347
    assert five.exact == 0.2 and ten.exact == 0.3                           # 0.3, not 0.30000000000000004
    assert five.tangent_slope == float(five.estimates["central"].value)


def test_the_forward_difference_is_off_by_about_f2_h_over_2():
    result = at(x=10.0)
    forward = result.estimates["forward"]
    assert forward.error == pytest.approx(0.01 * 1e-4, rel=1e-3)            # f″ = 0.02, so 0.02·h/2
    assert forward.error > 1e5 * result.estimates["central"].error


def test_h_of_1e_50_is_lost_in_float64_and_is_zero_in_float32():
    double = at(h=1e-50, difference="forward")
    assert double.x_plus_h_is_x and double.h_in_dtype == 1e-50
    assert float(double.estimates["forward"].value) == 0.0 and double.estimate.error == pytest.approx(0.2)
    single = at(h=1e-50, dtype="float32")
    assert np.float32(1e-50) == 0.0 and single.h_in_dtype == 0.0
    assert math.isnan(float(single.estimates["central"].value))             # 0/0
    assert single.estimates["central"].value.dtype == np.float32


def error_at(result, difference, dtype, h):
    i = int(np.argmin(abs(np.log10(result.hs) - math.log10(h))))
    return result.errors[(difference, dtype)][i]


def test_the_error_falls_with_h_then_rounding_makes_it_rise():
    result = at(view="error", difference="forward")
    assert result.hs.min() == pytest.approx(1e-20) and result.hs.max() == pytest.approx(1e-1)
    errors = [error_at(result, "forward", "float64", h) for h in (1e-1, 1e-3, 1e-5, 1e-7, 1e-10, 1e-13)]
    assert errors[0] > errors[1] > errors[2] > errors[3]                    # truncation falls with h
    assert errors[3] < errors[4] < errors[5]                                # rounding grows as h shrinks
    assert result.best[("forward", "float64")][0] == 1e-7
    assert result.best[("forward", "float64")][1] == pytest.approx(1.0e-9, rel=0.05)
    assert result.best_h == 1e-7


def test_float32_rounds_so_much_sooner_that_its_best_h_is_larger():
    result = at(view="error", difference="forward", dtype="float32")
    assert result.best_h == 1e-3
    assert result.best[("forward", "float32")][1] > 1e4 * result.best[("forward", "float64")][1]


def test_the_central_error_shrinks_like_h_squared():
    result = at(function="cube", x=1.0, view="error")
    ratio = error_at(result, "central", "float64", 1e-2) / error_at(result, "central", "float64", 1e-3)
    assert ratio == pytest.approx(100, rel=0.01)                            # x³ at 1: error = h² exactly
    forward = error_at(result, "forward", "float64", 1e-2) / error_at(result, "forward", "float64", 1e-3)
    assert forward == pytest.approx(10, rel=0.05)
    assert result.best[("central", "float64")][0] == 1e-6
    assert result.best[("forward", "float64")][0] == 1e-8


def test_for_a_parabola_the_central_difference_has_no_truncation_error():
    result = at(view="error")
    assert result.best[("central", "float64")][0] == 1e-1                  # the largest h is best
    assert error_at(result, "central", "float64", 1e-1) < 1e-15


@pytest.mark.parametrize("name, x, exact", [("square", 3.0, 6.0), ("cube", 2.0, 12.0), ("sine", 0.0, 1.0),
                                            ("exp", 0.0, 1.0)])
def test_every_function_has_its_exact_derivative_and_the_difference_agrees(name, x, exact):
    result = at(function=name, x=x)
    assert result.exact == pytest.approx(exact)
    assert float(result.estimate.value) == pytest.approx(exact, abs=1e-7)


def test_the_plot_follows_a_probe_outside_the_functions_own_range():
    result = at(x=40.0)
    assert result.curve_x[0] <= 40.0 <= result.curve_x[-1]


@pytest.mark.parametrize("assignment, key", [("x=51", "x"), ("h=0", "h"), ("h=-1e-4", "h"), ("h=nan", "h"),
                                             ("function=tan", "function"), ("dtype=float16", "dtype"),
                                             ("view=both", "view")])
def test_bad_values_are_refused_naming_the_setting(assignment, key):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse([assignment])
    assert caught.value.key == key


def test_h_reads_as_a_power_of_ten_below_1_and_as_itself_from_1():
    from workbench.models.digits import power_of_ten

    assert [power_of_ten(v) for v in (1e-4, 3e-5, 0.1, 1, 10, 2.5, 1e5)] == \
        ["1e−4", "3e−5", "1e−1", "1", "10", "2.5", "1e5"]
