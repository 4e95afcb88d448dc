"""The helper that checks numbers lessons quote against their panes can fail, and reads quotes as lessons write them."""
import pytest

from quoted import assert_quoted, computed, parse_quote, written_as


@pytest.mark.parametrize("value, quote", [
    (0.7365, "0.737"), (-0.35012, "−0.350"), (2.3025, "2.30"), (1e-7, "1e-7"), (-2.6e13, "−2.6e13"),
    (60000.0, "60,000"), (0.19999, "0.2000"),
])
def test_values_written_as_quoted(value, quote):
    assert written_as(value, quote)


@pytest.mark.parametrize("value, quote", [
    (0.7365, "0.736"), (0.35, "−0.350"), (2.31, "2.30"), (2e-7, "1e-7"), (float("nan"), "0.0"),
])
def test_values_not_written_as_quoted(value, quote):
    assert not written_as(value, quote)


def test_a_quote_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        parse_quote("about six")


def test_a_quote_missing_from_the_text_fails():
    with pytest.raises(AssertionError, match="does not quote"):
        assert_quoted("computational-graph", "graph", "98765", 98765.0, langs=("en",))


def test_a_quote_the_pane_does_not_compute_fails():
    with pytest.raises(AssertionError, match="computes"):
        assert_quoted("computational-graph", "graph", "220", 221.0, langs=("en",))


def test_the_apple_graph_quotes_what_it_computes():
    result = computed("computational-graph", "graph")
    assert result is not None
