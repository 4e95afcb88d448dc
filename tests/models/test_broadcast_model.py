"""The broadcast pane's model without the app: its stages agree with NumPy's own broadcasting for every
pair of small shapes, every way shapes fail is put in words, and the arrays a learner types read as
NumPy reads the same literals (or are refused with a message)."""
import itertools

import numpy as np
import pytest

from workbench.i18n import set_language
from workbench.models.broadcast import OPERATIONS, aligned, compute, mismatch_text, reused_at, source_index
from workbench.models.broadcast_settings import BOOK_A, BOOK_B, OPERATORS, ArrayText, BroadcastSettings
from workbench.models.catalog import pane
from workbench.models.settings import SettingError

ENTRY = pane("broadcast")
SHAPES = [()] + [(n,) for n in (1, 2, 3)] + list(itertools.product((1, 2, 3), repeat=2))
"""Every shape of at most 2 dimensions and sizes up to 3: 13 of them, 169 pairs."""


def values(shape, start):
    """Whole numbers start, start + 1, … in `shape`, as the settings hold them (nested tuples or a number)."""
    array = np.arange(start, start + int(np.prod(shape, dtype=int))).reshape(shape)
    return array.item() if array.ndim == 0 else tuple(map(tuple, array)) if array.ndim == 2 else tuple(array.tolist())


@pytest.mark.parametrize("a_shape, b_shape", list(itertools.product(SHAPES, SHAPES)))
def test_the_stages_are_numpys_broadcasting_for_every_pair_of_shapes(a_shape, b_shape):
    a, b = values(a_shape, 1), values(b_shape, 10)
    view = compute(BroadcastSettings(a=a, b=b, op="*"))
    try:
        expected = np.broadcast_shapes(a_shape, b_shape)
    except ValueError:
        expected = None
    assert view.shape == expected and view.fits == (expected is not None)
    if expected is None:
        assert view.result is None and view.last_stage == 1 and view.mismatch
        with pytest.raises(ValueError):
            np.array(a) * np.array(b)
        return
    assert view.mismatch == "" and view.last_stage == 3
    np.testing.assert_array_equal(view.stretched_a, np.broadcast_to(np.array(a), expected))
    np.testing.assert_array_equal(view.stretched_b, np.broadcast_to(np.array(b), expected))
    np.testing.assert_array_equal(view.result, np.array(a) * np.array(b))
    np.testing.assert_array_equal(view.result, view.stretched_a * view.stretched_b)
    for original, stretched, copies in ((np.array(a), view.stretched_a, view.copies_a),
                                        (np.array(b), view.stretched_b, view.copies_b)):
        assert copies.shape == expected            # undimmed: each of the array's own values once, in order
        np.testing.assert_array_equal(stretched[~copies], original.reshape(-1))


@pytest.mark.parametrize("op", OPERATORS)
def test_every_operator_is_numpys_with_its_dtype(op):
    a, b = np.array(BOOK_A), np.array(BOOK_B)
    view = compute(BroadcastSettings(op=op))
    np.testing.assert_array_equal(view.result, OPERATIONS[op](a, b))
    assert view.result.dtype == OPERATIONS[op](a, b).dtype


def test_the_books_examples():
    assert compute(BroadcastSettings()).result.tolist() == [[10, 40], [30, 80]]
    assert compute(BroadcastSettings(b=10)).result.tolist() == [[10, 20], [30, 40]]
    sums = compute(BroadcastSettings(a=(1.0, 2.0, 3.0), b=(2.0, 4.0, 6.0), op="+"))
    assert sums.result.tolist() == [3.0, 6.0, 9.0] and sums.result.dtype == np.float64
    assert compute(BroadcastSettings(b=((3, 0), (0, 6)), op="+")).result.tolist() == [[4, 2], [3, 10]]


def test_the_mask_picks_what_the_books_x_greater_than_15_picks():
    view = compute(BroadcastSettings(a=((51, 55), (14, 19), (0, 4)), b=15, op=">"))
    assert view.result.dtype == bool and view.picked.tolist() == [51, 55, 19]
    stretched_a = compute(BroadcastSettings(a=(1, 2), b=((0,), (5,)), op=">"))     # A stretched: no A[mask]
    assert stretched_a.result.shape == (2, 2) and stretched_a.picked is None
    assert compute(BroadcastSettings(op="+")).picked is None


def test_division_by_zero_is_numpys_inf_and_nan():
    view = compute(BroadcastSettings(a=(1, 0, -1), b=0, op="/"))
    assert view.result.tolist()[0] == np.inf and np.isnan(view.result[1]) and view.result[2] == -np.inf


def test_the_stage_shown_stops_at_the_last_there_is():
    assert compute(BroadcastSettings(step=3)).stage == 3
    assert compute(BroadcastSettings(a=((1, 2, 3),), b=(1, 2), step=3)).stage == 1


@pytest.mark.parametrize("a, b, message", [
    ((2, 3), (2,), "(2, 3) and (2,): the last axes are 3 and 2 — they must be equal or one of them 1"),
    ((2, 3), (3, 3), "(2, 3) and (3, 3): the second-to-last axes are 2 and 3 — they must be equal or one of them 1"),
    ((3,), (2, 2), "(3,) and (2, 2): the last axes are 3 and 2 — they must be equal or one of them 1"),
    ((2, 3), (3, 2), "(2, 3) and (3, 2): the last axes are 3 and 2 — they must be equal or one of them 1; "
                     "the second-to-last axes too (2 and 3)"),
    ((4, 1, 1), (3, 1, 1), "(4, 1, 1) and (3, 1, 1): the third-to-last axes are 4 and 3 — they must be equal "
                           "or one of them 1"),
    ((5, 1, 1, 1), (6, 1, 1, 1), "(5, 1, 1, 1) and (6, 1, 1, 1): axes number 4 from the right are 5 and 6 — they "
                                 "must be equal or one of them 1"),
])
def test_every_way_shapes_fail_is_named_by_its_axis_and_sizes(a, b, message):
    assert mismatch_text(a, b) == message
    with pytest.raises(ValueError):
        np.broadcast_shapes(a, b)


