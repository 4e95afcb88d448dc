"""The layer-times pane's times: the book's layers at batch 100 take over a second on a slow computer,
and the total read "1166.0 ms" beside counts grouped by commas everywhere else (walk53d)."""
from workbench.app.panes.layer_times import milliseconds


def test_a_time_of_a_second_or_more_is_grouped_as_every_count_is():
    assert [milliseconds(s) for s in (1.16601, 12.3456, 0.9994)] == ["1,166 ms", "12,346 ms", "999.4 ms"]
