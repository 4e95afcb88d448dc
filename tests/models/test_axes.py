"""The accuracy axis every chart draws (console and app): spans the data with a margin, round ticks."""
import math

import pytest

from workbench.models.axes import data_span, fitting_ticks, percent_axis

ROWS = 7
"""The plot rows of a console chart."""


def rows_of(ticks, low, high, rows=ROWS):
    return [round((v - low) / (high - low) * (rows - 1)) for v in ticks]


@pytest.mark.parametrize("values, limits, ticks", [
    ([10.0, 12.5, 18.0, 25.0], (0, 30), (0, 10, 20, 30)),       # the first epochs of a weight-init comparison
    ([85.0, 91.0, 99.0], (80, 100), (80, 90, 100)),
    ([0.0, 40.0, 100.0], (0, 100), (0, 50, 100)),
    ([97.0], (90, 100), (90, 95, 100)),                          # one point: a band of ten points around it
    ([50.0], (45, 55), (45, 50, 55)),
    ([0.0], (0, 10), (0, 5, 10)),
    ([float("nan"), 20.0, None, 24.0], (15, 30), (15, 20, 25, 30)),  # NaN and None left out
    ([float("nan")], (0, 100), (0, 50, 100)),                    # nothing measured yet
    ([], (0, 100), (0, 50, 100)),
    ([10.0, 57.6], (0, 75), (0, 25, 50, 75)),
    ([15.0, 75.0], (0, 100), (0, 50, 100)),                      # spans most of it: the whole axis
])
def test_the_axis_spans_the_data_with_a_margin_out_to_round_ticks_at_both_ends(values, limits, ticks):
    axis = percent_axis(values, ROWS)
    assert (axis.low, axis.high) == limits and axis.ticks == ticks
    assert axis.full is (limits == (0, 100))
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if finite:
        assert axis.low <= min(finite) and max(finite) <= axis.high
        assert axis.low == 0 or axis.low <= min(finite) - 2     # a margin, unless the data touches 0 or 100
        assert axis.high == 100 or axis.high >= max(finite) + 2
    assert axis.high - axis.low >= 10


def test_the_span_before_rounding_keeps_inside_0_to_100():
    assert data_span([99.5]) == (90, 100) and data_span([0.5]) == (0, 10)
    assert data_span([10.0, 20.0]) == (8, 22)


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


def test_ticks_keep_a_free_row_between_labels_where_they_can():
    assert fitting_ticks(82, 100, ROWS) == [80, 90, 100]                    # 80 85 … 100 would touch
    assert fitting_ticks(82, 100, 12) == [80, 85, 90, 95, 100]
    assert fitting_ticks(0, 100, ROWS) == [0, 50, 100]
    assert fitting_ticks(0, 100, 12) == [0, 20, 40, 60, 80, 100]
    assert fitting_ticks(0, 100, 3) == [0, 50, 100]                          # a row each, no free one
    assert fitting_ticks(8, 28, 5) == [0, 10, 20, 30]     # not 0 20 40: a free row is not worth a third more
    assert fitting_ticks(10, 60, 1) is None
    assert percent_axis([30.0], 1).full                                    # no room: the whole axis


def test_scale_ticks_are_round_on_places_of_their_own():
    """log₁₀ λ from 1e−8 to 1e−4 on 11 rows: −8 … −4; on 4 rows three or two of them; a single value alone."""
    from workbench.models.axes import scale_ticks

    assert scale_ticks(-8, -4, (-8.2, -3.8), 11) == [-8, -7, -6, -5, -4]
    assert scale_ticks(-8, -4, (-8.2, -3.8), 4) == [-8, -6, -4]
    assert scale_ticks(-6, -5.5, (-6.05, -5.45), 11) == [-6, -5.75, -5.5]
    assert scale_ticks(-3, -3, (-3.05, -2.95), 11) == [-3]
