"""The accuracy axis every chart draws (console and app): spans the data with a margin, round ticks."""
import math

import pytest

from workbench.models.axes import percent_axis, percent_range, percent_ticks

ROWS = 7
"""The plot rows of a console chart."""


def rows_of(ticks, low, high, rows=ROWS):
    return [round((v - low) / (high - low) * (rows - 1)) for v in ticks]


@pytest.mark.parametrize("values, limits", [
    ([10.0, 12.5, 18.0, 25.0], (5, 30)),          # the first epochs of a weight-init comparison
    ([85.0, 91.0, 99.0], (80, 100)),
    ([0.0, 40.0, 100.0], (0, 100)),
    ([97.0], (90, 100)),                           # one point: a band of ten points around it
    ([50.0], (45, 55)),
    ([0.0], (0, 10)),
    ([float("nan"), 20.0, None, 24.0], (15, 30)),  # NaN and None left out
    ([float("nan")], (0, 100)),                     # nothing measured yet
    ([], (0, 100)),
    ([15.0, 75.0], (0, 100)),                       # spans most of it: the whole axis
])
def test_the_range_spans_the_data_with_a_margin_out_to_round_values(values, limits):
    low, high = percent_range(values)
    assert (low, high) == limits
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if finite:
        assert low <= min(finite) and max(finite) <= high
        assert low == 0 or low <= min(finite) - 2     # a margin, unless the data touches 0 or 100
        assert high == 100 or high >= max(finite) + 2
    assert low % 5 == 0 and high % 5 == 0 and high - low >= 10


def test_curves_at_10_to_25_percent_fill_the_plot_not_a_sixth_of_it():
    """On the old fixed 0–100 axis the curves of 6.2's first epochs took one or two rows of seven."""
    values = [10.0, 13.0, 17.0, 21.0, 25.0]
    axis = percent_axis(values, ROWS)
    assert not axis.full
    assert len(set(rows_of(values, axis.low, axis.high))) >= 4


@pytest.mark.parametrize("values", [[10.0, 25.0], [85.0, 99.0], [0.0, 100.0], [97.0], [float("nan")]])
@pytest.mark.parametrize("rows", [3, 5, 7, 12, 20])
def test_ticks_are_whole_percentages_each_on_a_row_of_its_own(values, rows):
    axis = percent_axis(values, rows)
    assert 2 <= len(axis.ticks) <= 6 and all(v == int(v) for v in axis.ticks)
    assert all(axis.low <= v <= axis.high for v in axis.ticks) and list(axis.ticks) == sorted(axis.ticks)
    places = rows_of(axis.ticks, axis.low, axis.high, rows)
    assert len(set(places)) == len(places)               # plotext prints one of two labels on a row
    assert all(label == f"{v:g}" and "." not in label for v, label in zip(axis.ticks, axis.labels))


def test_ticks_name_both_ends_with_a_free_row_between_labels_where_they_can():
    assert percent_ticks(80, 100, ROWS) == [80, 90, 100]
    assert percent_ticks(0, 100, ROWS) == [0, 50, 100]
    assert percent_ticks(0, 100, 12) == [0, 20, 40, 60, 80, 100]
    assert percent_ticks(45, 55, 12) == [45, 50, 55]          # not 46 48 … 54, which leave the ends unsaid
    assert percent_ticks(5, 30, ROWS) == [10, 20, 30]
    assert percent_ticks(90, 100, 2) == [90, 100]
