"""A value stays with its label on a row of prose (`textout.wrapped`), a label of a few words too: at 60
columns the search's trial line broke "weight" / "decay 5.72e−8", gradcheck's "h" / "1e−4", train's
header "batch" / "size 100" and the Korean summary "(전체" / "초당 13,400장"."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, width, rows", [
    ("trial 1/3: lr 0.000536, weight decay 5.72e−8 → validation 17.5 % (train 13.1 %) · seed 1826701614", 59,
     ["trial 1/3: lr 0.000536,", "weight decay 5.72e−8 → validation 17.5 % (train 13.1 %) ·", "seed 1826701614"]),
    ("Random search: 3 trials of 2 epochs, lr 1e−6…0.01, weight decay 1e−8…0.0001", 59,
     ["Random search: 3 trials of 2 epochs, lr 1e−6…0.01,", "weight decay 1e−8…0.0001"]),
    ("4 random inputs · h 1e−4 · smaller h at kinks · ε 5.5e−7", 22,
     ["4 random inputs ·", "h 1e−4 · smaller h at", "kinks · ε 5.5e−7"]),
    ("Training TwoLayerNet with Adam (lr 0.001), batch size 100, epochs 2", 50,
     ["Training TwoLayerNet with Adam (lr 0.001),", "batch size 100, epochs 2"]),
    ("시험 정확도 13.00 % · 훈련 정확도 13.00 % · 2에폭, 반복 6번, 0.0초(전체 초당 13,400장)", 79,
     ["시험 정확도 13.00 % · 훈련 정확도 13.00 % · 2에폭, 반복 6번,", "0.0초(전체 초당 13,400장)"]),
    ("pass rows split by ; as in 1 0.5; 2 -1", 30, ["pass rows split by ; as in", "1 0.5; 2 -1"]),
])
def test_a_label_of_words_stays_with_its_value(text, width, rows):
    """At 60 columns "weight" / "decay 5.72e−8", "h" / "1e−4", "batch" / "size 100", "(전체" / "초당 13,400장":
    an item after a separator, its label of up to three words and its value, is held on one row; a
    phrase of short words before a number ("as in 1") is prose and may still end a row."""
    from workbench.textout import wrapped

    assert wrapped(text, width).splitlines() == rows


def test_a_rate_stays_with_its_unit():
    """The learner's-code speed line of `train --impl mine` could end a row at "3,047" / "samples/s"."""
    from workbench.textout import wrapped

    text = "your code: 3,047 samples/s · library (fast engine): 61,554 samples/s (20× as fast)"
    assert wrapped(text, 20).splitlines() == ["your code:", "3,047 samples/s ·", "library (fast", "engine):",
                                              "61,554 samples/s", "(20× as fast)"]