def test_the_mismatch_in_korean():
    set_language("ko")
    try:
        assert mismatch_text((2, 3), (2,)) == ("(2, 3)과 (2,): 마지막 축의 크기가 3과 2입니다 — "
                                               "두 크기가 같거나 한쪽이 1이어야 합니다")
    finally:
        set_language("en")


def test_shapes_that_fit_have_no_message_and_a_missing_axis_counts_as_1():
    assert mismatch_text((2, 2), (2,)) == "" and mismatch_text((), (3, 3)) == ""
    axes = aligned((2, 2), (2,))
    assert [(x.a, x.b, x.size, x.stretched) for x in axes] == [(2, None, 2, "b"), (2, 2, 2, "")]


# -- reading what a learner types -------------------------------------------------------------------

@pytest.mark.parametrize("text, value, shape, dtype", [
    ("10", 10, (), "int64"),
    ("10 20", (10, 20), (2,), "int64"),
    ("1.0 2", (1.0, 2), (2,), "float64"),
    ("1 2; 3 4", ((1, 2), (3, 4)), (2, 2), "int64"),
    ("10 20;", ((10, 20),), (1, 2), "int64"),
    ("1; 2", ((1,), (2,)), (2, 1), "int64"),
    ("[[1, 2], [3, 4]]", ((1, 2), (3, 4)), (2, 2), "int64"),
    ("[10, 20]", (10, 20), (2,), "int64"),
    ("[[10, 20]]", ((10, 20),), (1, 2), "int64"),
    ("−1.5, 2e3", (-1.5, 2000.0), (2,), "float64"),
])
def test_an_array_typed_reads_as_numpy_reads_the_same_literals(text, value, shape, dtype):
    kind = ArrayText()
    read = kind.from_text("a", text)
    assert read == value and np.array(read).shape == shape and str(np.array(read).dtype) == dtype
    again = kind.from_text("a", kind.to_text(read))
    assert again == read and np.array(again).dtype == np.array(read).dtype


@pytest.mark.parametrize("text, message", [
    ("", "a: type a number, a row of numbers, or rows split by ; (such as 1 2; 3 4)"),
    ("1 2; 3", "a: rows of different lengths (2 in row 1, 1 in row 2); NumPy needs rows of one length"),
    ("1 x", 'a: "x" is not a number'),
    ("1;;2", 'a: "1;;2" has an empty row; every row between ; needs its numbers'),
    ("[[1, 2]", 'a: "[[1, 2]" has brackets that do not pair up; write [10, 20] or [[1, 2], [3, 4]]'),
    ("[1, 2]]", 'a: "[1, 2]]" has brackets that do not pair up; write [10, 20] or [[1, 2], [3, 4]]'),
    ("[[[1]]]", "a: this pane takes arrays of at most 2 dimensions (rows of numbers)"),
    ("1e9", "a: 1e9 is too large for this pane; each number must be at most 1e6 in size"),
    ("nan", "a: nan is not a finite number; type numbers such as 1, −2.5 or 1e3"),
    ("-inf", "a: −inf is not a finite number; type numbers such as 1, −2.5 or 1e3"),
    ("1; 2; 3; 4; 5", "a: 5 rows is more than this pane shows (4)"),
    ("1 2 3 4 5 6 7", "a: 7 numbers in a row is more than this pane shows (6)"),
])
def test_bad_text_for_an_array_is_refused_with_what_to_type(text, message):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse([f"a={text}"])
    assert str(caught.value) == message and caught.value.key == "a"


@pytest.mark.parametrize("data", [True, "10", [], [[1, 2], [3]], [[1], 2]])
def test_bad_lesson_data_is_refused(data):
    with pytest.raises(SettingError):
        ENTRY.build({"b": data})


def test_lesson_data_keeps_ints_and_floats_apart():
    s = ENTRY.build({"a": [[1, 2], [3, 4]], "b": 10, "op": "+"})
    assert s.a == ((1, 2), (3, 4)) and s.b == 10 and s.op == "+"
    assert str(compute(ENTRY.build({"a": [1.0, 2.0]})).a.dtype) == "float64"


def test_the_operators_the_settings_spell_out_are_the_models():
    assert OPERATORS == tuple(OPERATIONS)


def test_each_place_of_a_stretched_array_reads_the_value_numpy_reads_there():
    for a_shape, b_shape in itertools.product(SHAPES, SHAPES):
        view = compute(BroadcastSettings(a=values(a_shape, 1), b=values(b_shape, 10)))
        if not view.fits:
            continue
        for original, stretched in ((view.a, view.stretched_a), (view.b, view.stretched_b)):
            for place in np.ndindex(*view.shape):
                assert original[source_index(place, original.shape)] == stretched[place]
    assert reused_at((1, 1), (2,), (2, 2)) == [(0, 1), (1, 1)]
    assert reused_at((0, 0), (), (2, 2)) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_settings_typed_as_floats_differ_from_the_same_whole_numbers():
    ints, floats = ENTRY.build({"a": [1, 2]}), ENTRY.build({"a": [1.0, 2.0]})
    assert ints != floats and ints == ENTRY.build({"a": [1, 2]})
    assert hash(ints) == hash(ENTRY.build({"a": [1, 2]}))
