"""What the training pane draws from plain arrays, without a run: the confusion matrix in counts
where they fit and in percent of each row where they do not (80 columns beside a lesson's text)."""
import asyncio

import numpy as np
import pytest
from rich.cells import cell_len

from workbench.app.app import make_app
from workbench.app.panes.train_views import confusion_text, pairs_text, percent_cells, probability_bars, top_text
from workbench.i18n import set_language

BESIDE_THE_TEXT = 35
"""The width the results view draws in beside a lesson's text at 80 columns (TrainPane.width())."""


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The training pane's app, run once for the module (with state folders of its own, as every test's):
    the views read only its theme's colours (`theme_variables`, the same before, while and after it
    runs), and an app started for each of the 15 tests took 13 s of the suite's workers."""
    folder = tmp_path_factory.mktemp("train-views")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKBENCH_STATE_DIR", str(folder / "state"))
        patch.setenv("WORKBENCH_DATA_HOME", str(folder / "data-home"))
        app = make_app(pane=("train", None), lang="en")

        async def run():
            async with app.run_test(size=(80, 24)):
                pass

        asyncio.run(run())
    return app


def matrix(diagonal: int, off: int = 2) -> np.ndarray:
    """Ten classes, `diagonal` right and a few confusions each (MNIST's 1,000 test images a class)."""
    cm = np.full((10, 10), 0)
    np.fill_diagonal(cm, diagonal)
    cm[4, 9], cm[7, 2], cm[3, 5] = 3 * off, 2 * off, off
    return cm


def rows(text) -> list[str]:
    return text.plain.split("\n")


async def test_counts_are_written_whole_where_they_fit(app):
    text = confusion_text(matrix(95), app, width=BESIDE_THE_TEXT)
    assert rows(text)[0] == "t true, p predicted: test images"
    assert rows(text)[2] == " 0   95  0  0  0  0  0  0  0  0  0"
    assert max(cell_len(row) for row in rows(text)) <= BESIDE_THE_TEXT


@pytest.mark.parametrize("diagonal", [100, 980])
async def test_beside_the_text_counts_of_three_or_four_digits_become_percent_of_each_row(app, diagonal):
    """A class of 100 or more test images broke every row beside the text (44 or 54 cells in 35)."""
    cm = matrix(diagonal)
    text = confusion_text(cm, app, width=BESIDE_THE_TEXT)
    assert rows(text)[0] == "t true, p predicted: % of each row"
    assert max(cell_len(row) for row in rows(text)) <= BESIDE_THE_TEXT
    row_4 = rows(text)[6].split()
    expected = round(100 * diagonal / (diagonal + 6))
    assert row_4[0] == "4" and row_4[5] == str(expected) and row_4[10] == str(round(600 / (diagonal + 6)) or 1)
    assert row_4[1] == "·"                                      # none: not a rounded 0
    full = confusion_text(cm, app, width=76)                    # the whole pane: the counts themselves
    assert rows(full)[0] == "t true, p predicted: test images" and str(diagonal) in rows(full)[6].split()


def test_a_share_is_never_rounded_to_0_or_100_and_100_stands_only_beside_nothing():
    cm = np.zeros((10, 10), dtype=int)
    cm[0, 0], cm[0, 1] = 999, 1           # 99.9 % and 0.1 %
    cm[1, 1] = 120                        # the whole row
    cells = percent_cells(cm)
    assert cells[0][:3] == ["99", "1", "·"]
    assert cells[1] == ["·", "100"] + ["·"] * 8
    assert cells[2] == ["·"] * 10         # a class with no test image


async def test_the_korean_matrix_says_which_it_shows(app):
    set_language("ko")
    try:
        assert rows(confusion_text(matrix(980), app, width=BESIDE_THE_TEXT))[0] == "t 정답, p 예측: 행별 비율(%)"
        assert rows(confusion_text(matrix(9), app, width=BESIDE_THE_TEXT))[0] == "t 정답, p 예측: 시험 이미지 수"
    finally:
        set_language("en")


def test_each_confused_pair_stays_on_one_line():
    line = pairs_text(matrix(95), [str(i) for i in range(10)])
    assert "4\u00a0→\u00a09\u00a0(6), 7\u00a0→\u00a02\u00a0(4)" in line


@pytest.mark.parametrize("width", [20, 35, 48, 80])
@pytest.mark.parametrize("names", [tuple(map(str, range(10))),
                                   ("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                                    "Sneaker", "Bag", "Ankle boot")])
async def test_the_draw_views_bars_fit_their_width(app, width, names):
    """Each class's bar and its percent on one row: the bar was a cell too long, so every "%" fell on a
    row of its own under its figure (the draw view at 80 columns)."""
    probabilities = np.linspace(0.0, 0.19, 10)
    bars = probability_bars(probabilities, 9, names, width, app)
    assert len(rows(bars)) == 10 and all(row.endswith("%") for row in rows(bars))
    assert max(cell_len(row) for row in rows(bars)) <= width
    top = top_text([(9, 0.19), (8, 0.17)], names, width)
    assert max(cell_len(row) for row in rows(top)) <= width


@pytest.mark.parametrize("width, shown", [(52, "0 T-shirt/top "), (22, "0 T-shirt "), (20, "0 T-sh… ")])
async def test_a_class_name_too_long_for_its_row_is_cut_where_a_reader_still_knows_it(app, width, shown):
    """Fashion-MNIST's "T-shirt/top" was cut to "0 T-shirt/to" at 12 cells: whole where it fits, else at
    its "/", else with "…"; every row as wide as the others."""
    from workbench.datasets.sources import DATASETS

    names = DATASETS["fashion-mnist"].class_names
    bars = probability_bars(np.linspace(0.0, 0.19, 10), 9, names, width, app)
    assert rows(bars)[0].startswith(shown) and len({cell_len(row) for row in rows(bars)}) == 1, rows(bars)
    top = top_text([(0, 0.19), (9, 0.17)], names, width)
    assert rows(top)[0].startswith(shown), rows(top)
