"""The forward pane's model without the app: the book's three-layer example (section 3.4) number by
number and shape by shape, batch mode, the worked-out lines, and the settings it refuses."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.forward import (BATCH_ROWS, OPERATIONS, ForwardSettings, compute, element_lines, formula,
                                      shapes_line)
from workbench.models.settings import SettingError

ENTRY = pane("forward")


def test_the_book_example_gives_the_book_numbers():
    a = compute(ForwardSettings(step=6)).arrays
    np.testing.assert_allclose(a["A1"], [0.3, 0.7, 1.1])
    np.testing.assert_allclose(a["Z1"], [0.57444252, 0.66818777, 0.75026011], atol=1e-8)
    np.testing.assert_allclose(a["A2"], [0.51615984, 1.21402696], atol=1e-8)
    np.testing.assert_allclose(a["Y"], [0.31682708, 0.69627909], atol=1e-8)   # the book prints these
    assert np.round(a["Y"], 4).tolist() == [0.3168, 0.6963]
    np.testing.assert_array_equal(a["Y"], a["A3"])                              # the identity output


def test_every_array_has_the_book_shape():
    a = compute(ForwardSettings()).arrays
    shapes = {name: a[name].shape for name in ("X", "W1", "B1", "A1", "Z1", "W2", "A2", "W3", "A3", "Y")}
    assert shapes == {"X": (2,), "W1": (2, 3), "B1": (3,), "A1": (3,), "Z1": (3,), "W2": (3, 2), "A2": (2,),
                      "W3": (2, 2), "A3": (2,), "Y": (2,)}


def test_each_operation_is_written_as_a_formula_in_shapes_and_element_by_element():
    result = compute(ForwardSettings(step=1))
    first = OPERATIONS[0]
    assert formula(first) == "A1 = X · W1 + B1" and formula(OPERATIONS[1]) == "Z1 = σ(A1)"
    assert shapes_line(result, first) == "(2,) · (2, 3) + (3,) → (3,)"
    assert element_lines(result, first) == ["a₁ = 1×0.1 + 0.5×0.2 + 0.1 = 0.3", "a₂ = 1×0.3 + 0.5×0.4 + 0.2 = 0.7",
                                            "a₃ = 1×0.5 + 0.5×0.6 + 0.3 = 1.1"]
    assert element_lines(result, OPERATIONS[1])[0] == "σ(0.3) = 1/(1+exp(−0.3)) = 0.5744"
    assert element_lines(result, OPERATIONS[5]) == ["y₁ = a₁ = 0.3168", "y₂ = a₂ = 0.6963"]


def test_a_negative_factor_is_bracketed_and_a_negative_bias_subtracted():
    result = compute(ForwardSettings(x=((-1.0, 0.5),), b1=(-0.1, 0.2, 0.3)))
    assert element_lines(result, OPERATIONS[0])[0] == "a₁ = (−1)×0.1 + 0.5×0.2 − 0.1 = −0.1"


def test_the_step_says_what_has_run():
    result = compute(ForwardSettings(step=3))
    assert result.operation.out == "A2" and result.upcoming.out == "Z2"
    assert result.known("Z1") and not result.known("Z2") and result.known("W3")
    assert compute(ForwardSettings()).operation is None and compute(ForwardSettings(step=6)).upcoming is None


def test_a_batch_gives_every_array_its_rows_and_each_row_is_the_single_pass():
    batch = compute(ForwardSettings(batch=True, x=BATCH_ROWS, step=6))
    assert batch.batch_size == 3
    assert {name: batch.arrays[name].shape for name in ("X", "A1", "Z2", "Y")} == {
        "X": (3, 2), "A1": (3, 3), "Z2": (3, 2), "Y": (3, 2)}
    assert shapes_line(batch, OPERATIONS[0]) == "(3, 2) · (2, 3) + (3,) → (3, 3)"
    np.testing.assert_allclose(batch.arrays["A1"][1], [0.35, 0.75, 1.15])
    for row, x in enumerate(BATCH_ROWS):
        single = compute(ForwardSettings(x=(x,), step=6))
        np.testing.assert_allclose(batch.arrays["Y"][row], single.arrays["Y"])
    assert element_lines(batch, OPERATIONS[0], row=1)[0] == "a₁ = 0.5×0.1 + 1×0.2 + 0.1 = 0.35"


def test_settings_from_the_command_line_read_rows_split_by_semicolons():
    s = ENTRY.parse(["batch=true", "x=1 0.5; 0.5 1", "w1=[[1, 0, 0], [0, 1, 0]]", "step=6"])
    assert s.x == ((1.0, 0.5), (0.5, 1.0)) and s.w1 == ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0))
    assert compute(s).arrays["Y"].shape == (2, 2)


@pytest.mark.parametrize("assignments, key, words", [
    (["x=1 0.5; 2 1"], "x", "turn batch mode on (b)"),
    (["x=1 0.5 3"], "x", "2 numbers"),
    (["w1=0.1 0.3 0.5"], "w1", "2 rows"),
    (["w2=1 2; 3 4; 5 6 7"], "w2", "2 numbers"),
    (["b1=1 two 3"], "b1", "not a number"),
    (["b3=1e9 0"], "b3", "out of range"),
    (["step=7"], "step", "out of range"),
    (["x="], "x", "x: type 1 to 8 rows of 2 numbers from −1,000 to 1,000"),
])
def test_bad_values_name_the_setting_at_fault(assignments, key, words):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse(assignments)
    assert caught.value.key == key and words in str(caught.value).replace("\u00a0", " ")      # a range's no-break spaces


def test_a_batch_holds_at_most_eight_rows():
    assert len(ENTRY.parse(["batch=true", "x=" + "; ".join(["1 0"] * 8)]).x) == 8
    with pytest.raises(SettingError, match="1 to 8 rows"):
        ENTRY.parse(["batch=true", "x=" + "; ".join(["1 0"] * 9)])
