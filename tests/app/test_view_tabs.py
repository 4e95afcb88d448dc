"""The tabs above a run's views: every key is listed, and as many names as fit beside the text."""
import pytest
from rich.cells import cell_len

from workbench.app.panes.run_controls import view_tabs
from workbench.i18n import set_language, t

TRAIN_VIEWS = ("setup", "curves", "results", "filters", "draw")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_every_view_is_named_where_the_names_fit():
    assert view_tabs(TRAIN_VIEWS, "curves", "train", 80).plain == \
        " 1 setup  2 curves  3 results  4 filters  5 draw "


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("current", TRAIN_VIEWS)
def test_beside_the_text_the_tabs_fit_and_name_the_current_view_and_more(lang, current):
    set_language(lang)
    tabs = view_tabs(TRAIN_VIEWS, current, "train", 39)   # the pane's width beside a lesson's text at 80 columns
    assert cell_len(tabs.plain) <= 37
    assert [part.split()[0] for part in tabs.plain.split("  ")] == ["1", "2", "3", "4", "5"]
    named = [part for part in tabs.plain.split("  ") if len(part.split()) == 2]
    assert len(named) >= 3                                  # not the current view's name alone


def test_names_go_to_the_views_nearest_the_current_one():
    assert view_tabs(TRAIN_VIEWS, "setup", "train", 39).plain == " 1 setup  2 curves  3 results  4  5 "
    assert view_tabs(TRAIN_VIEWS, "draw", "train", 39).plain == " 1  2  3 results  4 filters  5 draw "
    # a view further off still gets its name when a nearer one's is too long
    assert view_tabs(TRAIN_VIEWS, "results", "train", 39).plain == " 1 setup  2 curves  3 results  4  5 "


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("current", TRAIN_VIEWS)
def test_wrapped_tabs_name_every_view_beside_the_text_on_two_rows(lang, current):
    """The training pane's tabs: beside a lesson's text (the pane 37 cells wide at 80 columns) "3" and
    "4" were bare before a run; wrapped, every view keeps its name, on a second row."""
    set_language(lang)
    rows = view_tabs(TRAIN_VIEWS, current, "train", 37, wrap=True).plain.split("\n")
    assert len(rows) == 2 and all(cell_len(row) <= 37 for row in rows)
    parts = [part.split() for row in rows for part in row.split("  ")]
    assert [part[0] for part in parts] == ["1", "2", "3", "4", "5"] and all(len(part) == 2 for part in parts)


def test_wrapped_tabs_take_one_row_where_every_name_fits():
    assert view_tabs(TRAIN_VIEWS, "curves", "train", 76, wrap=True).plain == \
        " 1 setup  2 curves  3 results  4 filters  5 draw "


@pytest.mark.parametrize("wrap", [False, True])
def test_before_the_layout_gives_the_pane_its_width_every_view_is_named_on_one_row(wrap):
    """A comparison's first frame, its pane 0 cells wide until laid out, read "1 runs  2": the current
    view named alone (and the training pane's tabs a row each)."""
    assert view_tabs(("runs", "curves"), "runs", "compare", 0, wrap=wrap).plain == \
        f" 1 {t('compare.view.runs')}  2 {t('compare.view.curves')} "
    assert "\n" not in view_tabs(TRAIN_VIEWS, "setup", "train", 0, wrap=wrap).plain
