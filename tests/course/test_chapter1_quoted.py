"""The arrays lesson 1.1 quotes are what its broadcast pane computes at that step, in English and
Korean: x + y and the other operators of step 1, A + B and A * B of step 2, the scalar and the row
stretched, the mask X > 15 and the elements it picks, and X > 50 once B is typed as 50."""
import dataclasses

import numpy as np
import pytest
from quoted import step

from workbench.models.catalog import pane

LANGS = ("en", "ko")
MINUS = "\u2212"


def result(step_id: str, **changes) -> np.ndarray:
    """The pane's result at `step_id`'s last stage, with the learner's `changes` (`o`, B typed)."""
    found = step("numpy-arrays", step_id)
    view = pane(found.pane).compute(dataclasses.replace(found.pane_settings, step=3, **changes))
    assert view.result is not None
    return view.result


def assert_said(step_id: str, quote: str) -> None:
    for lang in LANGS:
        assert quote in step("numpy-arrays", step_id, lang).text, (step_id, lang, quote)


def listed(values) -> str:
    """1 2 3 as a lesson lists them: "3, 6, 9", a true minus, no trailing .0."""
    return ", ".join(f"{float(v):g}".replace("-", MINUS) for v in values)


@pytest.mark.parametrize("op, quote", [("+", "3, 6, 9"), ("-", "−1, −2, −3"), ("*", "2, 8, 18")])
def test_step_1_quotes_each_operator_s_result(op, quote):
    assert listed(result("element-wise", op=op)) == quote
    assert_said("element-wise", quote)


def test_step_1_x_over_y_is_one_half_three_times():
    assert result("element-wise", op="/").tolist() == [0.5, 0.5, 0.5]


@pytest.mark.parametrize("op, quote", [("+", "[[4, 2], [3, 10]]"), ("*", "[[3, 0], [0, 24]]")])
def test_step_2_quotes_a_plus_b_and_a_times_b(op, quote):
    assert str(result("two-dimensions", op=op).tolist()) == quote
    assert_said("two-dimensions", quote)


def test_the_scalar_and_the_row_give_the_books_products():
    assert result("scalar").tolist() == [[10, 20], [30, 40]]
    assert_said("scalar", "#        [30, 40]])")
    assert result("row").tolist() == [[10, 40], [30, 80]]
    assert_said("row", "#        [30, 80]])")


def test_the_mask_picks_what_the_text_says():
    x = np.array(step("numpy-arrays", "mask").pane_settings.a)
    mask = result("mask")
    assert x[mask].tolist() == [51, 55, 19]
    assert_said("mask", "array([51, 55, 19])")
    above_50 = result("mask", b=50)
    assert " ".join(str(v) for v in x[above_50]) == "51 55"
    assert_said("mask", "[51 55]")
