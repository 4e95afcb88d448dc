"""Large counts written one way everywhere: three significant figures and a unit (numbers.unit_count),
whole and grouped in a narrow column until 9,999 (numbers.short_count)."""
import pytest

from workbench.i18n.numbers import grouped, short_count, significant, unit_count


@pytest.mark.parametrize("value, text", [
    (0, "0"), (999, "999"), (999.5, "1.00k"), (1000, "1.00k"), (12_345, "12.3k"), (99_949, "99.9k"),
    (99_950, "100k"), (100_000, "100k"), (999_499, "999k"), (999_500, "1.00M"), (7_600_000, "7.60M"),
    (999_999_999, "1.00G"), (10_000_100_000, "10.0G"), (10**12, "1.00T"), (10**15, "1.00P"),
    (2_480_040_000_100_000, "2.48P"), (10**18, "1.00E"), (999_499 * 10**15, "999E"), (999_500 * 10**15, "1.00e21"),
    (10**21, "1.00e21"), (123_456 * 10**20, "1.23e25"), (-12_345, "−12.3k"), (12.345, "12.3"),
])
def test_three_figures_and_a_unit_never_a_thousand_of_one(value, text):
    assert unit_count(value) == text


def test_halves_round_up_on_the_exact_count():
    assert [unit_count(n) for n in (998_500, 1_234_500, 1_235_500)] == ["999k", "1.23M", "1.24M"]


def test_a_narrow_column_keeps_counts_whole_until_ten_thousand():
    assert [short_count(n) for n in (0, 999, 1000, 9_999, 10_000, 999_500, 10**21)] == [
        "0", "999", "1,000", "9,999", "10.0k", "1.00M", "1.00e21"]


def test_one_scientific_form_everywhere_signed_unpadded_and_not_finite_named():
    """The grader wrote "1.0e-05", the panes "1.0e−5"; digits.sci gave −∞ as an unsigned "∞"."""
    from workbench.i18n.numbers import sci
    from workbench.models import digits, gradcheck_table

    assert [sci(v) for v in (1e-5, 9.1e-13, -2.5e3, 1.0, 0.0)] == ["1.0e−5", "9.1e−13", "−2.5e3", "1.0", "0"]
    assert [sci(v) for v in (float("inf"), float("-inf"), float("nan"))] == ["∞", "−∞", "nan"]
    assert sci(1.23456e-4, 3) == "1.235e−4"
    assert digits.sci is sci and digits.sci(float("-inf")) == "−∞"
    assert gradcheck_table.sci(-3.1e-8) == "−3.1e−8" and gradcheck_table.sci(float("nan")) == "—"   # a table's "no value"


def test_a_power_of_ten_and_a_short_number_unpadded_too():
    from workbench.i18n.numbers import exponent_form, num, power_of_ten

    assert [power_of_ten(v) for v in (1e-4, 3e-5, 0.1, 1, 1000, 1e-100)] == ["1e−4", "3e−5", "1e−1", "1", "1000", "1e−100"]
    assert [num(v) for v in (1e-7, -2.5e-9, 1.5e20, -0.7)] == ["1e−7", "−2.5e−9", "1.5e20", "−0.7"]   # was 1e−07
    assert [exponent_form(text) for text in ("4.54e-05", "1.01e+304", "-3.5", "1e+00")] == [
        "4.54e−5", "1.01e304", "−3.5", "1e0"]


def test_a_whole_count_is_grouped_by_thousands_in_both_languages():
    assert [grouped(n) for n in (0, 999, 2_500, 18_432, 1_000_000, -1_000)] == [
        "0", "999", "2,500", "18,432", "1,000,000", "−1,000"]


def test_a_byte_count_is_written_in_units_of_1024_with_the_places_asked():
    """One rule for every size on screen and in the console: the float16 pane's whole KB included."""
    from workbench.i18n.numbers import human_bytes

    assert [human_bytes(n) for n in (1023, 2048, 15_743, 47_040_016)] == ["1023 B", "2.0 KB", "15.4 KB", "44.9 MB"]
    assert human_bytes(45_360 * 4, places=0) == "177 KB"
    assert [human_bytes(n) for n in (1_048_550, 1_048_575, 1_047_000)] == ["1.0 MB", "1.0 MB", "1022.5 KB"]
    assert human_bytes(1_048_100, places=0) == "1 MB" and human_bytes(1_047_000, places=0) == "1022 KB"


@pytest.mark.parametrize("value, text", [
    (0.024249, "0.0242"), (0.2131, "0.213"), (2.302585, "2.30"), (1.0, "1.00"), (0.0999996, "0.100"),
    (12.345, "12.3"), (0.0, "0"), (-0.0242, "−0.0242"), (float("nan"), "nan"),
])
def test_a_loss_is_written_to_three_significant_figures(value, text):
    """A training loss, as the training and playground panes and the classroom line write it
    (numbers.significant): 0.0242 in the playground and "loss 0.024" in a follower's line under it."""
    assert significant(value) == text
