"""The `numbers` and `matrix` setting kinds: vectors and rows of real numbers typed as text or given
by a lesson, shown again as text that reads back, and refused with the setting's name."""
import re

import pytest

from workbench.i18n import set_language
from workbench.models.settings import Numbers, SettingError, exact_text

VECTOR = Numbers(length=(1, 4), min=-10.0, max=10.0)
MATRIX = Numbers(length=(2, 2), rows=(1, 3))


@pytest.mark.parametrize("text, value", [
    ("0.3 2.9 4", (0.3, 2.9, 4.0)), ("0.3, 2.9, 4.0", (0.3, 2.9, 4.0)), ("[1, −2]", (1.0, -2.0)),
    ("(5)", (5.0,)), ("1e-7", (1e-07,)),
])
def test_a_vector_reads_as_a_person_types_it(text, value):
    assert VECTOR.from_text("a", text) == value


@pytest.mark.parametrize("text, value", [
    ("1 0.5", ((1.0, 0.5),)), ("1 0.5; -1 2", ((1.0, 0.5), (-1.0, 2.0))), ("[[1, 0.5], [−1, 2]]", ((1.0, 0.5), (-1.0, 2.0))),
])
def test_a_matrix_reads_rows_split_by_semicolons_or_brackets(text, value):
    assert MATRIX.from_text("x", text) == value


def test_text_reads_back_to_the_same_value():
    for kind, value in ((VECTOR, (0.1, -2.0, 1e-07, 0.3333333333333333)), (MATRIX, ((1.0, 0.5), (0.1, 3.0)))):
        assert kind.from_text("k", kind.to_text(value)) == value
    assert MATRIX.to_text(((1.0, 0.5), (-1.0, 2.0))) == "1 0.5; -1 2"
    assert exact_text(1010.0) == "1010" and exact_text(0.1) == "0.1"


def test_lesson_data_gives_lists_or_a_flat_list_for_one_row():
    assert MATRIX.from_data("x", [[1, 2], [3, 4]]) == ((1.0, 2.0), (3.0, 4.0))
    assert MATRIX.from_data("x", [1, 2]) == ((1.0, 2.0),)
    assert VECTOR.from_data("a", [1, 2.5]) == (1.0, 2.5)


@pytest.mark.parametrize("kind, given, words", [
    (VECTOR, "1 2 3 4 5", "must have 1 to 4 numbers, got 5"),
    (VECTOR, "1 x", 'a: "x" is not a number'),
    (VECTOR, "", "a: type 1 to 4 numbers from −10 to 10, such as 0.3 2.9 4"),
    (VECTOR, "1; 2", "one row of numbers"),
    (VECTOR, "11", "out of range"),
    (VECTOR, "inf", "finite"),
    (MATRIX, "1 2 3", "each row of a must have 2 numbers, got 3"),
    (MATRIX, "1 2; 3 4; 5 6; 7 8", "must have 1 to 3 rows, got 4"),
])
def test_bad_text_is_refused_naming_the_setting(kind, given, words):
    with pytest.raises(SettingError) as caught:
        kind.from_text("a", given)
    assert caught.value.key == "a" and words in str(caught.value).replace("\u00a0", " ")      # a range's no-break spaces


@pytest.mark.parametrize("value", ["1, 2", [1, "2"], [True, 2], [[1, 2], 3]])
def test_bad_lesson_data_is_refused(value):
    with pytest.raises(SettingError):
        (MATRIX if isinstance(value, list) and value and isinstance(value[0], list) else VECTOR).from_data("a", value)


def test_messages_and_descriptions_in_korean():
    set_language("ko")
    assert MATRIX.describe() == "수 2개씩 1~3행, 행은 ;로 나눔(예: 1 0.5; 2 -1)"
    with pytest.raises(SettingError, match="행마다 수가 2개"):
        MATRIX.from_text("x", "1 2 3")


def every_numbers_field():
    """(pane, setting, kind) for every vector or matrix setting of every pane."""
    from workbench.models.catalog import PANES
    from workbench.models.settings import kinds
    return [(name, key, kind) for name, entry in PANES.items()
            for key, kind in kinds(entry.settings).items() if type(kind) is Numbers]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("kind", [VECTOR, MATRIX, Numbers(length=(2, 2), min=-1000.0, max=1000.0),
                                  Numbers(length=(3, 3), rows=(2, 2)), Numbers(length=(10, 10), min=0.0, max=1.0),
                                  *(kind for _, _, kind in every_numbers_field())])
def test_the_example_a_field_gives_is_a_value_it_takes(kind, lang):
    """A bias of 2 numbers was told "such as 0.3 2.9 4", and 3 columns of weights "as in 1 0.5; 2 -1":
    typing the example back got an error."""
    set_language(lang)
    try:
        example = re.split(r"such as |as in |예: ", kind.describe())[-1].rstrip(")")
        kind.from_text("a", example)
    finally:
        set_language("en")
