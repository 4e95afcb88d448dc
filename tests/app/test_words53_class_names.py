"""Fashion-MNIST's classes in the training pane's results and draw views, in English and in Korean, at
80×24: in Korean they were English ("9 Ankle boot" in a Korean sentence); now each is in the reader's
language, whole, and the draw view's bars stay in one column (Hangul takes two cells a letter)."""
from dataclasses import replace

import numpy as np
import pytest
from rich.cells import cell_len
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.app.panes.train_views import pairs_text, probability_bars, top_text
from workbench.app.widgets.digit_canvas import DigitCanvas
from workbench.datasets.sources import DATASETS, class_label
from workbench.i18n import set_language
from workbench.models.catalog import pane
from workbench.models.evaluation import confusion_matrix, worst_pairs
from screen_text import until, widget_text as text

SIZE = (80, 24)
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=50", "batch_size=20", "epochs=1")
NAMES = DATASETS["fashion-mnist"].class_names
SHOWN = {"en": ("0 T-shirt/top", "9 Ankle boot", "6 Shirt"), "ko": ("0 티셔츠/탑", "9 앵클 부츠", "6 셔츠")}
ENGLISH_ONLY = ("T-shirt", "Ankle boot", "Shirt", "Sneaker", "Trouser")


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def plain(shown: str) -> str:
    return shown.replace("\u00a0", " ")


def bar_rows(shown: str) -> list[str]:
    return [row for row in shown.splitlines() if row.endswith("%")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_views_name_fashion_mnists_classes_in_the_readers_language(lang):
    """pairs_text, top_text and probability_bars, without an app: Korean names in Korean (no English
    left), English in English, the bars' rows all as wide as each other (cells, not characters)."""
    from textual.app import App

    set_language(lang)
    app = App()
    cm = np.eye(10, dtype=np.int64) * 50
    cm[6, 0], cm[9, 7] = 12, 5
    pairs = plain(pairs_text(cm, NAMES))
    bars = probability_bars(np.linspace(0.0, 0.19, 10), 9, NAMES, 48, app).plain
    top = top_text([(9, 0.6), (7, 0.3), (5, 0.1)], NAMES, 40).plain
    first, last, shirt = SHOWN[lang]
    assert f"{shirt} → {first} (12)" in pairs and f"{last} → 7 " in pairs, pairs
    assert bar_rows(bars)[0].startswith(first + " ") and bar_rows(bars)[9].startswith(last + " "), bars
    assert len({cell_len(row) for row in bar_rows(bars)}) == 1, bars
    assert top.startswith(last + " "), top
    if lang == "ko":
        assert not any(word in pairs + bars + top for word in ENGLISH_ONLY), (pairs, bars, top)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_results_and_the_drawing_name_fashion_mnists_classes_whole_at_80_by_24(lang):
    """A run's results (the most confused pairs) and the draw view, on Fashion-MNIST's
    names, in the pane at 80×24: each name whole, in the reader's language, every bar row the view's width."""
    app = make_app(pane=("train", pane("train").parse(list(TINY))), lang=lang)
    first, last, _ = SHOWN[lang]
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        p.data = replace(p.data, class_names=NAMES)
        await pilot.press("3")
        await until(pilot, lambda: "t\\p" in text(app, "#train-confusion"))
        pairs = plain(text(app, "#train-pairs"))
        record = p.shown_record()
        worst = worst_pairs(confusion_matrix(p.data.t_test, record.predictions, 10), 3)
        assert worst and all(f"{named(i)} → {named(j)} ({n})" in pairs for i, j, n in worst), pairs
        if lang == "ko":
            assert not any(word in pairs for word in ENGLISH_ONLY), pairs
        await pilot.press("5")
        app.screen.query_one(DigitCanvas).load(p.data.x_test[0, 0])
        await until(pilot, lambda: "%" in text(app, "#train-draw"))
        draw = app.screen.query_one("#train-draw")
        await until(pilot, lambda: {cell_len(row) for row in bar_rows(text(app, "#train-draw"))} == {draw.size.width})
        shown = text(app, "#train-draw")
        assert len(bar_rows(shown)) == 10 and (first + " ") in shown and (last + " ") in shown, shown


def named(k: int) -> str:
    """Class k as the results name it, in the language of the test."""
    return f"{k} {class_label(NAMES[k])}"
